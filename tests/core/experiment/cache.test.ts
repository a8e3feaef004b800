// The result cache: a later run of the same point comes from the cache with the numbers of a
// fresh run (only new points run after adding a sweep value; everything after re-opening), any
// change of the engine or of a parameter misses, `cache: false` bypasses it, eviction removes the
// least recently used entries, and a damaged entry is a miss that gets replaced — never a number.
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { createService, nodeFiles, type ApiEvent } from '../../../core/api/node'
import { CachingExecutor, DiskCache, executePlan, InProcessExecutor, parseSize, planRuns, runKeys, userCache, withoutProvenance, type CachedOutcome, type Executor, type ResultsDocument } from '../../../core/experiment/node'
import type { Project } from '../../../core/project/schema'
import { mm1Project } from './helpers'

/** An executor that counts the runs it really simulates. */
class Counting implements Executor {
  readonly kind = 'in-process'
  simulated: string[] = []
  private readonly inner = new InProcessExecutor()
  async *run(...args: Parameters<Executor['run']>): AsyncIterable<Awaited<ReturnType<Executor['run']> extends AsyncIterable<infer T> ? T : never>> {
    for (const r of args[0].runs) this.simulated.push(r.id)
    yield* this.inner.run(...args)
  }
}

const tempDir = (): string => mkdtempSync(join(tmpdir(), 'iovlab-cache-test-'))
const bytes = (docs: readonly ResultsDocument[]): string => JSON.stringify(docs.map(withoutProvenance))

async function runWith(project: Project, executor: Executor, ids?: string[]): Promise<ResultsDocument[]> {
  const planned = planRuns(project, ids)
  if (!planned.ok) throw new Error(planned.message)
  const r = await executePlan(planned.plan, { executor, scenario: 'synthetic:mm1' })
  return r.documents
}

function withLoads(loads: number[]): Project {
  const p = mm1Project()
  return { ...p, experiments: p.experiments.map((e) => (e.id === 'wait-vs-load' ? { ...e, sweep: [{ 'variables.load': loads }] } : e)) } as Project
}

