// The driver domain's half of `paravirtual` for one device (Xen netback + software bridge
// over the NP-NIC in tunnel mode, 004 §4.1). Transmit: guest rings are served on the
// driver domain's event vCPU (netback_tx, bridge, native driver send). Receive: the
// driver copies each frame out of the tunnel queue and bridges it (vCPU 0), then netback
// flips the page to the guest (on vCPU 1 when the driver domain is SMP: the overlap).
import { num, str } from '../models/param-read'
import { NotifyQueue } from '../models/notify-queue'
import { EventChannel } from './common/event-channel'
import { RxDrain } from './common/rx-drain'
import { tunnelOf, type Tunnel } from './common/tunnel'
import { DRIVER_DOMAIN_PATH, DriverDomainPath } from './common/driver-domain-path'
import type { AttachContext } from './types'
import { sharedKey } from '../models/shared-objects'

/** What the backend needs of a guest's frontend. */
export interface PvFrontPort {
  readonly endpoint: number
  /** The guest's receive ring (responses netback has filled). */
  readonly rxRing: NotifyQueue
  /** The guest's transmit ring (requests netfront has posted). */
  readonly txRing: NotifyQueue
  /** Signals the guest's receive event channel. */
  notifyRx(): void
}

export class PvBackend {
  private readonly ctx: AttachContext
  private readonly tunnel: Tunnel
  private readonly fronts = new Map<number, PvFrontPort>()
  private readonly txList: PvFrontPort[] = []
  private txBusy = false
  private readonly txCh: EventChannel
  private readonly nbQueue: NotifyQueue
  private readonly nbDrain: RxDrain
  private readonly nbCh: EventChannel
  private readonly backendVcpu: number
  private readonly path: DriverDomainPath
  private readonly c: { flip: number; copy: boolean; hypercall: number; signal: number }
  private readonly st: { netbackTx: number; bridgeTx: number; bridgeRx: number }

  constructor(ctx: AttachContext) {
    const host = ctx.host
    const dom0 = ctx.driverDomain
    this.ctx = ctx
    this.tunnel = tunnelOf(ctx)
    this.tunnel.bridge = this.bridgeRx
    this.backendVcpu = dom0.vcpus.length > 1 ? 1 : 0
    this.path = ctx.shared(DRIVER_DOMAIN_PATH, host.id, () => new DriverDomainPath(host, ctx.pool))
    this.c = {
      flip: host.cost('pageFlipCycles'), copy: str(host.params, 'pvRxMode') === 'copy',
      hypercall: host.hvCost('hypercallCycles'), signal: host.hvCost('eventSendCycles')
    }
    const s = ctx.stats.stages
    this.st = { netbackTx: s.id('netback_tx'), bridgeTx: s.id('bridge_tx'), bridgeRx: s.id('bridge_rx') }
    const upcall = host.hvCost('virqUpcallCycles')
    this.txCh = new EventChannel(dom0, 0, upcall, ctx.stats.counters, () => this.txKick())
    this.nbQueue = new NotifyQueue(num(host.params, 'pvRingSlots') * 64)
    this.nbDrain = new RxDrain(ctx.sim, ctx.pool, ctx.stats, {
      domain: dom0, vcpu: this.backendVcpu, queue: this.nbQueue, checkNs: 0,
      perPacketNs: (pkt) => this.path.backendRxNs(pkt) + (this.c.copy ? host.copyNs(ctx.pool.bytes[pkt]) : 0),
      stage: 'netback_rx', onPacket: this.toGuest
    })
    this.nbCh = new EventChannel(dom0, this.backendVcpu, upcall, ctx.stats.counters, () => this.nbDrain.kick())
  }

  addFront(f: PvFrontPort): void {
    this.fronts.set(f.endpoint, f)
  }

  /** A guest notified its transmit event channel (on the guest's vCPU, after its hypercall). */
  guestTx(f: PvFrontPort): void {
    if (!this.txList.includes(f)) this.txList.push(f)
    this.txCh.notify()
  }

  private txKick(): void {
    if (this.txBusy) return
    this.txBusy = true
    this.txNext()
  }

  private readonly txNext = (): void => {
    while (this.txList.length > 0 && this.txList[0].txRing.length === 0) {
      this.txList[0].txRing.armed = true
      this.txList.shift()
    }
    if (this.txList.length === 0) {
      this.txBusy = false
      return
    }
    const f = this.txList.shift()!
    this.txList.push(f) // round robin over guests with requests
    const pkt = f.txRing.shift()
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.ctx.driverDomain.run(0, this.path.backendTxNs(pkt), this.txMapped, pkt)
  }

  private readonly txMapped = (pkt: number): void => {
    this.mark(this.st.netbackTx, pkt)
    this.ctx.driverDomain.run(0, this.path.bridgeNs, this.txBridged, pkt)
  }

  private readonly txBridged = (pkt: number): void => {
    this.mark(this.st.bridgeTx, pkt)
    this.tunnel.send(pkt, 0)
    this.txNext()
  }

  /** The driver has copied a frame for some guest out of the tunnel queue (vCPU 0). */
  private readonly bridgeRx = (pkt: number): void => {
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.ctx.driverDomain.run(0, this.path.bridgeNs, this.bridged, pkt)
  }

  private readonly bridged = (pkt: number): void => {
    this.mark(this.st.bridgeRx, pkt)
    const r = this.fronts.has(this.ctx.pool.dst[pkt]) ? this.nbQueue.push(pkt) : -1
    if (r < 0) return this.drop(pkt)
    if (r === 0) return
    if (this.backendVcpu === 0) this.nbDrain.kick()
    else this.ctx.driverDomain.runHv(0, this.c.hypercall + this.c.signal, this.ipi, 0) // wake the backend vCPU
  }

  private readonly ipi = (): void => {
    this.ctx.stats.counters.exit('hypercall')
    this.nbCh.notify()
  }

  /** netback has the frame: flip the page into the guest's receive ring and notify it. */
  private readonly toGuest = (pkt: number): void => {
    if (this.c.copy) return this.flipped(pkt)
    this.ctx.stats.counters.exit('hypercall')
    this.ctx.driverDomain.runHv(this.backendVcpu, this.c.flip, this.flipped, pkt)
  }

  private readonly flipped = (pkt: number): void => {
    const f = this.fronts.get(this.ctx.pool.dst[pkt])!
    const r = f.rxRing.push(pkt)
    if (r < 0) return this.drop(pkt)
    if (r === 1) {
      this.ctx.stats.counters.exit('hypercall')
      this.ctx.driverDomain.runHv(this.backendVcpu, this.c.hypercall + this.c.signal, () => f.notifyRx(), 0)
    }
  }

  private mark(stage: number, pkt: number): void {
    const now = this.ctx.sim.now
    this.ctx.stats.stages.record(stage, now - this.ctx.pool.stageAt[pkt])
    this.ctx.pool.stageAt[pkt] = now
  }

  private drop(pkt: number): void {
    this.ctx.stats.counters.drops++
    this.ctx.pool.release(pkt)
  }
}

/** The paravirtual back end of each device (id: the device). */
export const PV_BACKEND = sharedKey<PvBackend>('paravirtual-backend')
