// Starting and stopping runs for the service: overrides and replications applied to the
// project and validated again, the runs planned, then executed in the background with every
// runner event turned into a contract event tagged with the run id.
import { analyzeSensitivity, executeBatch, executePlan, initialReplications, isReplicationRule, MAX_RUNS, planRuns, planSensitivity, planUncertainty, type Executor, type Override, type RunFailure, type RunnerEvent, type SensitivityDesign, type UncertaintyPlan } from '../experiment/index'
import { buildPart, shardRuns, type ShardSpec } from '../experiment/shard'
import { CachingExecutor, type ResultCache } from '../experiment/cache'
import type { Run } from '../experiment/types'
import { formatPath } from '../project/problems'
import { setPath } from '../project/paths'
import type { Project } from '../project/schema'
import { validateProject, type ValidationResult } from '../project/validate'
import type { ApiError, ApiEvent, ApiResponse, RequestParams, StartedRun, StartedSensitivity } from './contract'
import { fail, ok, problemToError } from './errors'
import type { QueueHost } from './queue-host'

export interface RunDeps {
  readonly executor: Executor
  readonly scenario: string
  readonly defaultJobs: number
  readonly emit: (event: ApiEvent) => void
  /** How projects are validated (default: on this thread). */
  readonly validate?: Validate
  /** Jobs of one run at most (a start asking for more gets this many); default: as asked. */
  readonly maxJobs?: number
  /** Runs in progress at once at most; a start beyond it is refused with `too-many-runs`. Default: no limit. */
  readonly maxConcurrentRuns?: number
  /** The result cache runs are taken from and stored in (cache.ts); a start with `cache: false` bypasses it. Default: none. */
  readonly cache?: ResultCache
  /** Executors for startRun's `queue` (default: none). */
  readonly queue?: QueueHost
}

export type Validate = (value: unknown) => Promise<ValidationResult>
const validateHere: Validate = async (value) => validateProject(value)

/** The error code of a start refused because enough runs are in progress (a host may answer it with HTTP 429). */
export const TOO_MANY_RUNS = 'too-many-runs'

export interface PreparedRun {
  readonly project: Project
  readonly overrides: Override[]
}

/** The project a run uses: valid input, `overrides` set at their paths, replications set, valid again. */
export async function prepareProject(params: Pick<RequestParams<'startRun'>, 'project' | 'experimentIds' | 'overrides' | 'replications'>, validate: Validate = validateHere): Promise<ApiResponse<PreparedRun>> {
  const first = await validate(params.project)
  if (!first.ok) return { ok: false, errors: first.problems.map(problemToError) }
  let project = first.project
  const overrides: Override[] = [...(params.overrides ?? [])]
  if (params.replications !== undefined) {
    const ids = params.experimentIds && params.experimentIds.length > 0 ? params.experimentIds : project.experiments.map((e) => e.id)
    for (const id of ids) if (project.experiments.some((e) => e.id === id)) overrides.push({ path: `experiments.${id}.replications`, value: params.replications })
  }
  const errors: ApiError[] = []
  for (const o of overrides) {
    const r = setPath(project, o.path, o.value)
    if (r.ok) project = r.value
    else errors.push({ code: 'bad-override', message: r.message, path: o.path })
  }
  if (errors.length > 0) return { ok: false, errors }
  if (overrides.length > 0) {
    const again = await validate(project)
    if (!again.ok) {
      return { ok: false, errors: again.problems.map((p) => ({ code: p.code, message: `${p.message} (after the overrides)`, path: formatPath(p.path) })) }
    }
    project = again.project
  }
  return ok({ project, overrides })
}

/** The runs in progress, by id. */
export class RunRegistry {
  private readonly active = new Map<string, AbortController>()
  /** Starts being validated and planned, counted against maxConcurrentRuns too. */
  private starting = 0
  private counter = 0

  constructor(private readonly deps: RunDeps) {}

