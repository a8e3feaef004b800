// `paravirtual` for block I/O (001 "Approaches": commands through memory shared between the
// guest's driver and the back end, "with practically zero overhead"; Xen's virtual block-device
// front end). Two protocols, chosen by the virtual disk's `paravirtDriver`:
// - blkfront/blkback (Xen): a request ring in one shared page (32 requests), up to 11 segments
//   (4 KiB pages) per ring request, each granted by blkfront. blkfront notifies its event
//   channel (a hypercall) only when blkback has asked for it (it re-arms after draining the
//   ring: requests posted meanwhile ride on one notification). blkback, in the driver domain,
//   takes each request, maps its segments' grants (one GNTTABOP_map_grant_ref hypercall per
//   request, grantMapCycles per segment) and submits it to the virtual disk's back end; on
//   completion it unmaps them (one hypercall, grantUnmapCycles per segment, a TLB flush),
//   writes the response and notifies the guest's event channel if blkfront asked. With
//   persistent grants (the host's pvGrantReuse) no grant is mapped per request: blkfront
//   copies the data into and out of the persistently granted pages instead.
// - virtio-blk: a virtqueue in guest memory the host reads directly (no grants, no copy); a
//   kick is an MMIO/PIO write that exits — skipped while the device is still working through
//   the queue (notification suppression, the event index); the device (a driver-domain /
//   host thread) is signalled by the hypervisor, pops every request, submits it to the back end,
//   pushes the used element and injects the virtual interrupt (EOI exit for a hardware-
//   virtualized guest) when the guest has asked for one.
// Completions of both go through vIC coalescing (common/block-front.ts) before the interrupt.
import { NotifyQueue } from '../models/notify-queue'
import { bool, num, str } from '../models/param-read'
import { BlockOp, type BlockTarget } from '../models/storage/block'
import { BlockFront, IntFifo, coalescerOf, frontParams, type CompletionCoalescer } from './common/block-front'
import { EventChannel } from './common/event-channel'
import { TrapRunner } from './common/trap-runner'
import { VirtualIrq } from './common/virtual-irq'
import type { BlockAttachContext } from './types'

export type ParavirtDriver = 'blkfront' | 'virtio-blk'

const PAGE = 4096

/** 4 KiB segments of a request of `bytes` (its grants), and the blkif ring requests they take. */
export function blkifShape(bytes: number, segmentsPerRequest: number): { segments: number; ringRequests: number } {
  const segments = Math.max(1, Math.ceil(bytes / PAGE))
  return { segments, ringRequests: Math.ceil(segments / segmentsPerRequest) }
}

export class ParavirtualBlockFront extends BlockFront {
  readonly driver: ParavirtDriver
  private readonly backend: BlockTarget
  /** Requests posted by the front end, not yet taken by the back end. */
  private readonly ring: NotifyQueue
  /** Responses (used elements) the back end has written, not yet taken by the front end. */
  private readonly resp: NotifyQueue
  /** Requests the guest's block layer holds while the ring is full. */
  private readonly waiting = new IntFifo()
  private readonly backCh: EventChannel
  private readonly frontIrq: { notify(): void }
  private readonly vic: CompletionCoalescer
  private readonly kick: TrapRunner | undefined
  private readonly slots: number
  private readonly segsPerReq: number
  private readonly reuse: boolean
  private readonly suppress: boolean
  private readonly backVcpu: number
  private readonly ns: { front: number; back: number; notify: number; signal: number; mapCall: number; unmapCall: number; map: number; unmap: number }
  private readonly st: { front: number; pickup: number; backend: number; complete: number }
  private slotsUsed = 0
  /** The front end asked for an interrupt (its response ring was armed when a response landed). */
  private wantsIrq = false
  private backBusy = false
  private frontBusy = false

