// Benchmarks of experiments at scale (issue 13), each against its goal, for docs/benchmarks.md:
//   queue overhead   wall time per run on a Redis queue (one `iovlab worker`, 2 threads) minus a
//                    local `--jobs 2` run, over 500 runs of the no-op scenario (goal < 5 ms)
//   queue speed-up   a sweep of real model runs on two `iovlab worker --concurrency 1` processes
//                    against one (goal ≥ 1.7× on 2 cores)
//   cached re-run    a second `iovlab run examples/raj2006-np-nic.iovlab.json` with every run in the
//                    result cache (goal < 2 s)
//   sequential stop  runs of raj2006-np-nic with replications {min 2, max 50, 2 % on each
//                    experiment's headline metric (RTT, goodput, interrupt cost)} against its fixed replications
// Needs Debian's redis-server; starts its own on a free loopback port and stops it. Usage:
//   node build/bench-scale.mjs [--json]
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const cli = join(root, 'bin/iovlab.cjs')
const tmp = mkdtempSync(join(tmpdir(), 'iovlab-bench-scale-'))
const json = process.argv.includes('--json')
const children = []

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const freePort = () => new Promise((res, rej) => {
  const s = createServer(); s.once('error', rej)
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => res(port)) })
})

/** Runs the CLI to completion; returns its wall seconds and stdout. */
function iovlab(args, env = {}) {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, IOVLAB_CACHE_DIR: join(tmp, 'cache'), ...env } })
  const seconds = (performance.now() - t0) / 1000
  if (r.status !== 0) throw new Error(`iovlab ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`)
  return { seconds, stdout: r.stdout, stderr: r.stderr }
}

function worker(url, concurrency, env = {}) {
  const c = spawn(process.execPath, [cli, 'worker', '--queue', url, '--concurrency', String(concurrency)], { stdio: 'ignore', env: { ...process.env, ...env } })
  children.push(c)
  return c
}

async function stopWorkers() {
  for (const c of children.splice(0)) { c.kill('SIGKILL') }
  await sleep(500)
}

/** Empties the queue's Redis: a re-submitted run would otherwise come back from its finished job. */
function flush(url) {
  spawnSync('redis-cli', ['-u', url, 'flushall'], { encoding: 'utf8' })
}

async function startRedis() {
  const port = await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmp], { stdio: 'ignore' })
  for (let i = 0; i < 100; i++) {
    if (spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG') return { child, url: `redis://127.0.0.1:${port}` }
    await sleep(100)
  }
  child.kill('SIGKILL')
  throw new Error('redis-server did not start')
}

const results = []
/** The documents of a --json output (one object or a list). */
const docs = (text) => { const d = JSON.parse(text); return Array.isArray(d) ? d : [d] }
const runsOf = (ds) => ds.reduce((n, d) => n + d.points.reduce((m, p) => m + (p.stopping?.runs ?? p.replications), 0), 0)
function report(name, value, unit, goal, detail) {
  results.push({ benchmark: name, value, unit, goal, detail })
  if (!json) console.log(`${name.padEnd(16)} ${String(value).padStart(8)} ${unit.padEnd(6)} (goal ${goal})  ${detail}`)
}

const redis = await startRedis()
try {
  // 1. Queue overhead per run: 500 no-op runs (the synthetic scenario does nothing), local vs queue.
  const noop = { IOVLAB_SCENARIO: 'synthetic:noop' }
  const shoot = join(root, 'examples/technique-shootout.iovlab.json')
  const noopArgs = ['run', shoot, '--experiment', 'latency-one-guest', '--replications', '100', '--no-cache', '--json']
  const local = iovlab([...noopArgs, '--jobs', '2'], noop)
  const runs = runsOf(docs(local.stdout))
  worker(redis.url, 2, noop); await sleep(2000)
  const queued = iovlab([...noopArgs, '--queue', redis.url], noop)
  await stopWorkers()
  report('queue overhead', ((queued.seconds - local.seconds) * 1000 / runs).toFixed(2), 'ms/run', '< 5 ms',
    `${runs} no-op runs: ${queued.seconds.toFixed(2)} s on one worker (2 threads) vs ${local.seconds.toFixed(2)} s with --jobs 2`)

  // 2. Speed-up of two workers over one on real model runs.
  const realArgs = ['run', shoot, '--no-cache', '--json']
  flush(redis.url)
  worker(redis.url, 1); await sleep(2000)
  const one = iovlab([...realArgs, '--queue', redis.url])
  flush(redis.url)
  worker(redis.url, 1); await sleep(2000)
  const two = iovlab([...realArgs, '--queue', redis.url])
  await stopWorkers()
  report('queue speed-up', (one.seconds / two.seconds).toFixed(2), '×', '≥ 1.7×',
    `examples/technique-shootout (180 runs): ${one.seconds.toFixed(1)} s on one worker, ${two.seconds.toFixed(1)} s on two (concurrency 1 each)`)

  // 3. A fully cached re-run of raj2006-np-nic.
  const raj = join(root, 'examples/raj2006-np-nic.iovlab.json')
  const first = iovlab(['run', raj, '--jobs', '2', '--json'])
  const again = iovlab(['run', raj, '--jobs', '2', '--json'])
  const cachedLine = /(\d+) of (\d+) runs from cache/.exec(again.stderr)?.[0] ?? 'no cache line'
  report('cached re-run', again.seconds.toFixed(2), 's', '< 2 s', `raj2006-np-nic: first run ${first.seconds.toFixed(1)} s, again ${again.seconds.toFixed(2)} s (${cachedLine})`)

  // 4. Sequential stopping: a 2 % rule on each experiment's own first metric against the fixed replications.
  const project = JSON.parse(readFileSync(raj, 'utf8'))
  const fixed = docs(first.stdout)
  const fixedRuns = runsOf(fixed)
  for (const e of project.experiments) {
    const doc = fixed.find((d) => d.experiment === e.id)
    const m = doc.points[0].metrics
    const numeric = (k) => typeof m[k]?.mean === 'number'
    const metric = ['rtt_median_us', 'goodput_mbps', 'irq_virt_us', 'rpc_per_s', 'ops_per_s'].find(numeric) ?? Object.keys(m).find(numeric)
    e.replications = { min: 2, max: 50, until: { metric, relativeHalfWidth: 0.02 } }
  }
  const ruled = join(tmp, 'raj2006-rule.iovlab.json')
  writeFileSync(ruled, JSON.stringify(project))
  const seq = docs(iovlab(['run', ruled, '--jobs', '2', '--no-cache', '--json']).stdout)
  const seqRuns = runsOf(seq)
  const why = seq.flatMap((d) => d.points.map((p) => p.stopping?.stopped ?? 'fixed'))
  const counts = Object.entries(why.reduce((m, w) => ({ ...m, [w]: (m[w] ?? 0) + 1 }), {})).map(([k, v]) => `${v} ${k}`).join(', ')
  report('sequential stop', seqRuns, 'runs', `< ${fixedRuns}`, `raj2006-np-nic, 2 % on each experiment's headline metric (min 2, max 50): ${seqRuns} runs against ${fixedRuns} fixed; points: ${counts}`)
} finally {
  await stopWorkers()
  redis.child.kill('SIGKILL')
  rmSync(tmp, { recursive: true, force: true })
}
if (json) for (const r of results) console.log(JSON.stringify(r))
