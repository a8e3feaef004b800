// `iovlab worker --queue redis://…`: a BullMQ Worker that takes run jobs from the queue and runs
// each on a pool of worker threads (the same worker bundle and executeRun as a local run), so the
// process's own thread stays free to renew its jobs' locks. Projects are fetched once per digest
// and kept (a few, least recently used first out); progress goes back as job progress; a job of
// another engine is refused; a cancelled submission's jobs are stopped. Node only.
import { existsSync } from 'node:fs'
import { availableParallelism, hostname } from 'node:os'
import { MessageChannel } from 'node:worker_threads'
import { UnrecoverableError, Worker, type Job } from 'bullmq'
import { Redis } from 'ioredis'
import Piscina from 'piscina'
import { ENGINE_FINGERPRINT } from '../version'
import { runLimits } from './sweep'
import { defaultWorkerFile } from './thread-executor'
import type { Project } from '../project/schema'
import type { RunOutcome } from './types'
import type { WorkerMessage, WorkerTask } from './worker'
import {
  bullConnection, cancelKey, fingerprintMismatch, HEARTBEAT_TTL_SECONDS, KEEP_JOBS_SECONDS, projectKey, QUEUE_NAME, redisOptions, sha256Hex, unreachable, workerKey,
  type QueueUrl, type RunJobData, type RunJobProgress, type RunJobResult, type WorkerInfo
} from './queue'

export interface QueueWorkerOptions {
  readonly url: QueueUrl
  /** Runs at once (default: the CPUs available). */
  readonly concurrency?: number
  /** The worker-thread bundle (default: see defaultWorkerFile). */
  readonly workerFile?: string
  /** This worker's engine (default: the built-in fingerprint); jobs of another are refused. */
  readonly engineFingerprint?: string
  /** A job whose worker stops renewing its lock for this long is retried elsewhere (default 30 s). */
  readonly stallSeconds?: number
  /** How often a job may be lost by a worker before it fails (default 3). */
  readonly maxStalledCount?: number
  /** Parsed projects kept (default 4). */
  readonly projectCacheSize?: number
  /** Extra time before a run past its maxWallSeconds is killed (default 2000 ms). */
  readonly killGraceMs?: number
  /** One line per notable thing (connection lost and back, refusals). */
  readonly log?: (line: string) => void
}

/** A project as a worker keeps it: its JSON in shared memory (threads parse it) and each experiment's wall-clock limit. */
interface CachedProject {
  readonly shared: SharedArrayBuffer
  readonly wallMs: ReadonlyMap<string, number | undefined>
}

interface Running {
  readonly submission: string
  readonly ac: AbortController
  cancelled: boolean
}

const PROGRESS_EVERY_MS = 250
const CANCEL_POLL_MS = 300

export class QueueWorker {
  readonly name: string
  readonly concurrency: number
  readonly engineFingerprint: string
  private readonly id: string
  private readonly client: Redis
  private readonly pool: Piscina
  private readonly worker: Worker<RunJobData, RunJobResult>
  private readonly projects = new Map<string, CachedProject>()
  private readonly running = new Set<Running>()
  /** Submissions refused (for another engine), said once each. */
  private readonly refused = new Set<string>()
  private readonly startedAt = new Date().toISOString()
  private heartbeat: NodeJS.Timeout | undefined
  private cancelPoll: NodeJS.Timeout | undefined
  private lastError = ''
  private closed = false

