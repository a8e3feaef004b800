// Which series the results charts draw (issue 12): the run totals, or one line per workload or per
// VM from the breakdown metrics ("byWorkload.<id>.<metric>", "byVm.<id>.<metric>"). A scope turns a
// document into one the charts already draw: per workload, each point becomes one point per
// workload, with the workload's id as one more parameter (so the sweep chart draws a line — or a
// bar — per workload, and box plots and CDFs per workload too) and the breakdown's metrics under
// their plain names. The totals scope leaves the breakdowns out. The time series (a point's
// `series`) is read as lines over simulated time, per point and workload.
import { breakdownOfMetric } from '../../../core/project/index'
import type { ChartDocument } from './metric-info'

export type MetricScope = 'total' | 'workload' | 'vm'

export const SCOPE_LABELS: Readonly<Record<MetricScope, string>> = { total: 'Run totals', workload: 'Per workload', vm: 'Per VM' }

const BY: Readonly<Record<Exclude<MetricScope, 'total'>, 'byWorkload' | 'byVm'>> = { workload: 'byWorkload', vm: 'byVm' }

/** The scopes a document can draw: totals always, per workload / per VM when it has those breakdowns. */
export function metricScopes(doc: ChartDocument | null): MetricScope[] {
  if (!doc) return ['total']
  const found = new Set<string>()
  for (const p of doc.points) for (const name of Object.keys(p.metrics)) { const b = breakdownOfMetric(name); if (b) found.add(b.by) }
  return ['total', ...(found.has('byWorkload') ? ['workload' as const] : []), ...(found.has('byVm') ? ['vm' as const] : [])]
}

/** The parameter a scoped document adds: "workload" or "vm" (with a mark if the sweep already has one of that name). */
export function scopeParam(doc: ChartDocument, scope: Exclude<MetricScope, 'total'>): string {
  const taken = doc.points.some((p) => scope in p.params)
  return taken ? `${scope} (id)` : scope
}

type Point = ChartDocument['points'][number]

/** The document as the scope draws it (totals: without the breakdowns). */
export function scopedDocument(doc: ChartDocument, scope: MetricScope): ChartDocument {
  if (scope === 'total') {
    return {
      ...doc,
      points: doc.points.map((p) => ({
        ...p,
        metrics: Object.fromEntries(Object.entries(p.metrics).filter(([k]) => breakdownOfMetric(k) === undefined)),
        ...(p.metricsMissing ? { metricsMissing: Object.fromEntries(Object.entries(p.metricsMissing).filter(([k]) => breakdownOfMetric(k) === undefined)) } : {})
      }))
    }
  }
  const by = BY[scope]
  const param = scopeParam(doc, scope)
  const ids: string[] = []
  for (const p of doc.points) for (const name of Object.keys(p.metrics)) { const b = breakdownOfMetric(name); if (b?.by === by && !ids.includes(b.id)) ids.push(b.id) }
  const points: Point[] = []
  for (const p of doc.points) {
    for (const id of ids) {
      const prefix = `${by}.${id}.`
      const metrics = Object.fromEntries(Object.entries(p.metrics).filter(([k]) => k.startsWith(prefix) && !k.slice(prefix.length).includes('.')).map(([k, v]) => [k.slice(prefix.length), v]))
      if (Object.keys(metrics).length === 0) continue
      const missing = Object.entries(p.metricsMissing ?? {}).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v])
      // Differences, bands and series are of the totals (the time series has its own chart).
      const { series: _s, diff: _d, uncertainty: _u, metricsMissing: _m, ...rest } = p
      points.push({ ...rest, params: { ...p.params, [param]: id }, metrics, ...(missing.length > 0 ? { metricsMissing: Object.fromEntries(missing) } : {}) })
    }
  }
  return { ...doc, points }
}

/** One line of a time series: a point's workload, mean per window (null: no sample), x in ms after warm-up. */
export interface TimeLine {
  readonly name: string
  readonly points: readonly { readonly t: number; readonly mean: number | null; readonly ci: number | null }[]
}

/** The plain metric names the points' time series carry ("rtt_p99_us", "goodput_mbps"), sorted. */
export function seriesMetrics(doc: ChartDocument | null): string[] {
  const out = new Set<string>()
  for (const p of doc?.points ?? []) for (const name of Object.keys(p.series?.metrics ?? {})) out.add(breakdownOfMetric(name)?.metric ?? name)
  return [...out].sort()
}

/** The lines of `metric` over simulated time: one per point and workload ("technique=sriov · victim"). */
export function timeLines(doc: ChartDocument, metric: string): TimeLine[] {
  const lines: TimeLine[] = []
  for (const p of doc.points) {
    const s = p.series
    if (!s) continue
    const label = Object.entries(p.params).map(([k, v]) => `${k}=${String(v)}`).join(' ')
    for (const [name, windows] of Object.entries(s.metrics)) {
      const b = breakdownOfMetric(name)
      if ((b?.metric ?? name) !== metric) continue
      lines.push({
        name: [label, b?.id ?? name].filter((x) => x !== '').join(' · '),
        points: windows.map((w, k) => ({ t: s.windowEndNs[k] / 1e6, mean: w.mean, ci: w.ci95 }))
      })
    }
  }
  return lines
}

/** Why a time series has gaps (the first reason of the points' series for `metric`). */
export function timeGapNote(doc: ChartDocument, metric: string): string | null {
  for (const p of doc.points) for (const [name, why] of Object.entries(p.series?.missing ?? {})) if ((breakdownOfMetric(name)?.metric ?? name) === metric) return `gaps: ${why}`
  return null
}
