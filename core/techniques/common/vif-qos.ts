// Network I/O controls of the driver domain's netback over the guests' interfaces (VIFs)
// it serves (issue 12):
// - a per-VIF transmit credit, as Xen's netback implements the vif "rate" setting
//   (`rate=RATE/s@INTERVAL`, libxl: credit_bytes per credit interval, 50 ms by default):
//   each interval the VIF's remaining credit grows by credit_bytes, capped at a burst of
//   max(credit_bytes, the head request's size up to 128 KiB) (tx_add_credit); a request larger
//   than the remaining credit takes the VIF off netback's schedule list until the next
//   interval starts (tx_credit_exceeded arms the credit timer; its callback reschedules the
//   VIF) — so a packet waits for tokens, and the wait is the interval's boundary, not a
//   smooth rate;
// - the order in which netback serves VIFs with requests: round robin (Xen netback's
//   net_schedule_list, the default) or weighted fair queueing by the VMs' `netShares`
//   (self-clocked fair queueing, Golestani INFOCOM 1994: a request's finish tag is
//   max(system virtual time, the VIF's last finish tag) + bytes / weight, the system virtual
//   time is the tag of the request last served, and netback serves the smallest tag).
import type { Simulator } from '../../sim'
import type { PacketPool } from '../../models/packet'
import type { NotifyQueue } from '../../models/notify-queue'
import { num, type KindParams } from '../../models/param-read'
import type { VmParamKey } from '../../models/vm/params'

/** netback's cap on the burst its credit allows for one large request (tx_add_credit: 128 KiB). */
export const NETBACK_MAX_BURST = 131072

/** A VIF's QoS settings, from its VM's parameters. */
export interface VifQosSpec {
  /** Transmit rate limit in bit/s (0 = none). */
  readonly rateBps: number
  /** Credit interval in ns (netback's credit_usec). */
  readonly intervalNs: number
  /** Weight among the VIFs of a netback queue under weighted fair queueing. */
  readonly shares: number
}

export function vifQosOf(vm: KindParams<VmParamKey>): VifQosSpec {
  return { rateBps: num(vm, 'netRateLimitMbps') * 1e6, intervalNs: num(vm, 'netRateInterval'), shares: num(vm, 'netShares') }
}

/**
 * netback's transmit credit of one VIF (Linux xen-netback / Xen 3.0 netback: credit_bytes,
 * credit_usec, remaining_credit, credit_window_start).
 */
export class VifCredit {
  /** Bytes credited per interval (rate × interval / 8). */
  readonly creditBytes: number
  readonly intervalNs: number
  remaining: number
  windowStart = 0

  constructor(rateBps: number, intervalNs: number) {
    this.intervalNs = Math.max(1, intervalNs)
    this.creditBytes = Math.max(1, Math.floor((rateBps * this.intervalNs) / 8e9))
    this.remaining = this.creditBytes
  }

  /**
   * May a request of `bytes` go at `now`? Returns 0 and takes the credit when it may; else the
   * time the next credit arrives (the VIF waits until then).
   */
  take(bytes: number, now: number): number {
    let next = this.windowStart + this.intervalNs
    if (now >= next) {
      // a new interval: add a chunk of credit, up to the burst (tx_add_credit)
      this.windowStart = now
      const burst = Math.max(this.creditBytes, Math.min(bytes, NETBACK_MAX_BURST))
      this.remaining = Math.min(this.remaining + this.creditBytes, burst)
      next = now + this.intervalNs
    }
    if (bytes > this.remaining) return next // the credit timer fires at the next interval
    this.remaining -= bytes
    return 0
  }
}

/** What the scheduler needs of a VIF: its transmit ring and its settings. */
export interface QosVif {
  readonly txRing: NotifyQueue
  readonly qos: VifQosSpec
}

interface VifState { credit: VifCredit | undefined; lastFinish: number; headPkt: number; headTag: number; parked: boolean }

/**
 * Chooses which VIF netback serves next, applying each VIF's credit and the queue's service
 * discipline. `resume(vif)` is called when a VIF taken off for lack of credit may go again.
 */
export class VifScheduler<V extends QosVif> {
  readonly wfq: boolean
  /** Requests that waited for credit (a VIF taken off netback's list). */
  creditWaits = 0
  private readonly sim: Simulator
  private readonly pool: PacketPool
  private readonly state = new Map<V, VifState>()
  private readonly resumeId: number
  private readonly waiting: V[] = []
  /** System virtual time (self-clocked: the finish tag of the request last served). */
  private vtime = 0
  private readonly resume: (v: V) => void

  constructor(sim: Simulator, pool: PacketPool, wfq: boolean, resume: (v: V) => void, name: string) {
    this.sim = sim
    this.pool = pool
    this.wfq = wfq
    this.resume = resume
    this.resumeId = sim.register((i) => this.creditArrived(i), `${name}/vif-credit`)
  }

  private stateOf(v: V): VifState {
    let s = this.state.get(v)
    if (s === undefined) {
      s = { credit: v.qos.rateBps > 0 ? new VifCredit(v.qos.rateBps, v.qos.intervalNs) : undefined, lastFinish: 0, headPkt: -1, headTag: 0, parked: false }
      this.state.set(v, s)
    }
    return s
  }

  /**
   * The VIF to serve next among `list` (VIFs with requests, in netback's schedule order); VIFs
   * out of credit are removed from `list` until their credit arrives. Round robin moves the
   * chosen VIF to the back. Undefined when every VIF waits for credit.
   */
  next(list: V[]): V | undefined {
    const now = this.sim.now
    let best = -1, bestTag = Infinity
    for (let i = 0; i < list.length; i++) {
      const v = list[i]
      if (v.txRing.length === 0) continue
      const s = this.stateOf(v)
      if (s.parked) { // waiting for its credit timer already
        list.splice(i, 1)
        i--
        continue
      }
      const pkt = v.txRing.peek()
      if (s.credit !== undefined && s.headPkt !== pkt) {
        const at = s.credit.take(this.pool.bytes[pkt], now)
        if (at > 0) {
          this.park(list, i, v, at)
          i--
          continue
        }
      }
      if (!this.wfq) { best = i; break }
      if (s.headPkt !== pkt) {
        s.headPkt = pkt
        s.headTag = Math.max(this.vtime, s.lastFinish) + this.pool.bytes[pkt] / v.qos.shares
      }
      if (s.headTag < bestTag) { bestTag = s.headTag; best = i }
    }
    if (best < 0) return undefined
    const v = list[best]
    const s = this.stateOf(v)
    if (this.wfq) {
      this.vtime = s.headTag
      s.lastFinish = s.headTag
    } else {
      list.splice(best, 1)
      list.push(v)
    }
    s.headPkt = -1
    return v
  }

  /** Takes v off the list until `at` (netback's credit timer). */
  private park(list: V[], i: number, v: V, at: number): void {
    list.splice(i, 1)
    this.stateOf(v).parked = true
    this.creditWaits++
    const slot = this.waiting.length
    this.waiting.push(v)
    this.sim.scheduleAt(at, this.resumeId, slot)
  }

  private creditArrived(slot: number): void {
    const v = this.waiting[slot]
    this.waiting[slot] = undefined as unknown as V
    while (this.waiting.length > 0 && this.waiting[this.waiting.length - 1] === undefined) this.waiting.pop()
    this.stateOf(v).parked = false
    this.resume(v)
  }
}
