// Validates documents off the UI thread (a Web Worker) when the platform has workers, on it otherwise
// (tests); only the answer to the latest question counts.
import { validateProject, type Problem, type Project } from '../../../core/project'
import type { ValidateAnswer, ValidateRequest } from '../workers/validate-worker'

export interface Validator {
  /** The problems of `doc`, or null when a newer question was asked meanwhile. */
  validate(doc: Project): Promise<readonly Problem[] | null>
}

export function syncValidator(): Validator {
  return {
    async validate(doc) {
      const r = validateProject(doc)
      return r.ok ? [] : r.problems
    }
  }
}

/** Validation in `worker`; if the worker fails (it cannot start, a file:// page), on this thread instead. */
export function workerValidator(worker: Pick<Worker, 'postMessage' | 'addEventListener'>): Validator {
  let latest = 0
  let broken = false
  const fallback = syncValidator()
  const waiting = new Map<number, { doc: Project; resolve: (problems: readonly Problem[] | null) => void }>()
  worker.addEventListener('message', (event: Event) => {
    const { id, problems } = (event as MessageEvent<ValidateAnswer>).data
    for (const [pending, { resolve }] of waiting) {
      if (pending <= id) {
        waiting.delete(pending)
        resolve(pending === latest ? problems : null)
      }
    }
  })
  worker.addEventListener('error', () => {
    broken = true
    for (const [pending, { doc, resolve }] of waiting) {
      waiting.delete(pending)
      if (pending === latest) void fallback.validate(doc).then(resolve)
      else resolve(null)
    }
  })
  return {
    validate(doc) {
      const id = ++latest
      if (broken) return fallback.validate(doc)
      return new Promise((resolve) => {
        waiting.set(id, { doc, resolve })
        worker.postMessage({ id, doc } satisfies ValidateRequest)
      })
    }
  }
}

/** A worker when the platform can start one from this bundle, the synchronous validator otherwise. */
export function createValidator(): Validator {
  if (typeof Worker === 'undefined') return syncValidator()
  try {
    return workerValidator(new Worker(new URL('../workers/validate-worker.ts', import.meta.url), { type: 'module' }))
  } catch {
    return syncValidator()
  }
}
