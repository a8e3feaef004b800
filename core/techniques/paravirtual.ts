// `paravirtual` (Xen split driver through a driver domain, 004 §1 and §4.1): the guest's
// netfront posts the frame on its transmit ring and, if the backend asked for it, sends
// an event (a hypercall); the driver domain must be scheduled to run netback, the bridge
// and the native driver (paravirtual-backend.ts). Receive: the backend flips the page (or
// grant-copies the bytes) into the guest's ring and signals it; the guest must be scheduled
// to run netfront. The guest's kernel is paravirtualized: netfront's work per packet carries
// the paravirtualized-kernel tax (pvKernelTaxCycles) in both directions. With split-driver
// offloads (pvGso) on a commodity NIC the guest's stack sends packets of up to the NIC's TSO
// limit through netfront (netback maps them page by page, the NIC segments them) and receives
// the packets GRO built in the driver domain's NAPI poll, one netfront response each.
import { ruleDevice } from './common/rule-assert'
import { nicOffload } from './common/nic-driver'
import { bool, num } from '../models/param-read'
import type { EndpointOffload } from '../models/net/endpoint'
import { NotifyQueue } from '../models/notify-queue'
import { EventChannel } from './common/event-channel'
import { RxDrain } from './common/rx-drain'
import { PV_BACKEND, PvBackend, type PvFrontPort } from './paravirtual-backend'
import { ParavirtualBlockFront } from './paravirtual-block'
import { vifQosOf, type VifQosSpec } from './common/vif-qos'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'

class ParavirtualEndpoint extends BaseEndpoint implements Endpoint, PvFrontPort {
  readonly endpoint: number
  readonly rxRing: NotifyQueue
  readonly txRing: NotifyQueue
  readonly qos: VifQosSpec
  /** What netback advertises (pvGso): large sends up to the NIC's TSO limit and no software checksum; undefined without. */
  readonly offload: EndpointOffload | undefined
  private readonly ctx: AttachContext
  private readonly backend: PvBackend
  private readonly rxCh: EventChannel
  private readonly txNs: number
  private readonly notifyNs: number
  private readonly stage: number

  constructor(ctx: AttachContext) {
    super(ctx)
    ruleDevice('paravirtual', ctx, ctx.device.kind)
    const host = ctx.host
    this.ctx = ctx
    this.endpoint = ctx.endpointId
    this.qos = vifQosOf(ctx.vm)
    const slots = num(host.params, 'pvRingSlots')
    this.rxRing = new NotifyQueue(slots)
    this.txRing = new NotifyQueue(slots)
    const tax = host.hvCost('pvKernelTaxCycles')
    this.txNs = host.cost('netfrontTxCycles') + tax
    const rxNs = host.cost('netfrontRxCycles') + tax
    this.notifyNs = host.hvCost('hypercallCycles') + host.hvCost('eventSendCycles')
    this.stage = ctx.stats.stages.id('netfront_tx')
    this.backend = ctx.shared(PV_BACKEND, ctx.device.id, () => new PvBackend(ctx))
    this.backend.addFront(this)
    const dev = ctx.device
    if (bool(host.params, 'pvGso') && dev.kind === 'nic') {
      this.offload = { tsoBytes: nicOffload(dev.params).tsoBytes, checksum: true }
      dev.nic.coalesceFor(this.id) // netfront takes GRO's large packets through the bridge and netback
    } else this.offload = undefined
    const drain = new RxDrain(ctx.sim, ctx.pool, ctx.stats, {
      domain: ctx.domain, vcpu: 0, queue: this.rxRing, checkNs: 0,
      perPacketNs: () => rxNs, stage: 'netfront_rx',
      onPacket: (pkt) => this.onReceive(pkt)
    })
    this.rxCh = new EventChannel(ctx.domain, 0, host.hvCost('virqUpcallCycles'), ctx.stats.counters, () => drain.kick())
  }

  notifyRx(): void {
    this.rxCh.notify()
  }

  /** The bridge delivers frames for `id` here too (a bond's address moved to this interface). */
  alias(id: number): void {
    this.backend.addAlias(id, this)
  }

  send(pkt: number): void {
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.domain.run(0, this.txNs, this.posted, pkt)
  }

  private readonly posted = (pkt: number): void => {
    this.ctx.stats.stages.record(this.stage, this.ctx.sim.now - this.ctx.pool.stageAt[pkt])
    const r = this.txRing.push(pkt)
    if (r < 0) {
      this.ctx.stats.counters.drops++
      this.ctx.pool.release(pkt)
    } else if (r === 1) {
      this.ctx.stats.counters.exit('hypercall')
      this.domain.runHv(0, this.notifyNs, this.notified, 0)
    }
  }

  private readonly notified = (): void => {
    this.backend.guestTx(this)
  }
}

export const paravirtual: Technique = {
  id: 'paravirtual',
  attach: (ctx) => new ParavirtualEndpoint(ctx),
  /** A virtual disk through blkfront/blkback or virtio-blk (paravirtual-block.ts). */
  attachBlock: (ctx) => new ParavirtualBlockFront(ctx)
}
