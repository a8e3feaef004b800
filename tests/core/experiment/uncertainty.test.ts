// Model uncertainty by Latin hypercube on the synthetic M/M/1 station: the design's strata, the
// per-point bands beside the CI, determinism across --jobs, and the ordering statistic on a sweep
// whose answer is known by construction. With a fixed arrival rate and common random numbers the
// mean sojourn is strictly increasing in the service time, so "station a < station b" holds in a
// sample exactly when s_a < s_b: always for disjoint ranges, and for s_a ~ U(1, 3), s_b ~ U(2, 4)
// with probability 1 − (1/2·1·1)/(2·2) = 7/8.
import { describe, expect, test } from 'vitest'
import { executePlan, InProcessExecutor, latinHypercube, sampleInRange, orderingSentence, orderingStats, percentile, planRuns, planUncertainty, withoutProvenance, type RangeOverride, type ResultsDocument } from '../../../core/experiment/index'
import { ThreadExecutor } from '../../../core/experiment/node'
import type { Project } from '../../../core/project/index'
import { ensureCliBuilt, WORKER } from '../cli/build'
import { mm1Project } from './helpers'
import { loadExample } from '../scenario/helpers'

function stations(replications = 2): Project {
  return mm1Project({
    variables: { arrivalPerUs: 0.15, serviceUs_a: 2, serviceUs_b: 3, station: 'a', guests: 1, load: 0.5 },
    experiments: [{ id: 'cmp', name: 'Compare', duration: '10ms', warmup: '0ns', replications, sweep: [{ 'variables.guests': [1, 16] }, { 'variables.station': ['a', 'b'] }] }]
  })
}

async function runWith(p: Project, samples: number, ranges: RangeOverride[], executor: InProcessExecutor | ThreadExecutor = new InProcessExecutor(), jobs?: number): Promise<ResultsDocument> {
  const planned = planRuns(p)
  if (!planned.ok) throw new Error(planned.message)
  const u = planUncertainty(p, p.experiments[0], samples, ranges)
  if (!u.ok) throw new Error(u.problems.join('; '))
  const r = await executePlan(planned.plan, { executor, scenario: 'synthetic:mm1', uncertainty: [u.plan], ...(jobs ? { jobs } : {}) })
  expect(r.failures).toEqual([])
  return r.documents[0]
}

describe('sampling a range', () => {
  test('a range spanning a factor is log-uniform (half and double equally likely, the default at its geometric middle); a narrow one or one reaching 0 is uniform', () => {
    expect(sampleInRange(500, 2000, 0.5)).toBeCloseTo(1000, 9)
    expect(sampleInRange(500, 2000, 0)).toBe(500)
    expect(sampleInRange(500, 2000, 0.25)).toBeCloseTo(500 * Math.SQRT2, 9)
    expect(sampleInRange(3, 4, 0.5)).toBe(3.5)
    expect(sampleInRange(0, 1500, 0.5)).toBe(750)
  })
})

describe('Latin hypercube', () => {
  test('one point in each stratum of every axis; deterministic for the seed', () => {
    const x = latinHypercube(16, 3, 42)
    for (let j = 0; j < 3; j++) expect(x.map((row) => Math.floor(row[j] * 16)).sort((a, b) => a - b)).toEqual([...Array(16).keys()])
    expect(latinHypercube(16, 3, 42)).toEqual(x)
    expect(latinHypercube(16, 3, 43)).not.toEqual(x)
  })
  test('percentiles interpolate', () => {
    expect(percentile([1, 2, 3, 4, 5], 0.5)).toBe(3)
    expect(percentile([0, 10], 0.05)).toBeCloseTo(0.5)
    expect(percentile([], 0.5)).toBeNull()
  })
})

