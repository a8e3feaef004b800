// Shards and merge: N part files of one start merge into the very document one unsharded run
// gives (same bytes but provenance, same digest) for N = 1, 2, 3, 5, in any order; the slices are
// deterministic and balanced; parts that do not belong together are refused, one line each.
import { describe, expect, test } from 'vitest'
import { createService, nodeFiles, type ApiEvent, type IovlabService } from '../../../core/api/node'
import { InProcessExecutor, mergeParts, parseShard, shardRuns, withoutProvenance, type PartFile, type ResultsDocument, type ShardPart } from '../../../core/experiment/index'
import { mm1Input } from './helpers'

function service(): IovlabService {
  return createService({ executor: new InProcessExecutor(), files: nodeFiles, scenario: 'synthetic:mm1' })
}

async function start(svc: IovlabService, params: Parameters<IovlabService['startRun']>[0]): Promise<Extract<ApiEvent, { type: 'run-done' }>> {
  let finish: (e: Extract<ApiEvent, { type: 'run-done' }>) => void = () => undefined
  const finished = new Promise<Extract<ApiEvent, { type: 'run-done' }>>((r) => { finish = r })
  let id = ''
  const off = svc.subscribe((e) => { if (e.type === 'run-done' && e.runId === id) finish(e) })
  const started = await svc.startRun(params)
  if (!started.ok) throw new Error(started.errors[0].message)
  id = started.value.runId
  const done = await finished
  off()
  return done
}

/** The text `run --out` writes, without provenance: what must be byte-identical. */
const bytes = (docs: readonly ResultsDocument[]): string => JSON.stringify(docs.map(withoutProvenance), null, 2)

// A runaway point too, so that failed runs travel through the parts into "errors".
const base = mm1Input()
const input = {
  ...base,
  experiments: [
    ...(base.experiments as object[]),
    { id: 'runaway', name: 'Runaway', duration: '1000s', replications: 2, stop: { maxEvents: 20_000 }, sweep: [{ 'experiments.runaway.duration': ['1ms', '1000s'] }] }
  ]
}

async function parts(n: number, project: unknown = input): Promise<(PartFile & { text: string })[]> {
  const svc = service()
  const out: (PartFile & { text: string })[] = []
  for (let i = 1; i <= n; i++) {
    const done = await start(svc, { project, shard: { index: i, count: n } })
    expect(done.documents).toEqual([])
    out.push({ path: `part-${i}.json`, text: JSON.stringify(done.part) })
  }
  return out
}

describe('shard and merge', () => {
  test('N = 1, 2, 3, 5 parts merge into the bytes and digests of one local run, in any order', async () => {
    const local = await start(service(), { project: input })
    expect(local.failed).toBe(2)
    const want = bytes(local.documents)
    for (const n of [1, 2, 3, 5]) {
      const files = await parts(n)
      const merged = await mergeParts(files)
      if (!merged.ok) throw new Error(merged.problems.join('\n'))
      expect(bytes(merged.documents)).toBe(want)
      expect(merged.documents.map((d) => d.digest)).toEqual(local.documents.map((d) => d.digest))
      expect(merged.documents[0].provenance?.shards).toBe(n)
      expect(merged.documents.find((d) => d.experiment === 'runaway')?.errors?.map((e) => e.code)).toEqual(['max-events', 'max-events'])
      const shuffled = await mergeParts([...files].reverse())
      expect(shuffled.ok && bytes(shuffled.documents)).toBe(want)
    }
  })

  test('slices are deterministic, disjoint, complete and balanced (sizes differ by at most one)', () => {
    const runs = Array.from({ length: 47 }, (_, i) => `r${i}`)
    for (const n of [1, 2, 3, 5, 47, 60]) {
      const slices = Array.from({ length: n }, (_, i) => shardRuns(runs, { index: i + 1, count: n }))
      expect(slices.flat().sort()).toEqual([...runs].sort())
      const sizes = slices.map((s) => s.length)
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      expect(shardRuns(runs, { index: 1, count: n })).toEqual(slices[0])
    }
    expect(parseShard('2/5')).toEqual({ ok: true, shard: { index: 2, count: 5 } })
    expect(parseShard('0/5')).toMatchObject({ ok: false, message: expect.stringMatching(/from 1 to N = 5/) })
    expect(parseShard('6/5')).toMatchObject({ ok: false })
    expect(parseShard('2')).toMatchObject({ ok: false, message: expect.stringMatching(/I\/N/) })
  })

  test('refused, one line each: another project, another engine, a shard twice, shards missing, damaged files', async () => {
    const files = await parts(3)
    const other = await parts(3, { ...input, seed: 8 })
    const edit = (f: PartFile & { text: string }, change: (p: ShardPart) => unknown): PartFile => ({ path: f.path, text: JSON.stringify(change(JSON.parse(f.text) as ShardPart)) })
    const problems = async (fs: PartFile[]): Promise<string[]> => {
      const r = await mergeParts(fs)
      return r.ok ? [] : r.problems
    }
    expect(await problems([files[0], { ...other[1], path: 'other-2.json' }, files[2]])).toEqual([
      expect.stringMatching(/^other-2\.json is a part of another start than part-1\.json: project "mm1-test" \(sha256:/)
    ])
    expect(await problems([files[0], edit(files[1], (p) => ({ ...p, engineFingerprint: 'sha256:' + '0'.repeat(64) })), files[2]])).toEqual([
      expect.stringMatching(/^part-2\.json was run by another engine than part-1\.json: .*sha256:0000/)
    ])
    expect(await problems([files[0], files[1], { ...files[1], path: 'copy-2.json' }, files[2]])).toEqual(['shard 2/3 is given twice: part-2.json and copy-2.json'])
    expect(await problems([files[0]])).toEqual(['shards 2/3, 3/3 are missing (1 of 3 given)'])
    const five = await parts(5)
    expect(await problems([files[0], { ...five[1], path: 'five-2.json' }, files[2]])).toEqual([
      'five-2.json is shard 2/5 but part-1.json is shard 1/3: all parts must split the runs into the same N'
    ])
    const cut = { path: 'cut.json', text: files[1].text.slice(0, 200) }
    expect(await problems([files[0], cut, files[2]])).toEqual([expect.stringMatching(/^cut\.json: not valid JSON at line 1, column \d+.*truncated/)])
    expect(await problems([files[0], { path: 'results.json', text: '{"format": "iovlab-results"}' }, files[2]])).toEqual([
      expect.stringMatching(/^results\.json: \$\.format: a part file has "format": "iovlab-shard"/)
    ])
    // A part whose runs were tampered with (one dropped) says which run is missing.
    expect(await problems([files[0], edit(files[1], (p) => ({ ...p, outcomes: p.outcomes.slice(1) })), files[2]])).toEqual([
      expect.stringMatching(/^part-2\.json: \$\.outcomes: shard 2\/3 should hold \d+ runs; run \S+ is missing/)
    ])
  })
})
