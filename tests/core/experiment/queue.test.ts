// The Redis queue (BullMQ) as an Executor: the same documents as a local run, progress from the
// workers, the project stored once, re-submission finding finished jobs, a worker of another
// engine refused with both fingerprints, Stop removing waiting jobs and stopping running ones,
// and queue URLs read or refused in one line. A private redis-server per file (queue-redis.ts).
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { executePlan, InProcessExecutor, planRuns, withoutProvenance, type RunnerEvent, type RunPlan } from '../../../core/experiment/index'
import { checkReachable, parseQueueUrl, projectKey, projectText, QUEUE_NAME, readQueueStatus, sha256Hex, type QueueUrl } from '../../../core/experiment/queue'
import { QueueExecutor } from '../../../core/experiment/queue-executor'
import { QueueWorker } from '../../../core/experiment/queue-worker'
import { ENGINE_FINGERPRINT } from '../../../core/version'
import { ensureCliBuilt, WORKER } from '../cli/build'
import { mm1Input, mm1Project, valid } from './helpers'
import { redisMissing, startRedis, type TestRedis } from './queue-redis'

const SCENARIO = 'synthetic:mm1'

function plan(project = mm1Project()): RunPlan {
  const r = planRuns(project)
  if (!r.ok) throw new Error(r.message)
  return r.plan
}

function url(text: string): QueueUrl {
  const r = parseQueueUrl(text)
  if (!r.ok) throw new Error(r.message)
  return r.url
}

const docsText = (docs: Parameters<typeof withoutProvenance>[0][]): string => JSON.stringify(docs.map(withoutProvenance), null, 2)

describe('queue URLs', () => {
  test('redis and rediss URLs are read; the password is never shown', () => {
    expect(parseQueueUrl('redis://127.0.0.1:6390')).toEqual({ ok: true, url: { display: 'redis://127.0.0.1:6390', host: '127.0.0.1', port: 6390, db: 0, tls: false } })
    const r = parseQueueUrl('rediss://lab:s3cret@queue.example.org/2')
    expect(r).toMatchObject({ ok: true, url: { display: 'rediss://lab@queue.example.org:6379/2', host: 'queue.example.org', port: 6379, db: 2, tls: true, username: 'lab', password: 's3cret' } })
    expect(parseQueueUrl('redis://[::1]:7000')).toMatchObject({ ok: true, url: { host: '::1', display: 'redis://[::1]:7000' } })
  })

  test.each([
    ['http://127.0.0.1:6379', 'the scheme is "http", not redis or rediss'],
    ['127.0.0.1:6379', 'it does not parse as a URL'],
    ['queue', 'it does not parse as a URL'],
    ['redis://host:0', 'the port "0" is not 1–65535'],
    ['redis://host:6379/abc', 'the path "/abc" is not a database number'],
    ['redis://host:6379?x=1', 'query or fragment']
  ])('%s is refused in one line', (text, why) => {
    const r = parseQueueUrl(text)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.message).toContain(why)
      expect(r.message).toContain('write redis://HOST:PORT')
      expect(r.message).not.toContain('\n')
    }
  })

  test('an unreachable Redis is one line naming the URL', async () => {
    const r = await checkReachable(url('redis://127.0.0.1:1'), 2000)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.message).toMatch(/^cannot reach redis:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/)
      expect(r.message).not.toContain('\n')
    }
  })
})

const missing = redisMissing()

