// Linux's NAPI receive loop for one NIC queue, shared by every driver that drains a commodity
// NIC's ring itself — the native driver of a driver domain or bare-metal host (nic-driver.ts)
// and a guest's own driver of an assigned queue (direct-driver.ts) — so that bare metal and a
// device-assigned guest differ only in how the interrupt reaches the driver (exits, routing,
// injection, IOMMU), never in how the ring is polled.
//
// The queue's interrupt is masked from the moment it fires (the NIC raises no other until the
// driver re-enables it). The interrupt starts a poll (net_rx_action in softirq context, which
// runs at interrupt exit, ahead of the process that copies the data): the poll takes what the
// ring holds at that moment, up to the NAPI budget (64 frames), and its driver work queues on
// the queue's vCPU after the interrupt's own entry work. With receive coalescing on, GRO (dev_gro_receive)
// merges consecutive in-order segments of one flow in the batch into one packet of up to
// `lroMaxBytes`, so the stack above pays its per-packet work once per merged packet while the
// driver still pays its per-frame work for every frame. When the driver work is done the
// packets go up the stack; a poll that took less than the budget completes (napi_complete:
// the interrupt is re-enabled, and frames that landed meanwhile raise it at once), a full one
// polls again at once. So a receiver polls what arrived while its interrupt was on its way
// and its last poll ran: one frame when idle, more behind a slower interrupt path or a busy
// driver, or under interrupt moderation — on bare metal and in a guest alike.
import type { Domain } from '../../models/host/domain'
import type { NicModel, NicQueue } from '../../models/nic/nic-model'
import { PacketKind, type PacketPool } from '../../models/packet'
import type { AttachContext } from '../types'

/** Frames one NAPI poll may take (Linux's default NAPI weight, 64). */
export const NAPI_BUDGET = 64

export class NapiPoll {
  onPacket: (pkt: number) => void = () => {}
  private readonly domain: Domain
  private readonly vcpu: number
  private readonly nic: NicModel
  private readonly queue: NicQueue
  private readonly pool: PacketPool
  private readonly ctx: AttachContext
  private readonly rxNs: number
  private readonly stage: number
  /** Largest packet GRO builds (payload bytes); 0: no coalescing. */
  private readonly groBytes: number
  private polling = false
  /** The packets of the poll in flight (after GRO), and how many. */
  private readonly batch = new Int32Array(NAPI_BUDGET)
  private batchLen = 0

  /** `rxNs`: the driver's work per frame taken off the ring. */
  constructor(ctx: AttachContext, domain: Domain, vcpu: number, nic: NicModel, queue: NicQueue, rxNs: number) {
    this.ctx = ctx
    this.pool = ctx.pool
    this.domain = domain
    this.vcpu = vcpu
    this.nic = nic
    this.queue = queue
    this.rxNs = rxNs
    this.groBytes = nic.groBytes
    this.stage = ctx.stats.stages.id('driver_rx')
  }

  /** The interrupt reached the domain (the queue's interrupt is masked; call after queueing its entry work): poll unless a poll is on. */
  kick(): void {
    if (this.polling) return
    this.polling = true
    this.poll()
  }

  /** A poll: it takes up to the budget off the ring now, GRO merges, and the driver works on every frame (queued on the vCPU). */
  private readonly poll = (): void => {
    const rx = this.queue.rx
    const n = Math.min(rx.length, NAPI_BUDGET)
    if (n === 0) return this.complete()
    const now = this.ctx.sim.now
    const p = this.pool
    let len = 0
    for (let i = 0; i < n; i++) {
      const pkt = rx.shift()
      if (len > 0 && this.groBytes > 0 && this.merge(this.batch[len - 1], pkt)) continue
      p.stageAt[pkt] = now
      this.batch[len++] = pkt
    }
    this.batchLen = len
    this.domain.run(this.vcpu, n * this.rxNs, this.polled, n)
  }

  /** GRO: appends in-order data frame `pkt` to `held` of the same flow and destination if it fits; true when merged. */
  private merge(held: number, pkt: number): boolean {
    const p = this.pool
    if (p.kind[pkt] !== PacketKind.Data || p.kind[held] !== PacketKind.Data || p.flow[held] !== p.flow[pkt] || p.dst[held] !== p.dst[pkt]) return false
    if (p.seq[held] + p.len[held] !== p.seq[pkt] || p.len[held] + p.len[pkt] > this.groBytes || !this.nic.coalesces(p.dst[pkt])) return false
    p.len[held] += p.len[pkt]
    p.bytes[held] += p.len[pkt]
    p.release(pkt)
    return true
  }

  /** The driver work for the poll's `n` frames is done: its packets go up the stack, then it completes or polls again. */
  private readonly polled = (n: number): void => {
    const now = this.ctx.sim.now
    const p = this.pool
    const stages = this.ctx.stats.stages
    for (let i = 0; i < this.batchLen; i++) {
      const pkt = this.batch[i]
      stages.record(this.stage, now - p.stageAt[pkt])
      this.onPacket(pkt)
    }
    this.batchLen = 0
    if (n < NAPI_BUDGET) this.complete()
    else this.poll()
  }

  /** napi_complete: the interrupt is re-enabled; frames that landed during the poll raise it at once. */
  private complete(): void {
    this.polling = false
    this.nic.reenable(this.queue)
  }
}
