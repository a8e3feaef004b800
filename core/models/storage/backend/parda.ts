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
// path to the array); requests beyond the window wait in the host, in arrival order (a local
// scheduler such as mClock above it orders them among VMs).
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

export class PardaHost implements BlockTarget {
  readonly capacityBytes: number
  readonly spec: PardaSpec
  /** The current window w(t) (real-valued; floor(w) requests may be outstanding). */
  window: number
  /** The smoothed latency L(t), ns (undefined before the first period with completions). */
  latency: number | undefined = undefined
  /** Requests outstanding at the array. */
  outstanding = 0
  /** Completed requests since the last reset. */
  completed = 0
  /** Every control period's window, for inspection (time ns, window). */
  readonly history: [number, number][] = []
  private readonly sim: Simulator
  private readonly pool: BlockPool
  private readonly below: BlockTarget
  private readonly queue: [number, BlockDone][] = []
  private qHead = 0
  private readonly issuedAt = new Map<number, number>()
  private readonly dones = new Map<number, BlockDone>()
  private periodSum = 0
  private periodCount = 0
  private readonly onDone: BlockDone

  constructor(sim: Simulator, pool: BlockPool, below: BlockTarget, spec: PardaSpec, name = 'parda') {
    if (!(spec.windowMin >= 1 && spec.windowMax >= spec.windowMin)) throw new Error('PARDA window bounds must satisfy 1 ≤ w_min ≤ w_max')
    this.sim = sim
    this.pool = pool
    this.below = below
    this.spec = spec
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

  submit(req: number, done: BlockDone): void {
    this.queue.push([req, done])
    this.issue()
  }

  private issue(): void {
    while (this.outstanding < Math.floor(this.window) && this.qHead < this.queue.length) {
      const [req, done] = this.queue[this.qHead++]
      if (this.qHead > 64 && this.qHead * 2 > this.queue.length) {
        this.queue.splice(0, this.qHead)
        this.qHead = 0
      }
      this.outstanding++
      this.issuedAt.set(req, this.sim.now)
      this.dones.set(req, done)
      this.pool.stageAt[req] = this.sim.now
      this.below.submit(req, this.onDone)
    }
  }

  /** One control period: update the latency estimate (eq. 1) and the window (eq. 2). */
  control(): void {
    const s = this.spec
    if (this.periodCount > 0) {
      const l = this.periodSum / this.periodCount
      this.latency = this.latency === undefined ? l : (1 - s.alpha) * l + s.alpha * this.latency
      const target = (s.latencyThresholdNs / this.latency) * this.window + s.beta
      this.window = Math.min(s.windowMax, Math.max(s.windowMin, (1 - s.gamma) * this.window + s.gamma * target))
    }
    this.periodSum = 0
    this.periodCount = 0
    this.history.push([this.sim.now, this.window])
    this.issue()
  }
}
