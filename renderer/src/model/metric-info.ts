// What the results views know about metrics by their names: the unit a name's suffix gives
// (rtt_median_us → µs, goodput_mbps → Mbit/s, cpu_util → %), number vs object metrics, and the
// quantile families (rtt_p25_us, rtt_median_us, rtt_p75_us, rtt_p99_us…) box plots and CDFs draw.
import type { ResultsDocument, ResultsPoint } from '../../../core/api/contract'

export type PointMetrics = ResultsPoint['metrics']
/** Mean and 95 % confidence half-width over replications (null when no replication gave a number). */
export interface Summary { readonly mean: number | null; readonly ci95: number | null }

/** What a chart needs of a results document (a live run's partial documents have no digests yet). */
export type ChartDocument = Pick<ResultsDocument, 'experiment' | 'points'> & Partial<Pick<ResultsDocument, 'project' | 'paramPaths'>>

export interface MetricUnit {
  /** Shown after numbers and in axis names; '' for plain counts. */
  readonly unit: string
  /** Multiply a stored value by this to show it (cpu_util 0.42 → 42 %). */
  readonly scale: number
}

const SUFFIX_UNITS: readonly [RegExp, MetricUnit][] = [
  [/_ns$/, { unit: 'ns', scale: 1 }],
  [/_us$/, { unit: 'µs', scale: 1 }],
  [/_ms$/, { unit: 'ms', scale: 1 }],
  [/_s$/, { unit: 's', scale: 1 }],
  [/_kbps$/, { unit: 'kbit/s', scale: 1 }],
  [/_mbps$/, { unit: 'Mbit/s', scale: 1 }],
  [/_gbps$/, { unit: 'Gbit/s', scale: 1 }],
  [/_bytes$/, { unit: 'B', scale: 1 }],
  [/(_util|_ratio|_fraction)$/, { unit: '%', scale: 100 }],
  [/^iops$/, { unit: 'IO/s', scale: 1 }]
]

/** The unit of a metric from its name; counts (vm_exits, irqs_physical…) have none. */
export function metricUnit(name: string): MetricUnit {
  for (const [re, unit] of SUFFIX_UNITS) if (re.test(name)) return unit
  return { unit: '', scale: 1 }
}

/** "rtt_median_us" → "rtt median (µs)"; counts say "(count per run)". */
export function metricLabel(name: string, key?: string): string {
  const { unit } = metricUnit(name)
  const base = name.replace(/_(ns|us|ms|s|kbps|mbps|gbps|bytes)$/, '').replace(/_/g, ' ')
  return `${base}${key ? ` · ${key}` : ''} (${unit || 'count per run'})`
}

/** A number with its unit, 3–4 significant digits: "63.0 µs", "42.1 %", "1.2e+6". */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—'
  const abs = Math.abs(value)
  const text = abs !== 0 && (abs >= 1e6 || abs < 1e-3) ? value.toExponential(2) : Number(value.toPrecision(abs >= 1000 ? 4 : 3)).toString()
  return unit ? `${text} ${unit}` : text
}

export function isSummary(v: unknown): v is Summary {
  return typeof v === 'object' && v !== null && 'mean' in v && 'ci95' in v
}

/** A point's summary of `metric` (or of its `key`, for object metrics); null when absent. */
export function summaryOf(point: Pick<ResultsPoint, 'metrics'>, metric: string, key?: string): Summary | null {
  const v = point.metrics[metric] as unknown
  if (isSummary(v)) return key ? null : v
  if (typeof v !== 'object' || v === null || !key) return null
  const k = (v as Record<string, unknown>)[key]
  return isSummary(k) ? k : null
}

export interface MetricCatalog {
  /** Metrics with one number per point. */
  readonly numbers: readonly string[]
  /** Metrics with a number per key (cpu_util, stage_us, vm_exits_by_reason), with every key seen. */
  readonly objects: readonly { readonly name: string; readonly keys: readonly string[] }[]
}

