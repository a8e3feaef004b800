// `iovlab sensitivity` and `iovlab run --uncertainty` end to end through a child process with
// the synthetic M/M/1 scenario: the ranked table, the JSON report byte-identical for --jobs 1
// and 2, the uncertainty bands and orderings, and one clear line for each bad input.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { mm1Input } from '../experiment/helpers'
import { ensureCliBuilt, iovlab } from './build'

let dir = ''

beforeAll(() => {
  ensureCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'iovlab-sens-'))
  writeFileSync(join(dir, 'q.iovlab.json'), JSON.stringify(mm1Input({
    variables: { arrivalPerUs: 0.2, serviceUs: 1, load: 0.5, serviceUs_a: 1, serviceUs_b: 3, station: 'a' },
    experiments: [
      { id: 'q', name: 'Queue', duration: '30ms', warmup: '1ms', replications: 3, sweep: [] },
      { id: 'cmp', name: 'Stations', duration: '5ms', replications: 1, sweep: [{ 'variables.station': ['a', 'b'] }] }
    ]
  })))
})

describe('iovlab sensitivity', () => {
  test('a ranked table per metric; --json byte-identical with --jobs 1 and --jobs 2', () => {
    const r = iovlab(['sensitivity', 'q.iovlab.json', '--params', 'variables.serviceUs_a,variables.arrivalPerUs,variables.load', '--metric', 'sojourn_mean_us'], dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^sensitivity of experiment "q" at point 0 \(the only point\): one at a time, ±10 %, 3 replications each, 21 runs$/m)
    expect(r.stdout).toMatch(/^ {2}1 +variables\.serviceUs_a +\+[12]\.\d+ +±[\d.e-]+ +variable$/m)
    expect(r.stdout).toMatch(/^ {2}3 +variables\.load +0 +±0 +variable$/m)
    const args = ['sensitivity', 'q.iovlab.json', '--params', 'variables.serviceUs_a,variables.load', '--method', 'morris', '--trajectories', '3', '--json']
    const one = iovlab([...args, '--jobs', '1'], dir)
    const two = iovlab([...args, '--jobs', '2'], dir)
    expect([one.code, two.code]).toEqual([0, 0])
    expect(two.stdout).toBe(one.stdout)
    const report = JSON.parse(one.stdout) as { format: string; method: string; metrics: Record<string, { effects: { path: string; muStar: number }[] }> }
    expect(report.format).toBe('iovlab-sensitivity')
    expect(report.metrics.utilization.effects[0]).toMatchObject({ path: 'variables.serviceUs_a' })
  }, 120_000)

  test('bad input: one line each, exit 2', () => {
    const cases: [string[], RegExp][] = [
      [['sensitivity', 'q.iovlab.json'], /--params a,b or ask for --all/],
      [['sensitivity', 'q.iovlab.json', '--all', '--params', 'variables.load'], /not both/],
      [['sensitivity', 'q.iovlab.json', '--params', 'variables.load', '--delta', '150%'], /--delta must be/],
      [['sensitivity', 'q.iovlab.json', '--params', 'variables.load', '--method', 'sobol'], /--method must be oat or morris/],
      [['sensitivity', 'q.iovlab.json', '--params', 'variables.nope'], /no variable "nope"/],
      [['sensitivity', 'q.iovlab.json', '--params', 'variables.load', '--point', '3'], /points 0 to 0/],
      [['sensitivity', 'q.iovlab.json', '--all'], /no parameter left to perturb/]
    ]
    for (const [args, re] of cases) {
      const r = iovlab(args, dir)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(re)
    }
  }, 120_000)
})

describe('iovlab run --uncertainty', () => {
  test('bands beside the CI and the orderings that survive; --range needs --uncertainty', () => {
    const r = iovlab(['run', 'q.iovlab.json', '--experiment', 'cmp', '--uncertainty', '8', '--range', 'variables.serviceUs_a=1:2', '--range', 'variables.serviceUs_b=2.5:3'], dir)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/model uncertainty: 8 Latin-hypercube samples of 2 parameters/)
    expect(r.stdout).toMatch(/station=a: .*sojourn_mean_us [\d.]+ µs \[[\d.]+–[\d.]+\]/)
    expect(r.stdout).toMatch(/orderings across the samples \(\w+; \d+ more for other metrics in --json\):/)
    const json = JSON.parse(iovlab(['run', 'q.iovlab.json', '--experiment', 'cmp', '--uncertainty', '4', '--range', 'variables.serviceUs_a=1:2', '--json'], dir).stdout)
    expect(json.points[0].uncertainty.samples).toBe(4)
    expect(json.uncertainty.params[0]).toMatchObject({ path: 'variables.serviceUs_a', lo: 1, hi: 2, origin: 'given' })
    expect(json.uncertainty.orderings.find((o: { metric: string }) => o.metric === 'sojourn_mean_us')).toMatchObject({ axis: 'station', lower: 'a', higher: 'b', holds: 1, samples: 4 })
    const bad = iovlab(['run', 'q.iovlab.json', '--range', 'variables.serviceUs_a=1:2'], dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--range is sampled only with --uncertainty/)
    const none = iovlab(['run', 'q.iovlab.json', '--experiment', 'cmp', '--uncertainty', '4'], dir)
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/--uncertainty: .*no parameter .* plausible range/)
  }, 120_000)

  test('--store keeps the bands, and verify replays the samples (with the --range ranges) to the same digest', () => {
    writeFileSync(join(dir, 'v.iovlab.json'), JSON.stringify(mm1Input({
      variables: { arrivalPerUs: 0.2, serviceUs: 1, load: 0.5, serviceUs_a: 1, serviceUs_b: 3, station: 'a' },
      experiments: [{ id: 'cmp', name: 'Stations', duration: '3ms', replications: 1, sweep: [{ 'variables.station': ['a', 'b'] }] }]
    })))
    const stored = iovlab(['run', 'v.iovlab.json', '--uncertainty', '3', '--range', 'variables.serviceUs_a=1:2', '--store'], dir)
    expect(stored.code).toBe(0)
    const v = iovlab(['verify', 'v.iovlab.json'], dir)
    expect(v.stdout).toMatch(/experiment "cmp": identical/)
    expect(v.code).toBe(0)
  }, 120_000)
})