  constructor(ctx: BlockAttachContext) {
    const backend = ctx.backend()
    super(ctx, backend.capacityBytes)
    this.backend = backend
    const f = frontParams(ctx), host = ctx.host, c = ctx.stats.counters
    this.driver = str(f, 'paravirtDriver') === 'blkfront' ? 'blkfront' : 'virtio-blk'
    const blk = this.driver === 'blkfront'
    this.slots = blk ? num(f, 'blkifRingSlots') : num(f, 'virtioQueueSize')
    this.segsPerReq = num(f, 'blkifSegments')
    this.reuse = blk && bool(host.params, 'pvGrantReuse')
    this.suppress = blk || bool(f, 'virtioNotifySuppression')
    this.ring = new NotifyQueue(1 << 30)
    this.resp = new NotifyQueue(1 << 30)
    const hypercall = host.hvCost('hypercallCycles'), send = host.hvCost('eventSendCycles')
    const grants = blk && !this.reuse
    this.ns = {
      front: host.cyc(num(f, 'pvFrontCycles')),
      back: host.cyc(num(f, blk ? 'blkbackRequestCycles' : 'virtioBackendRequestCycles')),
      notify: hypercall + send, signal: send,
      // blkback maps and unmaps the grants of each request (none with persistent grants; virtio has none)
      mapCall: grants ? hypercall : 0, unmapCall: grants ? hypercall + host.hvCost('pvTlbFlushCycles') : 0,
      map: grants ? host.hvCost('grantMapCycles') : 0, unmap: grants ? host.hvCost('grantUnmapCycles') : 0
    }
    const dom0 = ctx.driverDomain
    this.backVcpu = 0
    this.backCh = new EventChannel(dom0, this.backVcpu, host.hvCost('virqUpcallCycles'), c, () => this.backKick())
    if (blk) {
      // a paravirtualized guest takes its event-channel upcall without an exit
      this.frontIrq = new EventChannel(ctx.domain, 0, host.hvCost('virqUpcallCycles'), c, () => this.frontKick())
      this.kick = undefined
    } else {
      this.frontIrq = new VirtualIrq(host, ctx.domain, 0, true, c, () => this.frontKick())
      // the kick: one trapped write, decoded by the hypervisor's ioeventfd (no device-model work)
      this.kick = new TrapRunner(ctx, ctx.domain, 0, 'hypervisor')
    }
    this.vic = coalescerOf(ctx, this.announce)
    const s = ctx.stats.stages
    this.st = { front: s.id('pv_blk_front'), pickup: s.id('pv_blk_pickup'), backend: s.id('pv_blk_backend'), complete: s.id('pv_blk_complete') }
  }

  /** Ring slots a request takes (blkif: one per 11 segments; virtio: one, with indirect descriptors). */
  private need(req: number): number {
    return this.driver === 'blkfront' ? blkifShape(this.ctx.blocks.bytes[req], this.segsPerReq).ringRequests : 1
  }

  private segments(req: number): number {
    return blkifShape(this.ctx.blocks.bytes[req], this.segsPerReq).segments
  }

  override submit(req: number): void {
    this.ctx.blocks.stageAt[req] = this.ctx.sim.now
    if (this.waiting.length > 0 || this.slotsUsed + this.need(req) > this.slots) {
      this.waiting.push(req)
      return
    }
    this.issue(req)
  }

  private issue(req: number): void {
    this.slotsUsed += this.need(req)
    let ns = this.ns.front
    // persistent grants: blkfront copies a write's data into the persistently granted pages
    if (this.reuse && this.ctx.blocks.op[req] === BlockOp.Write) ns += this.copyNs(req)
    this.domain.run(0, ns, this.posted, req)
  }

  private copyNs(req: number): number {
    const bytes = this.ctx.blocks.bytes[req]
    this.ctx.stats.counters.bytesCopied += bytes
    return this.ctx.host.copyNs(bytes)
  }

  private readonly posted = (req: number): void => {
    this.mark(this.st.front, req)
    const r = this.ring.push(req)
    if (r === 1 || (r === 0 && !this.suppress)) this.notifyBack()
  }