  constructor(private readonly options: QueueWorkerOptions) {
    this.concurrency = Math.max(1, Math.min(256, Math.floor(options.concurrency ?? availableParallelism())))
    this.engineFingerprint = options.engineFingerprint ?? ENGINE_FINGERPRINT
    this.name = `${hostname()}:${process.pid}`
    this.id = `${this.name}:${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`
    const workerFile = options.workerFile ?? defaultWorkerFile()
    if (!existsSync(workerFile)) throw new Error(`the worker bundle ${workerFile} is missing; run \`npm run build:cli\``)
    this.pool = new Piscina({ filename: workerFile, minThreads: this.concurrency, maxThreads: this.concurrency, idleTimeout: 60_000 })
    this.client = new Redis(redisOptions(options.url))
    this.client.on('error', (e: unknown) => this.noteError(e))
    const stall = Math.max(1, options.stallSeconds ?? 30) * 1000
    this.worker = new Worker<RunJobData, RunJobResult>(QUEUE_NAME, (job) => this.process(job), {
      connection: bullConnection(options.url, true),
      concurrency: this.concurrency,
      lockDuration: stall,
      stalledInterval: stall,
      maxStalledCount: options.maxStalledCount ?? 3,
      removeOnComplete: { age: KEEP_JOBS_SECONDS },
      removeOnFail: { age: KEEP_JOBS_SECONDS },
      autorun: false,
      name: this.name
    })
    this.worker.on('error', (e: unknown) => this.noteError(e))
  }

  /** Starts serving; resolves once connected (rejects with one line when Redis cannot be reached). */
  async start(): Promise<void> {
    await this.worker.waitUntilReady()
    await this.beat()
    this.heartbeat = setInterval(() => void this.beat(), (HEARTBEAT_TTL_SECONDS * 1000) / 3)
    this.cancelPoll = setInterval(() => void this.pollCancels(), CANCEL_POLL_MS)
    void this.worker.run().catch((e: unknown) => this.noteError(e))
  }

