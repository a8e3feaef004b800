// `iovlab worker --queue` and `iovlab run --queue` as real processes on a private redis-server:
// the same results document as a local run, byte for byte apart from provenance — also when one
// of two workers is killed (SIGKILL) in the middle of a run, whose job another worker then takes
// over — and one clear line for a queue that cannot be reached or a bad URL.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mm1Input } from '../experiment/helpers'
import { redisMissing, startRedis, type TestRedis } from '../experiment/queue-redis'
import { BIN, ensureCliBuilt, iovlab } from './build'

type Doc = Record<string, unknown>
const strip = (text: string): string => {
  const docs = JSON.parse(text) as Doc | Doc[]
  return JSON.stringify((Array.isArray(docs) ? docs : [docs]).map(({ provenance: _p, ...rest }) => rest), null, 2)
}

let dir = ''
beforeAll(() => {
  ensureCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'iovlab-cli-queue-'))
}, 120_000)

describe('iovlab run --queue and worker --queue: bad input', () => {
  test('a bad URL and an unreachable Redis are one line each, exit 2, no stack trace', () => {
    writeFileSync(join(dir, 'mm1.iovlab.json'), JSON.stringify(mm1Input()))
    const bad = iovlab(['run', 'mm1.iovlab.json', '--queue', 'http://127.0.0.1:6379'], dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('iovlab run: --queue: "http://127.0.0.1:6379" is not a queue URL: the scheme is "http", not redis or rediss (write redis://HOST:PORT, e.g. redis://127.0.0.1:6379) (see `iovlab run --help`)\n')
    const down = iovlab(['run', 'mm1.iovlab.json', '--queue', 'redis://127.0.0.1:1'], dir)
    expect(down.code).toBe(2)
    expect(down.stderr).toMatch(/^iovlab run: cannot reach redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1\n$/)
    const worker = iovlab(['worker', '--queue', 'redis://127.0.0.1:1'], dir)
    expect(worker.code).toBe(2)
    expect(worker.stderr).toMatch(/^iovlab worker: cannot reach redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED 127\.0\.0\.1:1\n$/)
    const noQueue = iovlab(['worker'], dir)
    expect(noQueue).toMatchObject({ code: 2, stderr: 'iovlab worker: give the queue to serve: --queue redis://HOST:PORT (see `iovlab worker --help`)\n' })
    const jobs = iovlab(['run', 'mm1.iovlab.json', '--queue', 'redis://127.0.0.1:1', '--jobs', '2'], dir)
    expect(jobs).toMatchObject({ code: 2, stderr: 'iovlab run: --jobs is for this machine; with --queue each worker\'s --concurrency decides\n' })
  })
})

const missing = redisMissing()

describe.skipIf(missing !== undefined)(`iovlab worker and run --queue on a private redis-server${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let redis: TestRedis
  const children = new Set<ChildProcess>()

  beforeAll(async () => { redis = await startRedis() }, 60_000)
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL')
    await redis?.stop()
  }, 60_000)

  /** A worker process; resolves once it says it serves. */
  function startWorker(concurrency: number): Promise<ChildProcess & { log: () => string }> {
    const child = spawn(process.execPath, [BIN, 'worker', '--queue', redis.url, '--concurrency', String(concurrency), '--stall-seconds', '2'], {
      cwd: dir, env: { ...process.env, IOVLAB_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe']
    })
    children.add(child)
    let log = ''
    child.stderr!.on('data', (b: Buffer) => { log += b.toString() })
    child.once('exit', () => children.delete(child))
    return new Promise((resolve, reject) => {
      const t = setInterval(() => {
        if (log.includes('serving runs from')) { clearInterval(t); resolve(Object.assign(child, { log: () => log })) }
        if (child.exitCode !== null) { clearInterval(t); reject(new Error(`the worker ended: ${log}`)) }
      }, 50)
    })
  }

  /** `iovlab run … --queue` as a child; resolves with its exit code and output. */
  function runOnQueue(args: string[], onStderr?: (text: string, child: ChildProcess) => void): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [BIN, ...args, '--queue', redis.url], {
      cwd: dir, env: { ...process.env, IOVLAB_SCENARIO: 'synthetic:mm1', IOVLAB_DEBUG: '' }, stdio: ['ignore', 'pipe', 'pipe']
    })
    children.add(child)
    let stdout = ''
    let stderr = ''
    child.stdout!.on('data', (b: Buffer) => { stdout += b.toString() })
    child.stderr!.on('data', (b: Buffer) => { stderr += b.toString(); onStderr?.(stderr, child) })
    return new Promise((resolve) => child.once('exit', (code) => { children.delete(child); resolve({ code, stdout, stderr }) }))
  }

  /** Runs in progress on the queue, as the workers' heartbeats say. */
  async function activeOf(pid: number): Promise<number> {
    const keys = await redis.client.keys('iovlab:worker:*')
    for (const k of keys) {
      const w = JSON.parse((await redis.client.get(k)) ?? '{}') as { pid?: number; active?: number }
      if (w.pid === pid) return w.active ?? 0
    }
    return 0
  }

  test('with no worker the runs wait (it says so), and Ctrl-C takes them off the queue', async () => {
    writeFileSync(join(dir, 'waiting.iovlab.json'), JSON.stringify(mm1Input({ seed: 23 })))
    let interrupted = false
    const r = await runOnQueue(['run', 'waiting.iovlab.json'], (text, child) => {
      if (interrupted || !text.includes('no worker of this engine')) return
      interrupted = true
      // Ctrl-C once the runs are queued.
      const t = setInterval(() => void redis.client.llen('bull:iovlab-runs:wait').then((n) => { if (n === 17) { clearInterval(t); child.kill('SIGINT') } }, () => undefined), 100)
      child.once('exit', () => clearInterval(t))
    })
    expect(r.stderr).toMatch(/^iovlab run: no worker of this engine \(\w+\) serves redis:\/\/127\.0\.0\.1:\d+ yet; the runs wait until one does — start one with `iovlab worker --queue redis:\/\/127\.0\.0\.1:\d+`\n/)
    expect(r.stderr).toContain('iovlab: stopping the runs')
    expect(r.stderr).toContain('iovlab run: cancelled; no results were written')
    expect(r.code).toBe(1)
    expect(await redis.client.llen('bull:iovlab-runs:wait')).toBe(0)
  })

  test('run --queue gives the local run\'s document, byte for byte apart from provenance', async () => {
    writeFileSync(join(dir, 'small.iovlab.json'), JSON.stringify(mm1Input({ seed: 21 })))
    const worker = await startWorker(2)
    const local = iovlab(['run', 'small.iovlab.json', '--json', '--jobs', '1'], dir)
    expect(local.code).toBe(0)
    // --no-cache: the local run just filled the result cache, which wraps the queue executor too
    const queued = await runOnQueue(['run', 'small.iovlab.json', '--json', '--out', 'small-queue.json', '--no-cache'])
    expect(queued.stderr).toBe('')
    expect(queued.code).toBe(0)
    expect(strip(queued.stdout)).toBe(strip(local.stdout))
    expect(strip(readFileSync(join(dir, 'small-queue.json'), 'utf8'))).toBe(strip(local.stdout))
    expect((JSON.parse(queued.stdout) as { provenance: { executor: string } }[])[0].provenance.executor).toBe('queue')
    // without --no-cache the same runs come from the result cache, in front of the queue
    const cached = await runOnQueue(['run', 'small.iovlab.json', '--json'])
    expect(cached.stderr).toMatch(/^iovlab run: (\d+) of \1 runs from cache\n$/)
    expect(strip(cached.stdout)).toBe(strip(local.stdout))
    worker.kill('SIGTERM')
    await new Promise((r) => worker.once('exit', r))
    expect(worker.log()).toContain('iovlab worker: stopped')
  })

  test('two workers and a third killed in the middle of a run: nothing is lost, and the document is the local one', async () => {
    // Runs long enough (a second or more each) that the first worker still holds one when the others are up.
    const input = mm1Input({ seed: 22 })
    input.experiments = [{ ...input.experiments![0], duration: '2s', replications: 2 }]
    writeFileSync(join(dir, 'long.iovlab.json'), JSON.stringify(input))
    const local = iovlab(['run', 'long.iovlab.json', '--json', '--jobs', '1'], dir)
    expect(local.code).toBe(0)
    const holding = async (pid: number): Promise<void> => {
      const deadline = Date.now() + 60_000
      while ((await activeOf(pid)) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      expect(await activeOf(pid)).toBe(1)
    }
    const doomed = await startWorker(1)
    const run = runOnQueue(['run', 'long.iovlab.json', '--json', '--no-cache'])
    await holding(doomed.pid!)
    const survivors = await Promise.all([startWorker(1), startWorker(1)])
    // Kill it while it holds a run; its job goes to another once its lock lapses.
    await holding(doomed.pid!)
    doomed.kill('SIGKILL')
    await new Promise((r) => doomed.once('exit', r))
    const queued = await run
    expect(queued.stderr).toBe('')
    expect(queued.code).toBe(0)
    expect(strip(queued.stdout)).toBe(strip(local.stdout))
    // The killed worker's job came back through BullMQ's stalled-job check.
    const events = await redis.client.xrange('bull:iovlab-runs:events', '-', '+')
    expect(events.some(([, fields]) => fields[0] === 'event' && fields[1] === 'stalled')).toBe(true)
    for (const w of survivors) w.kill('SIGTERM')
    await Promise.all(survivors.map((w) => new Promise((r) => w.once('exit', r))))
  })
})
