// Runs on a pool of worker threads (piscina): one task per run, a few more queued than there
// are threads, progress on a MessagePort per task, cancellation by aborting tasks (which
// ends their threads), and a hard wall-clock stop a little after `stop.maxWallSeconds` for
// a run that ignores its own limit. Node only.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { MessageChannel } from 'node:worker_threads'
import Piscina from 'piscina'
import { numbersInput } from './results'
import { runLimits } from './sweep'
import type { ExecuteOptions, Executor, Run, RunBatch, RunOutcome } from './types'
import type { WorkerMessage, WorkerTask } from './worker'
import { OutcomeQueue } from './outcome-queue'

export interface ThreadExecutorOptions {
  /** The bundled worker entry (default: worker.cjs beside the bundled CLI, or out/cli/worker.cjs in a checkout). */
  readonly workerFile?: string
  /** Extra wall-clock time before a run past its maxWallSeconds is killed (default 2000 ms). */
  readonly killGraceMs?: number
}

/** Where the worker bundle is: beside the CLI bundle, or out/cli/ of a source checkout. */
export function defaultWorkerFile(): string {
  return process.env.IOVLAB_BUNDLED === '1' ? join(__dirname, 'worker.cjs') : join(__dirname, '..', '..', 'out', 'cli', 'worker.cjs')
}

export class ThreadExecutor implements Executor {
  readonly kind = 'threads'
  private readonly workerFile: string
  private readonly killGraceMs: number

  constructor(options: ThreadExecutorOptions = {}) {
    this.workerFile = options.workerFile ?? defaultWorkerFile()
    this.killGraceMs = options.killGraceMs ?? 2000
  }

  async *run(batch: RunBatch, options: ExecuteOptions = {}): AsyncIterable<RunOutcome> {
    if (!existsSync(this.workerFile)) {
      for (const run of batch.runs) {
        yield { ok: false, run, code: 'worker-failed', message: `the worker bundle ${this.workerFile} is missing; run \`npm run build:cli\`` }
      }
      return
    }
    const threads = Math.max(1, Math.min(64, Math.floor(options.jobs ?? availableParallelism())))
    const session = new PoolSession(batch, options, threads, this.workerFile, this.killGraceMs)
    try {
      session.launch()
      for (let o = await session.queue.next(); o !== undefined; o = await session.queue.next()) yield o
    } finally {
      await session.close()
    }
  }
}

/**
 * What the worker threads get of the project: UTF-8 JSON in shared memory, sent once per batch
 * and parsed once per thread (every task carries the same buffer), keyed by its digest. It is the
 * project as runs see it (numbersInput): without its stored results, names, descriptions, canvas
 * positions and "x-…" annotations — fields that by the results' own definition change no number
 * (results.ts) — so a thread holds one lean parsed copy, never one copy per run.
 */
export function sharedProject(project: RunBatch['project']): { bytes: SharedArrayBuffer; key: string } {
  const bytes = Buffer.from(JSON.stringify(numbersInput(project)), 'utf8')
  const shared = new SharedArrayBuffer(bytes.byteLength)
  bytes.copy(Buffer.from(shared))
  return { bytes: shared, key: `sha256:${createHash('sha256').update(bytes).digest('hex')}` }
}

/** One batch on one pool: launching, limits, failures of the pool itself, cancellation. */
class PoolSession {
  readonly queue = new OutcomeQueue()
  private readonly pool: Piscina
  private readonly inFlight = new Set<AbortController>()
  private readonly base: Omit<WorkerTask, 'run' | 'port'>
  private readonly wallMs: Map<string, number | undefined>
  private next = 0
  private settled = 0
  private poolError: string | undefined
  private readonly onAbort = (): void => { for (const ac of this.inFlight) ac.abort(); this.queue.close() }

  constructor(private readonly batch: RunBatch, private readonly options: ExecuteOptions, private readonly threads: number,
    workerFile: string, private readonly killGraceMs: number) {
    this.pool = new Piscina({ filename: workerFile, minThreads: threads, maxThreads: threads, idleTimeout: 500 })
    // A worker that cannot even start fails every run left, instead of leaving them queued forever.
    this.pool.on('error', (err: unknown) => this.failPool(err))
    const shared = sharedProject(batch.project)
    this.base = { projectKey: shared.key, project: shared.bytes, scenario: batch.scenario }
    this.wallMs = new Map(batch.project.experiments.map((e) => [e.id, runLimits(e).maxWallMs]))
    options.signal?.addEventListener('abort', this.onAbort, { once: true })
  }

  launch(): void {
    const runs = this.batch.runs
    while (!this.options.signal?.aborted && this.inFlight.size < this.threads * 2 && this.next < runs.length) this.start(runs[this.next++])
    if (this.settled === runs.length || (this.options.signal?.aborted && this.inFlight.size === 0)) this.queue.close()
  }

  async close(): Promise<void> {
    this.options.signal?.removeEventListener('abort', this.onAbort)
    for (const ac of this.inFlight) ac.abort()
    await this.pool.destroy()
  }

  private failPool(err: unknown): void {
    this.poolError = `the worker threads cannot start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`
    for (const ac of this.inFlight) ac.abort()
    const runs = this.batch.runs
    while (this.next < runs.length) this.settle({ ok: false, run: runs[this.next++], code: 'worker-failed', message: this.poolError })
  }

  private settle(outcome: RunOutcome | undefined): void {
    if (outcome) this.queue.push(outcome)
    this.settled++
    this.launch()
  }

  private start(run: Run): void {
    const ac = new AbortController()
    this.inFlight.add(ac)
    const { port1, port2 } = new MessageChannel()
    const onEvent = this.options.onEvent
    port1.on('message', (m: WorkerMessage) => onEvent?.(m.type === 'run-started' ? { type: 'run-started', runId: run.id } : { ...m, runId: run.id }))
    const limit = this.wallMs.get(run.experimentId)
    let killed = false
    const timer = limit === undefined ? undefined : setTimeout(() => { killed = true; ac.abort() }, limit + this.killGraceMs)
    const task: WorkerTask = { ...this.base, run, port: port2 }
    let outcome: RunOutcome | undefined
    this.pool.run(task, { transferList: [port2], signal: ac.signal }).then(
      (o: RunOutcome) => { outcome = o },
      (err: unknown) => {
        if (killed) {
          outcome = { ok: false, run, code: 'max-wall', message: `stopped at the wall-clock limit: the run ignored stop.maxWallSeconds = ${(limit ?? 0) / 1000} s of experiment "${run.experimentId}" and its thread was ended` }
        } else if (this.poolError !== undefined) {
          outcome = { ok: false, run, code: 'worker-failed', message: this.poolError }
        } else if (!this.options.signal?.aborted) {
          outcome = { ok: false, run, code: 'worker-failed', message: `the worker thread failed: ${err instanceof Error ? err.message : String(err)}` }
        }
      }
    ).finally(() => {
      clearTimeout(timer)
      port1.close()
      this.inFlight.delete(ac)
      this.settle(outcome)
    })
  }
}