  /** Refuses a run past maxConcurrentRuns (runs being validated count too), else validates and applies the overrides. */
  private async admit(params: Parameters<typeof prepareProject>[0]): Promise<ApiResponse<PreparedRun>> {
    const max = this.deps.maxConcurrentRuns
    if (max !== undefined && this.active.size + this.starting >= max) {
      return fail({ code: TOO_MANY_RUNS, message: `${max === 1 ? 'a run is' : `${max} runs are`} in progress already, as many as this server runs at once; wait for one to finish, or stop one` })
    }
    this.starting++
    try {
      return await prepareProject(params, this.deps.validate)
    } finally {
      this.starting--
    }
  }

  async start(params: RequestParams<'startRun'>): Promise<ApiResponse<StartedRun>> {
    const prepared = await this.admit(params)
    if (!prepared.ok) return prepared
    const planned = planRuns(prepared.value.project, params.experimentIds)
    if (!planned.ok) return fail({ code: planned.code, message: planned.message })
    const runId = `run-${++this.counter}-${Date.now().toString(36)}`
    const jobs = Math.min(params.jobs ?? this.deps.defaultJobs, this.deps.maxJobs ?? Infinity)
    const ac = new AbortController()
    const { plan } = planned
    const uncertainty: UncertaintyPlan[] = []
    if (params.uncertainty !== undefined) {
      const errors: ApiError[] = []
      for (const pe of plan.experiments) {
        const u = planUncertainty(plan.project, pe.experiment, params.uncertainty, params.ranges ?? [])
        if (u.ok) uncertainty.push(u.plan)
        else for (const message of u.problems) errors.push({ code: 'bad-uncertainty', message })
      }
      if (errors.length > 0) return { ok: false, errors }
      const total = plan.runs.length + uncertainty.reduce((n, u) => n + u.runs.length, 0)
      if (total > MAX_RUNS) return fail({ code: 'too-many-runs', message: `with ${params.uncertainty} uncertainty samples these experiments need ${total.toLocaleString('en-US')} runs; at most ${MAX_RUNS.toLocaleString('en-US')} run at once — use fewer samples, points or replications` })
    } else if (params.ranges !== undefined && params.ranges.length > 0) {
      return fail({ code: 'bad-uncertainty', message: 'ranges are sampled only with uncertainty (--uncertainty N)' })
    }
    let base = this.deps.executor
    if (params.queue !== undefined) {
      const onQueue = this.deps.queue ? await this.deps.queue.executor(params.queue) : fail<Executor>({ code: 'no-queue', message: 'this host cannot run on a queue' })
      if (!onQueue.ok) return onQueue
      base = onQueue.value
    }
    const executor = this.deps.cache && params.cache !== false ? new CachingExecutor(base, this.deps.cache) : base
    if (params.shard !== undefined) {
      const shard = params.shard
      if (shard.index > shard.count) return fail({ code: 'bad-shard', message: `shard ${shard.index}/${shard.count} does not exist: I is from 1 to N` })
      // A replications rule adds runs per point in rounds decided from the point's own results, which a
      // slice of the plan cannot see: shards need a fixed number of replications.
      const ruled = plan.experiments.find((e) => isReplicationRule(e.experiment.replications))
      if (ruled) return fail({ code: 'bad-shard', message: `experiment "${ruled.experiment.id}" stops its replications by a rule, which shards cannot split (each point's rounds depend on its own results): give a fixed number with --replications N` })
      const allRuns = [...plan.runs, ...uncertainty.flatMap((u) => u.runs)]
      const runs = shardRuns(allRuns, shard)
      this.active.set(runId, ac)
      const request = { experimentIds: plan.experiments.map((e) => e.experiment.id), ...(params.uncertainty === undefined ? {} : { uncertainty: params.uncertainty }), ...(params.ranges && params.ranges.length > 0 ? { ranges: params.ranges } : {}) }
      const names = new Map(plan.experiments.map((e) => [e.experiment.id, e.names]))
      setTimeout(() => void this.executeShard(runId, { executor, project: plan.project, shard, runs, runsTotal: allRuns.length, request, overrides: prepared.value.overrides, jobs, ac, names }), 0)
      return ok({ runId, runs: runs.length, experiments: plan.experiments.map((e) => ({ id: e.experiment.id, points: e.pointCount, replications: initialReplications(e.experiment) })), jobs })
    }
    this.active.set(runId, ac)
    // Start on a later turn of the event loop, so the caller has the run id before any event.
    setTimeout(() => void this.execute(runId, executor, plan, prepared.value.overrides, jobs, ac, uncertainty), 0)
    return ok({
      runId,
      runs: plan.runs.length + uncertainty.reduce((n, u) => n + u.runs.length, 0),
      experiments: plan.experiments.map((e) => ({ id: e.experiment.id, points: e.pointCount, replications: initialReplications(e.experiment) })),
      jobs
    })
  }

