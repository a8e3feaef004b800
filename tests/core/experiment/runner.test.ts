// The runner on this thread with the synthetic M/M/1 scenario (real kernel numbers) and
// injected fakes: documents and digests, streaming points and progress, failures that leave
// the other runs going, runaway runs stopped at their limits, and cancellation.
import { describe, expect, test } from 'vitest'
import {
  executePlan, InProcessExecutor, inputDigest, planRuns, pointsCanonicalText, pointsDigest, sha256Digest, summarize,
  withoutProvenance, type RunnerEvent, type RunPlan
} from '../../../core/experiment/index'
import { ScenarioLimitError, type RunScenario } from '../../../core/scenario/types'
import { ENGINE_FINGERPRINT, ENGINE_VERSION } from '../../../core/version'
import { mm1Project } from './helpers'

function plan(project = mm1Project(), ids?: string[]): RunPlan {
  const r = planRuns(project, ids)
  if (!r.ok) throw new Error(r.message)
  return r.plan
}

const inProcess = (scenarios = {}): InProcessExecutor => new InProcessExecutor({ scenarios })

describe('results documents', () => {
  test('one per experiment, in the shape of CONTRACTS.md, with M/M/1 waits near theory', async () => {
    const res = await executePlan(plan(), { executor: inProcess(), scenario: 'synthetic:mm1' })
    expect(res.cancelled).toBe(false)
    expect(res.failures).toEqual([])
    expect(res.documents.map((d) => d.experiment)).toEqual(['wait-vs-load', 'zipped'])
    const doc = res.documents[0]
    expect(Object.keys(doc)).toEqual(['format', 'version', 'project', 'experiment', 'engine', 'inputDigest', 'digest', 'points', 'paramPaths', 'provenance'])
    expect(doc).toMatchObject({ format: 'iovlab-results', version: 1, project: 'mm1-test', engine: ENGINE_VERSION, paramPaths: { load: 'variables.load' } })
    expect(doc.points.map((p) => p.params)).toEqual([{ load: 0.3 }, { load: 0.5 }, { load: 0.8 }])
    for (const p of doc.points) {
      expect(p.replications).toBe(3)
      const rho = p.params.load as number
      const wait = p.metrics.wait_mean_us as { mean: number; ci95: number }
      // Mean wait of M/M/1 with 1 µs service: ρ/(1−ρ) µs; 20 ms runs are short, so a wide band.
      expect(wait.mean).toBeGreaterThan(0.6 * (rho / (1 - rho)))
      expect(wait.mean).toBeLessThan(1.5 * (rho / (1 - rho)))
      expect(wait.ci95).toBeGreaterThan(0)
      expect(p.metrics.stage_us).toHaveProperty('queue')
    }
    expect(doc.provenance).toMatchObject({ engine: ENGINE_VERSION, engineFingerprint: ENGINE_FINGERPRINT, inputDigest: doc.inputDigest, digest: doc.digest, executor: 'in-process' })
    expect(ENGINE_FINGERPRINT).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(Date.parse(doc.provenance!.endedAt)).toBeGreaterThanOrEqual(Date.parse(doc.provenance!.startedAt))
  })

  test('the digest is SHA-256 of the points\' canonical numbers; the input digest leaves stored results out', async () => {
    const project = mm1Project()
    const res = await executePlan(plan(project), { executor: inProcess(), scenario: 'synthetic:mm1' })
    const doc = res.documents[1]
    expect(doc.digest).toBe(await pointsDigest(doc.points))
    expect(doc.digest).toBe(await sha256Digest(pointsCanonicalText(doc.points)))
    expect(pointsCanonicalText(doc.points)).not.toMatch(/provenance|startedAt|linux|\/tmp/)
    expect(doc.inputDigest).toBe(await inputDigest(project, doc.experiment))
    expect(await inputDigest({ ...project, results: [doc as never] }, doc.experiment)).toBe(doc.inputDigest)
    expect(await inputDigest({ ...project, seed: 8 }, doc.experiment)).not.toBe(doc.inputDigest)
  })

  test('the same project and seed give byte-identical documents apart from provenance', async () => {
    const a = await executePlan(plan(), { executor: inProcess(), scenario: 'synthetic:mm1' })
    const b = await executePlan(plan(), { executor: inProcess(), scenario: 'synthetic:mm1', jobs: 4 })
    expect(JSON.stringify(a.documents.map(withoutProvenance))).toBe(JSON.stringify(b.documents.map(withoutProvenance)))
    const c = await executePlan(plan(mm1Project({ seed: 8 })), { executor: inProcess(), scenario: 'synthetic:mm1' })
    expect(c.documents[0].digest).not.toBe(a.documents[0].digest)
  })

  test('an experiment run alone gives the same numbers as with the others', async () => {
    const all = await executePlan(plan(), { executor: inProcess(), scenario: 'synthetic:mm1' })
    const one = await executePlan(plan(mm1Project(), ['zipped']), { executor: inProcess(), scenario: 'synthetic:mm1' })
    expect(one.documents[0].digest).toBe(all.documents[1].digest)
  })

  test('overrides are recorded for verify, outside the digest', async () => {
    const res = await executePlan(plan(), { executor: inProcess(), scenario: 'synthetic:mm1', overrides: [{ path: 'variables.serviceUs', value: 1 }] })
    expect(res.documents[0].overrides).toEqual([{ path: 'variables.serviceUs', value: 1 }])
  })
})

