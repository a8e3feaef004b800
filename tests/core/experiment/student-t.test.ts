// Student's t quantiles (@stdlib, wrapped in core/experiment/student-t.ts) against reference values (scipy.stats.t.ppf, closed forms for df 1, 2
// and 4) and the distribution's identities.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { normalCdf, studentTCdf, studentTQuantile, t975 } from '../../../core/experiment/index'

/** t(0.975, df) from scipy.stats.t.ppf (df = Infinity: scipy.stats.norm.ppf). */
const T975: [number, number][] = [
  [1, 12.706204736174694], [2, 4.302652729749462], [3, 3.1824463052837078], [4, 2.7764451051977934],
  [5, 2.5705818356363146], [6, 2.4469118511449786], [7, 2.364624251592784], [8, 2.306004135204166],
  [9, 2.262157162798205], [10, 2.228138851986274], [15, 2.131449545559776], [20, 2.085963447265864],
  [25, 2.0595385527532972], [30, 2.0422724563012378], [40, 2.021075390306273], [50, 2.008559112100761],
  [60, 2.0002978220142604], [100, 1.9839715185235518], [120, 1.9799304050824402], [200, 1.9718962236339088],
  [500, 1.9647198374673676], [999, 1.9623414611334493], [Infinity, 1.959963984540054]
]

describe('Student t quantiles (reference: scipy.stats, tolerance 1e-12 relative)', () => {
  test.each(T975)('t(0.975, %s) = %s', (df, expected) => {
    expect(Math.abs(t975(df) - expected) / expected).toBeLessThan(1e-12)
  })

  test('closed forms: df 1 is tan(π(p − ½)), df 2 is (2p − 1)/√(2p(1 − p)), df 4 by Hill', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 10)
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 10)
      const a = 4 * p * (1 - p)
      const q = Math.cos(Math.acos(Math.sqrt(a)) / 3) / Math.sqrt(a)
      expect(studentTQuantile(p, 4)).toBeCloseTo(2 * Math.sqrt(q - 1), 10)
    }
  })

  test('other levels (scipy): t(0.9, 3), t(0.05, 7), t(0.995, 12)', () => {
    expect(studentTQuantile(0.9, 3)).toBeCloseTo(1.637744353696209, 12)
    expect(studentTQuantile(0.05, 7)).toBeCloseTo(-1.8945786050900066, 12)
    expect(studentTQuantile(0.995, 12)).toBeCloseTo(3.0545395893929013, 12)
  })

  test('symmetric, the inverse of the CDF, and decreasing in df towards the normal', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.integer({ min: 1, max: 500 }), (p, df) => {
      const t = studentTQuantile(p, df)
      expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 9)
      expect(Math.abs(studentTCdf(t, df) - p)).toBeLessThan(1e-13)
    }), { numRuns: 200 })
    // Near the centre @stdlib's quantile rounds to 0 within ~1e-7 of p = ½ (its inverse incomplete
    // beta works in 1 − p); the confidence intervals only ask for p = 0.975, so that is good enough.
    for (const p of [0.5 + 1e-9, 0.5000001, 0.500001, 0.50001]) {
      for (const df of [1, 3, 30, 311, 500]) expect(Math.abs(studentTCdf(studentTQuantile(p, df), df) - p)).toBeLessThan(2e-7)
    }
    for (let df = 1; df < 60; df++) expect(t975(df + 1)).toBeLessThan(t975(df))
    expect(t975(1e6)).toBeGreaterThan(t975(Infinity))
  })

  test('the CDF and the functions beneath it', () => {
    expect(studentTCdf(0, 5)).toBe(0.5)
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 14)
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 14)
    expect(studentTCdf(1.959963984540054, Infinity)).toBeCloseTo(0.975, 14)
    expect(studentTCdf(2.228138851986274, 10)).toBeCloseTo(0.975, 14)
  })

  test('refuses nonsense', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError)
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError)
    expect(studentTQuantile(0.5, 3)).toBe(0)
  })
})
