// The back end of `emulated` for one NIC (001 "Approaches": front-end emulation over a
// back-end implementation): once the device model has seen a whole request, the back end
// assembles the frame (one copy) and hands it to the real driver — the driver domain's
// own driver of the NIC; received frames for emulated guests come from that driver, are
// copied into the emulated device's buffer and raise its virtual interrupt. Wherever the
// device model runs (in the hypervisor, or in a driver-domain process), the back end is in
// the driver domain and its frames cross the driver domain's software bridge: it pays the
// same driver-domain path as the paravirtual split driver (common/driver-domain-path.ts)
// and must be scheduled like it; a model in the hypervisor signals the driver domain per
// request (an event and its upcall).
import { num, str } from '../models/param-read'
import { tunnelOf, type Tunnel } from './common/tunnel'
import type { ModelLocation } from './common/trap-runner'
import { DRIVER_DOMAIN_PATH, DriverDomainPath } from './common/driver-domain-path'
import type { AttachContext } from './types'
import { sharedKey } from '../models/shared-objects'

const ETH_HEADER = 14

/** What the back end needs of an emulated device (one guest's front end). */
export interface EmulFront {
  readonly id: number
  readonly domain: AttachContext['domain']
  /** A frame for the guest has been copied into the emulated device (driver domain context). */
  deliver(pkt: number): void
}

export class EmulBackend {
  readonly where: ModelLocation
  private readonly ctx: AttachContext
  private readonly tunnel: Tunnel
  private readonly fronts = new Map<number, EmulFront>()
  private readonly backendNs: number
  private readonly signalNs: number
  private readonly upcallNs: number
  private readonly path: DriverDomainPath
  private readonly st: { tx: number; rx: number }

  constructor(ctx: AttachContext) {
    this.ctx = ctx
    this.where = str(ctx.device.params, 'emulModelLocation') === 'driver-domain' ? 'driver-domain' : 'hypervisor'
    this.tunnel = tunnelOf(ctx)
    this.backendNs = ctx.host.cyc(num(ctx.device.params, 'emulBackendCycles'))
    this.signalNs = ctx.host.hvCost('eventSendCycles')
    this.upcallNs = ctx.host.hvCost('virqUpcallCycles')
    this.path = ctx.shared(DRIVER_DOMAIN_PATH, ctx.host.id, () => new DriverDomainPath(ctx.host, ctx.pool))
    this.st = { tx: ctx.stats.stages.id('emul_backend_tx'), rx: ctx.stats.stages.id('emul_backend_rx') }
  }

  addFront(f: EmulFront): void {
    this.fronts.set(f.id, f)
    this.tunnel.local.set(f.id, this.rxIn)
  }

  /** Frames for endpoint `id` go to front `f` too (a bond's address moved to it: core/scenario/bond-rebind.ts). */
  addAlias(id: number, f: EmulFront): void {
    this.fronts.set(id, f)
    this.tunnel.local.set(id, this.rxIn)
  }

  /** The device model's hand-off to the back end: assemble the frame (one copy) and pass it on. */
  private workNs(pkt: number): number {
    const bytes = this.ctx.pool.bytes[pkt] + ETH_HEADER
    this.ctx.stats.counters.bytesCopied += bytes
    return this.backendNs + this.ctx.host.copyNs(bytes)
  }

  /** The device model has a complete request from `front` (on the guest's vCPU or the model's). */
  transmit(front: EmulFront, pkt: number): void {
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    if (this.where === 'hypervisor') front.domain.runHv(0, this.signalNs, this.wakeBackend, pkt)
    else this.backendTx(pkt)
  }

  /** The driver domain's back end is signalled by the hypervisor's device model (event + upcall). */
  private readonly wakeBackend = (pkt: number): void => {
    this.ctx.stats.counters.irqsVirtual++
    this.ctx.driverDomain.runHv(0, this.upcallNs, this.backendTxRun, pkt)
  }

  private readonly backendTxRun = (pkt: number): void => this.backendTx(pkt)

  /** Back end in the driver domain: hand-off, the driver-domain path, then the bridge. */
  private backendTx(pkt: number): void {
    this.ctx.driverDomain.run(0, this.workNs(pkt) + this.path.backendTxNs(pkt), this.bridgeTx, pkt)
  }

  private readonly bridgeTx = (pkt: number): void => {
    this.ctx.driverDomain.run(0, this.path.bridgeNs, this.toDriver, pkt)
  }

  private readonly toDriver = (pkt: number): void => {
    this.mark(this.st.tx, pkt)
    this.tunnel.send(pkt, 0)
  }

  /** The driver domain's driver received a frame for an emulated guest (on its vCPU): bridge, back end, copy. */
  private readonly rxIn = (pkt: number): void => {
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.ctx.driverDomain.run(0, this.path.bridgeNs + this.path.backendRxNs(pkt) + this.workNs(pkt), this.toFront, pkt)
  }

  private readonly toFront = (pkt: number): void => {
    this.mark(this.st.rx, pkt)
    this.fronts.get(this.ctx.pool.dst[pkt])!.deliver(pkt)
  }

  /** Raises a front end's virtual interrupt (hypervisor work on the driver domain's behalf). */
  raise(inject: () => void): void {
    this.ctx.stats.counters.signals++
    if (this.where === 'driver-domain') this.ctx.stats.counters.exit('hypercall')
    this.ctx.driverDomain.runHv(0, this.signalNs + (this.where === 'driver-domain' ? this.ctx.host.hvCost('hypercallCycles') : 0), inject, 0)
  }

  private mark(stage: number, pkt: number): void {
    this.ctx.stats.stages.record(stage, this.ctx.sim.now - this.ctx.pool.stageAt[pkt])
  }
}

/** The emulated back end of each NIC (id: the device). */
export const EMUL_BACKEND = sharedKey<EmulBackend>('emulated-backend')
