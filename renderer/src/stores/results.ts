// The results the workbench shows: result sets (those stored in the project, each finished run,
// the run in progress) with their documents by experiment, which earlier sets are overlaid, and
// the view's choices — experiment, chart kind, metric, key, x parameter — resolved against what
// the documents hold.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { ResultsPoint } from '../../../core/api/contract'
import { freshness, type Freshness } from '../../../core/api/results-freshness'
import { hasQuartiles, metricCatalog, quantileFamilies, type ChartDocument } from '../model/metric-info'
import { percentileFamilies } from '../model/percentiles'
import { defaultX, sweptParams } from '../model/point-groups'
import { hasDifferences, type ChartKind, type ChartView, type CpuView, type Overlay } from '../model/results-view'
import { useProjectStore } from './project'
import { metricScopes, scopedDocument, seriesMetrics, type MetricScope } from '../model/metric-scope'

export type { ChartKind }
export const CHART_KINDS: readonly { kind: ChartKind; label: string }[] = [
  { kind: 'sweep', label: 'Sweep (mean, 95 % CI)' },
  { kind: 'percentiles', label: 'Percentiles (p50, p99…)' },
  { kind: 'box', label: 'Box plot' },
  { kind: 'cdf', label: 'CDF' },
  { kind: 'breakdown', label: 'Breakdown (stacked)' },
  { kind: 'cpu', label: 'CPU utilisation' },
  { kind: 'timeseries', label: 'Over time' }
]

export interface ResultSet {
  readonly id: number
  readonly label: string
  readonly source: 'project' | 'run' | 'live'
  readonly documents: readonly ChartDocument[]
}

/** At most this many sets are kept (the oldest earlier runs go first). */
export const MAX_SETS = 8
/** The results chart's height in px when resized (it fills the panel until then). */
export const CHART_HEIGHT_MIN = 200
export const CHART_HEIGHT_MAX = 1600
export const CHART_HEIGHT_DEFAULT = 320
/** Milliseconds after the last edit before the shown results are checked against the project. */
export const FRESHNESS_DELAY_MS = 250
/**
 * The headline metric a chart opens on: the first of these the document measured (each workload's
 * own result: ping's RTT, stream's goodput, rpc's latency, an I/O program's operation latency), else
 * the first metric with a value anywhere, so a chart never opens on a metric without samples.
 */
const HEADLINE_METRICS = ['rtt_median_us', 'goodput_mbps', 'rpc_median_us', 'op_median_us', 'iops', 'ops_per_s', 'rpc_per_s', 'rtt_p99_us', 'io_latency_median_us']

/** True when some point of the documents has a value for the number metric `name`. */
function measured(docs: readonly ChartDocument[], name: string): boolean {
  return docs.some((d) => d.points.some((p) => {
    const v = p.metrics[name] as { mean?: unknown } | undefined
    return typeof v?.mean === 'number'
  }))
}

export function headlineMetric(docs: readonly ChartDocument[], numbers: readonly string[]): string | null {
  return HEADLINE_METRICS.find((m) => numbers.includes(m) && measured(docs, m)) ?? numbers.find((m) => measured(docs, m)) ?? numbers[0] ?? null
}

/** Stored documents that look like results (the project schema keeps them loosely typed). */
export function chartDocuments(stored: unknown): ChartDocument[] {
  if (!Array.isArray(stored)) return []
  return stored.filter((d): d is ChartDocument => {
    const doc = d as { format?: unknown; experiment?: unknown; points?: unknown } | null
    return doc?.format === 'iovlab-results' && typeof doc.experiment === 'string' && Array.isArray(doc.points) &&
      doc.points.every((p) => typeof p === 'object' && p !== null && typeof p.params === 'object' && typeof p.metrics === 'object')
  })
}

const clock = (): string => new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })

export const useResultsStore = defineStore('results', () => {
  const sets = shallowRef<readonly ResultSet[]>([])
  const currentId = ref<number | null>(null)
  const overlayIds = ref<number[]>([])
  const experiment = ref<string | null>(null)
  const chartKind = ref<ChartKind>('sweep')
  const metric = ref<string | null>(null)
  const key = ref<string | null>(null)
  const family = ref<string | null>(null)
  const x = ref<string | null>(null)
  const cpuView = ref<CpuView>('domain')
  /** The sweep chart as paired differences to the baseline (documents with common random numbers). */
  const difference = ref(false)
  /** Which series the charts draw: run totals, per workload or per VM (issue 12). */
  const scope = ref<MetricScope>('total')
  /** The chart's height after the user resized it; null: it fills the panel. */
  const chartHeight = ref<number | null>(null)
  function setChartHeight(px: number): void {
    chartHeight.value = Math.round(Math.min(CHART_HEIGHT_MAX, Math.max(CHART_HEIGHT_MIN, px)))
  }
  let nextId = 1
  let runs = 0
  let live = new Map<string, Map<number, ResultsPoint>>()

  const current = computed(() => sets.value.find((s) => s.id === currentId.value) ?? null)
  const experiments = computed(() => current.value?.documents.map((d) => d.experiment) ?? [])
  const shownExperiment = computed(() => (experiment.value && experiments.value.includes(experiment.value) ? experiment.value : experiments.value[0] ?? null))
  /** The shown experiment's document as stored (the time series and exports read it). */
  const rawDocument = computed(() => current.value?.documents.find((d) => d.experiment === shownExperiment.value) ?? null)
  const scopes = computed(() => metricScopes(rawDocument.value))
  const shownScope = computed<MetricScope>(() => (scopes.value.includes(scope.value) ? scope.value : 'total'))
  /** The shown document as the scope draws it: totals, or one point per workload / VM with its id as a parameter. */
  const document = computed(() => (rawDocument.value ? scopedDocument(rawDocument.value, shownScope.value) : null))
  /** Metrics the time series carries (empty without one). */
  const timeMetrics = computed(() => seriesMetrics(rawDocument.value))
  const canDiffer = computed(() => hasDifferences(document.value))
  const overlays = computed<Overlay[]>(() => overlayIds.value.flatMap((id) => {
    const set = sets.value.find((s) => s.id === id)
    const doc = set && set.id !== currentId.value ? set.documents.find((d) => d.experiment === shownExperiment.value) : undefined
    return set && doc ? [{ label: set.label, doc: scopedDocument(doc, shownScope.value) }] : []
  }))
  const catalog = computed(() => metricCatalog(document.value ? [document.value, ...overlays.value.map((o) => o.doc)] : []))
  const allFamilies = computed(() => quantileFamilies(catalog.value.numbers, catalog.value.objects.map((o) => o.name)))
  /** The quantile families the chosen kind can draw: box plots need the quartiles, CDFs any. */
  /** Quantities measured at two or more percentiles (a block workload's I/O latency p50 and p99), for the percentiles chart. */
  const percentiles = computed(() => percentileFamilies(catalog.value.numbers))
  const families = computed(() => (chartKind.value === 'box' ? allFamilies.value.filter(hasQuartiles) : chartKind.value === 'percentiles' ? percentiles.value : allFamilies.value))
  /** Object metrics to stack: not cpu_util (its own view) and not a distribution (the CDF's). */
  const breakdownMetrics = computed(() => catalog.value.objects.map((o) => o.name).filter((n) => n !== 'cpu_util' && !/_cdf_[a-z]+$/.test(n)))
  const kinds = computed<ChartKind[]>(() => {
    if (!document.value) return []
    const out: ChartKind[] = ['sweep']
    if (percentiles.value.length > 0) out.push('percentiles')
    if (allFamilies.value.some(hasQuartiles)) out.push('box')
    if (allFamilies.value.length > 0) out.push('cdf')
    if (breakdownMetrics.value.length > 0) out.push('breakdown')
    if (catalog.value.objects.some((o) => o.name === 'cpu_util')) out.push('cpu')
    if (timeMetrics.value.length > 0) out.push('timeseries')
    return out
  })
  const swept = computed(() => (document.value ? sweptParams(document.value.points) : []))

  /** The choices as the chart uses them: the user's where they fit the documents, sensible defaults elsewhere. */
  const view = computed<ChartView>(() => {
    const c = catalog.value
    const kind: ChartKind = kinds.value.includes(chartKind.value) ? chartKind.value : 'sweep'
    const objectKeys = (name: string | null) => c.objects.find((o) => o.name === name)?.keys ?? []
    let m: string | null
    if (kind === 'breakdown') m = metric.value && breakdownMetrics.value.includes(metric.value) ? metric.value : breakdownMetrics.value.includes('stage_us') ? 'stage_us' : breakdownMetrics.value[0] ?? null
    else if (kind === 'cpu') m = 'cpu_util'
    else if (kind === 'timeseries') m = metric.value && timeMetrics.value.includes(metric.value) ? metric.value : HEADLINE_METRICS.find((h) => timeMetrics.value.includes(h)) ?? timeMetrics.value[0] ?? null
    else m = metric.value && (c.numbers.includes(metric.value) || objectKeys(metric.value).length > 0) ? metric.value
      : headlineMetric(document.value ? [document.value] : [], c.numbers) ?? c.objects[0]?.name ?? null
    const keys = objectKeys(m)
    const k = kind === 'sweep' && keys.length > 0 ? (key.value && keys.includes(key.value) ? key.value : keys[0]) : null
    const fams = kind === 'box' ? allFamilies.value.filter(hasQuartiles) : kind === 'percentiles' ? percentiles.value : allFamilies.value
    const fam = fams.find((f) => f.id === family.value) ?? fams[0] ?? null
    const xName = x.value && swept.value.some((s) => s.name === x.value) ? x.value : defaultX(swept.value)
    return { kind, metric: m, key: k, keys, family: fam, x: xName }
  })

  function addSet(set: Omit<ResultSet, 'id'>): ResultSet {
    const made = { ...set, id: nextId++ }
    let next = [...sets.value, made]
    while (next.length > MAX_SETS) {
      const drop = next.find((s) => s.source !== 'live' && s.id !== currentId.value && s.id !== made.id)
      if (!drop) break
      next = next.filter((s) => s !== drop)
    }
    sets.value = next
    overlayIds.value = overlayIds.value.filter((id) => next.some((s) => s.id === id))
    currentId.value = made.id
    return made
  }

  /** Forgets everything and shows the results stored in a newly opened project (if any). */
  function loadStored(stored: unknown): void {
    sets.value = []
    overlayIds.value = []
    currentId.value = null
    live = new Map()
    const docs = chartDocuments(stored)
    if (docs.length > 0) addSet({ label: 'Stored in the project', source: 'project', documents: docs })
  }

  function liveDocuments(projectName: string): ChartDocument[] {
    return [...live].map(([exp, points]) => ({
      project: projectName, experiment: exp,
      points: [...points].sort(([a], [b]) => a - b).map(([, p]) => p)
    }))
  }

  /** A run starts: its points appear in a set of their own, shown at once. */
  function beginLive(): void {
    live = new Map()
    runs++
    addSet({ label: `Run ${runs} · ${clock()} (running)`, source: 'live', documents: [] })
  }

  function replaceSet(id: number, patch: Partial<Omit<ResultSet, 'id'>>): void {
    sets.value = sets.value.map((s) => (s.id === id ? { ...s, ...patch } : s))
  }

  function addLivePoint(projectName: string, experimentId: string, pointIndex: number, point: ResultsPoint): void {
    const set = sets.value.find((s) => s.source === 'live')
    if (!set) return
    const points = live.get(experimentId) ?? new Map<number, ResultsPoint>()
    points.set(pointIndex, point)
    live.set(experimentId, points)
    replaceSet(set.id, { documents: liveDocuments(projectName) })
  }

  /** The run ended: its final documents replace the live points (kept as they are when it was stopped). */
  function finishLive(documents: readonly ChartDocument[], outcome: 'done' | 'failed' | 'stopped'): void {
    const set = sets.value.find((s) => s.source === 'live')
    if (!set) return
    const base = set.label.replace(/ \(running\)$/, '')
    if (documents.length > 0) replaceSet(set.id, { source: 'run', documents, label: outcome === 'failed' ? `${base} (some runs failed)` : base })
    else if (set.documents.length > 0) replaceSet(set.id, { source: 'run', label: `${base} (${outcome}, partial)` })
    else {
      sets.value = sets.value.filter((s) => s.id !== set.id)
      currentId.value = sets.value.at(-1)?.id ?? null
    }
  }

  function toggleOverlay(id: number): void {
    overlayIds.value = overlayIds.value.includes(id) ? overlayIds.value.filter((i) => i !== id) : [...overlayIds.value, id]
  }

  function show(id: number): void {
    if (sets.value.some((s) => s.id === id)) currentId.value = id
    overlayIds.value = overlayIds.value.filter((i) => i !== id)
  }

  // A newly opened project (new, open, recover) brings its stored results and nothing of the last one.
  const project = useProjectStore()
  watch(() => project.epoch, () => loadStored(project.doc.results), { immediate: true, flush: 'sync' })

  /** What the chart needs of the project to name swept parameters. */
  const paramContext = computed(() => ({ nodes: project.doc.topology?.nodes ?? [], links: project.doc.topology?.links ?? [] }))

  /**
   * Whether the shown document still describes the project: "stale" once a parameter, the topology,
   * the seed or its experiment changed since it was made; null for a run in progress (or before the
   * check finished). Checked again a moment after each edit.
   */
  const freshnessOfShown = ref<Freshness | null>(null)
  /** True from an edit until the check of the shown results against it finished. */
  const freshnessPending = ref(false)
  let check = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  watch([() => project.doc, rawDocument, current], () => {
    const n = ++check
    if (timer !== undefined) clearTimeout(timer)
    const doc = rawDocument.value as (ChartDocument & { inputDigest?: string; overrides?: readonly { path: string; value: unknown }[] }) | null
    if (!doc || current.value?.source === 'live' || typeof doc.inputDigest !== 'string') {
      freshnessOfShown.value = null
      freshnessPending.value = false
      return
    }
    const inputDigest = doc.inputDigest
    freshnessPending.value = true
    const done = (f: Freshness | null): void => {
      if (n !== check) return
      freshnessOfShown.value = f
      freshnessPending.value = false
    }
    timer = setTimeout(() => {
      freshness(project.doc, { experiment: doc.experiment, inputDigest, overrides: doc.overrides as never }).then(done, () => done(null))
    }, FRESHNESS_DELAY_MS)
  }, { immediate: true })

  return {
    sets, currentId, overlayIds, experiment, chartKind, metric, key, family, x, cpuView, difference, canDiffer,
    scope, scopes, shownScope, rawDocument, timeMetrics,
    current, experiments, shownExperiment, document, overlays, catalog, families, breakdownMetrics, kinds, swept, view,
    paramContext, freshnessOfShown, freshnessPending, chartHeight, setChartHeight,
    loadStored, beginLive, addLivePoint, finishLive, toggleOverlay, show
  }
})
