// `iovlab run --shard I/N`, `iovlab merge` and the result cache from the command line: the
// merged file equals `run --out` but for provenance, bad parts exit 2 with one line each, and a
// second run says how many runs came from the cache (none with --no-cache).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { mm1Input } from '../experiment/helpers'
import { ensureCliBuilt, iovlab } from './build'

let dir: string
const env = (): Record<string, string> => ({ IOVLAB_CACHE_DIR: join(dir, 'cache') })
const noProvenance = (text: string): string => {
  const v = JSON.parse(text) as unknown
  const strip = (d: Record<string, unknown>): Record<string, unknown> => { const { provenance: _p, ...rest } = d; return rest }
  return JSON.stringify(Array.isArray(v) ? v.map(strip) : strip(v as Record<string, unknown>), null, 2)
}

beforeAll(() => {
  ensureCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'iovlab-shard-cli-'))
  writeFileSync(join(dir, 'p.iovlab.json'), JSON.stringify(mm1Input()))
})

describe('run --shard and merge', () => {
  test('three shards merge into the document of one run; the part line says how many runs it holds', () => {
    expect(iovlab(['run', 'p.iovlab.json', '--no-cache', '--out', 'local.json'], dir, env()).code).toBe(0)
    for (const i of [1, 2, 3]) {
      const r = iovlab(['run', 'p.iovlab.json', '--shard', `${i}/3`, '--out', `part-${i}.json`, '--jobs', '1', '--no-cache'], dir, env())
      expect(r.code).toBe(0)
      expect(r.stderr.trim()).toBe(`iovlab run: shard ${i}/3: ${i === 3 ? 5 : 6} of 17 runs written to part-${i}.json`)
    }
    const m = iovlab(['merge', 'part-3.json', 'part-1.json', 'part-2.json', '--out', 'merged.json'], dir, env())
    expect(m.stderr.trim()).toBe('iovlab merge: 3 parts, 17 runs → merged.json')
    expect(m.code).toBe(0)
    const merged = readFileSync(join(dir, 'merged.json'), 'utf8')
    const local = readFileSync(join(dir, 'local.json'), 'utf8')
    expect(noProvenance(merged)).toBe(noProvenance(local))
    expect((JSON.parse(merged) as { provenance: { shards: number } }[])[0].provenance.shards).toBe(3)
  })

  test('bad usage and parts that do not merge: exit 2, one line each', () => {
    expect(iovlab(['run', 'p.iovlab.json', '--shard', '4/3', '--out', 'x.json'], dir, env()).stderr.trim()).toBe('iovlab run: --shard: the shard I must be from 1 to N = 3, not 4')
    expect(iovlab(['run', 'p.iovlab.json', '--shard', '1/3'], dir, env()).stderr.trim()).toMatch(/^iovlab run: --shard I\/N writes a part file: give --out FILE/)
    writeFileSync(join(dir, 'broken.json'), '{\n  "format": "iovlab-shard",\n  "shard": {"index": 1,\n')
    const r = iovlab(['merge', 'part-1.json', 'broken.json'], dir, env())
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^iovlab merge: broken\.json: not valid JSON at line \d+, column \d+/)])
    const missing = iovlab(['merge', 'part-1.json', 'part-3.json', '--out', 'm.json'], dir, env())
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim()).toBe('iovlab merge: shard 2/3 is missing (2 of 3 given)')
    expect(iovlab(['merge', 'nope.json'], dir, env()).stderr.trim()).toBe('iovlab merge: nope.json: cannot be read (ENOENT)')
  })
})

describe('result cache', () => {
  test('a second run takes its runs from the cache (same numbers); --no-cache simulates them all', () => {
    const first = iovlab(['run', 'p.iovlab.json', '--json'], dir, env())
    expect(first.code).toBe(0)
    expect(first.stderr).not.toMatch(/from cache/)
    const second = iovlab(['run', 'p.iovlab.json', '--json'], dir, env())
    expect(second.stderr.trim()).toBe('iovlab run: 17 of 17 runs from cache')
    expect(noProvenance(second.stdout)).toBe(noProvenance(first.stdout))
    expect((JSON.parse(second.stdout) as { provenance: { cachedRuns: number } }[]).map((d) => d.provenance.cachedRuns)).toEqual([9, 8])
    const fresh = iovlab(['run', 'p.iovlab.json', '--json', '--no-cache'], dir, env())
    expect(fresh.stderr).not.toMatch(/from cache/)
    expect((JSON.parse(fresh.stdout) as { provenance: { cachedRuns?: number } }[])[0].provenance.cachedRuns).toBeUndefined()
    // Another replication count: the first three of each point come from the cache.
    const more = iovlab(['run', 'p.iovlab.json', '--json', '--experiment', 'wait-vs-load', '--replications', '4'], dir, env())
    expect(more.stderr.trim()).toBe('iovlab run: 9 of 12 runs from cache')
    expect(iovlab(['run', 'p.iovlab.json'], dir, { ...env(), IOVLAB_CACHE_SIZE: 'huge' }).stderr.trim()).toBe('iovlab run: IOVLAB_CACHE_SIZE must be a size such as 512MiB or 2GiB, not "huge"')
  })
})

describe('a shard with a failing run', () => {
  test('names the point by its short names, writes the part, exits 1; merge lists the failure in errors and exits 1', () => {
    writeFileSync(join(dir, 'runaway.iovlab.json'), JSON.stringify(mm1Input({ experiments: [{ id: 'e', name: 'E', duration: '1000s', stop: { maxEvents: 20_000 }, sweep: [{ 'experiments.e.duration': ['1ms', '1000s'] }] }] })))
    const one = iovlab(['run', 'runaway.iovlab.json', '--shard', '1/2', '--out', 'r1.json'], dir, env())
    const two = iovlab(['run', 'runaway.iovlab.json', '--shard', '2/2', '--out', 'r2.json'], dir, env())
    expect(one.code).toBe(0)
    expect(two.code).toBe(1)
    expect(two.stderr).toMatch(/^iovlab: run failed: experiment "e", point duration=1000s, replication 1 \(seed \d+\): stopped at the event limit/m)
    const m = iovlab(['merge', 'r1.json', 'r2.json'], dir, env())
    expect(m.code).toBe(1)
    expect((JSON.parse(m.stdout) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['max-events'])
    expect(m.stderr.trim()).toBe('iovlab merge: 1 of 2 runs failed (listed in the document\'s "errors")')
  })
})
