// The current run: which experiment is in focus and what Run runs, the run's state machine
// (model/run-machine.ts), its progress, the failures of single runs, points as they finish
// (handed to the results store) and, at the end, the results documents kept in the project.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { ApiEvent, ApiError, Project, QueueStatusReport, RunProgress, StartedRun } from '../../../core/api/contract'
import { initialReplications, sweepPointCount } from '../../../core/project'
import { getHost } from '../host'
import { assertTransition, isBusy, outcomeOf, type RunState } from '../model/run-machine'
import type { ChartDocument } from '../model/metric-info'
import { queueUrlProblem, runOnParams, type RunOn } from '../model/run-target'
import { useHistoryStore } from './history'
import { useProjectStore } from './project'
import { useResultsStore } from './results'

export type { RunState } from '../model/run-machine'

/** A failure as the run panel lists it: which point and replication, in the user's words. */
export interface RunFailure {
  readonly code: string
  readonly message: string
  readonly experimentId?: string
  readonly pointIndex?: number
  readonly params?: Readonly<Record<string, string | number | boolean>>
  readonly replication?: number
}

export type RunScope = 'focus' | 'all'
type Experiment = Project['experiments'][number]

/** Runs an experiment asks for first (a replications rule's `min`; sequential stopping may add more). */
export const runsOf = (e: Pick<Experiment, 'sweep' | 'replications'>): number => sweepPointCount(e.sweep ?? []) * initialReplications({ replications: e.replications ?? 1 })

/** The project with stored results replaced: documents of the same experiments give way to the new ones. */
export function withResults(stored: unknown, documents: readonly ChartDocument[]): unknown[] {
  const ids = new Set(documents.map((d) => d.experiment))
  const kept = Array.isArray(stored) ? stored.filter((d) => !ids.has((d as { experiment?: string } | null)?.experiment ?? '')) : []
  return [...kept, ...documents]
}

