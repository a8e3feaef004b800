// Random streams and distributions: reproducible, independent per name, right moments.
import { describe, expect, it } from 'vitest'
import { makeDistribution, RngStreams, checkDistribution, deriveSeed, type DistributionSpec } from '../../../core/sim'

const draw = (n: number, f: () => number) => Array.from({ length: n }, f)

describe('RngStreams', () => {
  it('gives the same numbers for the same seed and name', () => {
    const a = new RngStreams(7).stream('nic-1')
    const b = new RngStreams(7).stream('nic-1')
    expect(draw(100, () => a.uniform())).toEqual(draw(100, () => b.uniform()))
  })

  it('does not shift a stream when another component is added first', () => {
    const plain = new RngStreams(7)
    const x = draw(20, () => plain.stream('vm-a').exponential(1))
    const crowded = new RngStreams(7)
    draw(50, () => crowded.stream('vm-new').uniform())
    expect(draw(20, () => crowded.stream('vm-a').exponential(1))).toEqual(x)
  })

  it('gives different streams for different seeds and names', () => {
    const u = (seed: number, name: string) => draw(5, () => new RngStreams(seed).stream(name).uniform32())
    expect(u(1, 'a')).not.toEqual(u(2, 'a'))
    expect(u(1, 'a')).not.toEqual(u(1, 'b'))
    expect(deriveSeed(1, 'x')).not.toBe(deriveSeed(1, 'y'))
  })

  it('keeps uniforms in [0, 1) with a mean near 1/2', () => {
    const s = new RngStreams(3).stream('u')
    const xs = draw(50_000, () => s.uniform())
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    expect(xs.reduce((a, b) => a + b) / xs.length).toBeCloseTo(0.5, 2)
  })

  it('rejects seeds that are not uint32', () => {
    expect(() => new RngStreams(-1)).toThrow(/unsigned/)
    expect(() => new RngStreams(1.5)).toThrow(/unsigned/)
  })
})

describe('distributions', () => {
  const moments = (spec: DistributionSpec, n = 100_000) => {
    const d = makeDistribution(spec, new RngStreams(11).stream('d'))
    const xs = draw(n, () => d.sample())
    const mean = xs.reduce((a, b) => a + b) / n
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1))
    return { mean, sd, xs, d }
  }

  it.each([
    [{ kind: 'constant', value: 4 }, 4, 0],
    [{ kind: 'uniform', min: 2, max: 6 }, 4, 4 / Math.sqrt(12)],
    [{ kind: 'exponential', mean: 3 }, 3, 3],
    [{ kind: 'normal', mean: 10, sd: 2 }, 10, 2],
    [{ kind: 'lognormal', mean: 5, sd: 1.5 }, 5, 1.5],
    [{ kind: 'empirical', values: [1, 2, 10], weights: [1, 1, 2] }, 5.75, Math.sqrt((1 + 4 + 200) / 4 - 5.75 ** 2)]
  ] as [DistributionSpec, number, number][])('%o has mean %d and sd %d within 2 %%', (spec, mean, sd) => {
    const m = moments(spec)
    expect(m.d.mean).toBeCloseTo(mean, 6)
    expect(Math.abs(m.mean - mean)).toBeLessThanOrEqual(0.02 * mean)
    expect(Math.abs(m.sd - sd)).toBeLessThanOrEqual(0.02 * Math.max(sd, 1e-9) + 1e-9)
  })

  it('draws only the listed empirical values', () => {
    const { xs } = moments({ kind: 'empirical', values: [3, 8] }, 1000)
    expect(new Set(xs)).toEqual(new Set([3, 8]))
  })

  it('explains bad specs', () => {
    expect(checkDistribution({ kind: 'exponential', mean: 0 })).toMatch(/mean/)
    expect(checkDistribution({ kind: 'uniform', min: 3, max: 1 })).toMatch(/min/)
    expect(checkDistribution({ kind: 'empirical', values: [] })).toMatch(/at least one/)
    expect(checkDistribution({ kind: 'empirical', values: [1], weights: [0] })).toMatch(/not all zero/)
    expect(() => makeDistribution({ kind: 'normal', mean: 1, sd: -1 }, new RngStreams(1).stream('x'))).toThrow(/sd/)
  })
})
