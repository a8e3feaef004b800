// PARDA (Gulati, Ahmad, Waldspurger, "PARDA: Proportional Allocation of Resources for
// Distributed Storage Access", FAST 2009): hosts sharing a storage array, each limiting its own
// issue queue (the I/Os it keeps outstanding at the array, its window w) by a control loop on
// the latency it measures, so that without any help from the array the hosts' throughputs divide
// in proportion to their shares and the array's latency stays near a threshold 𝓛:
//   latency estimate  L(t) = (1 − α) l + α L(t − 1)              (eq. 1; l: this period's mean)
//   window            w(t+1) = (1 − γ) w(t) + γ (𝓛 / L(t) · w(t) + β)   (eq. 2)
// bounded to [w_min, w_max]; β is the host's share of the array (in proportion to its VMs'
// shares). At equilibrium w = β L / (L − 𝓛): windows, and so throughputs, divide as the β's.
// One `PardaHost` per host and array, as a stage over the BlockTarget below it (the host's
// path to the array), or over several paths (`client(below)`: one initiator session per virtual
// disk, all counted in one window); requests beyond the window wait in the host, in arrival order.
// A local scheduler such as mClock above it orders them among VMs: `onWindow` hands it each new
// window as its issue-queue depth (the paper's SFQ(D) with D = w), so they wait there, in tag
// order, rather than here. β is mutable: the wiring adds each virtual disk's share of it.
import type { Simulator } from '../../../sim'
import type { BlockDone, BlockPool, BlockTarget } from '../block'

export interface PardaSpec {
  /** 𝓛, ns. */
  readonly latencyThresholdNs: number
  readonly gamma: number
  readonly alpha: number
  readonly periodNs: number
  readonly beta: number
  readonly windowMin: number
  readonly windowMax: number
}

/** One request waiting in the host for room in the window, with the path it goes down. */
interface Waiting { readonly req: number; readonly done: BlockDone; readonly below: BlockTarget }

export class PardaHost implements BlockTarget {
  readonly capacityBytes: number
  readonly spec: PardaSpec
  /** β of the control law (spec.beta, plus what the wiring adds per virtual disk). */
  beta: number
  /** The current window w(t) (real-valued; floor(w) requests may be outstanding). */
  window: number
  /** The smoothed latency L(t), ns (undefined before the first period with completions). */
  latency: number | undefined = undefined
  /** Requests outstanding at the array. */
  outstanding = 0
  /** Completed requests since the last reset. */
  completed = 0
  /** Control periods since the last reset that had a latency estimate, with the sums of L(t) (ns) and w(t+1) over them. */
  periods = 0
  latencySum = 0
  windowSum = 0
  /** Every control period's window, for inspection (time ns, window). */
  readonly history: [number, number][] = []
  private readonly sim: Simulator
  private readonly pool: BlockPool
  private readonly below: BlockTarget
  private readonly queue: Waiting[] = []
  private qHead = 0
  private readonly issuedAt = new Map<number, number>()
  private readonly dones = new Map<number, BlockDone>()
  private periodSum = 0
  private periodCount = 0
  /** Sums of L(t) and w(t+1) over the periods since the last time-series sample. */
  private sampleL = 0
  private sampleW = 0
  private sampleN = 0
  private readonly onDone: BlockDone
  private listener: ((window: number) => void) | undefined

  constructor(sim: Simulator, pool: BlockPool, below: BlockTarget, spec: PardaSpec, name = 'parda') {
    if (!(spec.windowMin >= 1 && spec.windowMax >= spec.windowMin)) throw new Error('PARDA window bounds must satisfy 1 ≤ w_min ≤ w_max')
    if (!(spec.periodNs > 0)) throw new Error('PARDA control period must be positive')
    this.sim = sim
    this.pool = pool
    this.below = below
    this.spec = spec
    this.beta = spec.beta
    this.capacityBytes = below.capacityBytes
    this.window = spec.windowMin
    this.onDone = (req, ok) => {
      const now = this.sim.now
      this.periodSum += now - this.issuedAt.get(req)!
      this.periodCount++
      this.issuedAt.delete(req)
      const done = this.dones.get(req)!
      this.dones.delete(req)
      this.outstanding--
      this.completed++
      done(req, ok)
      this.issue()
    }
    const tickId = sim.register(() => {
      this.control()
      sim.schedule(spec.periodNs, tickId)
    }, `${name}/control`)
    sim.schedule(spec.periodNs, tickId)
  }

  /** Requests waiting in the host for room in the window. */
  get waiting(): number {
    return this.queue.length - this.qHead
  }

  submit(req: number, done: BlockDone): void {
    this.enqueue(req, done, this.below)
  }

  /** A path through this host's window to `below` (a virtual disk's own initiator session): counted in the one window, queued in the one FIFO. */
  client(below: BlockTarget): BlockTarget {
    return { capacityBytes: below.capacityBytes, submit: (req, done) => this.enqueue(req, done, below) }
  }

  /** Calls `f` with the window now and after every control period (a local scheduler's issue-queue depth follows it). */
  onWindow(f: (window: number) => void): void {
    this.listener = f
    f(this.window)
  }

  /** Forgets the warm-up: completions and control periods (the window and L(t) go on). */
  resetStats(): void {
    this.completed = 0
    this.periods = 0
    this.latencySum = 0
    this.windowSum = 0
    this.sampleL = 0
    this.sampleW = 0
    this.sampleN = 0
  }

  /** The mean L(t) (ns) and window over the periods since the last call (a time-series window), undefined without one. */
  takeSample(): { latency: number; window: number } | undefined {
    const n = this.sampleN
    const out = n === 0 ? undefined : { latency: this.sampleL / n, window: this.sampleW / n }
    this.sampleL = 0
    this.sampleW = 0
    this.sampleN = 0
    return out
  }

  private enqueue(req: number, done: BlockDone, below: BlockTarget): void {
    this.queue.push({ req, done, below })
    this.issue()
  }

  private issue(): void {
    while (this.outstanding < Math.floor(this.window) && this.qHead < this.queue.length) {
      const { req, done, below } = this.queue[this.qHead++]
      if (this.qHead > 64 && this.qHead * 2 > this.queue.length) {
        this.queue.splice(0, this.qHead)
        this.qHead = 0
      }
      this.outstanding++
      this.issuedAt.set(req, this.sim.now)
      this.dones.set(req, done)
      this.pool.stageAt[req] = this.sim.now
      below.submit(req, this.onDone)
    }
  }

  /** One control period: update the latency estimate (eq. 1) and the window (eq. 2). */
  control(): void {
    const s = this.spec
    if (this.periodCount > 0) {
      const l = this.periodSum / this.periodCount
      this.latency = this.latency === undefined ? l : (1 - s.alpha) * l + s.alpha * this.latency
      const target = (s.latencyThresholdNs / this.latency) * this.window + this.beta
      this.window = Math.min(s.windowMax, Math.max(s.windowMin, (1 - s.gamma) * this.window + s.gamma * target))
      this.periods++
      this.latencySum += this.latency
      this.windowSum += this.window
      this.sampleL += this.latency
      this.sampleW += this.window
      this.sampleN++
    }
    this.periodSum = 0
    this.periodCount = 0
    this.history.push([this.sim.now, this.window])
    this.listener?.(this.window)
    this.issue()
  }
}
