// Sensitivity analysis on an M/M/1 station with a fixed arrival rate λ, where the answer is
// known: the mean sojourn W = s/(1 − λs), so its elasticity is 1/(1 − ρ) in the service time s and
// ρ/(1 − ρ) in λ; the utilisation's is 1 in both. Central differences of ±δ give, exactly,
// (W(s(1+δ)) − W(s(1−δ))) / (2δ·W(s)), which the estimates must match within tolerance.
import { describe, expect, test } from 'vitest'
import { analyzeSensitivity, executeBatch, InProcessExecutor, planSensitivity, sensitivityText, type ParamTarget, type SensitivityReport } from '../../../core/experiment/index'
import { oatSteps } from '../../../core/experiment/sensitivity'
import { ThreadExecutor } from '../../../core/experiment/node'
import type { Project } from '../../../core/project/index'
import { ensureCliBuilt, WORKER } from '../cli/build'
import { mm1Project } from './helpers'

const LAMBDA = 0.5
const S = 1

function project(replications = 4, duration = '200ms'): Project {
  return mm1Project({
    variables: { arrivalPerUs: LAMBDA, serviceUs: S, load: 0.5 },
    experiments: [{ id: 'q', name: 'Queue', duration, warmup: '2ms', replications, sweep: [{ 'variables.arrivalPerUs': [0.3, LAMBDA] }] }]
  })
}

async function analyse(p: Project, req: Parameters<typeof planSensitivity>[1], executor = new InProcessExecutor(), jobs?: number): Promise<SensitivityReport> {
  const planned = planSensitivity(p, req)
  if (!planned.ok) throw new Error(planned.problems.join('; '))
  const done = await executeBatch(p, planned.design.runs, { executor, scenario: 'synthetic:mm1', ...(jobs ? { jobs } : {}) })
  expect(done.cancelled).toBe(false)
  return analyzeSensitivity(p, planned.design, done.outcomes)
}

const W = (lambda: number, s: number): number => s / (1 - lambda * s)

describe('OAT elasticities of an M/M/1 station (closed form)', () => {
  test('sojourn w.r.t. service time ≈ 1/(1 − ρ), w.r.t. arrival rate ≈ ρ/(1 − ρ); utilisation ≈ 1', async () => {
    const delta = 0.1
    const r = await analyse(project(), { experimentId: 'q', pointIndex: 1, paths: ['variables.serviceUs'], delta })
    // The point's own λ is swept, so perturb it through a second analysis of a sweep-free copy.
    const central = (W(LAMBDA, S * (1 + delta)) - W(LAMBDA, S * (1 - delta))) / (2 * delta * W(LAMBDA, S))
    expect(central).toBeCloseTo(2.0202, 3) // 1/(1 − ρ) = 2 at ρ = 0.5, plus the O(δ²) term
    const soj = r.metrics.sojourn_mean_us.effects[0]
    expect(soj.path).toBe('variables.serviceUs')
    expect(Math.abs(soj.elasticity! - central)).toBeLessThan(0.12)
    expect(soj.ci95).not.toBeNull()
    expect(soj.n).toBe(4)
    expect(Math.abs(r.metrics.utilization.effects[0].elasticity! - 1)).toBeLessThan(0.03)
    expect(r.point).toEqual({ index: 1, params: { arrivalPerUs: LAMBDA } })
    expect(r.runs).toBe(3 * 4)

    const fixed = mm1Project({
      variables: { arrivalPerUs: LAMBDA, serviceUs: S, load: 0.5 },
      experiments: [{ id: 'q', name: 'Queue', duration: '200ms', warmup: '2ms', replications: 4, sweep: [] }]
    })
    const r2 = await analyse(fixed, { experimentId: 'q', paths: ['variables.arrivalPerUs', 'variables.serviceUs'], delta })
    const byPath = Object.fromEntries(r2.metrics.sojourn_mean_us.effects.map((e) => [e.path, e]))
    const centralL = (W(LAMBDA * (1 + delta), S) - W(LAMBDA * (1 - delta), S)) / (2 * delta * W(LAMBDA, S))
    expect(Math.abs(byPath['variables.arrivalPerUs'].elasticity! - centralL)).toBeLessThan(0.12)
    // Ranked by |elasticity|: service time (≈ 2) before arrival rate (≈ 1).
    expect(r2.metrics.sojourn_mean_us.effects.map((e) => e.path)).toEqual(['variables.serviceUs', 'variables.arrivalPerUs'])
  })

  test('a parameter that nothing reads has elasticity exactly 0 (common random numbers)', async () => {
    const r = await analyse(project(2, '20ms'), { experimentId: 'q', paths: ['variables.load'] })
    for (const m of Object.values(r.metrics)) expect(m.effects[0].elasticity).toBe(0)
  })

  test('bad requests come back as sentences', () => {
    const p = project()
    const bad = (req: Parameters<typeof planSensitivity>[1]): string[] => { const r = planSensitivity(p, req); return r.ok ? [] : r.problems }
    expect(bad({ experimentId: 'nope', paths: ['variables.serviceUs'] })[0]).toMatch(/no experiment "nope"/)
    expect(bad({ experimentId: 'q', pointIndex: 5, paths: ['variables.serviceUs'] })[0]).toMatch(/points 0 to 1/)
    expect(bad({ experimentId: 'q', paths: ['variables.nothing'] })[0]).toMatch(/no variable "nothing"/)
    expect(bad({ experimentId: 'q' })[0]).toMatch(/--params/)
    expect(bad({ experimentId: 'q', paths: ['variables.serviceUs'], delta: 1.5 })[0]).toMatch(/step/)
    const swept = planSensitivity(p, { experimentId: 'q', paths: ['variables.arrivalPerUs', 'variables.serviceUs'] })
    expect(swept.ok && swept.design.skipped.map((s) => s.path)).toEqual(['variables.arrivalPerUs'])
  })

  test('perturbed values never enter the seeds: every configuration runs with the point\'s seeds', () => {
    const r = planSensitivity(project(3), { experimentId: 'q', pointIndex: 1, paths: ['variables.serviceUs'] })
    if (!r.ok) throw new Error(r.problems.join())
    const seeds = (c: number): number[] => r.design.runs.filter((x) => x.id.includes(`/s${c}/`)).map((x) => x.seed)
    expect(seeds(1)).toEqual(seeds(0))
    expect(seeds(2)).toEqual(seeds(0))
    expect(new Set(seeds(0)).size).toBe(3)
  })
})

