// Runs a list of runs on any executor and collects their outcomes, with the same throttled
// progress (ProgressTracker) and cancellation as the experiment runner. Used by sensitivity
// analysis, whose runs are not an experiment's sweep.
import { ProgressTracker, type RunProgress } from './progress'
import { MODEL_SCENARIO } from './scenarios'
import type { Executor, Run, RunFailure, RunOutcome } from './types'
import type { Project } from '../project/schema'

export interface BatchOptions {
  readonly executor: Executor
  readonly scenario?: string
  readonly jobs?: number
  readonly signal?: AbortSignal
  readonly onProgress?: (p: RunProgress) => void
  readonly onFailure?: (f: RunFailure) => void
  /** Minimum milliseconds between progress reports (default 100). */
  readonly progressEveryMs?: number
}

export interface BatchResult {
  readonly outcomes: RunOutcome[]
  readonly cancelled: boolean
}

export async function executeBatch(project: Project, runs: readonly Run[], options: BatchOptions): Promise<BatchResult> {
  const tracker = new ProgressTracker(new Map(runs.map((r) => [r.id, r])))
  const every = options.progressEveryMs ?? 100
  let last = -Infinity
  const progress = (force: boolean): void => {
    const t = performance.now()
    if (!force && t - last < every) return
    last = t
    options.onProgress?.(tracker.snapshot())
  }
  const outcomes: RunOutcome[] = []
  const stream = options.executor.run({ project, scenario: options.scenario ?? MODEL_SCENARIO, runs }, {
    jobs: options.jobs,
    signal: options.signal,
    onEvent: (e) => { if (tracker.onEvent(e)) progress(false) }
  })
  for await (const o of stream) {
    tracker.onOutcome(o)
    outcomes.push(o)
    if (!o.ok && o.code !== 'cancelled') options.onFailure?.(o)
    progress(false)
  }
  progress(true)
  return { outcomes, cancelled: options.signal?.aborted === true || outcomes.length < runs.length }
}
