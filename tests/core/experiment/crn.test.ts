// Common random numbers: which axes share seeds, which point is a point's baseline, paired
// differences, and the mechanism — with CRN the 95 % interval of the difference between two
// alternatives is narrower than with independent seeds (same replications), and both intervals
// agree on the difference.
import { describe, expect, test } from 'vitest'
import {
  baselineIndex, crnPlan, executePlan, experimentRuns, InProcessExecutor, pairedDifferences, planRuns, seedParams, summarize,
  type Executor, type MetricSummary, type RunOutcome
} from '../../../core/experiment/index'
import type { Experiment, Project } from '../../../core/project/index'
import { mm1Project } from './helpers'

const exp = (over: Partial<Experiment>): Experiment => ({
  id: 'e', name: 'e', workloads: [], duration: 1, warmup: 0, replications: 2, stop: {},
  sweep: [{ 'variables.guests': [1, 2, 4] }, { 'variables.technique': ['emulated', 'paravirtual'], 'variables.variant': ['a', 'b'] }],
  ...over
})

describe('crn plan', () => {
  test('a named path brings its whole axis; the baseline is the first value or crnBaseline', () => {
    expect(crnPlan(exp({}))).toEqual({ ok: true, plan: undefined })
    expect(crnPlan(exp({ crn: ['technique'] }))).toEqual({ ok: true, plan: { paths: ['variables.technique', 'variables.variant'], axes: [1], baseline: [0] } })
    expect(crnPlan(exp({ crn: ['variables.variant'], crnBaseline: { technique: 'paravirtual' } }))).toEqual({ ok: true, plan: { paths: ['variables.technique', 'variables.variant'], axes: [1], baseline: [1] } })
    const both = crnPlan(exp({ crn: ['guests', 'technique'], crnBaseline: { guests: 2 } }))
    expect(both).toEqual({ ok: true, plan: { paths: ['variables.guests', 'variables.technique', 'variables.variant'], axes: [0, 1], baseline: [1, 0] } })
  })

  test('seeds come from the point without the CRN paths; the baseline index swaps the CRN digits', () => {
    const r = crnPlan(exp({ crn: ['technique'] }))
    if (!r.ok || !r.plan) throw new Error('no plan')
    expect(seedParams({ 'variables.guests': 2, 'variables.technique': 'paravirtual', 'variables.variant': 'b' }, r.plan)).toEqual({ 'variables.guests': 2 })
    // Points: (1,e) (1,p) (2,e) (2,p) (4,e) (4,p)
    expect([0, 1, 2, 3, 4, 5].map((i) => baselineIndex(exp({}).sweep, r.plan!, i))).toEqual([0, 0, 2, 2, 4, 4])
    const g = crnPlan(exp({ crn: ['guests'], crnBaseline: { guests: 4 } }))
    if (!g.ok || !g.plan) throw new Error('no plan')
    expect([0, 1, 2, 3, 4, 5].map((i) => baselineIndex(exp({}).sweep, g.plan!, i))).toEqual([4, 5, 4, 5, 4, 5])
  })

  test('runs share seeds across the CRN axis and only there', () => {
    const p = mm1Project()
    const e = exp({ crn: ['technique'], replications: 2 })
    const runs = experimentRuns(p, e)
    const seed = (point: number, r: number): number => runs.find((x) => x.pointIndex === point && x.replication === r)!.seed
    expect(seed(1, 0)).toBe(seed(0, 0))
    expect(seed(1, 1)).toBe(seed(0, 1))
    expect(seed(0, 1)).not.toBe(seed(0, 0))
    expect(seed(2, 0)).not.toBe(seed(0, 0))
    const plain = experimentRuns(p, exp({}))
    expect(plain.find((x) => x.pointIndex === 1 && x.replication === 0)!.seed).not.toBe(plain.find((x) => x.pointIndex === 0 && x.replication === 0)!.seed)
  })
})

