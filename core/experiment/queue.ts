// What the submitting side (queue-executor.ts) and the workers (queue-worker.ts) of a Redis queue
// share: the queue URL, the Redis keys, what a job carries and returns, the project's digest, and
// a reachability check that answers in one line. Node only (ioredis, node:crypto).
import { createHash } from 'node:crypto'
import type { ConnectionOptions } from 'bullmq'
import { Redis, type RedisOptions } from 'ioredis'
import type { Project } from '../project/schema'
import { canonicalJson } from './canonical'
import type { QueueUrl } from './queue-url'
import type { Run, RunOutcome } from './types'

export { parseQueueUrl, type QueueUrl, type QueueUrlResult } from './queue-url'

/** The BullMQ queue every iovlab worker serves. */
export const QUEUE_NAME = 'iovlab-runs'
/** A project stays in Redis this long after its last submission (seconds). */
export const PROJECT_TTL_SECONDS = 7 * 24 * 3600
/** A worker's heartbeat key lives this long (seconds); it is refreshed three times as often. */
export const HEARTBEAT_TTL_SECONDS = 15
/** A cancelled submission's mark lives this long (seconds). */
export const CANCEL_TTL_SECONDS = 24 * 3600
/** Finished jobs are kept this long (seconds), so that a re-submission finds them done. */
export const KEEP_JOBS_SECONDS = 24 * 3600

export const projectKey = (digest: string): string => `iovlab:project:${digest}`
export const cancelKey = (submission: string): string => `iovlab:cancel:${submission}`
export const workerKey = (id: string): string => `iovlab:worker:${id}`
export const WORKER_KEY_PATTERN = 'iovlab:worker:*'

/** ioredis options for a queue URL. `blocking`: a BullMQ Worker's connection (retries every command forever). */
export function redisOptions(url: QueueUrl, blocking = false): RedisOptions {
  return {
    host: url.host,
    port: url.port,
    db: url.db,
    ...(url.username ? { username: url.username } : {}),
    ...(url.password ? { password: url.password } : {}),
    ...(url.tls ? { tls: {} } : {}),
    connectTimeout: 5000,
    maxRetriesPerRequest: blocking ? null : 3,
    // Reconnect with a growing pause, at most 2 s apart.
    retryStrategy: (times: number) => Math.min(2000, 100 * times)
  }
}

/** The same, typed for BullMQ's Queue, Worker and QueueEvents. */
export function bullConnection(url: QueueUrl, blocking = false): ConnectionOptions {
  return redisOptions(url, blocking) as ConnectionOptions
}

/** What a run job carries: everything but the project, which is stored once under its digest. */
export interface RunJobData {
  readonly v: 1
  /** The submission (one executor.run call); its cancellation mark stops the job. */
  readonly submission: string
  readonly projectDigest: string
  readonly scenario: string
  readonly run: Run
  /** The submitting engine's fingerprint; a worker of another engine refuses the job. */
  readonly engineFingerprint: string
}

/** What a run job returns: the outcome and who computed it. */
export interface RunJobResult {
  readonly outcome: RunOutcome
  /** The engine fingerprint of the worker that ran it. */
  readonly engineFingerprint: string
  /** The worker's name (host:pid). */
  readonly worker: string
}

/** Progress a worker reports on a job (job.updateProgress). */
export interface RunJobProgress {
  readonly simTimeNs: number
  readonly durationNs: number
  readonly events: number
}

/** The project as it travels: JSON without its stored results (no run reads them). */
export function projectText(project: Project): string {
  const { results: _stored, ...runnable } = project
  return JSON.stringify(runnable)
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * The job id of a run: a digest of everything that determines its outcome (engine, project,
 * scenario, the run with its parameters and seed), so submitting the same run twice names the
 * same job and BullMQ keeps one.
 */
export function runJobId(engineFingerprint: string, projectDigest: string, scenario: string, run: Run): string {
  return `run-${sha256Hex(canonicalJson({ engineFingerprint, projectDigest, scenario, run }))}`
}

/** The refusal a worker gives a job of another engine. */
export function fingerprintMismatch(submitted: string, worker: string, workerName: string): string {
  return `refused by worker ${workerName}: the run was submitted by engine ${submitted} but this worker runs engine ${worker}; run workers built from the same sources as the submitting iovlab`
}

/** A connection error as one line: "cannot reach redis://HOST:PORT: why". */
export function unreachable(url: QueueUrl, e: unknown): string {
  const raw = e instanceof Error ? (e.message || (e as { code?: string }).code || e.name) : String(e)
  return `cannot reach ${url.display}: ${raw.split('\n')[0]}`
}

/** Connects once (no retries), pings, and says why not in one line. */
export async function checkReachable(url: QueueUrl, timeoutMs = 5000): Promise<{ ok: true } | { ok: false; message: string }> {
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false })
  // connect() rejects with "Connection is closed."; the cause comes as an error event.
  let cause: unknown
  client.on('error', (e: unknown) => { cause ??= e })
  try {
    await client.connect()
    await client.ping()
    return { ok: true }
  } catch (e) {
    return { ok: false, message: unreachable(url, cause ?? e) }
  } finally {
    client.disconnect()
  }
}

/** A worker's heartbeat, as stored under workerKey(id). */
export interface WorkerInfo {
  readonly id: string
  readonly host: string
  readonly pid: number
  readonly concurrency: number
  readonly engineFingerprint: string
  readonly startedAt: string
  /** Runs in progress. */
  readonly active: number
}

/** Workers connected to a queue (those whose heartbeat is fresh) and the runs waiting and running. */
export interface QueueStatus {
  readonly url: string
  readonly workers: readonly WorkerInfo[]
  readonly waiting: number
  readonly active: number
}

/** Reads the workers' heartbeats and the queue's counts; throws on connection errors. */
export async function readQueueStatus(client: Redis, url: QueueUrl): Promise<QueueStatus> {
  const keys: string[] = []
  let cursor = '0'
  do {
    const [next, found] = await client.scan(cursor, 'MATCH', WORKER_KEY_PATTERN, 'COUNT', 200)
    cursor = next
    keys.push(...found)
  } while (cursor !== '0' && keys.length < 10_000)
  const values = keys.length === 0 ? [] : await client.mget(...keys)
  const workers: WorkerInfo[] = []
  for (const v of values) {
    if (v === null) continue
    try {
      workers.push(JSON.parse(v) as WorkerInfo)
    } catch {
      // a key someone else wrote: not a worker
    }
  }
  workers.sort((a, b) => a.id.localeCompare(b.id))
  const prefix = `bull:${QUEUE_NAME}`
  const [waiting, active] = await Promise.all([client.llen(`${prefix}:wait`), client.llen(`${prefix}:active`)])
  return { url: url.display, workers, waiting, active }
}
