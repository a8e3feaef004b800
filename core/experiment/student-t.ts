// Student's t distribution for the 95 % confidence half-widths of replicated metrics: quantiles
// and CDF from @stdlib (double precision, maintained; this file once carried a hand-written
// incomplete-beta bisection that had a precision bug near the centre). df = Infinity is the
// standard normal, which @stdlib's t functions do not take. Quantiles are cached (bounded),
// since only a few levels are ever asked for and the runner asks for them once per metric.
import tQuantile from '@stdlib/stats-base-dists-t-quantile'
import tCdf from '@stdlib/stats-base-dists-t-cdf'
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import erfc from '@stdlib/math-base-special-erfc'

/** The standard normal CDF. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2)
}

/** The CDF of Student's t with `df` degrees of freedom (df = Infinity: the normal). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, not ${df}`)
  return df === Infinity ? normalCdf(t) : tCdf(t, df)
}

const cache = new Map<string, number>()

/** The p-quantile of Student's t with `df` degrees of freedom (df = Infinity: the normal). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`a quantile needs 0 < p < 1, not ${p}`)
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, not ${df}`)
  if (p === 0.5) return 0
  const key = `${p} ${df}`
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  const q = df === Infinity ? normalQuantile(p, 0, 1) : tQuantile(p, df)
  if (!Number.isFinite(q)) throw new RangeError(`no t quantile for p = ${p}, df = ${df}`)
  if (cache.size >= 4096) cache.clear() // bounded
  cache.set(key, q)
  return q
}

/** The two-sided 95 % critical value t(0.975, df). */
export function t975(df: number): number {
  return studentTQuantile(0.975, df)
}
