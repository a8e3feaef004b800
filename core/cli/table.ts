// The default output of `iovlab run`: one table per experiment — the swept parameters, then
// the main metrics as mean ± 95 % CI with units — and a note of what else is in --json.
import { isSummary, type ResultsDocument } from '../experiment/index'
import { formatSummary, formatValue, metricNames, unitOf } from './format'

/** The metrics CONTRACTS.md names, in the order a reader looks for them. */
const PREFERRED = ['rtt_median_us', 'rtt_p99_us', 'goodput_mbps', 'vm_exits', 'irqs_physical', 'irqs_virtual',
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

export function resultsTable(doc: ResultsDocument, title?: string): string {
  const paramNames = [...new Set(doc.points.flatMap((p) => Object.keys(p.params)))]
  const { scalar, object } = metricNames(doc.points)
  const shown = mainMetrics(scalar)
  const reps = new Set(doc.points.map((p) => p.replications))
  const head = `${doc.experiment}${title && title !== doc.experiment ? ` — ${title}` : ''}: ${doc.points.length} point${doc.points.length === 1 ? '' : 's'}` +
    `, ${reps.size === 1 ? [...reps][0] : [...reps].join('/')} replication${[...reps][0] === 1 && reps.size === 1 ? '' : 's'} each (mean ± 95 % CI)`
  const rows: string[][] = [[...paramNames, ...(shown.length > 0 ? shown : ['(no metrics)'])]]
  for (const p of doc.points) {
    const cells = paramNames.map((n) => (n in p.params ? formatValue(p.params[n]) : ''))
    for (const m of shown) {
      const v = p.metrics[m]
      cells.push(v !== undefined && isSummary(v) ? formatSummary(v, unitOf(m)) : '–')
    }
    if (shown.length === 0) cells.push('')
    rows.push(cells)
  }
  const hidden = [...scalar.filter((m) => !shown.includes(m)), ...object.map((m) => `${m}{…}`)]
  const note = hidden.length > 0 ? [`  also: ${hidden.join(', ')} (see --json, or export --csv)`] : []
  const errors = doc.errors && doc.errors.length > 0 ? [`  ${doc.errors.length} run${doc.errors.length === 1 ? '' : 's'} failed (listed above)`] : []
  return [head, ...render(rows).map((l) => `  ${l}`), ...note, ...errors].join('\n')
}
