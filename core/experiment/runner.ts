// The experiment runner: plans the runs of the chosen experiments, hands them to an executor,
// aggregates each point as soon as its replications are in, streams progress, and builds one
// results document per experiment. It never assumes where the runs execute.
import type { Experiment, Project, Scalar } from '../project/schema'
import { aggregatePoint } from './aggregate'
import { ProgressTracker, type RunProgress } from './progress'
import { buildDocument, hostFacts, inputDigest } from './results'
import { MODEL_SCENARIO } from './scenarios'
import { experimentRuns, pointCount, shortNames, sweptPaths } from './sweep'
import { isSampleRun, SampleCollector, type UncertaintyPlan } from './uncertainty'
import { MAX_RUNS, type Executor, type Override, type PointParams, type ResultsDocument, type ResultsPoint, type Run, type RunErrorRecord, type RunFailure, type RunOutcome, type RunSuccess } from './types'

export interface PlannedExperiment {
  readonly experiment: Experiment
  readonly pointCount: number
  readonly runs: readonly Run[]
  /** Swept path → short name in the results. */
  readonly names: Readonly<Record<string, string>>
}

export interface RunPlan {
  readonly project: Project
  readonly experiments: readonly PlannedExperiment[]
  readonly runs: readonly Run[]
}

export type PlanResult = { ok: true; plan: RunPlan } | { ok: false; code: 'unknown-experiment' | 'no-experiments' | 'too-many-runs'; message: string }

/** Plans the runs of the named experiments (all when none are named), in the project's order. */
export function planRuns(project: Project, experimentIds?: readonly string[]): PlanResult {
  const known = project.experiments.map((e) => e.id)
  if (known.length === 0) return { ok: false, code: 'no-experiments', message: 'the project has no experiments to run' }
  const wanted = experimentIds && experimentIds.length > 0 ? new Set(experimentIds) : new Set(known)
  const missing = [...wanted].filter((id) => !known.includes(id))
  if (missing.length > 0) {
    return { ok: false, code: 'unknown-experiment', message: `the project has no experiment ${missing.map((m) => `"${m}"`).join(', ')} (known: ${known.join(', ')})` }
  }
  const chosen = project.experiments.filter((e) => wanted.has(e.id))
  const total = chosen.reduce((n, e) => n + pointCount(e.sweep) * e.replications, 0)
  if (total > MAX_RUNS) {
    return { ok: false, code: 'too-many-runs', message: `these experiments need ${total.toLocaleString('en-US')} runs (points × replications); at most ${MAX_RUNS.toLocaleString('en-US')} run at once — run fewer experiments or fewer points` }
  }
  const experiments = chosen.map((experiment): PlannedExperiment => {
    const runs = experimentRuns(project, experiment)
    return { experiment, pointCount: pointCount(experiment.sweep), runs, names: shortNames(sweptPaths(experiment)) }
  })
  return { ok: true, plan: { project, experiments, runs: experiments.flatMap((e) => e.runs) } }
}

export type RunnerEvent =
  | { readonly type: 'progress'; readonly progress: RunProgress }
  | { readonly type: 'point'; readonly experimentId: string; readonly pointIndex: number; readonly point: ResultsPoint }
  | { readonly type: 'run-failed'; readonly failure: RunFailure; readonly params: Record<string, Scalar> }

export interface ExecutePlanOptions {
  readonly executor: Executor
  /** Scenario name (scenarios.ts); default "model". */
  readonly scenario?: string
  readonly jobs?: number
  readonly signal?: AbortSignal
  readonly onEvent?: (e: RunnerEvent) => void
  /** Recorded in the documents so `verify` can replay them. */
  readonly overrides?: readonly Override[]
  /** Minimum milliseconds between progress events (default 100). */
  readonly progressEveryMs?: number
  /** `run --uncertainty N`: the sample runs of each experiment (uncertainty.ts), run beside the plan's. */
  readonly uncertainty?: readonly UncertaintyPlan[]
}

export interface RunnerResult {
  /** One per experiment, in plan order; empty when cancelled. */
  readonly documents: ResultsDocument[]
  readonly failures: RunFailure[]
  readonly cancelled: boolean
}

/** A run's swept values only (a sample run also carries the sampled parameters). */
function pointOnly(run: Run, pe: PlannedExperiment): PointParams {
  const out: Record<string, Scalar> = {}
  for (const path of Object.keys(pe.names)) if (Object.hasOwn(run.params, path)) out[path] = run.params[path]
  return out
}

function named(params: PointParams, names: Readonly<Record<string, string>>): Record<string, Scalar> {
  const out: Record<string, Scalar> = {}
  for (const [path, value] of Object.entries(params)) out[names[path] ?? path] = value
  return out
}

