// The Executor of `iovlab run --queue redis://…`: stores the project once under its digest,
// enqueues one BullMQ job per run (the job id is a digest of what determines the run, so a
// re-submission finds the jobs already there or done), and turns the queue's events back into
// the executor's stream: run-started when a worker takes a job, run-progress from job progress,
// the outcome when it completes, a failure when it fails. Abort removes the jobs still waiting
// and marks the submission cancelled, which stops the running ones. Node only.
import { Queue, QueueEvents } from 'bullmq'
import { Redis } from 'ioredis'
import { ENGINE_FINGERPRINT } from '../version'
import {
  bullConnection, CANCEL_TTL_SECONDS, cancelKey, KEEP_JOBS_SECONDS, PROJECT_TTL_SECONDS, projectKey, projectText, QUEUE_NAME, redisOptions, runJobId, sha256Hex, unreachable,
  type QueueUrl, type RunJobData, type RunJobProgress, type RunJobResult
} from './queue'
import type { ExecuteOptions, Executor, Run, RunBatch, RunOutcome } from './types'
import { OutcomeQueue } from './outcome-queue'

export interface QueueExecutorOptions {
  readonly url: QueueUrl
  /** The engine the runs are submitted for (default: this build's fingerprint). */
  readonly engineFingerprint?: string
  /** The remaining runs fail when Redis stays unreachable this long (default 30 000 ms). */
  readonly lostAfterMs?: number
  /** With no queue event for this long, the pending jobs are looked up (default 10 000 ms). */
  readonly quietSweepMs?: number
}

const CHUNK = 500
/** With no event for this long, the jobs still pending are looked up (an event trimmed from the stream is not waited for forever). */
const QUIET_SWEEP_MS = 10_000
/** The events stream's length (BullMQ trims it; the default 10 000 is a few thousand runs). */
const EVENTS_MAX_LEN = 100_000

export class QueueExecutor implements Executor {
  readonly kind = 'queue'
  private readonly fingerprint: string

  constructor(private readonly options: QueueExecutorOptions) {
    this.fingerprint = options.engineFingerprint ?? ENGINE_FINGERPRINT
  }

  async *run(batch: RunBatch, options: ExecuteOptions = {}): AsyncIterable<RunOutcome> {
    if (batch.runs.length === 0) return
    const session = new Submission(batch, options, this.options, this.fingerprint)
    try {
      await session.start()
      for (let o = await session.outcomes.next(); o !== undefined; o = await session.outcomes.next()) yield o
    } finally {
      await session.close()
    }
  }
}