  stop(runId: string): ApiResponse<{ stopped: boolean }> {
    const ac = this.active.get(runId)
    if (!ac) return fail({ code: 'unknown-run', message: `there is no run "${runId}" in progress` })
    ac.abort()
    return ok({ stopped: true })
  }

  stopAll(): void {
    for (const ac of this.active.values()) ac.abort()
  }

  /** Starts a sensitivity analysis: the same executor, progress events and stopRun as a run. */
  async startSensitivity(params: RequestParams<'startSensitivity'>): Promise<ApiResponse<StartedSensitivity>> {
    const prepared = await this.admit({ project: params.project, experimentIds: [params.experimentId], ...(params.overrides ? { overrides: params.overrides } : {}), ...(params.replications === undefined ? {} : { replications: params.replications }) })
    if (!prepared.ok) return prepared
    const project = prepared.value.project
    const planned = planSensitivity(project, {
      experimentId: params.experimentId,
      ...(params.pointIndex === undefined ? {} : { pointIndex: params.pointIndex }),
      ...(params.paths ? { paths: params.paths } : {}),
      ...(params.all === undefined ? {} : { all: params.all }),
      ...(params.delta === undefined ? {} : { delta: params.delta }),
      ...(params.method ? { method: params.method } : {}),
      ...(params.trajectories === undefined ? {} : { trajectories: params.trajectories })
    })
    if (!planned.ok) return { ok: false, errors: planned.problems.map((message) => ({ code: 'bad-sensitivity', message })) }
    const runId = `sens-${++this.counter}-${Date.now().toString(36)}`
    const jobs = Math.min(params.jobs ?? this.deps.defaultJobs, this.deps.maxJobs ?? Infinity)
    const ac = new AbortController()
    this.active.set(runId, ac)
    const design = planned.design
    setTimeout(() => void this.executeSensitivity(runId, project, design, jobs, ac), 0)
    return ok({ runId, runs: design.runs.length, parameters: design.targets.length, skipped: design.skipped, jobs })
  }

  private async executeSensitivity(runId: string, project: Project, design: SensitivityDesign, jobs: number, ac: AbortController): Promise<void> {
    const emit = this.deps.emit
    let failed = 0
    try {
      const done = await executeBatch(project, design.runs, {
        executor: this.deps.executor, scenario: this.deps.scenario, jobs, signal: ac.signal,
        onProgress: (progress) => emit({ type: 'run-progress', runId, progress }),
        onFailure: (f: RunFailure) => {
          failed++
          const r = f.run
          emit({ type: 'run-error', runId, error: { code: f.code, message: f.message }, run: { experimentId: r.experimentId, pointIndex: r.pointIndex, params: {}, replication: r.replication, seed: r.seed } })
        }
      })
      const report = done.cancelled ? null : analyzeSensitivity(project, design, done.outcomes)
      emit({ type: 'sensitivity-done', runId, report, failed, cancelled: done.cancelled })
    } catch (e) {
      emit({ type: 'run-error', runId, error: { code: 'internal-error', message: e instanceof Error ? e.message : String(e) } })
      emit({ type: 'sensitivity-done', runId, report: null, failed: design.runs.length, cancelled: false })
    } finally {
      this.active.delete(runId)
    }
  }

