// The default output of `iovlab run`: one table per experiment — the swept parameters, then
// the main metrics as mean ± 95 % CI with units (and, under sequential stopping, each point's
// replications and why they stopped) — and a note of what else is in --json; with common random
// numbers, a table of paired differences to the baseline (run --diff). An experiment that stages a
// live migration, faults or an attack gets their metrics in tables of their own under it
// (scenario-table.ts).
import { isSummary, type MetricSummary, type ResultsDocument } from '../experiment/index'
import { breakdownOfMetric } from '../project/metric-names'
import { describeParams, formatSummary, formatValue, metricNames, NO_VALUE, unitOf } from './format'
import { inScenarioTable, scenarioTables } from './scenario-table'

/** The metrics CONTRACTS.md names, in the order a reader looks for them: each workload's own result first. */
const PREFERRED = ['rtt_median_us', 'rtt_p99_us', 'goodput_mbps', 'rpc_median_us', 'rpc_per_s', 'op_median_us', 'ops_per_s',
  'iops', 'io_latency_median_us', 'io_latency_p99_us', 'cpu_per_io_us', 'io_mbps', 'vm_exits', 'irqs_physical', 'irqs_virtual',
  'signals_redundant', 'irq_virt_us', 'bytes_copied', 'pci_read_bytes', 'pci_write_bytes', 'credential_checks',
  'credential_denials', 'io_page_faults', 'drops']
const MAX_METRIC_COLUMNS = 6

export function mainMetrics(names: readonly string[]): string[] {
  const preferred = PREFERRED.filter((m) => names.includes(m))
  const rest = names.filter((m) => !PREFERRED.includes(m)).sort()
  return [...preferred, ...rest].slice(0, MAX_METRIC_COLUMNS)
}

function render(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd())
}

export function resultsTable(doc: ResultsDocument, title?: string, showDiff = false): string {
  const paramNames = [...new Set(doc.points.flatMap((p) => Object.keys(p.params)))]
  const all = metricNames(doc.points)
  const scalar = all.scalar.filter((m) => !inScenarioTable(doc, m))
  const object = all.object
  const shown = mainMetrics(scalar)
  const reps = new Set(doc.points.map((p) => p.replications))
  const head = `${doc.experiment}${title && title !== doc.experiment ? ` — ${title}` : ''}: ${doc.points.length} point${doc.points.length === 1 ? '' : 's'}` +
    `, ${reps.size === 1 ? [...reps][0] : [...reps].join('/')} replication${[...reps][0] === 1 && reps.size === 1 ? '' : 's'} each (mean ± 95 % CI)`
  const stopped = doc.points.some((p) => p.stopping !== undefined)
  const rows: string[][] = [[...paramNames, ...(stopped ? ['replications'] : []), ...(shown.length > 0 ? shown : ['(no metrics)'])]]
  for (const p of doc.points) {
    const cells = paramNames.map((n) => (n in p.params ? formatValue(p.params[n]) : ''))
    if (stopped) cells.push(p.stopping ? `${p.replications} (${p.stopping.reason})` : String(p.replications))
    for (const m of shown) {
      const v = p.metrics[m]
      cells.push(v !== undefined && isSummary(v) ? formatSummary(v, unitOf(m)) : NO_VALUE)
    }
    if (shown.length === 0) cells.push('')
    rows.push(cells)
  }
  const hidden = [...scalar.filter((m) => !shown.includes(m)), ...object.map((m) => `${m}{…}`)]
  const by = doc.points.some((p) => Object.keys(p.metrics).some((k) => breakdownOfMetric(k) !== undefined)) ? ['  per workload and per VM: run --by workload, --by vm'] : []
  const note = [...(hidden.length > 0 ? [`  also: ${hidden.join(', ')} (see --json, or export --csv)`] : []), ...by]
  const missing = missingNotes(doc, shown)
  const errors = doc.errors && doc.errors.length > 0 ? [`  ${doc.errors.length} run${doc.errors.length === 1 ? '' : 's'} failed (listed above)`] : []
  const diffs = doc.points.some((p) => p.diff) ? ['  paired differences to the baseline (common random numbers): see --diff, --json or export --csv'] : []
  return [head, ...render(rows).map((l) => `  ${l}`), ...scenarioTables(doc), ...missing, ...note, ...errors, ...(showDiff ? [] : diffs)].join('\n')
}

