// Sampling distributions built from plain specs (constant, uniform, exponential,
// normal, lognormal, empirical), each drawing from one random stream.

import type { RandomStream } from './rng'

export type DistributionSpec =
  | { kind: 'constant'; value: number }
  | { kind: 'uniform'; min: number; max: number }
  | { kind: 'exponential'; mean: number }
  | { kind: 'normal'; mean: number; sd: number; min?: number }
  | { kind: 'lognormal'; mean: number; sd: number }
  | { kind: 'empirical'; values: readonly number[]; weights?: readonly number[] }

export interface Distribution {
  readonly spec: DistributionSpec
  /** The distribution's theoretical mean. */
  readonly mean: number
  sample(): number
}

/** Returns the reason a spec is unusable, or null when it is fine. */
export function checkDistribution(spec: DistributionSpec): string | null {
  const finite = (x: number): boolean => typeof x === 'number' && Number.isFinite(x)
  switch (spec.kind) {
    case 'constant': return finite(spec.value) ? null : 'constant value must be a finite number'
    case 'uniform': return finite(spec.min) && finite(spec.max) && spec.min <= spec.max ? null : 'uniform needs finite min ≤ max'
    case 'exponential': return finite(spec.mean) && spec.mean > 0 ? null : 'exponential mean must be > 0'
    case 'normal': return finite(spec.mean) && finite(spec.sd) && spec.sd >= 0 ? null : 'normal needs a finite mean and sd ≥ 0'
    case 'lognormal': return finite(spec.mean) && spec.mean > 0 && finite(spec.sd) && spec.sd >= 0 ? null : 'lognormal needs mean > 0 and sd ≥ 0'
    case 'empirical': {
      if (spec.values.length === 0 || !spec.values.every(finite)) return 'empirical needs at least one finite value'
      const w = spec.weights
      if (w === undefined) return null
      if (w.length !== spec.values.length) return 'empirical weights must match values in length'
      return w.every((x) => finite(x) && x >= 0) && w.some((x) => x > 0) ? null : 'empirical weights must be ≥ 0 and not all zero'
    }
  }
}

export function makeDistribution(spec: DistributionSpec, rng: RandomStream): Distribution {
  const problem = checkDistribution(spec)
  if (problem !== null) throw new RangeError(`Bad ${spec.kind} distribution: ${problem}`)
  switch (spec.kind) {
    case 'constant': return { spec, mean: spec.value, sample: () => spec.value }
    case 'uniform': {
      const { min, max } = spec
      return { spec, mean: (min + max) / 2, sample: () => min + (max - min) * rng.uniform() }
    }
    case 'exponential': return { spec, mean: spec.mean, sample: () => rng.exponential(spec.mean) }
    case 'normal': {
      const floor = spec.min ?? -Infinity
      return { spec, mean: spec.mean, sample: () => Math.max(floor, rng.normal(spec.mean, spec.sd)) }
    }
    case 'lognormal': {
      // Parameterised by the mean and sd of the sample itself, not of its logarithm.
      const s2 = Math.log(1 + (spec.sd * spec.sd) / (spec.mean * spec.mean))
      const mu = Math.log(spec.mean) - s2 / 2
      const sigma = Math.sqrt(s2)
      return { spec, mean: spec.mean, sample: () => Math.exp(rng.normal(mu, sigma)) }
    }
    case 'empirical': return empirical(spec, rng)
  }
}

function empirical(spec: Extract<DistributionSpec, { kind: 'empirical' }>, rng: RandomStream): Distribution {
  const values = spec.values
  const weights = spec.weights ?? values.map(() => 1)
  const total = weights.reduce((a, b) => a + b, 0)
  const cdf = new Float64Array(values.length)
  let acc = 0, mean = 0
  for (let i = 0; i < values.length; i++) {
    acc += weights[i] / total
    cdf[i] = acc
    mean += (values[i] * weights[i]) / total
  }
  cdf[values.length - 1] = 1
  return {
    spec,
    mean,
    sample: () => {
      const u = rng.uniform()
      let lo = 0, hi = cdf.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (u < cdf[mid]) hi = mid
        else lo = mid + 1
      }
      return values[lo]
    }
  }
}
