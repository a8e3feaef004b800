// The driver domain's own use of an NP-NIC in tunnel (non-self-virtualized) mode: one
// interface for the whole device, shared by the driver domain's native traffic and by
// the software bridge of paravirtual guests (004 §2, §4.1).
import { VifDriver } from './vif-driver'
import type { AttachContext } from '../types'

export interface Tunnel {
  readonly driver: VifDriver
  /** Receivers by destination endpoint (the driver domain's own endpoint). */
  readonly local: Map<number, (pkt: number) => void>
  /** Frames for other endpoints go to the bridge (set by the paravirtual backend). */
  bridge: ((pkt: number) => void) | undefined
}

/** The tunnel interface of `ctx.device` (an NP-NIC), created on first use. */
export function tunnelOf(ctx: AttachContext): Tunnel {
  const dev = ctx.device
  if (dev.kind !== 'np-nic') throw new Error(`device "${dev.id}" is not an NP-NIC`)
  return ctx.shared(`tunnel:${dev.id}`, () => {
    const dom0 = ctx.driverDomain
    const vif = dev.np.tunnelVif(-1 - dev.np.vifs.length)
    const t: Tunnel = { driver: new VifDriver(ctx, dom0, dev.np, dev.params, vif), local: new Map(), bridge: undefined }
    t.driver.onPacket = (pkt) => {
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
