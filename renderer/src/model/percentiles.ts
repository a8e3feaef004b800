// Percentile families for the percentiles chart: a quantity measured at two or more percentiles
// (a block workload's io_latency_median_us and io_latency_p99_us; ping's rtt_median_us and rtt_p99_us),
// found by the metric names' statistic (min, median, pNN, max) and unit suffix.
import { metricUnit, type QuantileFamily } from './metric-info'

const QUANTILE_RE = /^(.+)_(min|max|median|p(\d{1,2}(?:\.\d+)?))_([a-z]+)$/

/** The series parameter that names the percentile of a line. */
export const PERCENTILE_PARAM = 'percentile'

function quantileOf(stat: string, percent: string | undefined): number {
  if (stat === 'min') return 0
  if (stat === 'max') return 1
  if (stat === 'median') return 0.5
  return Number(percent) / 100
}

/** "p50", "p99", "p99.9", "min", "max": how a line names its percentile. */
export function percentileName(q: number): string {
  if (q === 0) return 'min'
  if (q === 1) return 'max'
  return `p${Number((q * 100).toPrecision(4))}`
}

/** Quantities measured at two or more percentiles (io_latency_us: median and p99), by name. */
export function percentileFamilies(numberMetrics: readonly string[]): QuantileFamily[] {
  const families = new Map<string, { q: number; metric: string }[]>()
  for (const name of numberMetrics) {
    const m = QUANTILE_RE.exec(name)
    if (!m) continue
    const id = `${m[1]}_${m[4]}`
    const list = families.get(id) ?? []
    list.push({ q: quantileOf(m[2], m[3]), metric: name })
    families.set(id, list)
  }
  return [...families].filter(([, list]) => list.length >= 2).sort(([a], [b]) => a.localeCompare(b))
    .map(([id, list]) => ({ id, unit: metricUnit(id).unit, quantiles: [...list].sort((a, b) => a.q - b.q) }))
}