  private async executeShard(runId: string, s: ShardStart): Promise<void> {
    const emit = this.deps.emit
    const startedAt = new Date().toISOString()
    try {
      const done = await executeBatch(s.project, s.runs, {
        executor: s.executor, scenario: this.deps.scenario, jobs: s.jobs, signal: s.ac.signal,
        onProgress: (progress) => emit({ type: 'run-progress', runId, progress }),
        onFailure: (f: RunFailure) => {
          const r = f.run
          // The point's swept values by short name, as a whole run reports them.
          const short = s.names.get(r.experimentId) ?? {}
          const params = Object.fromEntries(Object.entries(short).filter(([path]) => Object.hasOwn(r.params, path)).map(([path, name]) => [name, r.params[path]]))
          emit({ type: 'run-error', runId, error: { code: f.code, message: f.message }, run: { experimentId: r.experimentId, pointIndex: r.pointIndex, params, replication: r.replication, seed: r.seed } })
        }
      })
      const failed = done.outcomes.filter((o) => !o.ok).length
      const cachedRuns = done.outcomes.filter((o) => o.ok && o.cached).length
      const part = done.cancelled ? undefined : await buildPart({
        shard: s.shard, project: s.project, scenario: this.deps.scenario, request: s.request, overrides: s.overrides, runsTotal: s.runsTotal,
        runs: s.runs, outcomes: done.outcomes, executor: s.executor.kind, jobs: s.jobs, startedAt, endedAt: new Date().toISOString()
      })
      emit({ type: 'run-done', runId, documents: [], failed, cancelled: done.cancelled, ...(cachedRuns > 0 ? { cachedRuns } : {}), ...(part ? { part } : {}) })
    } catch (e) {
      emit({ type: 'run-error', runId, error: { code: 'internal-error', message: e instanceof Error ? e.message : String(e) } })
      emit({ type: 'run-done', runId, documents: [], failed: s.runs.length, cancelled: false })
    } finally {
      this.active.delete(runId)
    }
  }

  private async execute(runId: string, executor: Executor, plan: Parameters<typeof executePlan>[0], overrides: Override[], jobs: number, ac: AbortController, uncertainty: readonly UncertaintyPlan[] = []): Promise<void> {
    const emit = this.deps.emit
    try {
      const result = await executePlan(plan, {
        executor, scenario: this.deps.scenario, jobs, signal: ac.signal, overrides,
        ...(uncertainty.length > 0 ? { uncertainty } : {}),
        onEvent: (e) => emit(toApiEvent(runId, e))
      })
      const cachedRuns = result.documents.reduce((n, d) => n + (d.provenance?.cachedRuns ?? 0), 0)
      emit({ type: 'run-done', runId, documents: result.documents, failed: result.failures.length, cancelled: result.cancelled, ...(cachedRuns > 0 ? { cachedRuns } : {}) })
    } catch (e) {
      emit({ type: 'run-error', runId, error: { code: 'internal-error', message: e instanceof Error ? e.message : String(e) } })
      emit({ type: 'run-done', runId, documents: [], failed: plan.runs.length, cancelled: false })
    } finally {
      this.active.delete(runId)
    }
  }
}

interface ShardStart {
  readonly executor: Executor
  readonly project: Project
  readonly shard: ShardSpec
  readonly runs: readonly Run[]
  readonly runsTotal: number
  readonly request: { readonly experimentIds: readonly string[]; readonly uncertainty?: number; readonly ranges?: readonly { path: string; lo: number; hi: number }[] }
  readonly overrides: Override[]
  readonly jobs: number
  readonly ac: AbortController
  /** Swept path → short name, per experiment. */
  readonly names: ReadonlyMap<string, Readonly<Record<string, string>>>
}

function toApiEvent(runId: string, e: RunnerEvent): ApiEvent {
  switch (e.type) {
    case 'progress':
      return { type: 'run-progress', runId, progress: e.progress }
    case 'point':
      return { type: 'run-point', runId, experimentId: e.experimentId, pointIndex: e.pointIndex, point: e.point }
    case 'run-failed': {
      const r = e.failure.run
      return {
        type: 'run-error', runId,
        error: { code: e.failure.code, message: e.failure.message },
        run: { experimentId: r.experimentId, pointIndex: r.pointIndex, params: e.params, replication: r.replication, seed: r.seed }
      }
    }
  }
}
