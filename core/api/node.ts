// The service for Node hosts (the CLI, the Electron main process, tests): Node's file system,
// worker threads (or this thread), and the examples folder of the checkout or the bundle.
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { InProcessExecutor, ThreadExecutor, type Executor } from '../experiment/node'
import { nodeFiles } from './node-files'
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
}

/** Where the shipped examples are: two folders up from this file, in a checkout or in out/cli. */
export function defaultExamplesDir(): string {
  return join(__dirname, '..', '..', 'examples')
}

export function createNodeService(options: NodeServiceOptions = {}): IovlabService {
  const choice = options.executor ?? 'threads'
  const executor: Executor = choice === 'threads' ? new ThreadExecutor(options.workerFile ? { workerFile: options.workerFile } : {})
    : choice === 'in-process' ? new InProcessExecutor() : choice
  return createService({
    executor,
    files: nodeFiles,
    examplesDir: options.examplesDir ?? defaultExamplesDir(),
    ...(options.scenario === undefined ? {} : { scenario: options.scenario }),
    defaultJobs: options.defaultJobs ?? availableParallelism()
  })
}
