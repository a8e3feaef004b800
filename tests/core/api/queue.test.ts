// The service's queue requests: queueStatus (workers connected, of this engine or not; a bad or
// unreachable URL in one line) and startRun with `queue`, whose documents equal a local run's.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createService, dispatch, type ApiEvent, type IovlabService } from '../../../core/api/index'
import { createNodeService, nodeFiles } from '../../../core/api/node'
import { InProcessExecutor, withoutProvenance } from '../../../core/experiment/index'
import { parseQueueUrl } from '../../../core/experiment/queue'
import { QueueWorker } from '../../../core/experiment/queue-worker'
import { ensureCliBuilt, WORKER } from '../cli/build'
import { mm1Input } from '../experiment/helpers'
import { redisMissing, startRedis, type TestRedis } from '../experiment/queue-redis'

async function runToEnd(svc: IovlabService, params: Parameters<IovlabService['startRun']>[0]): Promise<ApiEvent[]> {
  const events: ApiEvent[] = []
  let finish: () => void = () => undefined
  const finished = new Promise<void>((r) => { finish = r })
  const off = svc.subscribe((e) => { events.push(e); if (e.type === 'run-done') finish() })
  const started = await svc.startRun(params)
  if (!started.ok) throw new Error(started.errors[0].message)
  await finished
  off()
  return events.filter((e) => e.runId === started.value.runId)
}

describe('queue requests without Redis', () => {
  const svc = createNodeService({ executor: 'in-process', scenario: 'synthetic:mm1' })

  test('a bad URL is one error at its path; the schema keeps out what is not a string', async () => {
    expect(await svc.queueStatus({ url: 'http://x:1' })).toEqual({
      ok: false, errors: [{ code: 'bad-queue', path: '$.url', message: '"http://x:1" is not a queue URL: the scheme is "http", not redis or rediss (write redis://HOST:PORT, e.g. redis://127.0.0.1:6379)' }]
    })
    expect(await dispatch(svc, 'queueStatus', { url: 5 })).toMatchObject({ ok: false, errors: [{ code: 'bad-request' }] })
    expect(await svc.startRun({ project: mm1Input(), queue: 'redis://' })).toMatchObject({ ok: false, errors: [{ code: 'bad-queue', path: '$.queue' }] })
  })

  test('an unreachable Redis is one line, for the status and for a start', async () => {
    const status = await svc.queueStatus({ url: 'redis://127.0.0.1:1' })
    expect(status).toMatchObject({ ok: false, errors: [{ code: 'queue-unreachable' }] })
    if (!status.ok) expect(status.errors[0].message).toMatch(/^cannot reach redis:\/\/127\.0\.0\.1:1: connect ECONNREFUSED/)
    expect(await svc.startRun({ project: mm1Input(), queue: 'redis://127.0.0.1:1' })).toMatchObject({ ok: false, errors: [{ code: 'queue-unreachable' }] })
  })

  test('a host without queue support says so', async () => {
    const plain = createService({ executor: new InProcessExecutor(), files: nodeFiles, scenario: 'synthetic:mm1' })
    expect(await plain.queueStatus({ url: 'redis://127.0.0.1:6379' })).toMatchObject({ ok: false, errors: [{ code: 'no-queue' }] })
    expect(await plain.startRun({ project: mm1Input(), queue: 'redis://127.0.0.1:6379' })).toMatchObject({ ok: false, errors: [{ code: 'no-queue' }] })
  })
})

const missing = redisMissing()

describe.skipIf(missing !== undefined)(`queue requests on a private redis-server${missing ? ` — skipped: ${missing}` : ''}`, () => {
  let redis: TestRedis
  const workers: QueueWorker[] = []

  beforeAll(async () => {
    ensureCliBuilt()
    redis = await startRedis()
  }, 120_000)
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.close(true)))
    await redis?.stop()
  }, 60_000)

  test('queueStatus counts the workers, those of this engine and their threads', async () => {
    const svc = createNodeService({ executor: 'in-process', scenario: 'synthetic:mm1' })
    const url = parseQueueUrl(redis.url)
    if (!url.ok) throw new Error(url.message)
    expect(await svc.queueStatus({ url: redis.url })).toEqual({ ok: true, value: { url: redis.url, workers: 0, workersOfThisEngine: 0, threads: 0, waiting: 0, active: 0 } })
    for (const w of [new QueueWorker({ url: url.url, workerFile: WORKER, concurrency: 3 }), new QueueWorker({ url: url.url, workerFile: WORKER, concurrency: 1, engineFingerprint: 'sha256:0ther' })]) {
      workers.push(w)
      await w.start()
    }
    expect(await svc.queueStatus({ url: redis.url })).toEqual({ ok: true, value: { url: redis.url, workers: 2, workersOfThisEngine: 1, threads: 3, waiting: 0, active: 0 } })
    await workers.pop()!.close(true)
  })

  test('startRun with a queue gives the documents of a local start', async () => {
    const svc = createNodeService({ executor: 'in-process', scenario: 'synthetic:mm1' })
    const project = mm1Input({ seed: 31 })
    const local = await runToEnd(svc, { project })
    const queued = await runToEnd(svc, { project, queue: redis.url })
    const docs = (events: ApiEvent[]): string => {
      const done = events.find((e) => e.type === 'run-done')
      return JSON.stringify(done?.type === 'run-done' ? done.documents.map(withoutProvenance) : null)
    }
    expect(queued.filter((e) => e.type === 'run-error')).toEqual([])
    expect(docs(queued)).toBe(docs(local))
    expect(queued.some((e) => e.type === 'run-progress')).toBe(true)
  })
})
