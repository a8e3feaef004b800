// examples/cluster: the Slurm scripts parse (bash -n) and pass shellcheck when it is installed;
// the Kubernetes manifest is an Indexed Job whose pods run `--shard $((JOB_COMPLETION_INDEX+1))/N`
// with N equal to its completions. Opt-in (IOVLAB_TEST_SLURM=1, as root or with SLURM_CONF of a
// running cluster): the array script on a real single-node Slurm gives the document of a local run.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { mm1Input } from '../experiment/helpers'
import { BIN, ensureCliBuilt, iovlab, ROOT } from './build'

const CLUSTER = join(ROOT, 'examples', 'cluster')
const SCRIPTS = ['slurm-array.sh', 'slurm-single-node.sh'].map((f) => join(CLUSTER, f))
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0

describe('examples/cluster', () => {
  test('the Slurm scripts parse with bash -n', () => {
    for (const s of SCRIPTS) {
      const r = spawnSync('bash', ['-n', s], { encoding: 'utf8' })
      expect(r.stderr, s).toBe('')
      expect(r.status, s).toBe(0)
    }
  })

  // Skipped where Debian's shellcheck is not installed (.ci/run installs it as root); the title says so.
  test.skipIf(!has('shellcheck'))(`the Slurm scripts pass shellcheck${has('shellcheck') ? '' : ' — skipped: shellcheck is not installed (apt-get install shellcheck)'}`, () => {
    const r = spawnSync('shellcheck', SCRIPTS, { encoding: 'utf8' })
    expect(r.stdout).toBe('')
    expect(r.status).toBe(0)
  })

  test('the Kubernetes manifest is an Indexed Job running shard JOB_COMPLETION_INDEX+1 of its completions, then a merge of as many parts', () => {
    const text = readFileSync(join(CLUSTER, 'k8s-indexed-job.yaml'), 'utf8')
    const [, shards, merge] = text.split(/^---\s*$/m)
    expect(shards).toMatch(/^kind: Job$/m)
    expect(shards).toMatch(/^ {2}completionMode: Indexed$/m)
    const completions = /^ {2}completions: (\d+)$/m.exec(shards)?.[1]
    const parallelism = Number(/^ {2}parallelism: (\d+)$/m.exec(shards)?.[1])
    expect(Number(completions)).toBeGreaterThanOrEqual(parallelism)
    expect(shards).toContain('--shard "$((JOB_COMPLETION_INDEX + 1))/$SHARDS"')
    expect(shards).toContain('--out "/work/parts/part-$((JOB_COMPLETION_INDEX + 1)).json"')
    // SHARDS equals completions in both Jobs, or merge would wait for parts that never come.
    for (const job of [shards, merge]) expect(/- name: SHARDS\n\s+value: "(\d+)"/.exec(job)?.[1]).toBe(completions)
    expect(merge).toContain('exec iovlab merge /work/parts/part-*.json --out /work/results.json')
  })
})

// A real single-node Slurm: `apt-get install -y slurm-wlm munge` (about 25 s), started under a
// temporary folder by slurm-single-node.sh (about 1 s), the array script run to its merge.
// Opt-in: it installs and starts system daemons, so it runs only with IOVLAB_TEST_SLURM=1 (set by
// .ci/run when it runs as root); elsewhere the title says why it was skipped.
const SLURM = process.env.IOVLAB_TEST_SLURM === '1'
describe.skipIf(!SLURM)(`slurm-array.sh on a single-node Slurm${SLURM ? '' : ' — skipped: set IOVLAB_TEST_SLURM=1 to run it (needs root, slurm-wlm and munge)'}`, () => {
  let started: string | undefined
  afterAll(() => { if (started) spawnSync(join(CLUSTER, 'slurm-single-node.sh'), ['stop', started]) })

  test('three array tasks and the merge job give the document of one local run', () => {
    ensureCliBuilt()
    const dir = mkdtempSync(join(tmpdir(), 'iovlab-slurm-test-'))
    const env: Record<string, string> = { ...process.env as Record<string, string>, IOVLAB_SCENARIO: 'synthetic:mm1', IOVLAB_CACHE_DIR: join(dir, 'cache') }
    if (!env.SLURM_CONF) {
      started = join(dir, 'slurm')
      const out = execFileSync(join(CLUSTER, 'slurm-single-node.sh'), ['start', started], { encoding: 'utf8', timeout: 90_000 })
      env.SLURM_CONF = /export SLURM_CONF=(\S+)/.exec(out)![1]
    }
    writeFileSync(join(dir, 'p.iovlab.json'), JSON.stringify(mm1Input()))
    expect(iovlab(['run', 'p.iovlab.json', '--no-cache', '--out', 'local.json'], dir).code).toBe(0)
    const r = spawnSync(join(CLUSTER, 'slurm-array.sh'), ['p.iovlab.json', '3', 'out'], {
      cwd: dir, encoding: 'utf8', timeout: 170_000, env: { ...env, IOVLAB: BIN, IOVLAB_SLURM_WAIT: '1' }
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
    const strip = (t: string): string => JSON.stringify((JSON.parse(t) as Record<string, unknown>[]).map(({ provenance: _p, ...rest }) => rest))
    expect(strip(readFileSync(join(dir, 'out', 'results.json'), 'utf8'))).toBe(strip(readFileSync(join(dir, 'local.json'), 'utf8')))
    expect(readFileSync(join(dir, 'out', 'merge.log'), 'utf8')).toMatch(/3 parts, 17 runs/)
  }, 180_000)
})
