// The driver domain's own interface to a physical device: the NP-NIC in tunnel (non-
// self-virtualized) mode, which behaves like one VIF (004 §2, §4.1), or queue 0 of a
// commodity NIC. Shared by the driver domain's native traffic and by the software bridge
// of paravirtual guests.
import { NicDriver } from './nic-driver'
import { VifDriver } from './vif-driver'
import type { AttachContext } from '../types'
import { sharedKey } from '../../models/shared-objects'

export interface Tunnel {
  /** Sends a frame from the driver domain (on its vCPU `vcpu`). */
  send(pkt: number, vcpu: number): void
  /** Receivers by destination endpoint (the driver domain's own endpoints). */
  readonly local: Map<number, (pkt: number) => void>
  /** Frames for other endpoints go to the bridge (set by the paravirtual backend). */
  bridge: ((pkt: number) => void) | undefined
}

function driverFor(ctx: AttachContext): VifDriver | NicDriver {
  const dev = ctx.device
  if (dev.kind === 'np-nic') return new VifDriver(ctx, ctx.driverDomain, dev.np, dev.params, dev.np.tunnelVif(-1 - dev.np.vifs.length))
  if (dev.kind === 'nic') {
    dev.nic.claim('driver-domain', ctx.driverDomain.name)
    return new NicDriver(ctx, ctx.driverDomain, dev.nic, dev.nic.queues[0])
  }
  throw new Error(`device "${dev.id}" is not a network interface the driver domain can drive`)
}

/** The driver domain's interface of each device (id: the device). */
const TUNNEL = sharedKey<Tunnel>('tunnel')

/** The driver domain's interface to `ctx.device`, created on first use. */
export function tunnelOf(ctx: AttachContext): Tunnel {
  return ctx.shared(TUNNEL, ctx.device.id, () => {
    const driver = driverFor(ctx)
    const t: Tunnel = { send: (pkt, vcpu) => driver.send(pkt, vcpu), local: new Map(), bridge: undefined }
    driver.onPacket = (pkt) => {
      const mine = t.local.get(ctx.pool.dst[pkt])
      if (mine !== undefined) mine(pkt)
      else if (t.bridge !== undefined) t.bridge(pkt)
      else {
        ctx.stats.counters.drops++
        ctx.pool.release(pkt)
      }
    }
    return t
  })
}
