// Replications into a point: each number metric, and each key of an object metric, as its
// mean and the half-width of its 95 % Student-t confidence interval (0 for one replication).
import type { Metrics, MissingReasons } from '../scenario/types'
import { t975 } from './student-t'
import type { MetricSummary, PointMetrics } from './types'

/** Mean and 95 % CI half-width of the finite values (in the given order, so sums are reproducible). */
export function summarize(values: readonly number[]): MetricSummary {
  const xs = values.filter((v) => Number.isFinite(v))
  const n = xs.length
  if (n === 0) return { mean: null, ci95: null }
  let sum = 0
  for (const x of xs) sum += x
  const mean = sum / n
  if (n === 1) return { mean, ci95: 0 }
  let ss = 0
  for (const x of xs) ss += (x - mean) * (x - mean)
  const sd = Math.sqrt(ss / (n - 1))
  return { mean, ci95: (t975(n - 1) * sd) / Math.sqrt(n) }
}

/** One replication's metrics and why its null ones have no value. */
export interface ReplicationMetrics {
  readonly metrics: Metrics
  readonly missing?: MissingReasons
}

export interface AggregatedPoint {
  readonly metrics: PointMetrics
  /** Metric → why some or all replications did not measure it (see ResultsPoint.metricsMissing). */
  readonly metricsMissing: Record<string, string>
}

const summaryOf = (values: readonly number[], replications: number): MetricSummary => {
  const s = summarize(values)
  const n = values.filter((v) => Number.isFinite(v)).length
  return n < replications ? { ...s, n } : s
}

/**
 * Aggregates the metrics of a point's replications (in replication order). A number metric is the
 * mean over the replications that measured it (`n` of them when not all did); a replication that
 * gave null, nothing or a non-finite number did not measure it, and the reasons go to
 * `metricsMissing`. A metric is an object metric if any replication gave an object; a key missing
 * from a replication's object was not measured there. Metric names and object keys are sorted, so
 * the result does not depend on which replication finished first.
 */
export function aggregatePoint(replications: readonly ReplicationMetrics[]): AggregatedPoint {
  const reps = replications.length
  const names = [...new Set(replications.flatMap((r) => Object.keys(r.metrics)))].sort()
  const metrics: PointMetrics = {}
  const metricsMissing: Record<string, string> = {}
  for (const name of names) {
    const values = replications.map((r) => r.metrics[name])
    if (values.some((v) => typeof v === 'object' && v !== null)) {
      const objs = values.filter((v): v is Record<string, number> => typeof v === 'object' && v !== null)
      const keys = [...new Set(objs.flatMap((o) => Object.keys(o)))].sort()
      const byKey: Record<string, MetricSummary> = {}
      for (const key of keys) byKey[key] = summaryOf(objs.map((o) => o[key]).filter((v) => typeof v === 'number'), reps)
      metrics[name] = byKey
      continue
    }
    const numbers = values.filter((v): v is number => typeof v === 'number')
    const summary = summaryOf(numbers, reps)
    metrics[name] = summary
    const measured = summary.n ?? reps
    if (measured === reps) continue
    const why = [...new Set(replications.flatMap((r) => {
      const v = r.metrics[name]
      if (typeof v === 'number' && Number.isFinite(v)) return []
      if (typeof v === 'number') return ['the run gave a value that is not a finite number']
      return [r.missing?.[name] ?? 'not measured in this replication']
    }))].join('; ')
    metricsMissing[name] = measured === 0 ? why : `in ${reps - measured} of ${reps} replications: ${why}`
  }
  return { metrics, metricsMissing }
}

/** The metrics of aggregatePoint (for callers without reasons). */
export function aggregateMetrics(replications: readonly Metrics[]): PointMetrics {
  return aggregatePoint(replications.map((metrics) => ({ metrics }))).metrics
}

/** True when a point metric is a single summary (not an object of summaries). */
export function isSummary(v: MetricSummary | Record<string, MetricSummary>): v is MetricSummary {
  const mean = (v as { mean?: unknown }).mean
  return mean === null || typeof mean === 'number'
}

/**
 * Checks a scenario's metrics: numbers, objects of numbers, or null with a reason in `missing`.
 * Returns a message when malformed.
 */
export function checkMetrics(metrics: unknown, missing?: unknown): string | undefined {
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) return 'the scenario returned no metrics object'
  const reasons = (typeof missing === 'object' && missing !== null ? missing : {}) as Record<string, unknown>
  for (const [name, v] of Object.entries(metrics)) {
    if (typeof v === 'number') continue
    if (v === null) {
      if (typeof reasons[name] === 'string' && reasons[name] !== '') continue
      return `metric "${name}" is null without a reason in the scenario's "missing"`
    }
    if (typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'number')) continue
    return `metric "${name}" is neither a number, nor an object of numbers, nor null with a reason`
  }
  return undefined
}
