// Progress of a whole start: runs done of total, each active run's simulated time, events
// per second and an ETA from the fraction of work done (finished runs plus the simulated-time
// fraction of active ones).
import type { ExecutorEvent, Run, RunOutcome } from './types'

export interface ActiveRun {
  readonly runId: string
  readonly experimentId: string
  readonly pointIndex: number
  readonly replication: number
  readonly simTimeNs: number
  readonly durationNs: number
  readonly events: number
}

export interface RunProgress {
  readonly runsDone: number
  readonly runsFailed: number
  readonly runsTotal: number
  /** Of the runs done, those taken from the result cache (absent when none). */
  readonly runsCached?: number
  /** Runs in progress, oldest first, with their simulated time. */
  readonly active: readonly ActiveRun[]
  /** Simulation events per wall-clock second since the start (all runs together). */
  readonly eventsPerSecond: number
  /** Estimated seconds left; null until there is something to extrapolate from. */
  readonly etaSeconds: number | null
  readonly elapsedSeconds: number
  /** Simulated time of all runs so far, in ns: finished runs' whole simulated time plus active runs' (warm-up included). */
  readonly simulatedNs?: number
  /** True while sequential stopping may still add runs: `runsTotal` is then a lower bound. */
  readonly runsTotalOpen?: boolean
}

interface Live { run: Run; simTimeNs: number; durationNs: number; events: number }

export class ProgressTracker {
  private readonly startMs: number
  private readonly live = new Map<string, Live>()
  private done = 0
  private failed = 0
  private cached = 0
  private finishedEvents = 0
  private finishedSimNs = 0
  private readonly runs: Map<string, Run>
  private open = false

  constructor(runs: ReadonlyMap<string, Run>, private readonly clock: () => number = () => performance.now()) {
    this.runs = new Map(runs)
    this.startMs = clock()
  }

  /** Runs added to the start (a sequential-stopping round). */
  addRuns(runs: readonly Run[]): void {
    for (const r of runs) this.runs.set(r.id, r)
  }

  /** Whether more runs may still be added (the total is then a lower bound). */
  setOpen(open: boolean): void {
    this.open = open
  }

  get total(): number {
    return this.runs.size
  }

  /** Takes an executor event; returns false when it names no known run. */
  onEvent(e: ExecutorEvent): boolean {
    const run = this.runs.get(e.runId)
    if (!run) return false
    const cur = this.live.get(e.runId) ?? { run, simTimeNs: 0, durationNs: 0, events: 0 }
    if (e.type === 'run-progress') {
      cur.simTimeNs = e.simTimeNs
      cur.durationNs = e.durationNs
      cur.events = e.events
    }
    this.live.set(e.runId, cur)
    return true
  }

  onOutcome(o: RunOutcome): void {
    this.live.delete(o.run.id)
    this.done++
    if (!o.ok) this.failed++
    if (o.ok && o.cached) this.cached++
    this.finishedEvents += o.ok ? o.events : (o.events ?? 0)
    if (o.ok) this.finishedSimNs += o.simTimeNs
  }

  snapshot(): RunProgress {
    const elapsedMs = Math.max(1e-3, this.clock() - this.startMs)
    let events = this.finishedEvents
    let simulatedNs = this.finishedSimNs
    let work = this.done
    const active: ActiveRun[] = []
    for (const [runId, l] of this.live) {
      events += l.events
      simulatedNs += l.simTimeNs
      if (l.durationNs > 0) work += Math.min(1, l.simTimeNs / l.durationNs)
      active.push({ runId, experimentId: l.run.experimentId, pointIndex: l.run.pointIndex, replication: l.run.replication,
        simTimeNs: l.simTimeNs, durationNs: l.durationNs, events: l.events })
    }
    // Runs from the cache take no time: the ETA extrapolates from the simulated ones only.
    const total = this.total - this.cached
    work -= this.cached
    const fraction = total <= 0 ? 1 : work / total
    const etaSeconds = fraction >= 1 ? 0 : fraction > 0 ? ((elapsedMs / 1000) * (1 - fraction)) / fraction : null
    return {
      runsDone: this.done,
      runsFailed: this.failed,
      runsTotal: this.total,
      ...(this.cached > 0 ? { runsCached: this.cached } : {}),
      active,
      eventsPerSecond: events / (elapsedMs / 1000),
      etaSeconds,
      elapsedSeconds: elapsedMs / 1000,
      simulatedNs,
      ...(this.open ? { runsTotalOpen: true } : {})
    }
  }
}
