// mClock (Gulati, Merchant, Varman, "mClock: Handling Throughput Variability for Hypervisor IO
// Scheduling", OSDI 2010): a host's I/O scheduler that gives each virtual disk a reservation
// (minimum IOPS), a limit (maximum IOPS) and shares (a weight for what is left), as a stage over
// the BlockTarget below it (a device driver, an array initiator, a further back-end stage).
//
// Every request gets three tags when it arrives at time t, for its virtual disk i with
// reservation r, limit l and shares w:
//   R = max(R_prev + 1/r, t)   L = max(L_prev + 1/l, t)   P = P_prev + 1/w
// and the scheduler, whenever the device below has room (fewer than `depth` requests out):
//   1. constraint phase: among disks whose next request's R tag is due (≤ now), serves the
//      smallest R tag (reservations first);
//   2. weight phase: else, among disks whose next request's L tag is due (within its limit),
//      serves the smallest P tag, and takes 1/r off the R tags of that disk's waiting requests
//      (what it got in this phase does not count against its reservation);
//   3. when every waiting disk is over its limit, waits for the earliest L tag.
// P tags are compared only with each other, so they advance in virtual time (as in start-time
// fair queueing) rather than being clamped to the clock: with shares in arbitrary units (VMware's
// 500/1000/2000) a clamp to t would reset every backlogged disk's tag to its arrival time and
// turn the shares phase into FIFO. A disk that becomes active starts its P tags no earlier than
// the smallest P tag of the active disks (the paper shifts the active disks' P tags to the
// current time instead, which orders them the same), so an idle disk gets no credit for its
// idle time.
// Simplified: every request costs one I/O whatever its size (the paper's evaluation also counts
// IOPS); the reservation is met only if the device below can serve it (mClock's reservations
// are in IOPS of a device whose throughput varies: under overload the sum of reservations may
// not be met, as in the paper).
import type { Simulator } from '../../../sim'
import type { BlockDone, BlockPool, BlockTarget } from '../block'

/** One virtual disk's mClock settings. */
export interface MClockSpec {
  /** Guaranteed I/Os per second (0 = none). */
  readonly reservation: number
  /** Maximum I/Os per second (0 = none). */
  readonly limit: number
  /** Relative weight (> 0). */
  readonly shares: number
}

const NS = 1e9

/** One virtual disk's queue at the scheduler: its requests in arrival order with their tags. */
class MClockClient implements BlockTarget {
  readonly spec: MClockSpec
  readonly capacityBytes: number
  /** Requests served in each phase since the last reset. */
  servedReservation = 0
  servedShares = 0
  readonly reqs: number[] = []
  readonly dones: BlockDone[] = []
  readonly r: number[] = []
  readonly l: number[] = []
  readonly p: number[] = []
  /** Where this disk's requests go when the scheduler dispatches them (the scheduler's target, or the disk's own path to the device). */
  readonly below: BlockTarget
  head = 0
  lastR = -Infinity
  lastL = -Infinity
  lastP = -Infinity
  private readonly sched: MClockScheduler
  private readonly rGap: number
  private readonly lGap: number
  private readonly pGap: number

  constructor(sched: MClockScheduler, spec: MClockSpec, below: BlockTarget) {
    this.sched = sched
    this.spec = spec
    this.below = below
    this.capacityBytes = below.capacityBytes
    this.rGap = spec.reservation > 0 ? NS / spec.reservation : Infinity
    this.lGap = spec.limit > 0 ? NS / spec.limit : 0
    this.pGap = NS / Math.max(1e-9, spec.shares)
  }

  get waiting(): number {
    return this.reqs.length - this.head
  }

  submit(req: number, done: BlockDone): void {
    const t = this.sched.now
    const becameActive = this.waiting === 0
    this.reqs.push(req)
    this.dones.push(done)
    // R tags: infinite without a reservation (never in the constraint phase)
    const rTag = this.rGap === Infinity ? Infinity : Math.max(this.lastR + this.rGap, t)
    const lTag = this.lGap === 0 ? -Infinity : Math.max(this.lastL + this.lGap, t)
    // P tags are only compared with each other (never with the clock): a disk that stays backlogged
    // advances by 1/w per request; one that becomes active starts no earlier than the smallest P
    // tag of the active disks (no credit for its idle time, no penalty for its past service)
    let pTag = this.lastP === -Infinity ? t : this.lastP + this.pGap
    if (becameActive) {
      const minP = this.sched.minActiveP(this)
      pTag = minP === undefined ? Math.max(pTag, t) : Math.max(pTag, minP)
    }
    this.r.push(rTag); this.l.push(lTag); this.p.push(pTag)
    this.lastR = rTag; this.lastL = lTag; this.lastP = pTag
    this.sched.kick()
  }