describe('streaming', () => {
  test('each point as soon as its replications are in; progress with totals, events/s and ETA', async () => {
    const events: RunnerEvent[] = []
    await executePlan(plan(), { executor: inProcess(), scenario: 'synthetic:mm1', onEvent: (e) => events.push(e), progressEveryMs: 0 })
    const points = events.filter((e) => e.type === 'point')
    expect(points.map((e) => e.type === 'point' && `${e.experimentId}/${e.pointIndex}`)).toEqual(['wait-vs-load/0', 'wait-vs-load/1', 'wait-vs-load/2', 'zipped/0', 'zipped/1', 'zipped/2', 'zipped/3'])
    const progress = events.flatMap((e) => (e.type === 'progress' ? [e.progress] : []))
    expect(progress.length).toBeGreaterThan(17)
    const last = progress[progress.length - 1]
    expect(last).toMatchObject({ runsDone: 17, runsFailed: 0, runsTotal: 17, active: [], etaSeconds: 0 })
    expect(last.eventsPerSecond).toBeGreaterThan(0)
    const mid = progress.find((p) => p.active.length > 0 && p.active[0].simTimeNs > 0)
    expect(mid?.active[0].durationNs).toBe(20_000_000)
    expect(progress.some((p) => p.runsDone > 0 && p.runsDone < 17 && p.etaSeconds !== null && p.etaSeconds > 0)).toBe(true)
  })
})

