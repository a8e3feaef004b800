// Paired differences to a baseline: with common random numbers (crn.ts) replication r of a point
// and replication r of its baseline ran on the same random inputs, so the difference of each
// metric is taken replication by replication, d_r = x_r − b_r, and summarized as its mean and the
// half-width of the 95 % paired-t interval over the replications both measured. Correlated noise
// cancels in d_r, so the interval is narrower than that of two independent means.
import type { Scalar } from '../project/schema'
import type { Metrics } from '../scenario/types'
import { summarize } from './aggregate'
import type { MetricSummary, PointMetrics } from './types'

/** A point's difference to its baseline, per metric (an object metric per key). */
export interface PointDiff {
  /** The baseline's values of the CRN parameters, by short name. */
  readonly baseline: Readonly<Record<string, Scalar>>
  /** Mean and 95 % paired-t half-width of x − baseline; `n` is how many replications were paired. */
  readonly metrics: PointMetrics
  /** Metric → why it has no difference (measured at one point only, or in no common replication). */
  readonly missing?: Readonly<Record<string, string>>
}

const pairedSummary = (xs: readonly (number | undefined)[], bs: readonly (number | undefined)[]): MetricSummary => {
  const d: number[] = []
  const n = Math.min(xs.length, bs.length)
  for (let r = 0; r < n; r++) {
    const x = xs[r]
    const b = bs[r]
    if (x !== undefined && b !== undefined && Number.isFinite(x) && Number.isFinite(b)) d.push(x - b)
  }
  return { ...summarize(d), n: d.length }
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

/**
 * Differences of `point` to `base`, both given as metrics by replication index (undefined where
 * that replication failed). Only replications both ran are paired; metric names and keys sorted.
 */
export function pairedDifferences(point: readonly (Metrics | undefined)[], base: readonly (Metrics | undefined)[]): { metrics: PointMetrics; missing: Record<string, string> } {
  const names = [...new Set([...point, ...base].flatMap((m) => (m ? Object.keys(m) : [])))].sort()
  const metrics: PointMetrics = {}
  const missing: Record<string, string> = {}
  for (const name of names) {
    const isObject = [...point, ...base].some((m) => typeof m?.[name] === 'object' && m[name] !== null)
    if (isObject) {
      const obj = (m: Metrics | undefined): Record<string, number> | undefined => {
        const v = m?.[name]
        return typeof v === 'object' && v !== null ? v : undefined
      }
      const keys = [...new Set([...point, ...base].flatMap((m) => Object.keys(obj(m) ?? {})))].sort()
      const byKey: Record<string, MetricSummary> = {}
      for (const key of keys) byKey[key] = pairedSummary(point.map((m) => num(obj(m)?.[key])), base.map((m) => num(obj(m)?.[key])))
      metrics[name] = byKey
      continue
    }
    const s = pairedSummary(point.map((m) => num(m?.[name])), base.map((m) => num(m?.[name])))
    metrics[name] = s
    if (s.mean === null) {
      const here = point.some((m) => num(m?.[name]) !== undefined)
      const there = base.some((m) => num(m?.[name]) !== undefined)
      missing[name] = here && there ? 'no replication measured it at both this point and the baseline'
        : here ? 'the baseline did not measure it' : there ? 'this point did not measure it' : 'neither this point nor the baseline measured it'
    }
  }
  return { metrics, missing }
}
