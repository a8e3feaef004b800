// Sensitivity analysis from the results view: started for the shown experiment at a chosen point
// through the host's API (startSensitivity), its progress, Stop (stopRun), and the report the
// tornado chart draws; the metric the chart shows.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { ApiEvent, RunProgress, SensitivityReport } from '../../../core/api/contract'
import { getHost } from '../host'
import { useProjectStore } from './project'

export type SensitivityState = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'failed' | 'cancelled'

export interface SensitivityOptions {
  readonly experimentId: string
  readonly pointIndex: number
  /** Default: every catalog parameter (--all). */
  readonly paths?: readonly string[]
  readonly delta?: number
  readonly method?: 'oat' | 'morris'
}

export const useSensitivityStore = defineStore('sensitivity', () => {
  const project = useProjectStore()
  const state = ref<SensitivityState>('idle')
  const runId = ref<string | null>(null)
  const runs = ref(0)
  const progress = shallowRef<RunProgress | null>(null)
  const report = shallowRef<SensitivityReport | null>(null)
  const errors = shallowRef<readonly string[]>([])
  const failedRuns = ref(0)
  const metric = ref<string | null>(null)
  const target = shallowRef<{ experimentId: string; pointIndex: number } | null>(null)
  let unsubscribe: (() => void) | null = null
  let buffered: ApiEvent[] = []

  const busy = computed(() => state.value === 'starting' || state.value === 'running' || state.value === 'stopping')
  const metrics = computed(() => (report.value ? Object.keys(report.value.metrics).filter((m) => report.value!.metrics[m].effects.some((e) => e.elasticity !== null)) : []))
  const shownMetric = computed(() => (metric.value && metrics.value.includes(metric.value) ? metric.value : metrics.value[0] ?? null))

  function handle(e: ApiEvent): void {
    if (state.value === 'starting') { buffered.push(e); return }
    if (e.runId !== runId.value) return
    if (e.type === 'run-progress') progress.value = e.progress
    else if (e.type === 'run-error') { failedRuns.value++; if (errors.value.length < 20) errors.value = [...errors.value, e.error.message] }
    else if (e.type === 'sensitivity-done') {
      report.value = e.report
      state.value = e.cancelled ? 'cancelled' : e.report ? 'done' : 'failed'
      unsubscribe?.()
      unsubscribe = null
    }
  }

  async function start(options: SensitivityOptions): Promise<void> {
    if (busy.value) return
    state.value = 'starting'
    report.value = null
    progress.value = null
    errors.value = []
    failedRuns.value = 0
    buffered = []
    target.value = { experimentId: options.experimentId, pointIndex: options.pointIndex }
    const api = getHost().api
    unsubscribe?.()
    unsubscribe = api.subscribe(handle)
    const { results: _stored, ...doc } = project.doc
    const started = await api.startSensitivity({
      project: doc, experimentId: options.experimentId, pointIndex: options.pointIndex,
      ...(options.paths && options.paths.length > 0 ? { paths: [...options.paths] } : { all: true }),
      ...(options.delta === undefined ? {} : { delta: options.delta }),
      ...(options.method ? { method: options.method } : {})
    })
    if (!started.ok) {
      errors.value = started.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message))
      state.value = 'failed'
      unsubscribe?.()
      unsubscribe = null
      return
    }
    runId.value = started.value.runId
    runs.value = started.value.runs
    state.value = 'running'
    for (const e of buffered.splice(0)) handle(e)
  }

  async function stop(): Promise<void> {
    if (state.value !== 'running' || !runId.value) return
    state.value = 'stopping'
    await getHost().api.stopRun({ runId: runId.value })
  }

  return { state, runId, runs, progress, report, errors, failedRuns, metric, metrics, shownMetric, target, busy, start, stop }
})
