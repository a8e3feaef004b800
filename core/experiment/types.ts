// The runner's data: runs as plain serializable records, their outcomes, the executor
// interface that runs them anywhere (this process, worker threads, a remote queue later),
// and the results document of CONTRACTS.md.
import type { Project, Scalar } from '../project/schema'
import type { Metrics, MissingReasons, RunSeries } from '../scenario/types'
import type { PointDiff } from './paired'
import type { PointStopping } from './sequential'
import type { DocumentUncertainty, PointUncertainty } from './uncertainty'

/** Swept values of one point, by parameter path ("variables.guests" → 16). */
export type PointParams = Readonly<Record<string, Scalar>>

/** One simulation: one experiment at one sweep point, one replication. Plain data. */
export interface Run {
  /** Stable key, "<experiment>/<point>/<replication>"; correlates events and outcomes. */
  readonly id: string
  readonly projectName: string
  readonly experimentId: string
  /** Position of the point in the experiment's sweep (first axis varies slowest). */
  readonly pointIndex: number
  readonly params: PointParams
  /** 0-based replication index. */
  readonly replication: number
  /** Derived from the project seed, the point's parameters and the replication (seeds.ts). */
  readonly seed: number
}

/** What an executor needs: the project (sweep points not yet applied), a scenario name and the runs. */
export interface RunBatch {
  readonly project: Project
  /** Scenario registry name: "model" (core/scenario) or a synthetic one (scenarios.ts). */
  readonly scenario: string
  readonly runs: readonly Run[]
}

export interface RunSuccess {
  readonly ok: true
  readonly run: Run
  readonly metrics: Metrics
  /** Why each null metric has no value (absent when every metric has one). */
  readonly missing?: MissingReasons
  /** With the experiment's `timeseries`: the run's metrics per window. */
  readonly series?: RunSeries
  readonly events: number
  readonly simTimeNs: number
  /** Wall-clock milliseconds of the run (for ETA and benchmarks; never in the digest). */
  readonly wallMs: number
  /** Taken from the result cache (cache.ts) instead of simulated; the numbers are the same. */
  readonly cached?: true
}

/** Codes of a failed run. */
export type RunErrorCode =
  | 'max-events' | 'max-wall' | 'cancelled' | 'bad-point' | 'bad-metrics' | 'scenario-failed'
  | 'scenario-missing' | 'worker-failed'

export interface RunFailure {
  readonly ok: false
  readonly run: Run
  readonly code: RunErrorCode
  readonly message: string
  readonly events?: number
  readonly wallMs?: number
}

export type RunOutcome = RunSuccess | RunFailure

/** What an executor reports while runs are going. */
export type ExecutorEvent =
  | { readonly type: 'run-started'; readonly runId: string }
  | { readonly type: 'run-progress'; readonly runId: string; readonly simTimeNs: number; readonly durationNs: number; readonly events: number }

export interface ExecuteOptions {
  /** Runs at once; an executor may use fewer. Default: what the executor thinks best. */
  readonly jobs?: number
  readonly signal?: AbortSignal
  readonly onEvent?: (event: ExecutorEvent) => void
}

/**
 * Runs in, outcomes out (in any order), progress events on the side. Nothing here assumes one
 * process or one machine: a batch is plain data and the outcome of each run comes back as a value.
 * After an abort the stream ends without outcomes for the runs that did not finish.
 */
export interface Executor {
  /** "in-process", "threads", … (recorded in provenance). */
  readonly kind: string
  run(batch: RunBatch, options?: ExecuteOptions): AsyncIterable<RunOutcome>
}

/**
 * Mean and 95 % confidence half-width over the replications that measured the metric; both null
 * when none did (the point's `metricsMissing` says why). `n` is how many replications measured
 * it, written only when fewer than the point's `replications` did.
 */
export interface MetricSummary {
  readonly mean: number | null
  readonly ci95: number | null
  readonly n?: number
}

/** A point's metrics: a summary per number metric, a summary per key of an object metric. */
export type PointMetrics = Record<string, MetricSummary | Record<string, MetricSummary>>

export interface ResultsPoint {
  /** Swept values by short name ("guests"); `paramPaths` of the document maps them to paths. */
  readonly params: Record<string, Scalar>
  /** Replications that finished (failed ones are listed in the document's `errors`). */
  readonly replications: number
  readonly metrics: PointMetrics
  /**
   * Metrics that some replication did not measure → why ("no probe completed in the 5 s measured
   * after warm-up"; "in 1 of 3 replications: …" when others did). Absent when every replication
   * measured every metric. A metric that does not apply to the experiment is absent altogether.
   */
  readonly metricsMissing?: Readonly<Record<string, string>>
  /** With `run --uncertainty N`: each metric's 5th–95th percentile over the parameter samples. */
  readonly uncertainty?: PointUncertainty
  /** With a replications rule (sequential.ts): how many replications ran and why they stopped. */
  readonly stopping?: PointStopping
  /** With `crn` (crn.ts, paired.ts): the paired difference of each metric to the point's baseline; absent at a baseline. */
  readonly diff?: PointDiff
  /** With the experiment's `timeseries` (series.ts): each series' summary per window over the replications. */
  readonly series?: PointSeries
}

/** A point's time series: per series name ("byWorkload.victim.rtt_p99_us"), one summary per window. */
export interface PointSeries {
  readonly intervalNs: number
  /** Each window's end, ns after warm-up. */
  readonly windowEndNs: readonly number[]
  readonly metrics: Readonly<Record<string, readonly MetricSummary[]>>
  /** Series → why some windows have no value (in some or all replications). */
  readonly missing?: Readonly<Record<string, string>>
}

/** A `--set PATH=VALUE` applied before the run; recorded so `verify` can replay it. */
export interface Override {
  readonly path: string
  readonly value: unknown
}

export interface RunErrorRecord {
  readonly params: Record<string, Scalar>
  readonly replication: number
  readonly seed: number
  readonly code: RunErrorCode
  readonly message: string
}

export interface Provenance {
  readonly engine: string
  /** Hash of the sources that determine the numbers (core/engine-fingerprint.ts); "unknown" in an unbuilt engine. */
  readonly engineFingerprint?: string
  readonly inputDigest: string
  readonly digest: string
  readonly platform: string
  readonly node: string
  readonly executor: string
  readonly jobs: number
  readonly startedAt: string
  readonly endedAt: string
  /** Runs of this document taken from the result cache (written when any was). */
  readonly cachedRuns?: number
  /** Shards merged into this document (`iovlab merge`). */
  readonly shards?: number
}

/** The results document of CONTRACTS.md; `provenance` is outside the digest. */
export interface ResultsDocument {
  readonly format: 'iovlab-results'
  readonly version: 1
  readonly project: string
  readonly experiment: string
  readonly engine: string
  readonly inputDigest: string
  readonly digest: string
  readonly points: readonly ResultsPoint[]
  /** Short parameter name → swept path. */
  readonly paramPaths?: Readonly<Record<string, string>>
  readonly overrides?: readonly Override[]
  readonly errors?: readonly RunErrorRecord[]
  /** With `run --uncertainty N`: the sampled parameters and the orderings that survive them. */
  readonly uncertainty?: DocumentUncertainty
  readonly provenance?: Provenance
}

/** Defaults of an experiment's `stop`: a generous event limit, no wall-clock limit. */
export const DEFAULT_MAX_EVENTS = 2e9

/** At most this many runs in one start (points × replications over the chosen experiments). */
export const MAX_RUNS = 200_000
