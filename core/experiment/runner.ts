// The experiment runner: plans the runs of the chosen experiments, hands them to an executor,
// aggregates each point as soon as its replications are in, streams progress, and builds one
// results document per experiment. It never assumes where the runs execute.
import type { Experiment, Project, Scalar } from '../project/schema'
import type { Metrics } from '../scenario/types'
import { aggregatePoint } from './aggregate'
import { aggregateSeries } from './series'
import { ProgressTracker, type RunProgress } from './progress'
import { buildDocument, hostFacts, inputDigest } from './results'
import { MODEL_SCENARIO } from './scenarios'
import { baselineIndex, crnPlan, type CrnPlan } from './crn'
import { pairedDifferences } from './paired'
import { decide, initialReplications, isReplicationRule, maxReplications, metricUnit, type PointStopping } from './sequential'
import { experimentRuns, pointCount, pointRuns, shortNames, sweptPaths } from './sweep'
import { isSampleRun, SampleCollector, type UncertaintyPlan } from './uncertainty'
import { MAX_RUNS, type Executor, type Override, type PointParams, type ResultsDocument, type ResultsPoint, type Run, type RunErrorRecord, type RunFailure, type RunOutcome, type RunSuccess } from './types'

export interface PlannedExperiment {
  readonly experiment: Experiment
  readonly pointCount: number
  readonly runs: readonly Run[]
  /** Swept path → short name in the results. */
  readonly names: Readonly<Record<string, string>>
  /** Common random numbers (crn.ts), when the experiment asks for them. */
  readonly crn?: CrnPlan
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
  const total = chosen.reduce((n, e) => n + pointCount(e.sweep) * maxReplications(e), 0)
  if (total > MAX_RUNS) {
    const ruled = chosen.some((e) => isReplicationRule(e.replications))
    return { ok: false, code: 'too-many-runs', message: `these experiments need ${ruled ? 'up to ' : ''}${total.toLocaleString('en-US')} runs (points × ${ruled ? 'the most replications their rules allow' : 'replications'}); at most ${MAX_RUNS.toLocaleString('en-US')} run at once — run fewer experiments or fewer points${ruled ? ', or lower a rule\'s "max"' : ''}` }
  }
  const experiments = chosen.map((experiment): PlannedExperiment => {
    const runs = experimentRuns(project, experiment)
    const crn = crnPlan(experiment)
    return { experiment, pointCount: pointCount(experiment.sweep), runs, names: shortNames(sweptPaths(experiment)), ...(crn.ok && crn.plan ? { crn: crn.plan } : {}) }
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

interface PointState {
  /** Replications planned so far (the round in progress included). */
  target: number
  outcomes: RunOutcome[]
}

/**
 * Collects outcomes per point; when a point's planned replications are all in, it is either
 * aggregated or — under a replications rule — given another round (sequential.ts). With common
 * random numbers each point's successful metrics are kept by replication for the paired differences.
 */
class PointCollector {
  private readonly state = new Map<string, PointState>()
  readonly points = new Map<string, ResultsPoint[]>()
  /** experiment → point → metrics by replication (only for experiments with `crn`). */
  readonly byReplication = new Map<string, (Metrics | undefined)[][]>()
  constructor(private readonly plan: RunPlan) {
    for (const pe of plan.experiments) {
      this.points.set(pe.experiment.id, new Array<ResultsPoint>(pe.pointCount))
      if (pe.crn) this.byReplication.set(pe.experiment.id, Array.from({ length: pe.pointCount }, () => []))
    }
  }
  add(o: RunOutcome): { type: 'point'; experimentId: string; pointIndex: number; point: ResultsPoint } | { type: 'more'; runs: Run[] } | undefined {
    const pe = this.plan.experiments.find((e) => e.experiment.id === o.run.experimentId)
    if (!pe) return undefined
    const key = `${o.run.experimentId}/${o.run.pointIndex}`
    const st = this.state.get(key) ?? { target: initialReplications(pe.experiment), outcomes: [] }
    st.outcomes.push(o)
    this.state.set(key, st)
    if (st.outcomes.length < st.target) return undefined
    const ok = st.outcomes.filter((x): x is RunSuccess => x.ok).sort((a, b) => a.run.replication - b.run.replication)
    const rule = pe.experiment.replications
    let stopping: PointStopping | undefined
    if (isReplicationRule(rule)) {
      const d = decide(rule, st.target, ok.map((x) => ({ metrics: x.metrics, ...(x.missing ? { missing: x.missing } : {}) })), metricUnit(rule.until.metric))
      if (!d.done) {
        const point = { index: o.run.pointIndex, params: pointOnly(o.run, pe) }
        const runs = pointRuns(this.plan.project, pe.experiment, point, st.target, d.next, pe.crn)
        st.target = d.next
        return { type: 'more', runs }
      }
      stopping = d.stopping
    }
    this.state.delete(key)
    const agg = aggregatePoint(ok.map((x) => ({ metrics: x.metrics, ...(x.missing ? { missing: x.missing } : {}) })))
    const series = aggregateSeries(ok.map((x) => x.series))
    const point: ResultsPoint = {
      params: named(o.run.params, pe.names),
      replications: ok.length,
      metrics: agg.metrics,
      ...(Object.keys(agg.metricsMissing).length > 0 ? { metricsMissing: agg.metricsMissing } : {}),
      ...(stopping ? { stopping } : {}),
      ...(series ? { series } : {})
    }
    const reps = this.byReplication.get(pe.experiment.id)
    if (reps) for (const x of ok) reps[o.run.pointIndex][x.run.replication] = x.metrics
    this.points.get(pe.experiment.id)![o.run.pointIndex] = point
    return { type: 'point', experimentId: pe.experiment.id, pointIndex: o.run.pointIndex, point }
  }
  /** Whether some point may still ask for more runs. */
  get open(): boolean {
    return this.plan.experiments.some((pe) => isReplicationRule(pe.experiment.replications))
  }
  /** The points of an experiment with their paired differences to their baselines (with `crn`). */
  finished(pe: PlannedExperiment): ResultsPoint[] {
    const points = this.points.get(pe.experiment.id)!
    const reps = this.byReplication.get(pe.experiment.id)
    if (!pe.crn || !reps) return points
    const crn = pe.crn
    return points.map((p, i) => {
      const b = baselineIndex(pe.experiment.sweep, crn, i)
      if (b === i) return p
      const { metrics, missing } = pairedDifferences(reps[i], reps[b])
      const baseline = Object.fromEntries(crn.paths.map((path) => [pe.names[path] ?? path, points[b].params[pe.names[path] ?? path]]))
      return { ...p, diff: { baseline, metrics, ...(Object.keys(missing).length > 0 ? { missing } : {}) } }
    })
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
    new Map(plan.experiments.map((e) => [e.experiment.id, initialReplications(e.experiment)])),
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
  // Rounds: the plan's runs first; a replications rule may then add runs to some points, which go
  // to the executor as the next batch once the current one is finished (decisions never depend on
  // the order in which runs finish, only on which replications a point has: sequential.ts).
  let batch: readonly Run[] = allRuns
  let outcomesSeen = 0
  let runsSent = 0
  tracker.setOpen(collector.open)
  const cachedRuns = new Map<string, number>()
  while (batch.length > 0 && options.signal?.aborted !== true) {
    runsSent += batch.length
    const next: Run[] = []
    const stream = options.executor.run({ project: plan.project, scenario: options.scenario ?? MODEL_SCENARIO, runs: batch }, {
      jobs: options.jobs,
      signal: options.signal,
      onEvent: (e) => { if (tracker.onEvent(e)) progress(false) }
    })
    for await (const outcome of stream) {
      outcomesSeen++
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
      if (done?.type === 'point') emit({ type: 'point', experimentId: done.experimentId, pointIndex: done.pointIndex, point: done.point })
      else if (done?.type === 'more') { next.push(...done.runs); tracker.addRuns(done.runs) }
      progress(false)
    }
    if (outcomesSeen < runsSent) break
    // The next round in plan order (experiment, point, replication), whatever order this one finished in.
    const order = new Map(plan.experiments.map((pe, i) => [pe.experiment.id, i]))
    batch = next.sort((a, b) => order.get(a.experimentId)! - order.get(b.experimentId)! || a.pointIndex - b.pointIndex || a.replication - b.replication)
    if (batch.length === 0) tracker.setOpen(false)
  }
  tracker.setOpen(false)
  progress(true)
  const cancelled = options.signal?.aborted === true || outcomesSeen < runsSent
  if (cancelled) return { documents: [], failures, cancelled: true }
  const endedAt = new Date().toISOString()
  const documents: ResultsDocument[] = []
  for (const pe of plan.experiments) {
    const errors: RunErrorRecord[] = failures.filter((f) => f.run.experimentId === pe.experiment.id)
      .sort((a, b) => a.run.pointIndex - b.run.pointIndex || a.run.replication - b.run.replication)
      .map((f) => ({ params: named(pointOnly(f.run, pe), pe.names), replication: f.run.replication, seed: f.run.seed, code: f.code,
        message: isSampleRun(f.run.id) ? `uncertainty sample ${/\/u(\d+)\//.exec(f.run.id)?.[1] ?? '?'}: ${f.message}` : f.message }))
    const nominal = collector.finished(pe)
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