  /** Stops taking jobs, lets the running ones finish (or stops them with `force`), and disconnects. */
  async close(force = false): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.heartbeat)
    clearInterval(this.cancelPoll)
    if (force) for (const r of this.running) r.ac.abort()
    await this.worker.close(force).catch(() => undefined)
    await this.client.del(workerKey(this.id)).catch(() => undefined)
    this.client.disconnect()
    await this.pool.destroy()
  }

  private noteError(e: unknown): void {
    const line = unreachable(this.options.url, e)
    if (line === this.lastError) return
    this.lastError = line
    this.options.log?.(`${line} (retrying)`)
  }

  private async beat(): Promise<void> {
    const info: WorkerInfo = {
      id: this.id, host: hostname(), pid: process.pid, concurrency: this.concurrency, engineFingerprint: this.engineFingerprint,
      startedAt: this.startedAt, active: this.running.size
    }
    try {
      await this.client.set(workerKey(this.id), JSON.stringify(info), 'EX', HEARTBEAT_TTL_SECONDS)
      if (this.lastError !== '') {
        this.lastError = ''
        this.options.log?.(`connected to ${this.options.url.display} again`)
      }
    } catch (e) {
      this.noteError(e)
    }
  }

  private async pollCancels(): Promise<void> {
    const submissions = [...new Set([...this.running].map((r) => r.submission))]
    if (submissions.length === 0) return
    try {
      const marks = await Promise.all(submissions.map((s) => this.client.exists(cancelKey(s))))
      const cancelled = new Set(submissions.filter((_, i) => marks[i] === 1))
      for (const r of this.running) if (cancelled.has(r.submission) && !r.cancelled) { r.cancelled = true; r.ac.abort() }
    } catch {
      // the connection is down: noteError says so; jobs go on
    }
  }

  /** The project's JSON in shared memory, from the cache or Redis (checked against its digest). */
  private async project(digest: string): Promise<CachedProject> {
    const hit = this.projects.get(digest)
    if (hit) {
      this.projects.delete(digest)
      this.projects.set(digest, hit)
      return hit
    }
    const text = await this.client.get(projectKey(digest))
    if (text === null) throw new UnrecoverableError(`the project ${digest.slice(0, 12)}… of this run is no longer in Redis (it expired or was removed); submit the run again`)
    if (sha256Hex(text) !== digest) throw new UnrecoverableError(`the project stored under ${digest.slice(0, 12)}… does not match its digest; submit the run again`)
    let wallMs: Map<string, number | undefined>
    try {
      const parsed = JSON.parse(text) as Project
      wallMs = new Map(parsed.experiments.map((e) => [e.id, runLimits(e).maxWallMs]))
    } catch (e) {
      throw new UnrecoverableError(`the project stored under ${digest.slice(0, 12)}… does not read: ${e instanceof Error ? e.message : String(e)}`)
    }
    const bytes = Buffer.from(text, 'utf8')
    const shared = new SharedArrayBuffer(bytes.byteLength)
    bytes.copy(Buffer.from(shared))
    const entry = { shared, wallMs }
    this.projects.set(digest, entry)
    while (this.projects.size > Math.max(1, this.options.projectCacheSize ?? 4)) this.projects.delete(this.projects.keys().next().value!)
    return entry
  }

  private async process(job: Job<RunJobData, RunJobResult>): Promise<RunJobResult> {
    const data = job.data
    if (data?.v !== 1 || typeof data.projectDigest !== 'string' || typeof data.run?.id !== 'string') {
      throw new UnrecoverableError(`job ${job.id} is not an iovlab run job of a version this worker reads`)
    }
    if (data.engineFingerprint !== this.engineFingerprint) {
      const message = fingerprintMismatch(data.engineFingerprint, this.engineFingerprint, this.name)
      if (!this.refused.has(data.submission)) {
        this.refused.add(data.submission)
        this.options.log?.(`${message} (every run of submission ${data.submission} is refused)`)
      }
      throw new UnrecoverableError(message)
    }
    if ((await this.client.exists(cancelKey(data.submission))) === 1) throw new UnrecoverableError('cancelled by its submitter')
    const project = await this.project(data.projectDigest)
    const entry: Running = { submission: data.submission, ac: new AbortController(), cancelled: false }
    this.running.add(entry)
    void this.beat()
    try {
      const outcome = await this.runOnThread(job, data, project, entry)
      if (entry.cancelled) throw new UnrecoverableError('cancelled by its submitter')
      return { outcome, engineFingerprint: this.engineFingerprint, worker: this.name }
    } finally {
      this.running.delete(entry)
      if (!this.closed) void this.beat()
    }
  }

  private runOnThread(job: Job<RunJobData, RunJobResult>, data: RunJobData, project: CachedProject, entry: Running): Promise<RunOutcome> {
    const { run } = data
    const { port1, port2 } = new MessageChannel()
    let last = 0
    port1.on('message', (m: WorkerMessage) => {
      if (m.type !== 'run-progress') return
      const t = performance.now()
      if (t - last < PROGRESS_EVERY_MS) return
      last = t
      const p: RunJobProgress = { simTimeNs: m.simTimeNs, durationNs: m.durationNs, events: m.events }
      void job.updateProgress(p as unknown as object).catch(() => undefined)
    })
    // The hard stop of a run that ignores its own wall-clock limit, as the thread executor does.
    const limit = project.wallMs.get(run.experimentId)
    let killed = false
    const timer = limit === undefined ? undefined : setTimeout(() => { killed = true; entry.ac.abort() }, limit + (this.options.killGraceMs ?? 2000))
    const task: WorkerTask = { projectKey: data.projectDigest, project: project.shared, scenario: data.scenario, run, port: port2 }
    return (this.pool.run(task, { transferList: [port2], signal: entry.ac.signal }) as Promise<RunOutcome>).then(
      (o) => o,
      (err: unknown): RunOutcome => {
        if (killed) {
          return { ok: false, run, code: 'max-wall', message: `stopped at the wall-clock limit: the run ignored stop.maxWallSeconds = ${(limit ?? 0) / 1000} s of experiment "${run.experimentId}" and its thread was ended` }
        }
        if (entry.cancelled) return { ok: false, run, code: 'cancelled', message: 'cancelled' }
        return { ok: false, run, code: 'worker-failed', message: `the worker thread failed: ${err instanceof Error ? err.message : String(err)}` }
      }
    ).finally(() => {
      clearTimeout(timer)
      port1.close()
    })
  }
}
