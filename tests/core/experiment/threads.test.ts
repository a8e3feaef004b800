// The worker-thread executor (piscina, the bundled out/cli/worker.cjs): byte-identical results
// with 1 and 2 jobs and on this thread, progress from the workers, cancellation, a run that
// ignores its wall-clock limit ended with its thread, and a worker that cannot start.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { executePlan, InProcessExecutor, planRuns, withoutProvenance, type RunnerEvent, type RunPlan } from '../../../core/experiment/index'
import { ThreadExecutor } from '../../../core/experiment/node'
import { ensureCliBuilt, ROOT, WORKER } from '../cli/build'
import { mm1Project, valid } from './helpers'

beforeAll(() => ensureCliBuilt())

function plan(project = mm1Project()): RunPlan {
  const r = planRuns(project)
  if (!r.ok) throw new Error(r.message)
  return r.plan
}

const threads = (): ThreadExecutor => new ThreadExecutor({ workerFile: WORKER })

describe('ThreadExecutor', () => {
  test('every task shares one copy of the project, without its stored results', async () => {
    // A stand-in worker that reports what a task carries.
    const dir = mkdtempSync(join(tmpdir(), 'iovlab-echo-'))
    const echo = join(dir, 'echo-worker.cjs')
    writeFileSync(echo, `module.exports = (task) => {
      const project = JSON.parse(Buffer.from(task.project).toString('utf8'))
      return { ok: false, run: task.run, code: 'worker-failed', message: JSON.stringify({
        shared: task.project instanceof SharedArrayBuffer, bytes: task.project.byteLength,
        keys: Object.keys(task).sort(), results: 'results' in project, notes: project.notes,
        cosmetic: ['name', 'description', 'x-big'].filter((k) => k in project), key: task.projectKey
      }) }
    }`)
    const project = { ...mm1Project(), notes: 'kept', 'x-big': 'y'.repeat(1_000_000), description: 'z'.repeat(1_000_000), results: [{ huge: 'x'.repeat(1_000_000) }] } as unknown as ReturnType<typeof mm1Project>
    const res = await executePlan(plan(project), { executor: new ThreadExecutor({ workerFile: echo }), scenario: 'synthetic:mm1', jobs: 2 })
    const seen = res.failures.map((f) => JSON.parse(f.message) as { shared: boolean; bytes: number; keys: string[]; results: boolean; notes: string; cosmetic: string[]; key: string })
    expect(seen.length).toBeGreaterThan(2)
    for (const s of seen) {
      expect(s).toMatchObject({ shared: true, keys: ['port', 'project', 'projectKey', 'run', 'scenario'], results: false, notes: 'kept' })
      expect(s.bytes).toBeLessThan(100_000)
      // Names, descriptions and annotations change no number: they stay behind too.
      expect(s.cosmetic).toEqual([])
      expect(s.key).toMatch(/^sha256:[0-9a-f]{64}$/)
    }
    expect(new Set(seen.map((s) => s.key)).size).toBe(1)
  })

  test('--jobs 1 and --jobs 2 give byte-identical documents (apart from provenance), equal to this thread\'s', async () => {
    const one = await executePlan(plan(), { executor: threads(), scenario: 'synthetic:mm1', jobs: 1 })
    const two = await executePlan(plan(), { executor: threads(), scenario: 'synthetic:mm1', jobs: 2 })
    const here = await executePlan(plan(), { executor: new InProcessExecutor(), scenario: 'synthetic:mm1' })
    expect(one.failures).toEqual([])
    expect(two.documents.map((d) => d.digest)).toEqual(one.documents.map((d) => d.digest))
    const text = (r: typeof one): string => JSON.stringify(r.documents.map(withoutProvenance))
    expect(text(two)).toBe(text(one))
    expect(text(here)).toBe(text(one))
    expect(two.documents[0].provenance).toMatchObject({ executor: 'threads', jobs: 2 })
  })

  test('the models on threads (which get the project without names, descriptions and positions) give this thread\'s documents', async () => {
    const text = readFileSync(join(ROOT, 'examples', 'vpio-ne2k.iovlab.json'), 'utf8')
    const input = JSON.parse(text) as { experiments: { id: string; duration: string; warmup?: string; replications: number }[] }
    // Short runs of two experiments: what is compared is where the numbers come from, not their precision.
    input.experiments = input.experiments.filter((e) => e.id === 'multiplexing' || e.id === 'dma-validation')
      .map((e) => ({ ...e, duration: '30ms', warmup: '5ms', replications: 1 }))
    const project = valid(input)
    const one = await executePlan(plan(project), { executor: threads(), scenario: 'model', jobs: 2 })
    const here = await executePlan(plan(project), { executor: new InProcessExecutor(), scenario: 'model' })
    expect(one.failures).toEqual([])
    expect(JSON.stringify(one.documents.map(withoutProvenance))).toBe(JSON.stringify(here.documents.map(withoutProvenance)))
  })

  test('workers report progress and each point as its replications finish', async () => {
    const project = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '400ms', replications: 2, sweep: [{ 'variables.load': [0.5, 0.6] }] }] })
    const events: RunnerEvent[] = []
    const res = await executePlan(plan(project), { executor: threads(), scenario: 'synthetic:mm1', jobs: 2, onEvent: (e) => events.push(e), progressEveryMs: 0 })
    expect(res.failures).toEqual([])
    expect(events.filter((e) => e.type === 'point')).toHaveLength(2)
    const active = events.flatMap((e) => (e.type === 'progress' ? e.progress.active : []))
    expect(active.some((a) => a.simTimeNs > 0 && a.durationNs === 400_000_000 && a.events > 0)).toBe(true)
  })

  test('cancelling aborts the runs in flight and ends the stream', async () => {
    const project = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '100s', replications: 4 }] })
    const ac = new AbortController()
    setTimeout(() => ac.abort(), 300)
    const t0 = performance.now()
    const res = await executePlan(plan(project), { executor: threads(), scenario: 'synthetic:mm1', jobs: 2, signal: ac.signal })
    expect(performance.now() - t0).toBeLessThan(5000)
    expect(res.cancelled).toBe(true)
    expect(res.documents).toEqual([])
  })

  test('a run stopped by stop.maxEvents in a worker is a clear error; the others finish', async () => {
    const project = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '10ms', stop: { maxEvents: 15_000 }, sweep: [{ 'variables.load': [0.1, 0.9] }] }] })
    const res = await executePlan(plan(project), { executor: threads(), scenario: 'synthetic:mm1', jobs: 2 })
    expect(res.failures.map((f) => [f.run.params['variables.load'], f.code])).toEqual([[0.9, 'max-events']])
    expect(res.documents[0].points[0].replications).toBe(1)
  })

  test('a run that ignores stop.maxWallSeconds has its thread ended shortly after', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iovlab-worker-'))
    const spin = join(dir, 'spin-worker.cjs')
    writeFileSync(spin, 'module.exports = () => { for (;;) {} }\n')
    const project = mm1Project({ experiments: [{ id: 'e', name: 'E', duration: '1s', stop: { maxWallSeconds: 0.3 } }] })
    const t0 = performance.now()
    const res = await executePlan(plan(project), { executor: new ThreadExecutor({ workerFile: spin, killGraceMs: 200 }), scenario: 'synthetic:mm1', jobs: 1 })
    expect(performance.now() - t0).toBeLessThan(5000)
    expect(res.failures[0]).toMatchObject({ code: 'max-wall' })
    expect(res.failures[0].message).toMatch(/ignored stop\.maxWallSeconds = 0\.3 s/)
  })

  test('a worker that cannot start fails every run with a message instead of hanging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iovlab-worker-'))
    const broken = join(dir, 'broken-worker.cjs')
    writeFileSync(broken, 'throw new Error("cannot load")\n')
    const res = await executePlan(plan(), { executor: new ThreadExecutor({ workerFile: broken }), scenario: 'synthetic:mm1', jobs: 2 })
    expect(res.failures).toHaveLength(17)
    expect(res.failures.every((f) => f.code === 'worker-failed' && /cannot load/.test(f.message))).toBe(true)
    const missing = await executePlan(plan(), { executor: new ThreadExecutor({ workerFile: join(dir, 'none.cjs') }), scenario: 'synthetic:mm1' })
    expect(missing.failures[0].message).toMatch(/worker bundle .*none\.cjs is missing/)
  })
})
