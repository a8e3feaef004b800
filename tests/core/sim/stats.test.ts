// Streaming statistics: tallies, time averages, and quantiles within HDR's stated bound.
import fc from 'fast-check'
import { describe, expect, it, test } from 'vitest'
import { Quantiles, Tally, TimeWeighted } from '../../../core/sim'

describe('Tally', () => {
  it('matches the two-pass mean and sample variance', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 200 }), (xs) => {
      const t = new Tally()
      xs.forEach((x) => t.record(x))
      const mean = xs.reduce((a, b) => a + b) / xs.length
      const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)
      expect(t.mean).toBeCloseTo(mean, 4)
      expect(Math.abs(t.variance - v)).toBeLessThanOrEqual(1e-6 * Math.max(1, v))
      expect(t.min).toBe(Math.min(...xs))
      expect(t.max).toBe(Math.max(...xs))
    }))
  })
})

describe('TimeWeighted', () => {
  it('averages a level over time and restarts after reset', () => {
    const tw = new TimeWeighted(0)
    tw.set(2, 10) // level 0 for [0,10)
    tw.set(1, 20) // level 2 for [10,20)
    expect(tw.mean(30)).toBeCloseTo((0 + 20 + 10) / 30)
    expect(tw.max).toBe(2)
    tw.reset(30)
    expect(tw.mean(40)).toBe(1)
  })
})

describe('Quantiles', () => {
  it('stays within the HDR histogram\'s relative-error bound of the exact quantile', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 10_000_000_000 }), { minLength: 1, maxLength: 2000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.constantFrom<1 | 2 | 3>(1, 2, 3),
      (xs, q, digits) => {
        const qs = new Quantiles({ significantDigits: digits })
        xs.forEach((x) => qs.record(x))
        const sorted = [...xs].sort((a, b) => a - b)
        // HDR's rank rule: the smallest value whose cumulative count reaches ceil(q·n), at least 1.
        const rank = Math.max(1, Math.ceil(q * xs.length))
        const exact = sorted[rank - 1]
        const got = qs.quantile(q)
        // Stated bound: values are kept to `digits` significant decimal digits (relative error ≤ 10^-digits).
        expect(Math.abs(got - exact)).toBeLessThanOrEqual(exact * 10 ** -digits + 1)
      }
    ), { numRuns: 300 })
  })

  it('keeps memory bounded however many samples it sees', () => {
    const qs = new Quantiles()
    for (let i = 0; i < 10_000; i++) qs.record(1000 + (i % 5000))
    const small = qs.footprintBytes
    for (let i = 0; i < 500_000; i++) qs.record(1000 + (i % 5000))
    // Packed counters widen a little as counts grow, but memory is nowhere near one slot per sample.
    expect(qs.footprintBytes).toBeLessThan(2 * small)
    expect(qs.footprintBytes).toBeLessThan(510_000)
    expect(qs.count).toBe(510_000)
  })

  it('answers NaN when empty', () => {
    expect(new Quantiles().quantile(0.5)).toBeNaN()
  })
})

describe('merging (per-VM views of per-flow histograms)', () => {
  test('Tally.merge gives the count, mean, variance, min and max of all samples', () => {
    const xs = [5, 7.5, 1e6, 3, -2], ys = [1e6 + 1, 4, 4, 9]
    const a = new Tally(), b = new Tally(), all = new Tally()
    for (const x of xs) { a.record(x); all.record(x) }
    for (const y of ys) { b.record(y); all.record(y) }
    a.merge(b)
    expect(a.count).toBe(all.count)
    expect(a.mean).toBeCloseTo(all.mean, 9)
    expect(a.variance).toBeCloseTo(all.variance, 3)
    expect([a.min, a.max]).toEqual([all.min, all.max])
    const empty = new Tally()
    empty.merge(b)
    expect([empty.count, empty.mean]).toEqual([b.count, b.mean])
    b.merge(new Tally())
    expect(b.count).toBe(4)
  })

  test('Quantiles.merged equals recording every sample in one histogram', () => {
    const parts = [new Quantiles(), new Quantiles(), new Quantiles()]
    const all = new Quantiles()
    for (let i = 0; i < 3000; i++) {
      const x = ((i * 7919) % 1000) * (1 + (i % 3)) + 100
      parts[i % 3].record(x)
      all.record(x)
    }
    const m = Quantiles.merged(parts)
    expect(m.count).toBe(3000)
    for (const q of [0, 0.25, 0.5, 0.99, 1]) expect(m.quantile(q)).toBe(all.quantile(q))
    expect(m.cdf()).toEqual(all.cdf())
    expect(parts[0].count).toBe(1000) // the parts are left as they were
    expect(Quantiles.merged([]).count).toBe(0)
  })
})