/** "+1.23 ± 0.45 µs", "−0.5 ± 0.2": a difference with its sign. */
function formatDifference(s: MetricSummary, unit: string): string {
  const text = formatSummary(s, unit)
  if (text === NO_VALUE || s.mean === null) return text
  return s.mean > 0 ? `+${text}` : s.mean < 0 ? `−${text.slice(1)}` : text
}

/**
 * With common random numbers: each point's paired difference to its baseline for the main
 * metrics, mean ± 95 % paired-t half-width over the replications both ran (baselines left out).
 */
export function diffTable(doc: ResultsDocument): string {
  const points = doc.points.filter((p) => p.diff !== undefined)
  if (points.length === 0) return ''
  const paramNames = [...new Set(points.flatMap((p) => Object.keys(p.params)))]
  const { scalar } = metricNames(points.map((p) => ({ metrics: p.diff!.metrics })))
  const shown = mainMetrics(scalar)
  const baselines = [...new Set(points.map((p) => describeParams(p.diff!.baseline)))]
  const head = `${doc.experiment}: difference to the baseline (${baselines.join('; ')}) on common random numbers (mean ± 95 % paired CI, n pairs)`
  const rows: string[][] = [[...paramNames, 'n', ...shown]]
  for (const p of points) {
    const d = p.diff!
    const ns = new Set(shown.flatMap((m) => { const v = d.metrics[m]; return v !== undefined && isSummary(v) ? [v.n ?? p.replications] : [] }))
    rows.push([...paramNames.map((n) => (n in p.params ? formatValue(p.params[n]) : '')), [...ns].join('/'),
      ...shown.map((m) => { const v = d.metrics[m]; return v !== undefined && isSummary(v) ? formatDifference(v, unitOf(m)) : NO_VALUE })])
  }
  const why = [...new Set(points.flatMap((p) => Object.entries(p.diff!.missing ?? {}).filter(([m]) => shown.includes(m)).map(([m, r]) => `  ${NO_VALUE} ${m} at ${describeParams(p.params)}: ${r}`)))].slice(0, MAX_MISSING_LINES)
  return [head, ...render(rows).map((l) => `  ${l}`), ...why].join('\n')
}

/** At most this many lines of reasons under a table. */
const MAX_MISSING_LINES = 6

/**
 * Why the table shows "—" (or a mean over fewer replications): one line per reason and the metrics
 * and points it concerns, for the shown metrics first.
 */
export function missingNotes(doc: ResultsDocument, shown: readonly string[]): string[] {
  const byReason = new Map<string, { metrics: Set<string>; points: Set<string> }>()
  for (const p of doc.points) {
    for (const [metric, reason] of Object.entries(p.metricsMissing ?? {})) {
      if (breakdownOfMetric(metric) !== undefined) continue // shown by run --by
      const e = byReason.get(reason) ?? { metrics: new Set<string>(), points: new Set<string>() }
      e.metrics.add(metric)
      e.points.add(describeParams(p.params))
      byReason.set(reason, e)
    }
  }
  const entries = [...byReason].sort(([, a], [, b]) => Number([...b.metrics].some((m) => shown.includes(m))) - Number([...a.metrics].some((m) => shown.includes(m))))
  const lines = entries.slice(0, MAX_MISSING_LINES).map(([reason, e]) => {
    const where = e.points.size === doc.points.length ? (doc.points.length === 1 ? '' : ' at every point') : ` at ${[...e.points].slice(0, 3).join(', ')}${e.points.size > 3 ? ` and ${e.points.size - 3} more points` : ''}`
    return `  ${NO_VALUE} ${[...e.metrics].join(', ')}${where}: ${reason}`
  })
  if (entries.length > MAX_MISSING_LINES) lines.push(`  …and ${entries.length - MAX_MISSING_LINES} more reasons (see --json)`)
  return lines
}