/** One executor.run call on the queue. */
class Submission {
  readonly outcomes = new OutcomeQueue()
  private readonly id = `sub-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
  private readonly client: Redis
  private readonly queue: Queue<RunJobData, RunJobResult>
  private events: QueueEvents | undefined
  /** Job id → run, for the runs without an outcome yet. */
  private readonly pending = new Map<string, Run>()
  private readonly started = new Set<string>()
  private watchdog: NodeJS.Timeout | undefined
  private downSince: number | undefined
  private lastError: unknown
  private cancelled = false
  private lastEventAt = Date.now()
  private sweeping = false
  private digest = ''
  private cancelling: Promise<void> | undefined
  private readonly onAbort = (): void => void this.cancel()

  constructor(private readonly batch: RunBatch, private readonly options: ExecuteOptions, private readonly config: QueueExecutorOptions,
    private readonly fingerprint: string) {
    this.client = new Redis(redisOptions(config.url))
    this.client.on('error', (e: unknown) => { this.lastError = e })
    this.queue = new Queue<RunJobData, RunJobResult>(QUEUE_NAME, { connection: bullConnection(config.url), streams: { events: { maxLen: EVENTS_MAX_LEN } } })
    this.queue.on('error', (e: unknown) => { this.lastError = e })
  }

  async start(): Promise<void> {
    const { batch, options } = this
    if (options.signal?.aborted) { this.outcomes.close(); return }
    try {
      const text = projectText(batch.project)
      const digest = sha256Hex(text)
      this.digest = digest
      // The project travels once: stored unless it is there already (then only its lifetime is renewed).
      if ((await this.client.expire(projectKey(digest), PROJECT_TTL_SECONDS)) === 0) {
        await this.client.set(projectKey(digest), text, 'EX', PROJECT_TTL_SECONDS)
      }
      // Listen from the stream's current end, so no event of these jobs is missed.
      const last = await this.client.xrevrange(`bull:${QUEUE_NAME}:events`, '+', '-', 'COUNT', 1)
      this.events = new QueueEvents(QUEUE_NAME, { connection: bullConnection(this.config.url, true), lastEventId: last[0]?.[0] ?? '0-0' })
      this.events.on('error', (e: unknown) => { this.lastError = e })
      for (const name of ['active', 'progress', 'completed', 'failed', 'waiting', 'stalled'] as const) this.events.on(name, () => { this.lastEventAt = Date.now() })
      this.events.on('active', ({ jobId }) => this.onActive(jobId))
      this.events.on('progress', ({ jobId, data }) => this.onProgress(jobId, data))
      this.events.on('completed', ({ jobId, returnvalue }) => this.onCompleted(jobId, returnvalue as unknown))
      this.events.on('failed', ({ jobId, failedReason }) => this.onFailed(jobId, failedReason))
      await this.events.waitUntilReady()
      const jobs = batch.runs.map((run) => {
        const data: RunJobData = { v: 1, submission: this.id, projectDigest: digest, scenario: batch.scenario, run, engineFingerprint: this.fingerprint }
        const jobId = runJobId(this.fingerprint, digest, batch.scenario, run)
        this.pending.set(jobId, run)
        return { name: 'run', data, opts: { jobId, removeOnComplete: { age: KEEP_JOBS_SECONDS }, removeOnFail: { age: KEEP_JOBS_SECONDS } } }
      })
      options.signal?.addEventListener('abort', this.onAbort, { once: true })
      for (let i = 0; i < jobs.length && !options.signal?.aborted; i += CHUNK) {
        const chunk = jobs.slice(i, i + CHUNK)
        await this.queue.addBulk(chunk)
        await this.reconcile(chunk.map((j) => j.opts.jobId))
      }
      this.watchdog = setInterval(() => this.watch(), 1000)
    } catch (e) {
      this.failAll(e)
    }
  }

  /** Jobs that were there already: a finished one gives its outcome now, a failed one is tried again. */
  private async reconcile(ids: readonly string[]): Promise<void> {
    const states = await Promise.all(ids.map((id) => this.queue.getJobState(id)))
    await Promise.all(ids.map(async (id, i) => {
      if (states[i] === 'completed') {
        const job = await this.queue.getJob(id)
        if (job?.returnvalue) this.onCompleted(id, job.returnvalue)
      } else if (states[i] === 'failed') {
        // Failed before (refused, cancelled, lost): tried again, now as this submission's.
        const job = await this.queue.getJob(id)
        if (job) {
          await job.updateData({ ...job.data, submission: this.id })
          await job.retry('failed')
        }
      }
    }))
  }

  /** Looks up every pending job: an outcome whose event was missed is taken, a job that vanished is submitted again. */
  private async sweep(): Promise<void> {
    this.sweeping = true
    try {
      const ids = [...this.pending.keys()]
      for (let i = 0; i < ids.length && !this.cancelled; i += CHUNK) {
        const chunk = ids.slice(i, i + CHUNK)
        const states = await Promise.all(chunk.map((id) => this.queue.getJobState(id)))
        const gone = chunk.filter((id, k) => states[k] === 'unknown' && this.pending.has(id))
        for (const id of gone) {
          const run = this.pending.get(id)!
          await this.queue.add('run', { v: 1, submission: this.id, projectDigest: this.digest, scenario: this.batch.scenario, run, engineFingerprint: this.fingerprint },
            { jobId: id, removeOnComplete: { age: KEEP_JOBS_SECONDS }, removeOnFail: { age: KEEP_JOBS_SECONDS } })
        }
        await this.reconcile(chunk.filter((id) => this.pending.has(id)))
      }
    } catch {
      // the connection is down: watch() handles that
    } finally {
      this.lastEventAt = Date.now()
      this.sweeping = false
    }
  }

  private watch(): void {
    if (this.client.status === 'ready') {
      this.downSince = undefined
      if (Date.now() - this.lastEventAt > (this.config.quietSweepMs ?? QUIET_SWEEP_MS) && !this.sweeping && this.pending.size > 0) void this.sweep()
      return
    }
    this.downSince ??= Date.now()
    if (Date.now() - this.downSince > (this.config.lostAfterMs ?? 30_000)) this.failAll(this.lastError ?? new Error(`the connection is ${this.client.status}`))
  }

  private failAll(e: unknown): void {
    const message = `${unreachable(this.config.url, e)}; the run did not finish on the queue`
    for (const run of this.pending.values()) this.outcomes.push({ ok: false, run, code: 'worker-failed', message })
    this.pending.clear()
    this.outcomes.close()
  }

  private onActive(jobId: string): void {
    const run = this.pending.get(jobId)
    if (!run || this.started.has(jobId)) return
    this.started.add(jobId)
    this.options.onEvent?.({ type: 'run-started', runId: run.id })
  }

  private onProgress(jobId: string, data: unknown): void {
    const run = this.pending.get(jobId)
    const p = data as Partial<RunJobProgress> | null
    if (!run || typeof p !== 'object' || p === null || typeof p.simTimeNs !== 'number') return
    this.onActive(jobId)
    this.options.onEvent?.({ type: 'run-progress', runId: run.id, simTimeNs: p.simTimeNs, durationNs: p.durationNs ?? 0, events: p.events ?? 0 })
  }

  private settle(jobId: string, outcome: RunOutcome): void {
    this.pending.delete(jobId)
    this.outcomes.push(outcome)
    if (this.pending.size === 0) this.outcomes.close()
  }

  private onCompleted(jobId: string, value: unknown): void {
    const run = this.pending.get(jobId)
    if (!run) return
    const result = (typeof value === 'string' ? safeParse(value) : value) as Partial<RunJobResult> | undefined
    const outcome = result?.outcome
    if (!outcome || typeof outcome !== 'object' || typeof outcome.ok !== 'boolean') {
      this.settle(jobId, { ok: false, run, code: 'worker-failed', message: 'the queue returned no outcome for this run (a worker of another program took it?)' })
    } else if (result.engineFingerprint !== this.fingerprint) {
      this.settle(jobId, { ok: false, run, code: 'worker-failed', message: `the outcome came from worker ${result.worker ?? '?'} of engine ${String(result.engineFingerprint)}, but the run was submitted by engine ${this.fingerprint}; it is not used` })
    } else {
      // Our own run record: the same data, and the identity the runner keys on.
      this.settle(jobId, { ...outcome, run })
    }
  }

  private onFailed(jobId: string, reason: string): void {
    const run = this.pending.get(jobId)
    if (!run || this.options.signal?.aborted) return
    this.settle(jobId, { ok: false, run, code: 'worker-failed', message: `on the queue: ${reason}` })
  }

  /** Stop: mark the submission cancelled (running jobs stop), remove the waiting ones, end the stream. */
  private cancel(): Promise<void> {
    this.cancelling ??= this.removeJobs()
    return this.cancelling
  }

  private async removeJobs(): Promise<void> {
    this.cancelled = true
    const ids = [...this.pending.keys()]
    this.pending.clear()
    this.outcomes.close()
    try {
      await this.client.set(cancelKey(this.id), '1', 'EX', CANCEL_TTL_SECONDS)
      for (let i = 0; i < ids.length; i += CHUNK) {
        await Promise.all(ids.slice(i, i + CHUNK).map((id) => this.queue.remove(id).catch(() => 0)))
      }
    } catch {
      // Redis is gone: the jobs stay queued; the next submission of the same runs takes them up.
    }
  }

  async close(): Promise<void> {
    clearInterval(this.watchdog)
    this.options.signal?.removeEventListener('abort', this.onAbort)
    if (this.options.signal?.aborted) await this.cancel()
    await Promise.allSettled([this.events?.close(), this.queue.close()])
    this.client.disconnect()
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
