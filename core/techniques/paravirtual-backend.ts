// The driver domain's half of `paravirtual` for one device (Xen netback + software bridge
// over the NP-NIC in tunnel mode, 004 §4.1). Transmit: guest rings are served by netback
// (grant map, skb, header copy; per batch the map/unmap hypercalls and a TLB flush), then
// the bridge and the native driver send. Receive: the driver copies each frame out of the
// tunnel queue and bridges it (vCPU 0), then netback hands it to the guest (page flip or
// grant copy, per batch one hypercall) on vCPU 1 when the driver domain is SMP (the
// overlap). With several netback queues (netbackQueues, at most one per driver-domain
// vCPU) each guest's interface is served by the queue its hash picks, on that queue's
// vCPU, in both directions.
import { num, str } from '../models/param-read'
import { VifScheduler, type VifQosSpec } from './common/vif-qos'
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
  /** The VM's network QoS settings (rate limit, credit interval, shares). */
  readonly qos: VifQosSpec
}

/** Stage ids shared by every queue. */
interface Stages { netbackTx: number; bridgeTx: number }

/** One netback queue: its transmit scheduling list and its receive queue, each on a vCPU of the driver domain. */
class NetbackQueue {
  readonly rxVcpu: number
  private readonly ctx: AttachContext
  private readonly path: DriverDomainPath
  private readonly tunnel: Tunnel
  private readonly st: Stages
  private readonly txVcpu: number
  private readonly txList: PvFrontPort[] = []
  private txBusy = false
  /** Requests left in the current transmit batch (one map/unmap hypercall pair and TLB flush per batch). */
  private txBatchLeft = 0
  /** Frames left in the current receive batch (one flip or grant-copy hypercall per batch). */
  private rxBatchLeft = 0
  private readonly txCh: EventChannel
  private readonly nbQueue: NotifyQueue
  private readonly nbDrain: RxDrain
  private readonly nbCh: EventChannel
  private readonly fronts: Map<number, PvFrontPort>
  private readonly signalNs: number
  /** Which interface netback serves next: its credit (rate limit) and round robin or WFQ (vif-qos.ts). */
  private readonly vifs: VifScheduler<PvFrontPort>

  constructor(ctx: AttachContext, path: DriverDomainPath, tunnel: Tunnel, st: Stages, fronts: Map<number, PvFrontPort>, txVcpu: number, rxVcpu: number) {
    const host = ctx.host
    const dom0 = ctx.driverDomain
    this.ctx = ctx
    this.path = path
    this.tunnel = tunnel
    this.st = st
    this.fronts = fronts
    this.txVcpu = txVcpu
    this.rxVcpu = rxVcpu
    this.signalNs = host.hvCost('hypercallCycles') + host.hvCost('eventSendCycles')
    const upcall = host.hvCost('virqUpcallCycles')
    this.txCh = new EventChannel(dom0, txVcpu, upcall, ctx.stats.counters, () => this.txKick())
    this.nbQueue = new NotifyQueue(num(host.params, 'pvRingSlots') * 64)
    this.nbDrain = new RxDrain(ctx.sim, ctx.pool, ctx.stats, {
      domain: dom0, vcpu: rxVcpu, queue: this.nbQueue, checkNs: 0,
      perPacketNs: (pkt) => path.netbackRxNs(pkt),
      stage: 'netback_rx', onPacket: this.toGuest
    })
    this.nbCh = new EventChannel(dom0, rxVcpu, upcall, ctx.stats.counters, () => this.nbDrain.kick())
    this.vifs = new VifScheduler<PvFrontPort>(ctx.sim, ctx.pool, str(host.params, 'netbackScheduler') === 'wfq', (f) => this.resume(f), `${dom0.name}/netback${txVcpu}`)
  }

