// The service for Node hosts (the CLI, the Electron main process, tests): Node's file system,
// worker threads (or this thread), and the examples folder of the checkout or the bundle.
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { InProcessExecutor, ThreadExecutor, type Executor, type ResultCache } from '../experiment/node'
import { createCheckPool } from './checks-node'
import { nodeFiles } from './node-files'
import { nodeQueueHost } from './queue-node'
import { createService, type IovlabService } from './service'

export * from './index'
export { nodeFiles } from './node-files'

export interface NodeServiceOptions {
  /** Default: `examples/` of the checkout (from core/api and from out/cli alike). */
  readonly examplesDir?: string
  /** "threads" (default) or "in-process", or an executor of your own. */
  readonly executor?: 'threads' | 'in-process' | Executor
  /** The worker bundle for threads (default: see defaultWorkerFile). */
  readonly workerFile?: string
  /** Scenario name for runs (default "model"). */
  readonly scenario?: string
  /** Jobs when a start does not say (default: the CPUs available). */
  readonly defaultJobs?: number
  /** Jobs of one run at most (default: as asked). */
  readonly maxJobs?: number
  /** Runs in progress at once at most (default: no limit). */
  readonly maxConcurrentRuns?: number
  /**
   * "threads": opening, saving, parsing and validating projects run on worker threads (the
   * bundled check-worker.cjs, inline when it is missing), so the calling thread stays free for
   * other requests. Default "inline".
   */
  readonly checks?: 'inline' | 'threads'
  /** The check worker bundle (default: see defaultCheckWorkerFile). */
  readonly checkWorkerFile?: string
  /** The result cache of runs (e.g. userCache()); default none. A start with `cache: false` bypasses it. */
  readonly cache?: ResultCache
}

/** Where the shipped examples are: two folders up from this file, in a checkout or in out/cli. */
export function defaultExamplesDir(): string {
  return join(__dirname, '..', '..', 'examples')
}

export function createNodeService(options: NodeServiceOptions = {}): IovlabService {
  const choice = options.executor ?? 'threads'
  const executor: Executor = choice === 'threads' ? new ThreadExecutor(options.workerFile ? { workerFile: options.workerFile } : {})
    : choice === 'in-process' ? new InProcessExecutor() : choice
  const pool = options.checks === 'threads' ? createCheckPool(options.checkWorkerFile) : undefined
  return createService({
    executor,
    files: pool ? pool.wrapFiles(nodeFiles) : nodeFiles,
    examplesDir: options.examplesDir ?? defaultExamplesDir(),
    ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
    defaultJobs: options.defaultJobs ?? availableParallelism(),
    ...(options.maxJobs === undefined ? {} : { maxJobs: options.maxJobs }),
    ...(options.maxConcurrentRuns === undefined ? {} : { maxConcurrentRuns: options.maxConcurrentRuns }),
    ...(options.cache ? { cache: options.cache } : {}),
    queue: nodeQueueHost,
    ...(pool ? { checks: pool.checks, onClose: () => void pool.close() } : {})
  })
}