describe('paired differences', () => {
  test('replication by replication, only where both measured; the t interval of the differences', () => {
    const point = [{ a: 3, o: { k: 2 } }, { a: 5, o: { k: 4 } }, undefined, { a: null, o: { k: 1 } }]
    const base = [{ a: 1, o: { k: 1 } }, { a: 2, o: { k: 1 } }, { a: 9, o: { k: 0 } }, { a: 1, o: { k: 0 } }]
    const d = pairedDifferences(point, base)
    expect(d.metrics.a).toEqual({ ...summarize([2, 3]), n: 2 })
    expect(d.metrics.o).toEqual({ k: { ...summarize([1, 3, 1]), n: 3 } })
    expect(d.missing).toEqual({})
    const none = pairedDifferences([{ a: 1 }], [{ a: null }])
    expect(none.metrics.a).toEqual({ mean: null, ci95: null, n: 0 })
    expect(none.missing.a).toBe('the baseline did not measure it')
  })
})

/** Records every outcome it passes on. */
const recorder = (into: RunOutcome[]): Executor => ({
  kind: 'recording',
  async *run(batch, options) { for await (const o of new InProcessExecutor().run(batch, options)) { into.push(o); yield o } }
})

/** Two service stations of an M/M/1 queue at a fixed arrival rate: b is 20 % slower than a. */
function stations(crn: boolean, replications = 8): Project {
  const p = mm1Project()
  return {
    ...p,
    variables: { arrivalPerUs: 0.5, serviceUs_a: 1, serviceUs_b: 1.2, station: 'a' },
    experiments: [{ ...p.experiments[0], duration: 2_000_000, warmup: 100_000, replications, sweep: [{ 'variables.station': ['a', 'b'] }], ...(crn ? { crn: ['station'] } : {}) }]
  }
}

async function runMm1(project: Project, into: RunOutcome[]) {
  const r = planRuns(project)
  if (!r.ok) throw new Error(r.message)
  return executePlan(r.plan, { executor: recorder(into), scenario: 'synthetic:mm1' })
}

const metricsByReplication = (outcomes: readonly RunOutcome[], point: number) => {
  const out: (Record<string, number | null | Record<string, number>> | undefined)[] = []
  for (const o of outcomes) if (o.run.pointIndex === point && o.ok) out[o.run.replication] = o.metrics
  return out
}

describe('the runner with crn', () => {
  test('points carry the paired difference to the baseline; the baseline carries none', async () => {
    const seen: RunOutcome[] = []
    const doc = (await runMm1(stations(true), seen)).documents[0]
    expect(doc.points[0].diff).toBeUndefined()
    const diff = doc.points[1].diff!
    expect(diff.baseline).toEqual({ station: 'a' })
    expect(diff.metrics.wait_mean_us).toEqual(pairedDifferences(metricsByReplication(seen, 1), metricsByReplication(seen, 0)).metrics.wait_mean_us)
    expect((diff.metrics.wait_mean_us as MetricSummary).n).toBe(8)
  })

  test('mechanism: with CRN the interval of the difference is much narrower, and agrees with the independent one', async () => {
    const withCrn: RunOutcome[] = []
    const without: RunOutcome[] = []
    const a = (await runMm1(stations(true), withCrn)).documents[0]
    await runMm1(stations(false), without)
    const crn = a.points[1].diff!.metrics.wait_mean_us as MetricSummary
    const ind = pairedDifferences(metricsByReplication(without, 1), metricsByReplication(without, 0)).metrics.wait_mean_us as MetricSummary
    expect(crn.n).toBe(8)
    expect(ind.n).toBe(8)
    // b's longer service makes waits longer: the difference is positive in both.
    expect(crn.mean!).toBeGreaterThan(0)
    expect(crn.ci95!).toBeLessThan(0.5 * ind.ci95!)
    expect(Math.abs(crn.mean! - ind.mean!)).toBeLessThanOrEqual(crn.ci95! + ind.ci95!)
  })

  test('with a replications rule, points pair over the replications both ran', async () => {
    const p = stations(true)
    const ruled: Project = { ...p, experiments: [{ ...p.experiments[0], replications: { min: 3, max: 20, until: { metric: 'wait_mean_us', relativeHalfWidth: 0.05 } } }] }
    const doc = (await runMm1(ruled, [])).documents[0]
    const n = Math.min(doc.points[0].replications, doc.points[1].replications)
    expect((doc.points[1].diff!.metrics.wait_mean_us as MetricSummary).n).toBe(n)
  })
})
