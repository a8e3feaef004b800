// Replications into a point: each number metric, and each key of an object metric, as its
// mean and the half-width of its 95 % Student-t confidence interval (0 for one replication).
import type { Metrics } from '../scenario/types'
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

/**
 * Aggregates the metrics of a point's replications (in replication order). A metric is an
 * object metric if any replication gave an object; keys missing from a replication are skipped
 * for it. Metric names and object keys are sorted, so the result does not depend on which
 * replication finished first.
 */
export function aggregateMetrics(replications: readonly Metrics[]): PointMetrics {
  const names = [...new Set(replications.flatMap((m) => Object.keys(m)))].sort()
  const out: PointMetrics = {}
  for (const name of names) {
    const values = replications.map((m) => m[name]).filter((v) => v !== undefined)
    if (values.some((v) => typeof v === 'object' && v !== null)) {
      const objs = values.filter((v): v is Record<string, number> => typeof v === 'object' && v !== null)
      const keys = [...new Set(objs.flatMap((o) => Object.keys(o)))].sort()
      const byKey: Record<string, MetricSummary> = {}
      for (const key of keys) byKey[key] = summarize(objs.map((o) => o[key]).filter((v) => typeof v === 'number'))
      out[name] = byKey
    } else {
      out[name] = summarize(values as number[])
    }
  }
  return out
}

/** True when a point metric is a single summary (not an object of summaries). */
export function isSummary(v: MetricSummary | Record<string, MetricSummary>): v is MetricSummary {
  const mean = (v as { mean?: unknown }).mean
  return mean === null || typeof mean === 'number'
}

/** Checks a scenario's metrics: numbers, or objects of numbers. Returns a message when malformed. */
export function checkMetrics(metrics: unknown): string | undefined {
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) return 'the scenario returned no metrics object'
  for (const [name, v] of Object.entries(metrics)) {
    if (typeof v === 'number') continue
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'number')) continue
    return `metric "${name}" is neither a number nor an object of numbers`
  }
  return undefined
}
