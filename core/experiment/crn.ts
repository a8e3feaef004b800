// Common random numbers: an experiment's `crn` names sweep paths (or their short names) whose
// values share random streams. A run's seed is then derived from its point without those paths,
// so the points that differ only in them run replication r on the same random inputs, and their
// differences are measured pairwise (paired.ts). A named path stands for its whole sweep axis
// (the paths of an axis move together). The baseline of the differences is each CRN axis's first
// value, or the value `crnBaseline` gives.
import type { Experiment, Scalar } from '../project/schema'
import { crnPlan, type CrnPlan, type CrnProblem, type CrnResult } from '../project/crn'
import { pointCount } from './sweep'
import type { PointParams } from './types'

export { crnPlan, type CrnPlan, type CrnProblem, type CrnResult }

const axisLength = (axis: Readonly<Record<string, readonly Scalar[]>>): number => Math.max(1, ...Object.values(axis).map((v) => v.length))

/** A point's parameters without the CRN paths: what its seeds are derived from. */
export function seedParams(params: PointParams, plan: CrnPlan | undefined): PointParams {
  if (!plan) return params
  const out: Record<string, Scalar> = {}
  for (const [k, v] of Object.entries(params)) if (!plan.paths.includes(k)) out[k] = v
  return out
}

/** The index of a point's baseline: the same point with every CRN axis at its baseline value. */
export function baselineIndex(sweep: Experiment['sweep'], plan: CrnPlan, pointIndex: number): number {
  const lengths = sweep.map(axisLength)
  const digits: number[] = new Array<number>(lengths.length)
  let rest = pointIndex
  for (let a = lengths.length - 1; a >= 0; a--) {
    digits[a] = rest % lengths[a]
    rest = Math.floor(rest / lengths[a])
  }
  plan.axes.forEach((ai, k) => { digits[ai] = plan.baseline[k] })
  let index = 0
  for (let a = 0; a < lengths.length; a++) index = index * lengths[a] + digits[a]
  return index < pointCount(sweep) ? index : pointIndex
}
