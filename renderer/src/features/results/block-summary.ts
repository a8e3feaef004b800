// The block I/O table's rows: for each point of a document with block metrics, IOPS, throughput,
// latency p50 and p99, host CPU per I/O and the per-stage means — each a mean with its 95 % CI and
// its unit, or the reason it has no value (a metric without samples is never shown as 0).
import { formatValue, isSummary, summaryOf, type ChartDocument, type Summary } from '../../model/metric-info'
import { pointLabel, sweptParams } from '../../model/point-groups'

export interface BlockColumn {
  readonly id: string
  readonly label: string
  readonly unit: string
  /** The stored metric the column shows. */
  readonly metric: string
  /** Multiply the stored value by this (io_mbps is megabits per second: ÷ 8 gives MB/s). */
  readonly scale: number
  readonly title: string
}

export const BLOCK_COLUMNS: readonly BlockColumn[] = [
  { id: 'iops', label: 'IOPS', unit: 'IO/s', metric: 'iops', scale: 1, title: 'Completed I/Os per second of simulated time (all clients)' },
  { id: 'mbs', label: 'Throughput', unit: 'MB/s', metric: 'io_mbps', scale: 1 / 8, title: 'Bytes moved per second, in megabytes (10⁶ B) per second: io_mbps ÷ 8' },
  { id: 'p50', label: 'Latency p50', unit: 'µs', metric: 'io_latency_median_us', scale: 1, title: 'Median I/O latency, from issue (before the submit call) to reap' },
  { id: 'p99', label: 'Latency p99', unit: 'µs', metric: 'io_latency_p99_us', scale: 1, title: '99th-percentile I/O latency' },
  { id: 'cpu', label: 'CPU per I/O', unit: 'µs', metric: 'cpu_per_io_us', scale: 1, title: 'Host CPU time of every domain and the hypervisor per completed I/O' }
]

export interface BlockCell {
  /** "63.4 ± 1.2 µs", or "—" without a value. */
  readonly text: string
  readonly mean: number | null
  /** Why there is no value, when the run said. */
  readonly missing?: string
}

export interface BlockRow {
  readonly label: string
  readonly cells: readonly BlockCell[]
  /** The stage_us means of the point, largest first (the stages a block request went through). */
  readonly stages: readonly { readonly stage: string; readonly text: string }[]
}

/** True when the document measured block I/O (a block workload ran). */
export function hasBlockMetrics(doc: ChartDocument | null): boolean {
  return doc !== null && doc.points.some((p) => 'iops' in p.metrics || p.metricsMissing?.iops !== undefined)
}

function cellOf(s: Summary | null, scale: number, unit: string, missing: string | undefined): BlockCell {
  if (!s || s.mean === null) return { text: '—', mean: null, ...(missing !== undefined ? { missing } : {}) }
  const mean = s.mean * scale
  const ci = s.ci95 === null ? null : s.ci95 * scale
  const text = ci !== null && ci > 0 ? `${formatValue(mean, '')} ± ${formatValue(ci, unit)}` : formatValue(mean, unit)
  return { text, mean }
}

export function blockRows(doc: ChartDocument): BlockRow[] {
  const swept = sweptParams(doc.points)
  return doc.points.map((p) => {
    const stageMetric = p.metrics.stage_us as unknown
    const stages = typeof stageMetric === 'object' && stageMetric !== null && !isSummary(stageMetric)
      ? Object.entries(stageMetric as Record<string, unknown>)
        .flatMap(([stage, s]) => (isSummary(s) && s.mean !== null && s.mean > 0 ? [{ stage, mean: s.mean }] : []))
        .sort((a, b) => b.mean - a.mean)
        .map(({ stage, mean }) => ({ stage, text: formatValue(mean, 'µs') }))
      : []
    return {
      label: pointLabel(p.params, swept, doc.points),
      cells: BLOCK_COLUMNS.map((c) => cellOf(summaryOf(p, c.metric), c.scale, c.unit, p.metricsMissing?.[c.metric])),
      stages
    }
  })
}