  private notifyBack(): void {
    const c = this.ctx.stats.counters
    if (this.kick === undefined) {
      // blkfront: notify_remote_via_irq — an event-channel send hypercall
      c.exit('hypercall')
      this.domain.runHv(0, this.ns.notify, this.wakeBack, 0)
      return
    }
    // virtio: the kick is a trapped write to the queue-notify register
    c.portIos++
    this.kick.run(1, this.kicked, 0)
  }

  private readonly kicked = (): void => {
    this.domain.runHv(0, this.ns.signal, this.wakeBack, 0)
  }

  private readonly wakeBack = (): void => {
    this.ctx.stats.counters.signals++
    this.backCh.notify()
  }

  /** The back end's thread in the driver domain: take every request on the ring (one notification for the batch). */
  private backKick(): void {
    if (this.backBusy) return
    this.backBusy = true
    this.backNext()
  }

  private readonly backNext = (): void => {
    if (this.ring.length === 0) {
      this.ring.armed = true // ask for a notification on the next request
      this.backBusy = false
      return
    }
    const req = this.ring.shift()
    const dom0 = this.ctx.driverDomain
    this.mark(this.st.pickup, req)
    if (this.ns.mapCall === 0) return dom0.run(this.backVcpu, this.ns.back, this.toBackend, req)
    // blkback: map every segment's grant in one hypercall
    this.ctx.stats.counters.exit('hypercall')
    dom0.run(this.backVcpu, this.ns.back, undefined, 0)
    dom0.runHv(this.backVcpu, this.ns.mapCall + this.segments(req) * this.ns.map, this.toBackend, req)
  }

  private readonly toBackend = (req: number): void => {
    this.backend.submit(req, this.backendDone)
    this.backNext()
  }

  /** The back end finished: blkback unmaps the grants; the response (used element) is written. */
  private readonly backendDone = (req: number, ok: boolean): void => {
    this.mark(this.st.backend, req)
    this.ctx.blocks.scratch[req] = ok ? 1 : 0
    if (this.ns.unmapCall === 0) return this.respond(req)
    this.ctx.stats.counters.exit('hypercall')
    this.ctx.driverDomain.runHv(this.backVcpu, this.ns.unmapCall + this.segments(req) * this.ns.unmap, this.respond, req)
  }

  private readonly respond = (req: number): void => {
    if (this.resp.push(req) === 1) this.wantsIrq = true
    this.vic.posted()
  }

  /** vIC lets the completion interrupt go: notify the guest if its front end asked for it. */
  private readonly announce = (): void => {
    if (!this.wantsIrq) return
    this.wantsIrq = false
    const c = this.ctx.stats.counters
    c.exit('hypercall')
    c.signals++
    this.ctx.driverDomain.runHv(this.backVcpu, this.ns.notify, this.raise, 0)
  }

  private readonly raise = (): void => {
    this.frontIrq.notify()
  }

  /** The guest's interrupt handler: take every response. */
  private frontKick(): void {
    if (this.frontBusy) return
    this.frontBusy = true
    this.frontNext()
  }

  private readonly frontNext = (): void => {
    if (this.resp.length === 0) {
      this.resp.armed = true
      this.frontBusy = false
      return
    }
    const req = this.resp.shift()
    let ns = this.ns.front
    if (this.reuse && this.ctx.blocks.op[req] === BlockOp.Read) ns += this.copyNs(req)
    this.domain.run(0, ns, this.ended, req)
  }

  private readonly ended = (req: number): void => {
    this.mark(this.st.complete, req)
    this.slotsUsed -= this.need(req)
    while (this.waiting.length > 0) {
      const next = this.waiting.peek()
      if (this.slotsUsed + this.need(next) > this.slots) break
      this.issue(this.waiting.shift())
    }
    this.onComplete(req, this.ctx.blocks.scratch[req] === 1)
    this.frontNext()
  }
}
