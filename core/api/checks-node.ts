// Project checks, loads and saves on a small pool of worker threads (piscina), so the thread
// that answers requests stays free while a large project is read or validated. Node only.
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import Piscina from 'piscina'
import type { LoadResult } from '../project/load'
import type { ParseResult } from '../project/parse'
import type { SaveResult } from '../project/save'
import type { ValidationResult } from '../project/validate'
import type { CheckResult, CheckTask } from './check-worker'
import type { ProjectChecks } from './checks'
import type { ProjectFiles } from './files'

/** Where the check worker bundle is: beside the CLI bundle, or out/cli/ of a source checkout. */
export function defaultCheckWorkerFile(): string {
  return process.env.IOVLAB_BUNDLED === '1' ? join(__dirname, 'check-worker.cjs') : join(__dirname, '..', '..', 'out', 'cli', 'check-worker.cjs')
}

export interface CheckPool {
  readonly checks: ProjectChecks
  /** `files` with load and save (which validate) moved to the pool. */
  wrapFiles(files: ProjectFiles): ProjectFiles
  close(): Promise<void>
}

/**
 * A pool of at most two threads (each validation of a file at the size limit may take most of a
 * GiB, so not one per core); undefined when the worker bundle is missing (checks stay inline).
 */
export function createCheckPool(workerFile = defaultCheckWorkerFile()): CheckPool | undefined {
  if (!existsSync(workerFile)) return undefined
  const pool = new Piscina({ filename: workerFile, minThreads: 0, maxThreads: Math.min(2, availableParallelism()), idleTimeout: 30_000 })
  const run = <T extends CheckResult>(task: CheckTask): Promise<T> => pool.run(task) as Promise<T>
  return {
    checks: {
      parse: (text, name) => run<ParseResult>({ op: 'parse', text, ...(name === undefined ? {} : { name }) }),
      validate: (value) => run<ValidationResult>({ op: 'validate', value })
    },
    wrapFiles: (files) => ({
      ...files,
      load: (path) => run<LoadResult>({ op: 'load', path }),
      save: (path, project, options) => run<SaveResult>({ op: 'save', path, project, options })
    }),
    close: () => pool.destroy()
  }
}