describe('run --uncertainty', () => {
  test('disjoint ranges: a < b in every sample at both guest counts; bands beside the CI', async () => {
    const doc = await runWith(stations(), 16, [{ path: 'variables.serviceUs_a', lo: 1, hi: 2 }, { path: 'variables.serviceUs_b', lo: 3, hi: 4 }])
    const soj = doc.uncertainty!.orderings!.filter((o) => o.metric === 'sojourn_mean_us')
    expect(soj.map((o) => [o.at, o.lower, o.higher, o.holds, o.samples])).toEqual([
      [{ guests: 1 }, 'a', 'b', 1, 16], [{ guests: 16 }, 'a', 'b', 1, 16]
    ])
    expect(orderingSentence(soj[1])).toBe('sojourn_mean_us: a < b in 100 % of 16 samples at guests=16')
    const p = doc.points[0]
    const bandA = p.uncertainty!.metrics.sojourn_mean_us as { p05: number; p95: number }
    // s_a ∈ [1, 2] at λ = 0.15: W from 1/0.85 ≈ 1.18 to 2/0.7 ≈ 2.86 µs.
    expect(bandA.p05).toBeGreaterThan(1.0)
    expect(bandA.p95).toBeLessThan(3.3)
    expect(bandA.p95 - bandA.p05).toBeGreaterThan(0.8)
    expect(p.uncertainty!.samples).toBe(16)
    expect(doc.uncertainty!.params.map((x) => x.path)).toEqual(['variables.serviceUs_a', 'variables.serviceUs_b'])
    expect(typeof (p.uncertainty!.metrics.stage_us as Record<string, unknown>).queue).toBe('object')
  })

  test('overlapping ranges: a < b in about 7/8 of the samples', async () => {
    const doc = await runWith(stations(1), 64, [{ path: 'variables.serviceUs_a', lo: 1, hi: 3 }, { path: 'variables.serviceUs_b', lo: 2, hi: 4 }])
    for (const o of doc.uncertainty!.orderings!.filter((x) => x.metric === 'sojourn_mean_us')) {
      expect(o.lower).toBe('a')
      expect(o.holds).toBeGreaterThan(0.78)
      expect(o.holds).toBeLessThan(0.97)
    }
  })

  test('the catalog\'s ranges of a shipped example: a parameter set through a (swept) variable is never sampled, nor one held fixed (lo = hi)', () => {
    const p = loadExample('raj2006-np-nic.iovlab.json')
    const e = p.experiments.find((x) => x.id === 'latency-vs-guests')!
    const r = planUncertainty(p, e, 4)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const paths = r.plan.params.map((x) => x.path)
    expect(paths.length).toBeGreaterThan(50)
    // Parameters the project sets through a variable (guests-a's count is {"var": "guests"}, which the
    // sweep moves) are never sampled: sampling them would override each point's own value.
    const viaVariable = p.topology.nodes.flatMap((n) => Object.entries(n.params ?? {})
      .filter(([, v]) => typeof v === 'object' && v !== null && 'var' in v).map(([k]) => `topology.nodes.${n.id}.params.${k}`))
    expect(viaVariable).toContain('topology.nodes.guests-a.params.count')
    for (const v of viaVariable) expect(paths).not.toContain(v)
    expect(r.plan.params.every((x) => x.lo < x.hi)).toBe(true)
    for (const run of r.plan.runs) for (const v of viaVariable) expect(run.params[v]).toBeUndefined()
  })

  test('no ranged parameter: one sentence', () => {
    const p = stations()
    const r = planUncertainty(p, p.experiments[0], 8)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.problems[0]).toMatch(/no parameter .* plausible range.*--range/)
    const swept = planUncertainty(p, p.experiments[0], 8, [{ path: 'variables.guests', lo: 1, hi: 2 }])
    expect(!swept.ok && swept.problems[0]).toMatch(/swept/)
  })

  test('byte-identical with 1 and 2 worker threads and on this thread', async () => {
    ensureCliBuilt()
    const ranges = [{ path: 'variables.serviceUs_a', lo: 1, hi: 3 }, { path: 'variables.serviceUs_b', lo: 2, hi: 4 }]
    const p = stations(1)
    const here = await runWith(p, 6, ranges)
    const one = await runWith(p, 6, ranges, new ThreadExecutor({ workerFile: WORKER }), 1)
    const two = await runWith(p, 6, ranges, new ThreadExecutor({ workerFile: WORKER }), 2)
    const text = (d: ResultsDocument): string => JSON.stringify(withoutProvenance(d))
    expect(text(one)).toBe(text(here))
    expect(text(two)).toBe(text(here))
    expect(here.digest).not.toBe((await runWith(p, 7, ranges)).digest)
  }, 60_000)
})

describe('ordering statistic', () => {
  test('parameters zipped with the categorical axis move with it; pairs in nominal order; failed samples left out', () => {
    const pt = (guests: number, variant: string, technique: string, mean: number) => ({ params: { guests, variant, technique }, replications: 1, metrics: { m: { mean, ci95: 0 } } })
    const points = [pt(1, 'sv', 'self', 10), pt(1, 'dd', 'pv', 20), pt(1, 'd0', 'pv', 15), pt(16, 'sv', 'self', 30), pt(16, 'dd', 'pv', 25), pt(16, 'd0', 'pv', 40)]
    // Sample s: sv = 10 + s, dd = 20 − s, d0 = 15 at guests 1 (s = 0…9); at 16 one sample failed.
    const samples = (f: (s: number) => number | undefined) => Array.from({ length: 10 }, (_, s) => { const v = f(s); return v === undefined ? undefined : { m: v } })
    const stats = orderingStats(points, [samples((s) => 10 + s), samples((s) => 20 - s), samples(() => 15), samples(() => 30), samples((s) => (s === 0 ? undefined : 25)), samples(() => 40)])
    const at1 = stats.filter((o) => o.axis === 'variant' && o.at.guests === 1).map((o) => [o.lower, o.higher, o.holds, o.samples])
    expect(at1).toEqual([['sv', 'd0', 0.5, 10], ['sv', 'dd', 0.5, 10], ['d0', 'dd', 0.5, 10]])
    const at16 = stats.filter((o) => o.axis === 'variant' && o.at.guests === 16).map((o) => [o.lower, o.higher, o.holds, o.samples])
    expect(at16).toEqual([['dd', 'sv', 1, 9], ['dd', 'd0', 1, 9], ['sv', 'd0', 1, 10]])
    expect(stats.every((o) => o.axis === 'variant')).toBe(true) // technique: no two points share everything else
  })
})