describe.skipIf(missing !== undefined)(`QueueExecutor with QueueWorkers on a private redis-server${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let redis: TestRedis
  let queueUrl: QueueUrl
  const workers: QueueWorker[] = []
  const worker = async (options: Partial<ConstructorParameters<typeof QueueWorker>[0]> = {}): Promise<QueueWorker> => {
    const w = new QueueWorker({ url: queueUrl, workerFile: WORKER, concurrency: 2, stallSeconds: 2, ...options })
    workers.push(w)
    await w.start()
    return w
  }
  const closeAll = async (): Promise<void> => { await Promise.all(workers.splice(0).map((w) => w.close(true))) }

  beforeAll(async () => {
    ensureCliBuilt()
    redis = await startRedis()
    queueUrl = url(redis.url)
  }, 120_000)
  afterAll(async () => {
    await closeAll()
    await redis?.stop()
  }, 60_000)

  test('a plan on the queue gives the local run\'s documents byte for byte, with progress and the project stored once', async () => {
    await worker()
    const local = await executePlan(plan(), { executor: new InProcessExecutor(), scenario: SCENARIO })
    const events: RunnerEvent[] = []
    const queued = await executePlan(plan(), { executor: new QueueExecutor({ url: queueUrl }), scenario: SCENARIO, onEvent: (e) => events.push(e), progressEveryMs: 0 })
    expect(queued.failures).toEqual([])
    expect(queued.cancelled).toBe(false)
    expect(docsText(queued.documents)).toBe(docsText(local.documents))
    expect(queued.documents[0].provenance).toMatchObject({ executor: 'queue', engineFingerprint: ENGINE_FINGERPRINT })
    const last = events.filter((e) => e.type === 'progress').at(-1)
    expect(last?.type === 'progress' && last.progress).toMatchObject({ runsDone: plan().runs.length, runsTotal: plan().runs.length, etaSeconds: 0 })
    expect(events.filter((e) => e.type === 'point')).toHaveLength(3 + 4)
    // One stored copy of the project, under its digest, with a lifetime.
    const digest = sha256Hex(projectText(mm1Project()))
    expect(await redis.client.get(projectKey(digest))).toBe(projectText(mm1Project()))
    expect(await redis.client.ttl(projectKey(digest))).toBeGreaterThan(3600)
    expect((await redis.client.keys('iovlab:project:*'))).toHaveLength(1)
    const status = await readQueueStatus(redis.client, queueUrl)
    expect(status.workers).toHaveLength(1)
    expect(status.workers[0]).toMatchObject({ concurrency: 2, engineFingerprint: ENGINE_FINGERPRINT })
    expect(status).toMatchObject({ waiting: 0, active: 0 })
  })

  test('a re-submission finds its finished jobs: the outcomes come back with no worker at all', async () => {
    await closeAll()
    const again = await executePlan(plan(), { executor: new QueueExecutor({ url: queueUrl }), scenario: SCENARIO })
    const local = await executePlan(plan(), { executor: new InProcessExecutor(), scenario: SCENARIO })
    expect(again.failures).toEqual([])
    expect(docsText(again.documents)).toBe(docsText(local.documents))
    expect(await redis.client.llen(`bull:${QUEUE_NAME}:wait`)).toBe(0)
  })

  test('a worker of another engine refuses the runs, and the submitter says which fingerprints differ', async () => {
    await closeAll()
    await worker({ engineFingerprint: 'sha256:0ther' })
    const project = valid({ ...mm1Input(), seed: 11, experiments: [mm1Input().experiments![0]] })
    const res = await executePlan(plan(project), { executor: new QueueExecutor({ url: queueUrl }), scenario: SCENARIO })
    expect(res.failures).toHaveLength(9)
    for (const f of res.failures) {
      expect(f.code).toBe('worker-failed')
      expect(f.message).toContain(`submitted by engine ${ENGINE_FINGERPRINT}`)
      expect(f.message).toContain('this worker runs engine sha256:0ther')
    }
    expect(res.documents[0].errors).toHaveLength(9)
    // The right engine comes along: the same runs submitted again are retried and succeed.
    await closeAll()
    await worker()
    const fixed = await executePlan(plan(project), { executor: new QueueExecutor({ url: queueUrl }), scenario: SCENARIO })
    expect(fixed.failures).toEqual([])
  })

  test('a job removed from the queue behind the submitter\'s back is queued again, and the run completes', async () => {
    await closeAll()
    const project = valid({ ...mm1Input(), seed: 13, experiments: [mm1Input().experiments![0]] })
    const executing = executePlan(plan(project), { executor: new QueueExecutor({ url: queueUrl, quietSweepMs: 500 }), scenario: SCENARIO })
    await expect.poll(() => redis.client.llen(`bull:${QUEUE_NAME}:wait`), { timeout: 20_000, interval: 100 }).toBe(9)
    const [victim] = await redis.client.lrange(`bull:${QUEUE_NAME}:wait`, 0, 0)
    const { Queue } = await import('bullmq')
    const q = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } })
    expect(await q.remove(victim)).toBe(1)
    await q.close()
    await expect.poll(() => redis.client.llen(`bull:${QUEUE_NAME}:wait`), { timeout: 20_000, interval: 100 }).toBe(9)
    await worker()
    const res = await executing
    expect(res.failures).toEqual([])
    const local = await executePlan(plan(project), { executor: new InProcessExecutor(), scenario: SCENARIO })
    expect(docsText(res.documents)).toBe(docsText(local.documents))
  })

  test('Stop ends the stream, removes the waiting jobs and stops the running ones', async () => {
    await closeAll()
    await worker({ concurrency: 1 })
    // Long runs (5 s of simulated M/M/1 each, seconds of wall time): Stop always meets one running.
    const project = valid({ ...mm1Input(), seed: 12, experiments: [{ ...mm1Input().experiments![0], duration: '5s', replications: 4 }] })
    const ac = new AbortController()
    const started: string[] = []
    const res = await executePlan(plan(project), {
      executor: new QueueExecutor({ url: queueUrl }), scenario: SCENARIO, signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'progress' && e.progress.active.length > 0 && started.length === 0) { started.push(e.progress.active[0].runId); ac.abort() }
      }
    })
    expect(res.cancelled).toBe(true)
    expect(res.documents).toEqual([])
    expect(started).toHaveLength(1)
    // The waiting runs are gone when the stream ends; the running one stops, failing as cancelled (so a re-submission runs it).
    expect(await redis.client.llen(`bull:${QUEUE_NAME}:wait`)).toBe(0)
    await expect.poll(() => redis.client.llen(`bull:${QUEUE_NAME}:active`), { timeout: 20_000, interval: 200 }).toBe(0)
    const { Queue } = await import('bullmq')
    const q = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } })
    const failed = await q.getFailed()
    await q.close()
    expect(failed.filter((j) => j.data.run.id === started[0] && j.failedReason === 'cancelled by its submitter')).toHaveLength(1)
  })
})
