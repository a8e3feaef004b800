// `iovlab run`, `verify` and `export` end to end through a real child process (node
// bin/iovlab.cjs) with the synthetic M/M/1 scenario: tables, documents, determinism across
// --jobs, atomic --out, overrides, verify catching one changed number, runaway runs, CSV —
// and the project file byte-for-byte unchanged throughout.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { mm1Input } from '../experiment/helpers'
import { ENGINE_FINGERPRINT, shortFingerprint } from '../../../core/version'
import { BIN, ensureCliBuilt, iovlab } from './build'

type Doc = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let dir = ''
let project = ''
const sha = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex')
const strip = (doc: Doc): string => { const { provenance: _p, ...rest } = doc; return JSON.stringify(rest) }

beforeAll(() => {
  ensureCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'iovlab-cli-'))
  project = join(dir, 'mm1.iovlab.json')
  writeFileSync(project, `${JSON.stringify(mm1Input(), null, 2)}\n`)
})

let projectHash = ''
beforeAll(() => { projectHash = sha(project) })
afterEach(() => expect(sha(project)).toBe(projectHash))

describe('iovlab run', () => {
  test('a metric nothing measured is — with its reason, null in the document, and the run exits 1', () => {
    // 20 ns after warm-up: no customer gets through an M/M/1 queue with 1 µs service.
    const args = ['run', 'mm1.iovlab.json', '--experiment', 'wait-vs-load', '--set', 'experiments.wait-vs-load.duration=1000020ns', '--replications', '2']
    const r = iovlab(args, dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('iovlab run: 3 points measured nothing for some metric (shown as — with the reason)\n')
    expect(r.stdout).toMatch(/^ {2}0\.5 +0 +— +\S+ +—$/m)
    expect(r.stdout).toMatch(/^ {2}— sojourn_mean_us, wait_mean_us at every point: no customer left the queue in the 0\.02 µs measured after warm-up$/m)
    const doc = JSON.parse(iovlab([...args, '--json'], dir).stdout) as Doc
    expect(doc.points[0].metrics.wait_mean_us).toEqual({ mean: null, ci95: null, n: 0 })
    expect(doc.points[0].metricsMissing).toEqual({
      sojourn_mean_us: 'no customer left the queue in the 0.02 µs measured after warm-up',
      wait_mean_us: 'no customer left the queue in the 0.02 µs measured after warm-up'
    })
    expect(doc.points[0].metrics.served).toEqual({ mean: 0, ci95: 0 })
    writeFileSync(join(dir, 'unmeasured.json'), JSON.stringify(doc))
    const csv = iovlab(['export', 'unmeasured.json', '--csv'], dir)
    expect(csv.code).toBe(0)
    expect(csv.stdout.split('\n')).toContain('wait-vs-load,0.3,wait_mean_us,,,')
  })

  test('prints a table per experiment: parameters, then metrics as mean ± CI with units', () => {
    const r = iovlab(['run', 'mm1.iovlab.json'], dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^wait-vs-load — Wait vs load: 3 points, 3 replications each \(mean ± 95 % CI\)$/m)
    expect(r.stdout).toMatch(/^ {2}load +served +sojourn_mean_us +utilization +wait_mean_us$/m)
    expect(r.stdout).toMatch(/^ {2}0\.5 +\d+ ± [\d.]+ +[\d.]+ ± [\d.]+ µs/m)
    expect(r.stdout).toMatch(/^zipped — Zipped and crossed: 4 points/m)
    expect(r.stdout).toMatch(/^ {2}load +serviceUs +warmup /m)
    expect(r.stdout).toMatch(/also: stage_us\{…\}/)
  })

  test('--json: one document for one experiment, a list for several; same digests with --jobs 1 and --jobs 2', () => {
    const one = iovlab(['run', 'mm1.iovlab.json', '--experiment', 'wait-vs-load', '--json', '--jobs', '1'], dir)
    const two = iovlab(['run', 'mm1.iovlab.json', '--experiment', 'wait-vs-load', '--json', '--jobs', '2'], dir)
    expect([one.code, two.code]).toEqual([0, 0])
    const a = JSON.parse(one.stdout) as Doc
    const b = JSON.parse(two.stdout) as Doc
    expect(a.format).toBe('iovlab-results')
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(b.digest).toBe(a.digest)
    expect(strip(b)).toBe(strip(a))
    expect([a.provenance.jobs, b.provenance.jobs]).toEqual([1, 2])
    const all = JSON.parse(iovlab(['run', 'mm1.iovlab.json', '--json'], dir).stdout) as Doc[]
    expect(all.map((d) => d.experiment)).toEqual(['wait-vs-load', 'zipped'])
    expect(all[0].digest).toBe(a.digest)
  })

  test('--out writes the document atomically (no temporary file left) and refuses the project itself', () => {
    const r = iovlab(['run', 'mm1.iovlab.json', '--experiment', 'zipped', '--out', 'results.json'], dir)
    expect(r.code).toBe(0)
    const doc = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Doc
    expect(doc.experiment).toBe('zipped')
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    const refused = iovlab(['run', 'mm1.iovlab.json', '--out', './mm1.iovlab.json'], dir)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/^iovlab run: --out \.\/mm1\.iovlab\.json is the project file itself/)
  })

  test('--set overrides by path (JSON when it parses, text otherwise) and --replications', () => {
    const base = JSON.parse(iovlab(['run', 'mm1.iovlab.json', '--experiment', 'wait-vs-load', '--json', '--replications', '1'], dir).stdout) as Doc
    const r = iovlab(['run', 'mm1.iovlab.json', '--experiment', 'wait-vs-load', '--json', '--replications', '1',
      '--set', 'variables.serviceUs=2', '--set', 'experiments.wait-vs-load.duration=40ms'], dir)
    expect(r.code).toBe(0)
    const doc = JSON.parse(r.stdout) as Doc
    expect(doc.overrides).toEqual([
      { path: 'variables.serviceUs', value: 2 },
      { path: 'experiments.wait-vs-load.duration', value: '40ms' },
      { path: 'experiments.wait-vs-load.replications', value: 1 }
    ])
    expect(doc.points[0].replications).toBe(1)
    expect(doc.inputDigest).not.toBe(base.inputDigest)
    // Service time 2 µs doubles the waits (M/M/1 at the same load): a real change, not a constant.
    const ratio = doc.points[1].metrics.wait_mean_us.mean / base.points[1].metrics.wait_mean_us.mean
    expect(ratio).toBeGreaterThan(1.4)
    expect(ratio).toBeLessThan(2.8)
  })

  test('a runaway run is stopped at stop.maxEvents: a clear error and exit 1; the others finish', () => {
    const runaway = join(dir, 'runaway.iovlab.json')
    writeFileSync(runaway, JSON.stringify(mm1Input({ experiments: [{ id: 'e', name: 'E', duration: '1000s', stop: { maxEvents: 20_000 }, sweep: [{ 'experiments.e.duration': ['1ms', '1000s'] }] }] })))
    const r = iovlab(['run', 'runaway.iovlab.json'], dir)
    expect(r.code).toBe(1)
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^iovlab: run failed: experiment "e", point duration=1000s, replication 1 \(seed \d+\): stopped at the event limit: 20,000 events reached stop\.maxEvents = 20,000/),
      'iovlab run: 1 of 2 runs failed'
    ])
    expect(r.stdout).toMatch(/^ {2}1ms /m)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  test('every command has --help', () => {
    for (const cmd of ['run', 'validate', 'verify', 'export', 'bench']) {
      const r = iovlab([cmd, '--help'], dir)
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(new RegExp(`^Usage: iovlab ${cmd}`))
    }
    expect(iovlab(['--help'], dir).stdout).toMatch(/run +run a project's experiments/)
  })
})