describe('failures', () => {
  test('a failing run is reported with its point and replication; the other runs go on', async () => {
    const project = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '2ms', replications: 2, sweep: [{ 'variables.load': [0.5, 1.5, 0.7] }] }] })
    const events: RunnerEvent[] = []
    const res = await executePlan(plan(project), { executor: inProcess(), scenario: 'synthetic:mm1', onEvent: (e) => events.push(e) })
    expect(res.failures.map((f) => [f.run.pointIndex, f.run.replication, f.code])).toEqual([[1, 0, 'scenario-failed'], [1, 1, 'scenario-failed']])
    expect(res.failures[0].message).toMatch(/unstable/)
    const failed = events.filter((e) => e.type === 'run-failed')
    expect(failed).toHaveLength(2)
    expect(failed[0].type === 'run-failed' && failed[0].params).toEqual({ load: 1.5 })
    const doc = res.documents[0]
    expect(doc.points.map((p) => p.replications)).toEqual([2, 0, 2])
    expect(doc.points[1].metrics).toEqual({})
    expect(doc.errors).toEqual([
      { params: { load: 1.5 }, replication: 0, seed: res.failures[0].run.seed, code: 'scenario-failed', message: res.failures[0].message },
      { params: { load: 1.5 }, replication: 1, seed: res.failures[1].run.seed, code: 'scenario-failed', message: res.failures[1].message }
    ])
  })

  test('a runaway run is stopped at stop.maxEvents with a clear error', async () => {
    const project = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '10s', stop: { maxEvents: 50_000 } }] })
    const t0 = performance.now()
    const res = await executePlan(plan(project), { executor: inProcess(), scenario: 'synthetic:mm1' })
    expect(performance.now() - t0).toBeLessThan(5000)
    expect(res.failures).toHaveLength(1)
    expect(res.failures[0].code).toBe('max-events')
    expect(res.failures[0].message).toMatch(/stopped at the event limit: 50,000 events reached stop\.maxEvents = 50,000 of experiment "e"/)
  })

  test('a scenario that ignores its limits is stopped through its progress reports', async () => {
    let calls = 0
    const greedy: RunScenario = (_input, onProgress) => {
      for (let events = 0; ; events += 10_000) {
        calls++
        if (onProgress?.({ simTimeNs: events, durationNs: 1e12, events }) === false) return { metrics: {}, events, simTimeNs: events }
        if (calls > 1e6) throw new Error('never stopped')
      }
    }
    const project = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '1s', stop: { maxEvents: 1_000_000 } }] })
    const res = await executePlan(plan(project), { executor: inProcess({ greedy }), scenario: 'greedy' })
    expect(res.failures[0].code).toBe('max-events')
    expect(calls).toBeLessThan(200)
  })

  test('a wall-clock limit stops a run that reports progress', async () => {
    const slow: RunScenario = (_input, onProgress) => {
      const t0 = Date.now()
      while (Date.now() - t0 < 10_000) if (onProgress?.({ simTimeNs: 0, durationNs: 1, events: 1 }) === false) break
      return { metrics: { x: 1 }, events: 1, simTimeNs: 1 }
    }
    const project = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '1s', stop: { maxWallSeconds: 0.2 } }] })
    const res = await executePlan(plan(project), { executor: inProcess({ slow }), scenario: 'slow' })
    expect(res.failures[0]).toMatchObject({ code: 'max-wall' })
    expect(res.failures[0].message).toMatch(/stop\.maxWallSeconds = 0\.2 s/)
  })

  test('limit errors thrown by a scenario keep their code; malformed metrics and unknown scenarios are errors too', async () => {
    const project = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '1s' }] })
    const limit: RunScenario = () => { throw new ScenarioLimitError('max-events', 'too many') }
    const bad: RunScenario = () => ({ metrics: { x: 'text' } as never, events: 1, simTimeNs: 1 })
    expect((await executePlan(plan(project), { executor: inProcess({ limit }), scenario: 'limit' })).failures[0].code).toBe('max-events')
    expect((await executePlan(plan(project), { executor: inProcess({ bad }), scenario: 'bad' })).failures[0].code).toBe('bad-metrics')
    const missing = await executePlan(plan(project), { executor: inProcess(), scenario: 'nope' })
    expect(missing.failures[0]).toMatchObject({ code: 'scenario-missing' })
  })

  test('cancelling stops between runs and returns no documents', async () => {
    const ac = new AbortController()
    let done = 0
    const res = await executePlan(plan(), {
      executor: inProcess(), scenario: 'synthetic:mm1', signal: ac.signal,
      onEvent: (e) => { if (e.type === 'point' && ++done === 2) ac.abort() }
    })
    expect(res.cancelled).toBe(true)
    expect(res.documents).toEqual([])
  })
})

describe('planning', () => {
  test('unknown experiments, no experiments and too many runs are refused before anything runs', () => {
    expect(planRuns(mm1Project(), ['nope'])).toMatchObject({ ok: false, code: 'unknown-experiment' })
    expect(planRuns(mm1Project({ experiments: [] }))).toMatchObject({ ok: false, code: 'no-experiments' })
    const big = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '1s', replications: 1000, sweep: [{ 'variables.load': Array.from({ length: 300 }, (_, i) => (i + 1) / 301) }] }] })
    expect(planRuns(big)).toMatchObject({ ok: false, code: 'too-many-runs' })
  })

  test('summaries are what the documents hold', async () => {
    const project = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '2ms', replications: 4 }] })
    const seen: number[] = []
    const probe: RunScenario = (input) => { const x = (input.seed % 1000) / 10; seen.push(x); return { metrics: { x }, events: 0, simTimeNs: 0 } }
    const res = await executePlan(plan(project), { executor: inProcess({ probe }), scenario: 'probe' })
    expect(res.documents[0].points[0].metrics.x).toEqual(summarize(seen))
  })
})
