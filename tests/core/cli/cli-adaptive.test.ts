// `iovlab run` end to end (real child process, the model) with a replications rule and common
// random numbers: the table says why each point stopped, --diff prints the paired differences, the
// document carries them, --jobs does not change the digest, and a bad rule is one line with its path.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { ensureCliBuilt, iovlab, ROOT } from './build'

type Doc = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

let dir = ''
const MODEL = { IOVLAB_SCENARIO: '' }

/** The shoot-out's latency-vs-guests at four guest pairs, paravirtual and SR-IOV, short runs. */
function project(over: Doc): Doc {
  const p = JSON.parse(readFileSync(join(ROOT, 'examples', 'technique-shootout.iovlab.json'), 'utf8')) as Doc
  const e = p.experiments.find((x: Doc) => x.id === 'latency-vs-guests')
  const axis = Object.fromEntries(Object.entries(e.sweep[1] as Record<string, unknown[]>).map(([k, v]) => [k, [v[2], v[3]]]))
  p.experiments = [{ ...e, duration: '40ms', warmup: '5ms', sweep: [{ 'variables.guests': [4] }, axis], ...over }]
  return p
}

beforeAll(() => {
  ensureCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'iovlab-adaptive-'))
  writeFileSync(join(dir, 'ok.iovlab.json'), JSON.stringify(project({ replications: { min: 3, max: 6, until: { metric: 'rtt_median_us', relativeHalfWidth: 0.001 } }, crn: ['variant'] })))
  writeFileSync(join(dir, 'bad.iovlab.json'), JSON.stringify(project({ replications: { min: 1, max: 6, until: { metric: 'rtt_median', relativeHalfWidth: 0.02, halfWidth: 1 } } })))
})

test('a rule and crn: why each point stopped, the paired differences, the same digest at --jobs 1 and 2', () => {
  const table = iovlab(['run', 'ok.iovlab.json', '--diff', '--jobs', '1'], dir, MODEL)
  expect(table.stderr).toBe('')
  expect(table.code).toBe(0)
  expect(table.stdout).toMatch(/^ {2}4 +paravirtual +.* +6 \(max reached: ±[\d.]+ % > 0\.1 % after 6 replications\) +/m)
  expect(table.stdout).toMatch(/difference to the baseline \(variant=paravirtual nicTechnique=paravirtual .*\) on common random numbers/)
  expect(table.stdout).toMatch(/^ {2}4 +sriov +.* 6 +−[\d.]+ ± [\d.]+ µs/m)
  const one = JSON.parse(iovlab(['run', 'ok.iovlab.json', '--json', '--jobs', '1'], dir, MODEL).stdout) as Doc
  const two = JSON.parse(iovlab(['run', 'ok.iovlab.json', '--json', '--jobs', '2'], dir, MODEL).stdout) as Doc
  expect(two.digest).toBe(one.digest)
  expect(one.points[0].stopping).toMatchObject({ metric: 'rtt_median_us', stopped: 'max-reached', runs: 6 })
  expect(one.points[0].diff).toBeUndefined()
  expect(one.points[1].diff.baseline).toEqual({ variant: 'paravirtual', nicTechnique: 'paravirtual', clients: 'nic-guests-a', servers: 'nic-guests-b' })
  expect(one.points[1].diff.metrics.rtt_median_us.n).toBe(6)
}, 180_000)

test('a bad rule: one line per problem with its JSON path, exit 2', () => {
  const r = iovlab(['run', 'bad.iovlab.json'], dir, MODEL)
  expect(r.code).toBe(2)
  const lines = r.stderr.trimEnd().split('\n')
  expect(lines).toContain('bad.iovlab.json: $.experiments[0].replications.min: must be at least 2, found the number 1')
  expect(lines.some((l) => l.startsWith('bad.iovlab.json: $.experiments[0].replications.until.metric: experiment "latency-vs-guests": "rtt_median" is not a metric IOV Lab produces'))).toBe(true)
})
