// Sweep expansion (cartesian, zipped, mixed), run seeds that depend only on the point and the
// replication, applying a point without touching the project, and short parameter names.
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { applyPoint, expandSweep, experimentRuns, planRuns, pointCount, runSeed, shortNames } from '../../../core/experiment/index'
import { sweepPointCount } from '../../../core/project/index'
import { mm1Project } from './helpers'

describe('sweep expansion', () => {
  test('no axes: one point with no parameters', () => {
    expect(expandSweep([])).toEqual([{ index: 0, params: {} }])
    expect(pointCount([])).toBe(1)
  })

  test('cartesian: axes combine, the first axis varies slowest', () => {
    const points = expandSweep([{ a: [1, 2, 3] }, { b: ['x', 'y'] }])
    expect(points.map((p) => p.params)).toEqual([
      { a: 1, b: 'x' }, { a: 1, b: 'y' }, { a: 2, b: 'x' }, { a: 2, b: 'y' }, { a: 3, b: 'x' }, { a: 3, b: 'y' }
    ])
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5])
  })

  test('zipped: the paths of one axis move together', () => {
    expect(expandSweep([{ a: [1, 2], b: ['x', 'y'] }]).map((p) => p.params)).toEqual([{ a: 1, b: 'x' }, { a: 2, b: 'y' }])
  })

  test('mixed: a zipped axis crossed with another', () => {
    const points = expandSweep([{ a: [1, 2], b: ['x', 'y'] }, { c: [true, false] }])
    expect(points.map((p) => p.params)).toEqual([
      { a: 1, b: 'x', c: true }, { a: 1, b: 'x', c: false }, { a: 2, b: 'y', c: true }, { a: 2, b: 'y', c: false }
    ])
  })

  test('the point count matches core/project\'s count without expanding, for any sweep', () => {
    const axis = fc.dictionary(fc.constantFrom('p', 'q', 'r'), fc.array(fc.integer(), { minLength: 1, maxLength: 4 }), { minKeys: 1 })
      .map((d) => { const n = Object.values(d)[0].length; return Object.fromEntries(Object.entries(d).map(([k, v]) => [k, Array.from({ length: n }, (_, i) => v[i % v.length])])) })
    fc.assert(fc.property(fc.array(axis, { maxLength: 4 }), (sweep) => {
      const n = expandSweep(sweep).length
      expect(n).toBe(pointCount(sweep))
      expect(n).toBe(sweepPointCount(sweep))
    }))
  })

  test('an experiment\'s runs: points × replications, ids and seeds', () => {
    const project = mm1Project()
    const runs = experimentRuns(project, project.experiments[1])
    expect(runs).toHaveLength(4 * 2)
    expect(runs[0]).toEqual({
      id: 'zipped/0/0', projectName: 'mm1-test', experimentId: 'zipped', pointIndex: 0,
      params: { 'variables.load': 0.2, 'variables.serviceUs': 1, 'experiments.zipped.warmup': '0ns' },
      replication: 0, seed: runSeed(7, runs[0].params, 0)
    })
    expect(JSON.parse(JSON.stringify(runs))).toEqual(runs) // plain serializable data
    const plan = planRuns(project)
    expect(plan.ok && plan.plan.runs.length).toBe(3 * 3 + 4 * 2)
  })
})

describe('run seeds', () => {
  test('depend on the parameters, not on the order they are written or the runs are made', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.dictionary(fc.string({ minLength: 1 }), fc.integer()), fc.nat(100), (seed, params, rep) => {
      const reversed = Object.fromEntries(Object.entries(params).reverse())
      expect(runSeed(seed, reversed, rep)).toBe(runSeed(seed, params, rep))
    }))
  })

  test('differ between replications, points and project seeds, and are unsigned 32-bit', () => {
    const seeds = new Set<number>()
    for (let load = 1; load <= 20; load++) for (let r = 0; r < 20; r++) seeds.add(runSeed(7, { 'variables.load': load / 100 }, r))
    expect(seeds.size).toBe(400)
    expect(runSeed(7, { a: 1 }, 0)).not.toBe(runSeed(8, { a: 1 }, 0))
    for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 0xffffffff).toBe(true)
  })

  test('are frozen: the same project seed, point and replication give this seed in every version', () => {
    expect(runSeed(2006, { 'variables.guests': 16, 'variables.variant': 'self-virtualized' }, 2)).toMatchInlineSnapshot(`1495940219`)
  })

  test('do not change when an experiment is run alone or with others, or when its points are reordered', () => {
    const project = mm1Project()
    const all = planRuns(project)
    const one = planRuns(project, ['zipped'])
    if (!all.ok || !one.ok) throw new Error('plan failed')
    const bySeed = new Map(all.plan.runs.map((r) => [r.id, r.seed]))
    for (const r of one.plan.runs) expect(r.seed).toBe(bySeed.get(r.id))
    const reordered = mm1Project({ experiments: [{ ...project.experiments[1], sweep: [project.experiments[1].sweep[1], project.experiments[1].sweep[0]] }] })
    const again = planRuns(reordered)
    if (!again.ok) throw new Error('plan failed')
    const seedOf = (p: Record<string, unknown>, rep: number): number => one.plan.runs.find((r) => JSON.stringify(Object.entries(r.params).sort()) === JSON.stringify(Object.entries(p).sort()) && r.replication === rep)!.seed
    for (const r of again.plan.runs) expect(r.seed).toBe(seedOf(r.params, r.replication))
  })
})

describe('applying a point', () => {
  test('sets each path in a new project and leaves the original untouched', () => {
    const project = mm1Project()
    const before = JSON.stringify(project)
    const r = applyPoint(project, { 'variables.load': 0.9, 'experiments.zipped.duration': '1ms' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.project.variables.load).toBe(0.9)
    expect(r.project.experiments[1].duration).toBe('1ms')
    expect(JSON.stringify(project)).toBe(before)
  })

  test('reports a path that does not exist', () => {
    const r = applyPoint(mm1Project(), { 'variables.nope': 1 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(/variables\.nope.*no variable "nope"/)
  })
})

describe('short parameter names', () => {
  test('the last segment, longer where two would clash', () => {
    expect(shortNames(['variables.guests', 'variables.variant'])).toEqual({ 'variables.guests': 'guests', 'variables.variant': 'variant' })
    expect(shortNames(['variables.duration', 'experiments.e.duration'])).toEqual({ 'variables.duration': 'variables.duration', 'experiments.e.duration': 'e.duration' })
  })
})