describe('result cache', () => {
  test('adding a sweep value runs only the new point; re-opening runs nothing; the numbers are those of a fresh run', async () => {
    const dir = tempDir()
    const first = new Counting()
    await runWith(withLoads([0.3, 0.5]), new CachingExecutor(first, new DiskCache(dir)), ['wait-vs-load'])
    expect(first.simulated).toHaveLength(6)

    const second = new Counting()
    const docs = await runWith(withLoads([0.3, 0.5, 0.8]), new CachingExecutor(second, new DiskCache(dir)), ['wait-vs-load'])
    expect(second.simulated).toEqual(['wait-vs-load/2/0', 'wait-vs-load/2/1', 'wait-vs-load/2/2'])
    expect(docs[0].provenance?.cachedRuns).toBe(6)
    const fresh = await runWith(withLoads([0.3, 0.5, 0.8]), new InProcessExecutor(), ['wait-vs-load'])
    expect(bytes(docs)).toBe(bytes(fresh))
    expect(fresh[0].provenance?.cachedRuns).toBeUndefined()

    // Re-opened: a new process (a new store object on the same folder) takes all from the cache.
    const third = new Counting()
    const again = await runWith(withLoads([0.3, 0.5, 0.8]), new CachingExecutor(third, new DiskCache(dir)), ['wait-vs-load'])
    expect(third.simulated).toEqual([])
    expect(again[0].provenance?.cachedRuns).toBe(9)
    expect(bytes(again)).toBe(bytes(fresh))
  })

  test('misses after another engine, a changed parameter or seed; hits after editing another experiment or a name', async () => {
    const dir = tempDir()
    const p = mm1Project()
    await runWith(p, new CachingExecutor(new Counting(), new DiskCache(dir)))
    const count = async (project: Project, fingerprint?: string): Promise<number> => {
      const c = new Counting()
      await runWith(project, new CachingExecutor(c, new DiskCache(dir), fingerprint ? { fingerprint } : {}), ['wait-vs-load'])
      return c.simulated.length
    }
    expect(await count(p, `sha256:${'1'.repeat(64)}`)).toBe(9)
    expect(await count({ ...p, variables: { ...p.variables, serviceUs: 2 } } as Project)).toBe(9)
    expect(await count({ ...p, seed: 8 } as Project)).toBe(9)
    const otherEdited = { ...p, name: 'renamed', experiments: p.experiments.map((e) => (e.id === 'zipped' ? { ...e, replications: 5 } : { ...e, name: 'New name' })) } as Project
    expect(await count(otherEdited)).toBe(0)
    // More replications of the same experiment: only the new ones run.
    const more = { ...p, experiments: p.experiments.map((e) => (e.id === 'wait-vs-load' ? { ...e, replications: 4 } : e)) } as Project
    expect(await count(more)).toBe(3)
    // An unbuilt engine ("unknown") cannot tell builds apart: it never uses the cache.
    expect(await count(p, 'unknown')).toBe(9)
  })

  test('the API: a start uses the host cache unless it says cache: false, and run-done counts the cached runs', async () => {
    const dir = tempDir()
    const svc = createService({ executor: new InProcessExecutor(), files: nodeFiles, scenario: 'synthetic:mm1', cache: new DiskCache(dir) })
    const run = async (params: Parameters<typeof svc.startRun>[0]): Promise<Extract<ApiEvent, { type: 'run-done' }>> => {
      let id = ''
      let finish: (e: Extract<ApiEvent, { type: 'run-done' }>) => void = () => undefined
      const done = new Promise<Extract<ApiEvent, { type: 'run-done' }>>((r) => { finish = r })
      const progress: ApiEvent[] = []
      const off = svc.subscribe((e) => { if (e.runId !== id) return; progress.push(e); if (e.type === 'run-done') finish(e) })
      const s = await svc.startRun(params)
      if (!s.ok) throw new Error(s.errors[0].message)
      id = s.value.runId
      const r = await done
      off()
      return r
    }
    const project = mm1Project()
    const a = await run({ project })
    expect(a.cachedRuns).toBeUndefined()
    const b = await run({ project })
    expect(b.cachedRuns).toBe(17)
    expect(bytes(b.documents)).toBe(bytes(a.documents))
    const c = await run({ project, cache: false })
    expect(c.cachedRuns).toBeUndefined()
    expect(c.documents[0].provenance?.cachedRuns).toBeUndefined()
  })

  test('eviction removes the least recently used entries first; a hit counts as a use', async () => {
    const dir = tempDir()
    const value: CachedOutcome = { metrics: { x: 1 }, events: 10, simTimeNs: 5, wallMs: 1 }
    const fill = new DiskCache(dir)
    const keys = ['a', 'b', 'c', 'd'].map((c) => `sha256:${c.repeat(64)}`)
    for (const k of keys.slice(0, 3)) await fill.put(k, value)
    const entries = await fill.entries()
    const size = entries[0].size
    // a oldest, then b, then c; then a is read (now the most recent).
    entries.sort((x, y) => x.path.localeCompare(y.path)).forEach((e, i) => utimesSync(e.path, 1000 + i, 1000 + i))
    const small = new DiskCache(dir, { maxBytes: size * 3 })
    expect(await small.get(keys[0])).toEqual(value)
    await small.put(keys[3], value)
    await small.trim()
    expect(await small.get(keys[1])).toBeUndefined()
    for (const k of [keys[0], keys[2], keys[3]]) expect(await small.get(k)).toEqual(value)
    expect(parseSize('512MiB')).toBe(512 * 1024 * 1024)
    expect(parseSize('2 GB')).toBe(2e9)
    expect(parseSize('lots')).toBeUndefined()
    expect(userCache({ IOVLAB_CACHE_DIR: dir, IOVLAB_CACHE_SIZE: '1MiB' }).maxBytes).toBe(1024 * 1024)
    expect(() => userCache({ IOVLAB_CACHE_DIR: dir, IOVLAB_CACHE_SIZE: 'big' })).toThrow(/IOVLAB_CACHE_SIZE must be a size/)
  })

  test('a damaged or altered entry is a miss and is replaced by the fresh outcome — never a wrong number', async () => {
    const dir = tempDir()
    const p = mm1Project()
    const fresh = await runWith(p, new CachingExecutor(new InProcessExecutor(), new DiskCache(dir)), ['wait-vs-load'])
    const planned = planRuns(p, ['wait-vs-load'])
    if (!planned.ok) throw new Error('plan')
    const [k0, k1, k2] = await runKeys(p, 'synthetic:mm1', planned.plan.runs.slice(0, 3))
    const fileOf = (k: string): string => { const h = k.slice(7); return join(dir, 'results-v1', h.slice(0, 2), `${h.slice(2)}.json`) }
    writeFileSync(fileOf(k0), '{"format": "iovlab-cache-entry", "key": "tru')
    const entry = JSON.parse(readFileSync(fileOf(k1), 'utf8')) as { outcome: { metrics: Record<string, number> } }
    entry.outcome.metrics.wait_mean_us = 12345
    writeFileSync(fileOf(k1), JSON.stringify(entry))
    // An entry copied under another key (its sum is right, its key is not).
    writeFileSync(fileOf(k2), readFileSync(fileOf((await runKeys(p, 'synthetic:mm1', planned.plan.runs.slice(5, 6)))[0])))
    const c = new Counting()
    const again = await runWith(p, new CachingExecutor(c, new DiskCache(dir)), ['wait-vs-load'])
    expect(c.simulated).toEqual(['wait-vs-load/0/0', 'wait-vs-load/0/1', 'wait-vs-load/0/2'])
    expect(bytes(again)).toBe(bytes(fresh))
    expect(again[0].provenance?.cachedRuns).toBe(6)
    // Replaced: the next run takes all nine from the cache.
    const d = new Counting()
    await runWith(p, new CachingExecutor(d, new DiskCache(dir)), ['wait-vs-load'])
    expect(d.simulated).toEqual([])
  })

  test('writers at once (two stores on one folder, the same keys) leave only whole entries', async () => {
    const dir = tempDir()
    const a = new DiskCache(dir)
    const b = new DiskCache(dir)
    const keys = Array.from({ length: 40 }, (_, i) => `sha256:${i.toString(16).padStart(64, '0')}`)
    const value = (i: number): CachedOutcome => ({ metrics: { x: i, big: { k: 'y'.length } as never }, events: i, simTimeNs: i, wallMs: i })
    const reads: Promise<unknown>[] = []
    await Promise.all(keys.flatMap((k, i) => [a.put(k, value(i)), b.put(k, value(i)), ...(i % 3 === 0 ? [reads.push(a.get(k))] : [])]))
    await Promise.all(reads)
    for (const [i, k] of keys.entries()) expect(await b.get(k)).toEqual(value(i))
    const left = readdirSync(join(dir, 'results-v1'), { recursive: true }).map(String).filter((n) => n.endsWith('.tmp'))
    expect(left).toEqual([])
  })
})
