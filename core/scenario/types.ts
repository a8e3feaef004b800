// The contract between the experiment runner and the models: one run of one experiment
// at one sweep point, as plain serializable data in, metrics out. Nothing here assumes a
// process, a thread or a machine, so runs can go to worker threads or a remote queue.

import type { Project } from '../project/schema'

/**
 * Metric values: a number, a named breakdown (cpu_util, stage_us, vm_exits by reason…), or null
 * when the metric applies to the run but nothing was measured (no probe completed…); the reason
 * is in the result's `missing`. A metric that does not apply to the run is absent, never 0.
 */
export type MetricValue = number | null | { readonly [key: string]: number }
export type Metrics = Record<string, MetricValue>
/** Metric name → why it has no value (a sentence: "no probe completed in the 5 s measured after warm-up"). */
export type MissingReasons = Record<string, string>

export interface ScenarioInput {
  /** The project with the sweep point already applied (paths set); variables not yet substituted. */
  readonly project: Project
  readonly experimentId: string
  /** The run's seed, derived from the project seed, the point's parameters and the replication. */
  readonly seed: number
  /** Stop with an error (`ScenarioLimitError`) beyond these. */
  readonly limits?: { readonly maxEvents?: number; readonly maxWallMs?: number }
}

export interface ScenarioProgress {
  readonly simTimeNs: number
  readonly durationNs: number
  readonly events: number
}

/**
 * Metrics over simulated time (an experiment's `timeseries`): one value per window of the measured
 * period, by series name ("byWorkload.<id>.<metric>"); null where the window had no sample, with
 * the reason in `missing`.
 */
export interface RunSeries {
  readonly intervalNs: number
  /** Each window's end, ns after warm-up (the last window may be shorter than the interval). */
  readonly windowEndNs: readonly number[]
  readonly metrics: Readonly<Record<string, readonly (number | null)[]>>
  readonly missing?: MissingReasons
}

export interface ScenarioResult {
  /** With the experiment's `timeseries`: the metrics per window. */
  readonly series?: RunSeries
  /** Metrics measured after warm-up (CONTRACTS.md names; add more freely). */
  readonly metrics: Metrics
  /** Why each null metric has no value; every null metric has a reason here. */
  readonly missing?: MissingReasons
  readonly events: number
  readonly simTimeNs: number
}

/** Runs one scenario. `onProgress` is called every few thousand events; returning false cancels. */
export type RunScenario = (input: ScenarioInput, onProgress?: (p: ScenarioProgress) => boolean | void) => ScenarioResult

/** A run stopped by its event or wall-clock limit, or cancelled: a clear error, never a hang. */
export class ScenarioLimitError extends Error {
  readonly code: 'max-events' | 'max-wall' | 'cancelled'
  constructor(code: 'max-events' | 'max-wall' | 'cancelled', message: string) {
    super(message)
    this.name = 'ScenarioLimitError'
    this.code = code
  }
}