describe('iovlab run --store', () => {
  test('stores the results in a copy of the project (previous version kept as .bak) and verify re-runs them', () => {
    const copy = join(dir, 'store.iovlab.json')
    writeFileSync(copy, `${JSON.stringify(mm1Input(), null, 2)}\n`)
    const original = readFileSync(copy, 'utf8')
    const r = iovlab(['run', 'store.iovlab.json', '--store', '--replications', '2'], dir)
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/stored 2 results documents in store\.iovlab\.json/)
    expect(readFileSync(`${copy}.bak`, 'utf8')).toBe(original)
    const saved = JSON.parse(readFileSync(copy, 'utf8')) as Doc
    expect(saved.results.map((d: Doc) => d.experiment)).toEqual(['wait-vs-load', 'zipped'])
    const again = iovlab(['run', 'store.iovlab.json', '--store', '--experiment', 'zipped'], dir)
    expect(again.code).toBe(0)
    const resaved = JSON.parse(readFileSync(copy, 'utf8')) as Doc
    expect(resaved.results.map((d: Doc) => d.experiment)).toEqual(['wait-vs-load', 'zipped'])
    expect(iovlab(['verify', 'store.iovlab.json'], dir).code).toBe(0)
  })
})

describe('iovlab verify', () => {
  let stored = ''
  beforeAll(() => {
    const doc = JSON.parse(iovlab(['run', 'mm1.iovlab.json', '--json', '--replications', '2'], dir).stdout) as Doc[]
    stored = join(dir, 'stored.iovlab.json')
    writeFileSync(stored, JSON.stringify({ ...mm1Input(), results: doc }, null, 2))
  })

  test('identical results: exit 0, with any --jobs', () => {
    const before = sha(stored)
    for (const jobs of ['1', '2']) {
      const r = iovlab(['verify', 'stored.iovlab.json', '--jobs', jobs], dir)
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      expect(r.stdout.trim().split('\n')).toEqual([
        expect.stringMatching(/^experiment "wait-vs-load": identical \(3 points, sha256:[0-9a-f]{64}\)$/),
        expect.stringMatching(/^experiment "zipped": identical \(4 points, sha256:[0-9a-f]{64}\)$/)
      ])
    }
    expect(sha(stored)).toBe(before)
  })

  test('one changed number in a stored result: exit 1, naming the point and the metric', () => {
    const doc = JSON.parse(readFileSync(stored, 'utf8')) as Doc
    const m = doc.results[1].points[2].metrics.utilization
    m.mean = m.mean + 1e-12
    const edited = join(dir, 'edited.iovlab.json')
    writeFileSync(edited, JSON.stringify(doc, null, 2))
    const r = iovlab(['verify', 'edited.iovlab.json'], dir)
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^experiment "wait-vs-load": identical/m)
    expect(r.stdout).toMatch(/^experiment "zipped": differs$/m)
    expect(r.stdout).toMatch(/the stored numbers do not match the stored digest/)
    expect(r.stdout).toMatch(/point load=0\.4 serviceUs=2 warmup=0ns: utilization mean [\d.e-]+ stored, [\d.e-]+ in the re-run/)
  })

  test('a project changed since the results were stored: exit 1', () => {
    const doc = JSON.parse(readFileSync(stored, 'utf8')) as Doc
    doc.seed = 8
    writeFileSync(join(dir, 'reseeded.iovlab.json'), JSON.stringify(doc))
    const r = iovlab(['verify', 'reseeded.iovlab.json'], dir)
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^ {2}stale: the project changed since these results/m)
    expect(r.stdout).toMatch(/numbers differ: digest/)
  })

  test('cosmetic edits keep stored results valid; a parameter edit marks them stale (validate, export)', () => {
    const doc = JSON.parse(readFileSync(stored, 'utf8')) as Doc
    doc.name = 'Renamed'
    doc.description = 'edited'
    doc.experiments[0].name = 'Another name'
    doc.experiments[0].description = 'edited too'
    writeFileSync(join(dir, 'cosmetic.iovlab.json'), JSON.stringify(doc))
    const r = iovlab(['verify', 'cosmetic.iovlab.json'], dir)
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^experiment "wait-vs-load": identical \(3 points/),
      expect.stringMatching(/^experiment "zipped": identical \(4 points/)
    ])
    expect(iovlab(['validate', 'cosmetic.iovlab.json'], dir).stdout).toMatch(/^ {2}stored results of "wait-vs-load": current$/m)
    doc.experiments[0].duration = '30ms'
    writeFileSync(join(dir, 'param.iovlab.json'), JSON.stringify(doc))
    const v = iovlab(['validate', 'param.iovlab.json'], dir)
    expect(v.stdout).toMatch(/^ {2}stored results of "wait-vs-load": stale: the project changed since these results$/m)
    expect(v.stdout).toMatch(/^ {2}stored results of "zipped": current$/m)
    const e = iovlab(['export', 'param.iovlab.json', '--csv'], dir)
    expect(e.code).toBe(0)
    expect(e.stderr).toBe('param.iovlab.json: note: results of "wait-vs-load": stale: the project changed since these results\n')
  })

  test('results made by another engine: said apart from the numbers', () => {
    const doc = JSON.parse(readFileSync(stored, 'utf8')) as Doc
    expect(doc.results[0].provenance.engineFingerprint).toBe(ENGINE_FINGERPRINT)
    doc.results[0].provenance.engineFingerprint = `sha256:${'a'.repeat(64)}`
    writeFileSync(join(dir, 'other-engine.iovlab.json'), JSON.stringify(doc))
    const r = iovlab(['verify', 'other-engine.iovlab.json'], dir)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^experiment "wait-vs-load": identical numbers \(3 points/m)
    expect(r.stdout).toContain(`  made by another engine (fingerprint aaaaaaaaaaaa, this engine ${shortFingerprint(ENGINE_FINGERPRINT)})`)
    doc.results[0].points[0].metrics.served.mean += 1
    doc.results[0].digest = `sha256:${'b'.repeat(64)}`
    writeFileSync(join(dir, 'other-engine2.iovlab.json'), JSON.stringify(doc))
    const d = iovlab(['verify', 'other-engine2.iovlab.json'], dir)
    expect(d.code).toBe(1)
    expect(d.stdout).toMatch(/^experiment "wait-vs-load": differs\n {2}made by another engine \(fingerprint aaaaaaaaaaaa/m)
    expect(d.stdout).toMatch(/numbers differ/)
  })

  test('runs that failed the same way in the stored results and the re-run are not a difference', () => {
    const input = mm1Input({ experiments: [{ id: 'e', name: 'E', duration: '1000s', stop: { maxEvents: 20_000 }, sweep: [{ 'experiments.e.duration': ['1ms', '1000s'] }] }] })
    writeFileSync(join(dir, 'fails.iovlab.json'), JSON.stringify(input))
    const run = iovlab(['run', 'fails.iovlab.json', '--json'], dir)
    expect(run.code).toBe(1)
    const doc = JSON.parse(run.stdout) as Doc
    expect(doc.errors).toEqual([{ params: { duration: '1000s' }, replication: 0, seed: expect.any(Number), code: 'max-events', message: expect.stringMatching(/stop\.maxEvents/) }])
    writeFileSync(join(dir, 'fails-stored.iovlab.json'), JSON.stringify({ ...input, results: [doc] }))
    const r = iovlab(['verify', 'fails-stored.iovlab.json'], dir)
    expect(r.stdout).toMatch(/^experiment "e": identical/)
    expect(r.code).toBe(0)
  })

  test('no stored results, or malformed ones: exit 2', () => {
    expect(iovlab(['verify', 'mm1.iovlab.json'], dir)).toMatchObject({ code: 2, stderr: 'mm1.iovlab.json: $.results: the project has no stored results to verify\n' })
    const doc = JSON.parse(readFileSync(stored, 'utf8')) as Doc
    doc.results[0].points[0].metrics.served = { mean: 'many' }
    writeFileSync(join(dir, 'malformed.iovlab.json'), JSON.stringify(doc))
    const r = iovlab(['verify', 'malformed.iovlab.json'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^malformed\.iovlab\.json: \$\.results\[0\]\.points\[0\]\.metrics\.served: /m)
  })

  test('export --csv: tidy rows from a project\'s stored results or a results file', () => {
    const r = iovlab(['export', 'stored.iovlab.json', '--csv'], dir)
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines[0]).toBe('experiment,load,serviceUs,warmup,metric,key,mean,ci95')
    expect(lines).toContainEqual(expect.stringMatching(/^wait-vs-load,0\.3,,,wait_mean_us,,[\d.e-]+,[\d.e-]+$/))
    expect(lines).toContainEqual(expect.stringMatching(/^zipped,0\.2,1,0ns,stage_us,queue,[\d.e-]+,[\d.e-]+$/))
    expect(lines).toHaveLength(1 + (3 + 4) * 6)
    expect(iovlab(['run', 'mm1.iovlab.json', '--experiment', 'zipped', '--out', 'zipped.json'], dir).code).toBe(0)
    const out = iovlab(['export', 'zipped.json', '--csv', '--out', 'results.csv'], dir)
    expect(out.code).toBe(0)
    expect(readFileSync(join(dir, 'results.csv'), 'utf8').split('\n')[0]).toBe('experiment,load,serviceUs,warmup,metric,key,mean,ci95')
    expect(iovlab(['export', 'zipped.json'], dir)).toMatchObject({ code: 2, stderr: 'iovlab export: choose a format: --csv\n' })
  })

  test('export --csv into a pipe whose reader has gone (`| head -1`): quiet, exit 0, no stack trace', () => {
    // `true` exits before the CLI writes, so every write meets a closed pipe (EPIPE).
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" export stored.iovlab.json --csv | true; echo "exit \${PIPESTATUS[0]}" >&2`], {
      cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, IOVLAB_SCENARIO: 'synthetic:mm1', IOVLAB_DEBUG: '' }
    })
    expect(r.stderr).toBe('exit 0\n')
  })
})