  /** The credit timer of an interface that waited for credit: netback schedules it again. */
  private resume(f: PvFrontPort): void {
    if (!this.txList.includes(f)) this.txList.push(f)
    this.txKick()
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
      this.txBatchLeft = 0
      return
    }
    const f = this.vifs.next(this.txList) // round robin (or WFQ) over guests with requests and credit
    if (f === undefined) { // every interface with requests waits for credit: the others' rings are empty
      for (const g of this.txList) g.txRing.armed = true
      this.txList.length = 0
      this.txBusy = false
      this.txBatchLeft = 0
      return
    }
    const pkt = f.txRing.shift()
    let ns = this.path.netbackTxNs(pkt)
    if (this.txBatchLeft === 0) {
      // netback maps every request it finds in one hypercall (and unmaps them in one, then flushes the TLB)
      let queued = 1
      for (const g of this.txList) queued += g.txRing.length
      this.txBatchLeft = Math.min(queued, 256)
      ns += this.path.txBatchNs
      for (let i = 0; i < this.path.txBatchHypercalls; i++) this.ctx.stats.counters.exit('hypercall')
    }
    this.txBatchLeft--
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.ctx.driverDomain.run(this.txVcpu, ns, this.txMapped, pkt)
  }

  private readonly txMapped = (pkt: number): void => {
    this.mark(this.st.netbackTx, pkt)
    this.ctx.driverDomain.run(this.txVcpu, this.path.bridgeNs, this.txBridged, pkt)
  }

  private readonly txBridged = (pkt: number): void => {
    this.mark(this.st.bridgeTx, pkt)
    this.tunnel.send(pkt, this.txVcpu)
    this.txNext()
  }

  /** A bridged frame for one of this queue's guests (on vCPU 0, where the driver runs). */
  rx(pkt: number): void {
    const r = this.nbQueue.push(pkt)
    if (r < 0) return this.drop(pkt)
    if (r === 0) return
    if (this.rxVcpu === 0) this.nbDrain.kick()
    else this.ctx.driverDomain.runHv(0, this.signalNs, this.ipi, 0) // wake the backend vCPU
  }

  private readonly ipi = (): void => {
    this.ctx.stats.counters.exit('hypercall')
    this.nbCh.notify()
  }

  /** netback has the frame: flip the page or grant-copy the bytes into the guest's buffer (hypervisor work), then respond. */
  private readonly toGuest = (pkt: number): void => {
    let ns = this.path.rxHandoffNs(pkt)
    if (this.rxBatchLeft === 0) {
      this.rxBatchLeft = this.nbQueue.length + 1
      ns += this.path.rxBatchNs
      for (let i = 0; i < this.path.rxBatchHypercalls; i++) this.ctx.stats.counters.exit('hypercall')
    }
    this.rxBatchLeft--
    if (ns === 0) return this.handedOver(pkt)
    this.ctx.driverDomain.runHv(this.rxVcpu, ns, this.handedOver, pkt)
  }

  private readonly handedOver = (pkt: number): void => {
    const f = this.fronts.get(this.ctx.pool.dst[pkt])!
    const r = f.rxRing.push(pkt)
    if (r < 0) return this.drop(pkt)
    if (r === 1) {
      this.ctx.stats.counters.exit('hypercall')
      this.ctx.driverDomain.runHv(this.rxVcpu, this.signalNs, () => f.notifyRx(), 0)
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

/** The netback queue of an interface: a multiplicative hash of its endpoint id (deterministic). */
export function netbackQueueOf(endpoint: number, queues: number): number {
  return queues <= 1 ? 0 : (Math.imul(endpoint + 1, 0x9e3779b1) >>> 0) % queues
}

export class PvBackend {
  private readonly ctx: AttachContext
  private readonly tunnel: Tunnel
  private readonly fronts = new Map<number, PvFrontPort>()
  private readonly frontQueue = new Map<number, NetbackQueue>()
  private readonly queues: NetbackQueue[] = []
  private readonly path: DriverDomainPath
  private readonly bridgeRxStage: number

  constructor(ctx: AttachContext) {
    const host = ctx.host
    const dom0 = ctx.driverDomain
    this.ctx = ctx
    this.tunnel = tunnelOf(ctx)
    this.tunnel.bridge = this.bridgeRx
    this.path = ctx.shared(DRIVER_DOMAIN_PATH, host.id, () => new DriverDomainPath(host, ctx.pool))
    const s = ctx.stats.stages
    const st: Stages = { netbackTx: s.id('netback_tx'), bridgeTx: s.id('bridge_tx') }
    this.bridgeRxStage = s.id('bridge_rx')
    const n = Math.min(num(host.params, 'netbackQueues'), dom0.vcpus.length)
    if (n <= 1) this.queues.push(new NetbackQueue(ctx, this.path, this.tunnel, st, this.fronts, 0, dom0.vcpus.length > 1 ? 1 : 0))
    else for (let i = 0; i < n; i++) this.queues.push(new NetbackQueue(ctx, this.path, this.tunnel, st, this.fronts, i, i))
  }

  addFront(f: PvFrontPort): void {
    this.fronts.set(f.endpoint, f)
    this.frontQueue.set(f.endpoint, this.queues[netbackQueueOf(f.endpoint, this.queues.length)])
  }

  /** Frames for endpoint `id` go to front `f` too (a bond's address moved to it: core/scenario/bond-rebind.ts). */
  addAlias(id: number, f: PvFrontPort): void {
    this.fronts.set(id, f)
    this.frontQueue.set(id, this.frontQueue.get(f.endpoint)!)
  }

  /** A guest notified its transmit event channel (on the guest's vCPU, after its hypercall). */
  guestTx(f: PvFrontPort): void {
    this.frontQueue.get(f.endpoint)!.guestTx(f)
  }

  /** The driver has copied a frame for some guest out of the tunnel queue (vCPU 0). */
  private readonly bridgeRx = (pkt: number): void => {
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.ctx.driverDomain.run(0, this.path.bridgeNs, this.bridged, pkt)
  }

  private readonly bridged = (pkt: number): void => {
    const now = this.ctx.sim.now
    this.ctx.stats.stages.record(this.bridgeRxStage, now - this.ctx.pool.stageAt[pkt])
    this.ctx.pool.stageAt[pkt] = now
    const q = this.frontQueue.get(this.ctx.pool.dst[pkt])
    if (q === undefined) {
      this.ctx.stats.counters.drops++
      this.ctx.pool.release(pkt)
      return
    }
    q.rx(pkt)
  }
}

/** The paravirtual back end of each device (id: the device). */
export const PV_BACKEND = sharedKey<PvBackend>('paravirtual-backend')
