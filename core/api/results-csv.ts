// Results as tidy CSV, shared by `iovlab export` and the workbench's CSV download: one row per
// point, metric and key — experiment, the swept parameters (one column each, blank where an
// experiment does not sweep it), metric, key (blank for number metrics), mean, ci95; numbers at
// full precision; with model uncertainty (`run --uncertainty N`) two more columns, model_p05 and
// model_p95, the 5th–95th percentile over the parameter samples; with sequential stopping,
// replications and stopped (why the point stopped); with common random numbers, diff_baseline,
// diff_mean, diff_ci95 and diff_n — the paired difference to the point's baseline (blank at a
// baseline). With metrics per workload or VM (issue 12) two more columns before `metric`: `scope`
// (`total`, `workload` or `vm`) and `scope_id` (the workload's or VM's id, blank for totals), and
// `metric` is then the plain metric name — long format, so `df[df.scope == "workload"].pivot(…)`
// works in pandas. seriesCsv writes the time series the same way, one row per window.
// Pure: runs in Node and in the renderer.
import type { ResultsDocument } from '../experiment/types'
import { breakdownOfMetric } from '../project/metric-names'

const FIXED = ['experiment', 'scope', 'scope_id', 'metric', 'key', 'mean', 'ci95', 'replications', 'stopped', 'window', 'window_end_ms', 'n']

/** scope, scope_id and the plain metric of a metric name ("byWorkload.victim.rtt_p99_us" → workload, victim, rtt_p99_us). */
function scopeOf(name: string): [string, string, string] {
  const b = breakdownOfMetric(name)
  return b === undefined ? ['total', '', name] : [b.by === 'byWorkload' ? 'workload' : 'vm', b.id, b.metric]
}

interface Summary { readonly mean: number | null; readonly ci95: number | null }

/** What the CSV needs of a document (a live run's partial documents have no digests yet). */
export type CsvDocument = Pick<ResultsDocument, 'experiment' | 'points'>

/** RFC 4180: quoted when it holds a comma, a quote or a line break. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

const isSummary = (v: unknown): v is Summary => {
  const mean = (v as { mean?: unknown }).mean
  return mean === null || typeof mean === 'number'
}
const num = (x: number | null): string => (x === null ? '' : String(x))
const baselineText = (b: Readonly<Record<string, unknown>>): string => Object.entries(b).map(([k, v]) => `${k}=${cell(v)}`).join(' ')
const cell = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))

const paramColumn = (p: string): string => (FIXED.includes(p) || p.startsWith('model_') || p.startsWith('diff_') ? `param:${p}` : p)

/**
 * The time series of results (issue 12) as tidy CSV: one row per point, series and window —
 * experiment, the swept parameters, scope, scope_id, metric, window (1-based), window_end_ms (ms
 * of simulated time after warm-up), mean, ci95, n (replications that measured the window). Only
 * the header when no point has a series.
 */
export function seriesCsv(docs: readonly CsvDocument[]): string {
  const params = [...new Set(docs.flatMap((d) => d.points.flatMap((p) => Object.keys(p.params))))]
  const lines = [['experiment', ...params.map(paramColumn), 'scope', 'scope_id', 'metric', 'window', 'window_end_ms', 'mean', 'ci95', 'n'].map(csvField).join(',')]
  for (const d of docs) {
    for (const p of d.points) {
      const s = p.series
      if (s === undefined) continue
      const lead = [d.experiment, ...params.map((k) => cell(p.params[k]))]
      for (const [name, list] of Object.entries(s.metrics)) {
        list.forEach((w, k) => {
          const n = (w as { n?: number }).n ?? p.replications
          lines.push([...lead, ...scopeOf(name), String(k + 1), String(s.windowEndNs[k] / 1e6), num(w.mean), num(w.ci95), String(n)].map(csvField).join(','))
        })
      }
    }
  }
  return `${lines.join('\n')}\n`
}

export function resultsCsv(docs: readonly CsvDocument[]): string {
  const params = [...new Set(docs.flatMap((d) => d.points.flatMap((p) => Object.keys(p.params))))]
  const withModel = docs.some((d) => d.points.some((p) => p.uncertainty !== undefined))
  const withStop = docs.some((d) => d.points.some((p) => p.stopping !== undefined))
  const withDiff = docs.some((d) => d.points.some((p) => p.diff !== undefined))
  const withScope = docs.some((d) => d.points.some((p) => Object.keys(p.metrics).some((m) => breakdownOfMetric(m) !== undefined)))
  const header = ['experiment', ...params.map(paramColumn), ...(withScope ? ['scope', 'scope_id'] : []), 'metric', 'key', 'mean', 'ci95',
    ...(withModel ? ['model_p05', 'model_p95'] : []), ...(withStop ? ['replications', 'stopped'] : []), ...(withDiff ? ['diff_baseline', 'diff_mean', 'diff_ci95', 'diff_n'] : [])]
  const lines = [header.map(csvField).join(',')]
  for (const d of docs) {
    for (const p of d.points) {
      const lead = [d.experiment, ...params.map((k) => cell(p.params[k]))]
      for (const [metric, v] of Object.entries(p.metrics)) {
        const rows = isSummary(v) ? [['', v] as const] : Object.entries(v as Record<string, Summary>)
        const u = p.uncertainty?.metrics[metric] as Record<string, { p05: number | null; p95: number | null } | number | null> | undefined
        for (const [key, s] of rows) {
          const band = (key === '' ? u : u?.[key]) as { p05: number | null; p95: number | null } | undefined
          const model = withModel ? [num(band?.p05 ?? null), num(band?.p95 ?? null)] : []
          const stop = withStop ? [String(p.replications), p.stopping?.reason ?? ''] : []
          const dv = p.diff?.metrics[metric]
          const d = (dv === undefined ? undefined : key === '' ? (isSummary(dv) ? dv : undefined) : isSummary(dv) ? undefined : (dv as Record<string, Summary & { n?: number }>)[key]) as (Summary & { n?: number }) | undefined
          const diff = withDiff ? (p.diff && d ? [baselineText(p.diff.baseline), num(d.mean), num(d.ci95), d.n === undefined ? '' : String(d.n)] : ['', '', '', '']) : []
          lines.push([...lead, ...(withScope ? scopeOf(metric) : [metric]), key, num(s.mean), num(s.ci95), ...model, ...stop, ...diff].map(csvField).join(','))
        }
      }
    }
  }
  return `${lines.join('\n')}\n`
}