/** Every metric of the documents' points, names sorted, keys in first-seen order. */
export function metricCatalog(docs: readonly ChartDocument[]): MetricCatalog {
  const numbers = new Set<string>()
  const objects = new Map<string, Set<string>>()
  for (const d of docs) {
    for (const p of d.points) {
      for (const [name, v] of Object.entries(p.metrics)) {
        if (isSummary(v)) numbers.add(name)
        else if (typeof v === 'object' && v !== null) {
          const keys = objects.get(name) ?? new Set<string>()
          for (const k of Object.keys(v)) keys.add(k)
          objects.set(name, keys)
        }
      }
    }
  }
  return {
    numbers: [...numbers].sort(),
    objects: [...objects].sort(([a], [b]) => a.localeCompare(b)).map(([name, keys]) => ({ name, keys: [...keys] }))
  }
}

export interface QuantileFamily {
  /** "rtt_us": the name without its statistic. */
  readonly id: string
  readonly unit: string
  /** Quantile (0 = min, 0.5 = median, 1 = max) → metric name, ascending. */
  readonly quantiles: readonly { readonly q: number; readonly metric: string }[]
  /** The object metric holding the distribution read from the histogram's buckets ("rtt_cdf_us": "p0"…"p100"), when reported. */
  readonly cdf?: string
}

const CDF_RE = /^(.+)_cdf_([a-z]+)$/

/** True when a family can draw a box plot (it has the median and quartiles). */
export const hasQuartiles = (f: QuantileFamily): boolean => [0.25, 0.5, 0.75].every((q) => f.quantiles.some((e) => e.q === q))

/** A CDF object metric's points, ascending: [value in the metric's unit, quantile in 0…1]. */
export function cdfPoints(point: Pick<ResultsPoint, 'metrics'>, cdfMetric: string): [number, number][] {
  const v = point.metrics[cdfMetric] as unknown
  if (typeof v !== 'object' || v === null || isSummary(v)) return []
  const out: [number, number][] = []
  for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
    const m = /^p(\d+(?:\.\d+)?)$/.exec(k)
    if (!m || !isSummary(s) || s.mean === null) continue
    out.push([s.mean, Number(m[1]) / 100])
  }
  return out.sort((a, b) => a[1] - b[1])
}

const QUANTILE_RE = /^(.+)_(min|max|median|p(\d{1,2}(?:\.\d+)?))_([a-z]+)$/

function quantileOf(stat: string, percent: string | undefined): number {
  if (stat === 'min') return 0
  if (stat === 'max') return 1
  if (stat === 'median') return 0.5
  return Number(percent) / 100
}

/**
 * Families of quantile metrics for box plots and CDFs: those with a median and at least the quartiles,
 * and those whose distribution the results carry as a CDF object metric (`objectMetrics` names).
 */
export function quantileFamilies(numberMetrics: readonly string[], objectMetrics: readonly string[] = []): QuantileFamily[] {
  const families = new Map<string, { q: number; metric: string }[]>()
  for (const name of numberMetrics) {
    const m = QUANTILE_RE.exec(name)
    if (!m) continue
    const id = `${m[1]}_${m[4]}`
    const list = families.get(id) ?? []
    list.push({ q: quantileOf(m[2], m[3]), metric: name })
    families.set(id, list)
  }
  const cdfs = new Map<string, string>()
  for (const name of objectMetrics) {
    const m = CDF_RE.exec(name)
    if (m) cdfs.set(`${m[1]}_${m[2]}`, name)
  }
  const out: QuantileFamily[] = []
  for (const [id, list] of families) {
    const qs = new Set(list.map((e) => e.q))
    if (!cdfs.has(id) && (!qs.has(0.5) || !qs.has(0.25) || !qs.has(0.75))) continue
    const cdf = cdfs.get(id)
    out.push({ id, unit: metricUnit(id).unit, quantiles: [...list].sort((a, b) => a.q - b.q), ...(cdf ? { cdf } : {}) })
  }
  for (const [id, cdf] of cdfs) if (!families.has(id)) out.push({ id, unit: metricUnit(id).unit, quantiles: [], cdf })
  return out.sort((a, b) => a.id.localeCompare(b.id))
}