/** Collects outcomes per point; a point is aggregated when all its replications are in. */
class PointCollector {
  private readonly pending = new Map<string, RunOutcome[]>()
  readonly points = new Map<string, ResultsPoint[]>()
  constructor(private readonly plan: RunPlan) {
    for (const pe of plan.experiments) this.points.set(pe.experiment.id, new Array<ResultsPoint>(pe.pointCount))
  }
  add(o: RunOutcome): { experimentId: string; pointIndex: number; point: ResultsPoint } | undefined {
    const pe = this.plan.experiments.find((e) => e.experiment.id === o.run.experimentId)
    if (!pe) return undefined
    const key = `${o.run.experimentId}/${o.run.pointIndex}`
    const list = this.pending.get(key) ?? []
    list.push(o)
    this.pending.set(key, list)
    if (list.length < pe.experiment.replications) return undefined
    this.pending.delete(key)
    const ok = list.filter((x): x is RunSuccess => x.ok).sort((a, b) => a.run.replication - b.run.replication)
    const agg = aggregatePoint(ok.map((x) => ({ metrics: x.metrics, ...(x.missing ? { missing: x.missing } : {}) })))
    const point: ResultsPoint = {
      params: named(o.run.params, pe.names),
      replications: ok.length,
      metrics: agg.metrics,
      ...(Object.keys(agg.metricsMissing).length > 0 ? { metricsMissing: agg.metricsMissing } : {})
    }
    this.points.get(pe.experiment.id)![o.run.pointIndex] = point
    return { experimentId: pe.experiment.id, pointIndex: o.run.pointIndex, point }
  }
}

/** Runs a plan to the end (or to cancellation) and returns its results documents. */
export async function executePlan(plan: RunPlan, options: ExecutePlanOptions): Promise<RunnerResult> {
  const startedAt = new Date().toISOString()
  const emit = options.onEvent ?? (() => undefined)
  const digestsOfInput = new Map(plan.experiments.map((pe) => [pe.experiment.id, inputDigest(plan.project, pe.experiment.id)]))
  const sampleRuns = (options.uncertainty ?? []).flatMap((u) => u.runs)
  const allRuns = sampleRuns.length > 0 ? [...plan.runs, ...sampleRuns] : plan.runs
  const tracker = new ProgressTracker(new Map(allRuns.map((r) => [r.id, r])))
  const collector = new PointCollector(plan)
  const samples = new SampleCollector(options.uncertainty ?? [],
    new Map(plan.experiments.map((e) => [e.experiment.id, e.experiment.replications])),
    new Map(plan.experiments.map((e) => [e.experiment.id, e.pointCount])))
  const failures: RunFailure[] = []
  const every = options.progressEveryMs ?? 100
  let lastProgress = -Infinity
  const progress = (force: boolean): void => {
    const t = performance.now()
    if (!force && t - lastProgress < every) return
    lastProgress = t
    emit({ type: 'progress', progress: tracker.snapshot() })
  }
  const stream = options.executor.run({ project: plan.project, scenario: options.scenario ?? MODEL_SCENARIO, runs: allRuns }, {
    jobs: options.jobs,
    signal: options.signal,
    onEvent: (e) => { if (tracker.onEvent(e)) progress(false) }
  })
  const cachedRuns = new Map<string, number>()
  for await (const outcome of stream) {
    tracker.onOutcome(outcome)
    if (outcome.ok && outcome.cached) cachedRuns.set(outcome.run.experimentId, (cachedRuns.get(outcome.run.experimentId) ?? 0) + 1)
    if (!outcome.ok) {
      failures.push(outcome)
      const pe = plan.experiments.find((e) => e.experiment.id === outcome.run.experimentId)
      const sample = isSampleRun(outcome.run.id) ? /\/u(\d+)\//.exec(outcome.run.id)?.[1] : undefined
      emit({ type: 'run-failed', failure: sample === undefined ? outcome : { ...outcome, message: `uncertainty sample ${sample}: ${outcome.message}` }, params: named(pe ? pointOnly(outcome.run, pe) : outcome.run.params, pe?.names ?? {}) })
    }
    if (isSampleRun(outcome.run.id)) { samples.add(outcome); progress(false); continue }
    const done = collector.add(outcome)
    if (done) emit({ type: 'point', ...done })
    progress(false)
  }
  progress(true)
  const cancelled = options.signal?.aborted === true || tracker.snapshot().runsDone < allRuns.length
  if (cancelled) return { documents: [], failures, cancelled: true }
  const endedAt = new Date().toISOString()
  const documents: ResultsDocument[] = []
  for (const pe of plan.experiments) {
    const errors: RunErrorRecord[] = failures.filter((f) => f.run.experimentId === pe.experiment.id)
      .sort((a, b) => a.run.pointIndex - b.run.pointIndex || a.run.replication - b.run.replication)
      .map((f) => ({ params: named(pointOnly(f.run, pe), pe.names), replication: f.run.replication, seed: f.run.seed, code: f.code,
        message: isSampleRun(f.run.id) ? `uncertainty sample ${/\/u(\d+)\//.exec(f.run.id)?.[1] ?? '?'}: ${f.message}` : f.message }))
    const nominal = collector.points.get(pe.experiment.id)!
    const withSamples = samples.finish(pe.experiment.id, nominal)
    documents.push(await buildDocument({
      projectName: plan.project.name,
      experimentId: pe.experiment.id,
      inputDigest: await digestsOfInput.get(pe.experiment.id)!,
      points: withSamples?.points ?? nominal,
      ...(withSamples ? { uncertainty: withSamples.block } : {}),
      paramPaths: Object.fromEntries(Object.entries(pe.names).map(([path, name]) => [name, path])),
      overrides: options.overrides ?? [],
      errors,
      provenance: { ...hostFacts(), executor: options.executor.kind, jobs: options.jobs ?? 1, startedAt, endedAt,
        ...(cachedRuns.has(pe.experiment.id) ? { cachedRuns: cachedRuns.get(pe.experiment.id) } : {}) }
    }))
  }
  return { documents, failures, cancelled: false }
}
