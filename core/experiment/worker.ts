// The worker-thread entry (bundled to out/cli/worker.cjs): one task is one run. The project
// arrives as UTF-8 JSON in a SharedArrayBuffer (shared by every task, never copied) and is
// parsed once per thread and project digest — the thread drops the previous project before it
// parses another, so it never holds two; progress goes back on the task's own MessagePort, at
// most every 100 ms.
import type { MessagePort } from 'node:worker_threads'
import type { Project } from '../project/schema'
import { executeRun } from './execute-run'
import { resolveScenario } from './scenarios'
import type { Run, RunOutcome } from './types'

export interface WorkerTask {
  /** The digest of the project's bytes; a worker keeps the last one parsed. */
  readonly projectKey: string
  /** The project as UTF-8 JSON, shared by every task of the batch. */
  readonly project: SharedArrayBuffer
  readonly scenario: string
  readonly run: Run
  readonly port: MessagePort
}

/** What a worker posts on a task's port. */
export type WorkerMessage =
  | { readonly type: 'run-started' }
  | { readonly type: 'run-progress'; readonly simTimeNs: number; readonly durationNs: number; readonly events: number }

const PROGRESS_EVERY_MS = 100
let cached: { key: string; project: Project } | undefined

function projectOf(task: WorkerTask): Project {
  if (cached?.key !== task.projectKey) {
    cached = undefined
    cached = { key: task.projectKey, project: JSON.parse(Buffer.from(task.project).toString('utf8')) as Project }
  }
  return cached.project
}

export default async function runTask(task: WorkerTask): Promise<RunOutcome> {
  const { run, port } = task
  try {
    const found = await resolveScenario(task.scenario)
    if (!found.ok) return { ok: false, run, code: 'scenario-missing', message: found.message }
    const project = projectOf(task)
    post(port, { type: 'run-started' })
    let last = 0
    return executeRun(project, run, found.scenario, {
      progress: (p) => {
        const t = performance.now()
        if (t - last < PROGRESS_EVERY_MS) return
        last = t
        post(port, { type: 'run-progress', simTimeNs: p.simTimeNs, durationNs: p.durationNs, events: p.events })
      }
    })
  } finally {
    port.close()
  }
}

function post(port: MessagePort, message: WorkerMessage): void {
  port.postMessage(message)
}