describe('Morris elementary effects', () => {
  test('rank service time above arrival rate, with μ* near the local elasticities; seeded design', async () => {
    const fixed = mm1Project({
      variables: { arrivalPerUs: LAMBDA, serviceUs: S, load: 0.5 },
      experiments: [{ id: 'q', name: 'Queue', duration: '100ms', warmup: '2ms', replications: 2, sweep: [] }]
    })
    const req = { experimentId: 'q', paths: ['variables.arrivalPerUs', 'variables.serviceUs', 'variables.load'], method: 'morris' as const, trajectories: 4, delta: 0.1 }
    const r = await analyse(fixed, req)
    const eff = r.metrics.sojourn_mean_us.effects
    expect(eff.map((e) => e.path)).toEqual(['variables.serviceUs', 'variables.arrivalPerUs', 'variables.load'])
    expect(eff[0].muStar!).toBeGreaterThan(1.6)
    expect(eff[0].muStar!).toBeLessThan(2.6)
    expect(eff[2].muStar).toBe(0)
    expect(r.trajectories).toBe(4)
    expect(r.runs).toBe(2 * (1 + 4 * 4))
    const a = planSensitivity(fixed, req)
    const b = planSensitivity(fixed, req)
    expect(a.ok && b.ok && JSON.stringify(a.design.configs) === JSON.stringify(b.design.configs)).toBe(true)
  })
})

describe('determinism across --jobs', () => {
  test('OAT and Morris reports are byte-identical with 1 and 2 worker threads', async () => {
    ensureCliBuilt()
    const p = project(2, '20ms')
    for (const method of ['oat', 'morris'] as const) {
      const req = { experimentId: 'q', pointIndex: 1, paths: ['variables.serviceUs', 'variables.load'], method, trajectories: 3 }
      const one = await analyse(p, req, new ThreadExecutor({ workerFile: WORKER }) as never, 1)
      const two = await analyse(p, req, new ThreadExecutor({ workerFile: WORKER }) as never, 2)
      expect(sensitivityText(two)).toBe(sensitivityText(one))
    }
  }, 60_000)
})

describe('OAT steps', () => {
  const t = (base: number, extra: Partial<ParamTarget> = {}): ParamTarget => ({ path: 'p', base, label: 'p', unit: '', owner: 'host', integer: false, ...extra })
  test('x·(1 ∓ δ); whole numbers rounded, or a step of one when ±δ would not move them; bounds hold', () => {
    expect(oatSteps(t(2e9), 0.1)).toEqual([1.8e9, 2.2e9])
    expect(oatSteps(t(100, { integer: true }), 0.1)).toEqual([90, 110])
    expect(oatSteps(t(4, { integer: true }), 0.1)).toEqual([3, 5])
    expect(oatSteps(t(1, { integer: true }), 0.1)).toEqual([1, 2])
    expect(oatSteps(t(1, { integer: true, min: 1, max: 1 }), 0.1)).toEqual([1, 1])
    expect(oatSteps(t(0.95, { max: 1 }), 0.1)).toEqual([0.855, 1])
  })
})
