// `iovlab run --by workload|vm`, `export --csv` with scope columns and `export --series`, and the
// breakdowns and time series through --shard / merge, the result cache and `verify` (issue 12),
// with the models on a small noisy-neighbour project.
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { pointsDigest } from '../../../core/experiment/index'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { ensureCliBuilt, iovlab } from './build'

let dir = ''
const env = (): Record<string, string> => ({ IOVLAB_SCENARIO: 'model', IOVLAB_CACHE_DIR: join(dir, 'cache') })
const SHORT = ['--experiment', 'noisy-neighbour', '--set', 'experiments.noisy-neighbour.duration=30ms', '--replications', '2', '--jobs', '1']
const strip = (text: string): string => { const { provenance: _p, ...rest } = JSON.parse(text) as Record<string, unknown>; return JSON.stringify(rest) }

beforeAll(() => {
  ensureCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'iovlab-by-'))
  copyFileSync(resolve(import.meta.dirname, '../../fixtures/noisy-neighbour.iovlab.json'), join(dir, 'nn.iovlab.json'))
})

describe('iovlab run --by', () => {
  test('one row per point and workload, or per point and VM', () => {
    const w = iovlab(['run', 'nn.iovlab.json', ...SHORT, '--by', 'workload'], dir, env())
    expect(w.stderr).toBe('')
    expect(w.code).toBe(0)
    const lines = w.stdout.split('\n')
    expect(lines[0]).toBe('noisy-neighbour — Noisy neighbour: per workload, 2 replications each (mean ± 95 % CI)')
    expect(lines[1]).toMatch(/^ {2}technique +workload +rtt_median_us +rtt_p99_us +goodput_mbps/)
    expect(lines.filter((l) => /^ {2}(paravirtual|sriov) +(victim|noisy) /.test(l))).toHaveLength(4)
    expect(w.stdout).toMatch(/^ {2}sriov +noisy +\s+\S+ ± \S+ Mbit\/s/m)
    const v = iovlab(['run', 'nn.iovlab.json', ...SHORT, '--by', 'vm'], dir, env())
    expect(v.code).toBe(0)
    expect(v.stdout.split('\n')[1]).toMatch(/^ {2}technique +vm +domain_cpu_util /)
    for (const vm of ['dom0-a', 'dom0-b', 'victim-a', 'victim-b', 'noisy-a', 'noisy-b']) expect(v.stdout).toMatch(new RegExp(`^ {2}paravirtual +${vm} +\\d`, 'm'))
    expect(v.stderr).toBe('iovlab run: 4 of 4 runs from cache\n')
  })

  test('a bad --by is a usage error', () => {
    const r = iovlab(['run', 'nn.iovlab.json', ...SHORT, '--by', 'host'], dir, env())
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--by must be "workload" or "vm", not "host"/)
  })

  test('shards merge into the same document, series included; export writes both CSVs; verify re-runs it', () => {
    const full = iovlab(['run', 'nn.iovlab.json', ...SHORT, '--no-cache', '--out', 'full.json'], dir, env())
    expect(full.code).toBe(0)
    const doc = JSON.parse(readFileSync(join(dir, 'full.json'), 'utf8'))
    expect(doc.points[0].series.windowEndNs).toEqual([10e6, 20e6, 30e6])
    expect(Object.keys(doc.points[0].metrics)).toContain('byWorkload.victim.rtt_p99_us')
    for (const i of [1, 2]) expect(iovlab(['run', 'nn.iovlab.json', ...SHORT, '--shard', `${i}/2`, '--out', `part-${i}.json`], dir, env()).code).toBe(0)
    const m = iovlab(['merge', 'part-2.json', 'part-1.json', '--out', 'merged.json'], dir, env())
    expect(m.code).toBe(0)
    expect(strip(readFileSync(join(dir, 'merged.json'), 'utf8'))).toBe(strip(readFileSync(join(dir, 'full.json'), 'utf8')))
    const csv = iovlab(['export', 'full.json', '--csv'], dir, env())
    expect(csv.stdout.split('\n')[0]).toBe('experiment,technique,scope,scope_id,metric,key,mean,ci95')
    expect(csv.stdout).toMatch(/^noisy-neighbour,sriov,workload,victim,rtt_p99_us,,[\d.]+,[\d.]+$/m)
    const series = iovlab(['export', 'full.json', '--csv', '--series'], dir, env())
    expect(series.code).toBe(0)
    expect(series.stdout).toMatch(/^noisy-neighbour,paravirtual,workload,noisy,goodput_mbps,3,30,[\d.]+,[\d.]+,2$/m)
  })

  test('verify re-runs stored results with breakdowns and series: identical numbers', () => {
    expect(iovlab(['run', 'nn.iovlab.json', ...SHORT, '--store'], dir, env()).code).toBe(0)
    const r = iovlab(['verify', 'nn.iovlab.json', '--jobs', '1'], dir, env())
    expect(r.stdout).toMatch(/^experiment "noisy-neighbour": identical \(2 points, sha256:[0-9a-f]{64}\)$/m)
    expect(r.code).toBe(0)
  })

  test('verify of results made before the breakdowns: same totals, identical numbers, with a note', async () => {
    expect(iovlab(['run', 'nn.iovlab.json', ...SHORT, '--store'], dir, env()).code).toBe(0)
    const file = join(dir, 'nn.iovlab.json')
    const project = JSON.parse(readFileSync(file, 'utf8'))
    const old = (name: string): boolean => /^by(Workload|Vm)\./.test(name)
    const doc = project.results[0]
    doc.points = doc.points.map((p: Record<string, any>) => { // eslint-disable-line @typescript-eslint/no-explicit-any
      const { series: _s, ...rest } = p
      return { ...rest, metrics: Object.fromEntries(Object.entries(p.metrics).filter(([k]) => !old(k))), ...(p.metricsMissing ? { metricsMissing: Object.fromEntries(Object.entries(p.metricsMissing).filter(([k]) => !old(k))) } : {}) }
    })
    doc.digest = await pointsDigest(doc.points)
    writeFileSync(file, JSON.stringify(project, null, 2))
    const r = iovlab(['verify', 'nn.iovlab.json', '--jobs', '1'], dir, env())
    expect(r.stdout).toMatch(/^experiment "noisy-neighbour": identical numbers \(2 points, sha256:[0-9a-f]{64}\)\n {2}these results predate the metrics per workload and per VM/m)
    expect(r.code).toBe(0)
    // A changed total is still caught.
    doc.points[0].metrics.rtt_p99_us.mean += 1
    doc.digest = await pointsDigest(doc.points)
    writeFileSync(file, JSON.stringify(project, null, 2))
    const d = iovlab(['verify', 'nn.iovlab.json', '--jobs', '1'], dir, env())
    expect(d.code).toBe(1)
    expect(d.stdout).toMatch(/rtt_p99_us mean/)
  })
})