export const useRunStore = defineStore('run', () => {
  const project = useProjectStore()
  const results = useResultsStore()
  const state = ref<RunState>('idle')
  const runId = ref<string | null>(null)
  const started = shallowRef<StartedRun | null>(null)
  const progress = shallowRef<RunProgress | null>(null)
  const failures = shallowRef<readonly RunFailure[]>([])
  const pointsDone = ref(0)
  /** The experiment the designer edits and Run runs (unless the scope is all). */
  const focus = ref<string | null>(null)
  const scope = ref<RunScope>('focus')
  /** Latin-hypercube samples of the catalog's plausible ranges (model uncertainty); 0: off. */
  const uncertainty = ref(0)
  /** Where Run runs: this machine, or the workers of the Redis queue at queueUrl. */
  const runOn = ref<RunOn>('here')
  const queueUrl = ref('')
  const queueStatus = shallowRef<QueueStatusReport | null>(null)
  const queueError = ref<string | null>(null)
  let buffered: ApiEvent[] = []
  let unsubscribe: (() => void) | null = null
  let runProjectName = ''
  /** The document the run was started from (project.epoch): its results are not kept in another one. */
  let runEpoch = -1

  const experiments = computed(() => project.doc.experiments ?? [])
  const focused = computed(() => experiments.value.find((e) => e.id === focus.value) ?? experiments.value[0] ?? null)
  const targets = computed(() => (scope.value === 'all' ? experiments.value : focused.value ? [focused.value] : []))
  const plannedRuns = computed(() => targets.value.reduce((n, e) => n + runsOf(e), 0) * (1 + (uncertainty.value >= 2 ? uncertainty.value : 0)))
  const busy = computed(() => isBusy(state.value))
  /** What is wrong with the queue URL when running on a queue (Run waits for a good one). */
  const queueProblem = computed(() => (runOn.value === 'queue' ? queueUrlProblem(queueUrl.value) : null))
  const canRun = computed(() => !busy.value && targets.value.length > 0 && queueProblem.value === null)
  const canStop = computed(() => state.value === 'running')
  const pointsTotal = computed(() => started.value?.experiments.reduce((n, e) => n + e.points, 0) ?? 0)

  /** Another document (new, open, example): an ended run's status, counts and errors were the old one's. */
  watch(() => project.epoch, () => {
    focus.value = null
    if (busy.value) return // a run under way goes on; its results stay out of this document (keepResults)
    if (state.value !== 'idle') go('idle')
    runId.value = null
    started.value = null
    progress.value = null
    failures.value = []
    pointsDone.value = 0
  })

  function go(to: RunState): void {
    assertTransition(state.value, to)
    state.value = to
  }

  function fail(errors: readonly ApiError[]): void {
    failures.value = [...failures.value, ...errors.map((e) => ({ code: e.code, message: e.path ? `${e.path}: ${e.message}` : e.message }))]
    go('failed')
    results.finishLive([], 'failed')
  }

  function keepResults(documents: readonly ChartDocument[]): void {
    if (documents.length === 0 || project.epoch !== runEpoch) return
    const from = project.doc.results
    useHistoryStore().dispatch({ type: 'set-path', path: 'results', from, to: withResults(from, documents) },
      { label: `Keep results of ${documents.map((d) => d.experiment).join(', ')}` })
  }

  function handle(event: ApiEvent): void {
    if (state.value === 'starting') {
      buffered.push(event)
      return
    }
    if (event.runId !== runId.value || !busy.value) return
    switch (event.type) {
      case 'run-progress':
        progress.value = event.progress
        return
      case 'run-point':
        pointsDone.value++
        results.addLivePoint(runProjectName, event.experimentId, event.pointIndex, event.point)
        return
      case 'run-error': {
        const r = event.run
        failures.value = [...failures.value, {
          code: event.error.code, message: event.error.message,
          ...(r ? { experimentId: r.experimentId, pointIndex: r.pointIndex, params: r.params, replication: r.replication } : {})
        }]
        return
      }
      case 'run-done': {
        const outcome = outcomeOf(event, failures.value.filter((f) => f.pointIndex === undefined).length)
        go(outcome)
        results.finishLive(event.documents, outcome)
        keepResults(event.documents)
      }
    }
  }

  async function start(): Promise<void> {
    if (!canRun.value) return
    const ids = targets.value.map((e) => e.id)
    go('starting')
    runId.value = null
    started.value = null
    progress.value = null
    failures.value = []
    pointsDone.value = 0
    buffered = []
    const api = getHost().api
    connect()
    const { results: _stored, ...doc } = project.doc
    runProjectName = doc.name
    runEpoch = project.epoch
    results.beginLive()
    let answer: Awaited<ReturnType<typeof api.startRun>>
    try {
      answer = await api.startRun({ project: doc, experimentIds: ids, ...(uncertainty.value >= 2 ? { uncertainty: uncertainty.value } : {}), ...runOnParams(runOn.value, queueUrl.value) })
    } catch (e) {
      answer = { ok: false, errors: [{ code: 'host-failed', message: e instanceof Error ? e.message : String(e) }] }
    }
    if (!answer.ok) {
      buffered = []
      fail(answer.errors)
      return
    }
    runId.value = answer.value.runId
    started.value = answer.value
    go('running')
    const replay = buffered
    buffered = []
    for (const e of replay) handle(e)
  }

  async function stop(): Promise<void> {
    if (!canStop.value || !runId.value) return
    go('stopping')
    let answer: Awaited<ReturnType<ReturnType<typeof getHost>['api']['stopRun']>>
    try {
      answer = await getHost().api.stopRun({ runId: runId.value })
    } catch (e) {
      answer = { ok: false, errors: [{ code: 'host-failed', message: e instanceof Error ? e.message : String(e) }] }
    }
    if (answer.ok || state.value !== 'stopping') return
    failures.value = [...failures.value, ...answer.errors.map((e) => ({ code: e.code, message: `Stop: ${e.message}` }))]
    if (answer.errors.some((e) => e.code === 'unknown-run')) {
      // the host has no such run any more: it ended, and its last events never arrived
      go('stopped')
      results.finishLive([], 'stopped')
    } else {
      go('running')
    }
  }

  /** Asks the host how many workers serve the queue (nothing to ask on this machine or with a bad URL). */
  async function refreshQueue(): Promise<void> {
    const url = queueUrl.value.trim()
    if (runOn.value !== 'queue' || queueProblem.value !== null) {
      queueStatus.value = null
      queueError.value = null
      return
    }
    let answer: Awaited<ReturnType<ReturnType<typeof getHost>['api']['queueStatus']>>
    try {
      answer = await getHost().api.queueStatus({ url })
    } catch (e) {
      answer = { ok: false, errors: [{ code: 'host-failed', message: e instanceof Error ? e.message : String(e) }] }
    }
    if (runOn.value !== 'queue' || queueUrl.value.trim() !== url) return // the setting changed meanwhile
    queueStatus.value = answer.ok ? answer.value : null
    queueError.value = answer.ok ? null : answer.errors.map((e) => e.message).join('; ')
  }

  /** Listens to the host's run events from now on (the run panel calls it when it appears, so no early event is missed). */
  function connect(): void {
    unsubscribe ??= getHost().api.subscribe(handle)
  }

  /** Stops listening to the host (tests, teardown). */
  function dispose(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  return {
    state, runId, started, progress, failures, pointsDone, pointsTotal, focus, scope, uncertainty,
    runOn, queueUrl, queueStatus, queueError, queueProblem,
    experiments, focused, targets, plannedRuns, busy, canRun, canStop,
    start, stop, handle, connect, dispose, refreshQueue
  }
})