  /** Takes the head request out (after the scheduler chose it; read reqs[head] and dones[head] first): no allocation per request. */
  drop(): void {
    this.head++
    if (this.head > 64 && this.head * 2 > this.reqs.length) {
      this.reqs.splice(0, this.head); this.dones.splice(0, this.head)
      this.r.splice(0, this.head); this.l.splice(0, this.head); this.p.splice(0, this.head)
      this.head = 0
    }
  }

  /** The weight phase served this disk: its waiting requests' R tags move back by 1/r. */
  creditShares(): void {
    if (this.rGap === Infinity) return
    for (let i = this.head; i < this.r.length; i++) this.r[i] -= this.rGap
    this.lastR -= this.rGap
  }
}

/** The mClock scheduler of one device (or LUN) on one host, over the target below it. */
export class MClockScheduler {
  /** Requests outstanding at the target below. */
  outstanding = 0
  private readonly sim: Simulator
  private readonly below: BlockTarget
  private depth: number
  private readonly clients: MClockClient[] = []
  private readonly timerId: number
  private timerAt = Infinity
  private readonly completed: BlockDone

  constructor(sim: Simulator, _pool: BlockPool, below: BlockTarget, depth: number, name = 'mclock') {
    this.sim = sim
    this.below = below
    this.depth = Math.max(1, depth)
    this.timerId = sim.register(() => {
      this.timerAt = Infinity
      this.kick()
    }, `${name}/limit`)
    this.completed = (req, ok) => {
      this.outstanding--
      const done = this.pending.get(req)!
      this.pending.delete(req)
      done(req, ok)
      this.kick()
    }
  }

  private readonly pending = new Map<number, BlockDone>()

  get now(): number {
    return this.sim.now
  }

  /**
   * The virtual disk `spec`'s target: requests submitted to it are scheduled by their tags and then
   * sent to `below` — by default the scheduler's target; a disk with its own path to the device (a
   * storage array's initiator session) gives it, and the scheduler still counts them against `depth`.
   */
  client(spec: MClockSpec, below: BlockTarget = this.below): BlockTarget & { readonly servedReservation: number; readonly servedShares: number } {
    if (!(spec.shares > 0)) throw new Error('mClock shares must be positive')
    const c = new MClockClient(this, spec, below)
    this.clients.push(c)
    return c
  }

  /** Sets the issue-queue depth (PARDA's window of this host towards an array: core/scenario/build-block.ts) and dispatches if it grew. */
  setDepth(depth: number): void {
    this.depth = Math.max(1, Math.floor(depth))
    this.kick()
  }

  /** The smallest head P tag among the other active disks, if any. */
  minActiveP(except: MClockClient): number | undefined {
    let m: number | undefined
    for (const c of this.clients) if (c !== except && c.waiting > 0 && (m === undefined || c.p[c.head] < m)) m = c.p[c.head]
    return m
  }

  /** Dispatches while the target below has room. */
  kick(): void {
    while (this.outstanding < this.depth) {
      const c = this.choose()
      if (c === undefined) return
      const req = c.reqs[c.head], done = c.dones[c.head]
      c.drop()
      this.outstanding++
      this.pending.set(req, done)
      c.below.submit(req, this.completed)
    }
  }

  private choose(): MClockClient | undefined {
    const t = this.sim.now
    let best: MClockClient | undefined, bestTag = Infinity
    for (const c of this.clients) {
      if (c.waiting === 0) continue
      const r = c.r[c.head]
      if (r <= t && r < bestTag) { best = c; bestTag = r }
    }
    if (best !== undefined) {
      best.servedReservation++
      return best
    }
    let nextL = Infinity
    for (const c of this.clients) {
      if (c.waiting === 0) continue
      const l = c.l[c.head]
      if (l > t) { nextL = Math.min(nextL, l); continue }
      const p = c.p[c.head]
      if (p < bestTag) { best = c; bestTag = p }
    }
    if (best !== undefined) {
      best.servedShares++
      best.creditShares()
      return best
    }
    // every waiting disk is over its limit (or waits for its reservation's next tag): wake at the earliest tag
    let wake = nextL
    for (const c of this.clients) if (c.waiting > 0) wake = Math.min(wake, c.r[c.head])
    // tags are real-valued (1/r, 1/l apart); the kernel's clock is whole ns: wake at the first ns the tag is due
    wake = Math.ceil(wake)
    if (wake < Infinity && wake < this.timerAt) {
      this.timerAt = wake
      this.sim.scheduleAt(wake, this.timerId)
    }
    return undefined
  }
}
