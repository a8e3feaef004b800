// Student's t distribution: the CDF through the regularized incomplete beta function, the
// normal CDF through the incomplete gamma function, quantiles by bisection to full precision
// (deterministic, cached). Used for the 95 % confidence half-widths of replicated metrics.

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  const z = x - 1
  let a = c[0]
  const t = z + 7.5
  for (let i = 1; i < 9; i++) a += c[i] / (z + i)
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

const EPS = 1e-16
const TINY = 1e-300

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d; if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c; if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < EPS) break
  }
  return h
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  return x < (a + 1) / (a + b + 2) ? (front * betaFraction(a, b, x)) / a : 1 - (front * betaFraction(b, a, 1 - x)) / b
}

/** The regularized upper incomplete gamma function Q(a, x). */
function upperGamma(a: number, x: number): number {
  if (x <= 0) return 1
  const lead = Math.exp(-x + a * Math.log(x) - logGamma(a))
  if (x < a + 1) {
    let sum = 1 / a
    let term = sum
    for (let n = 1; n < 10_000; n++) {
      term *= x / (a + n)
      sum += term
      if (Math.abs(term) < Math.abs(sum) * EPS) break
    }
    return 1 - sum * lead
  }
  let b = x + 1 - a
  let c = 1 / TINY
  let d = 1 / b
  let h = d
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b; if (Math.abs(d) < TINY) d = TINY
    c = b + an / c; if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < EPS) break
  }
  return lead * h
}

/** The standard normal CDF. */
export function normalCdf(z: number): number {
  const tail = 0.5 * upperGamma(0.5, (z * z) / 2)
  return z >= 0 ? 1 - tail : tail
}

/** The CDF of Student's t with `df` degrees of freedom (df = Infinity: the normal). */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, not ${df}`)
  if (df === Infinity) return normalCdf(t)
  const t2 = t * t
  if (t2 < df) {
    // Near the centre the tail form would take 1 − x of an x within 1e-14 of 1 and lose
    // most of its digits; the central mass P(|T| < |t|) = I_{t²/(df+t²)}(½, df/2) keeps them.
    const central = 0.5 * incompleteBeta(t2 / (df + t2), 0.5, df / 2)
    return t >= 0 ? 0.5 + central : 0.5 - central
  }
  const tail = 0.5 * incompleteBeta(df / (df + t2), df / 2, 0.5)
  return t >= 0 ? 1 - tail : tail
}

const cache = new Map<string, number>()

/** The p-quantile of Student's t with `df` degrees of freedom (df = Infinity: the normal). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`a quantile needs 0 < p < 1, not ${p}`)
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be > 0, not ${df}`)
  if (p < 0.5) return -studentTQuantile(1 - p, df)
  if (p === 0.5) return 0
  const key = `${p} ${df}`
  const hit = cache.get(key)
  if (hit !== undefined) return hit
  let lo = 0
  let hi = 1
  while (studentTCdf(hi, df) < p) hi *= 2
  // Bisect until the bracket cannot shrink any further in doubles.
  for (let i = 0; i < 2000; i++) {
    const mid = (lo + hi) / 2
    if (mid === lo || mid === hi) break
    if (studentTCdf(mid, df) < p) lo = mid
    else hi = mid
  }
  if (cache.size >= 4096) cache.clear() // bounded: only a few levels are ever asked for
  cache.set(key, hi)
  return hi
}

/** The two-sided 95 % critical value t(0.975, df). */
export function t975(df: number): number {
  return studentTQuantile(0.975, df)
}
