// One start through the API service as the CLI does it: subscribe, start, show progress,
// report each failed run as one line, stop on Ctrl-C, and wait for the documents.
import type { ApiError, ApiEvent, IovlabService, RequestParams, ResultsDocument, StartedRun } from '../api/index'
import type { ShardPart } from '../experiment/shard'
import type { Io } from './command'
import { describeParams } from './format'
import { progressView } from './progress-bar'

export interface SessionResult {
  readonly documents: readonly ResultsDocument[]
  /** One line per failed run. */
  readonly failures: readonly string[]
  readonly cancelled: boolean
  /** Runs taken from the result cache. */
  readonly cachedRuns: number
  /** With a shard: its part file's content. */
  readonly part?: ShardPart
}

export type StartOutcome = { ok: true; started: StartedRun; done: Promise<SessionResult> } | { ok: false; errors: readonly ApiError[] }

function failureLine(e: Extract<ApiEvent, { type: 'run-error' }>): string {
  if (!e.run) return e.error.message
  const r = e.run
  return `experiment "${r.experimentId}", point ${describeParams(r.params)}, replication ${r.replication + 1} (seed ${r.seed}): ${e.error.message}`
}

/** Starts a run; `done` settles with its documents. Errors of the start itself come back at once. */
export async function startSession(service: IovlabService, params: RequestParams<'startRun'>, io: Io, showProgress = true): Promise<StartOutcome> {
  const buffered: ApiEvent[] = []
  let handle: ((e: ApiEvent) => void) | undefined
  const unsubscribe = service.subscribe((e) => (handle ? handle(e) : buffered.push(e)))
  const started = await service.startRun(params)
  if (!started.ok) {
    unsubscribe()
    return { ok: false, errors: started.errors }
  }
  const { runId } = started.value
  const view = showProgress ? progressView(io, started.value.runs) : { update: () => undefined, stop: () => undefined }
  const failures: string[] = []
  let barShown = showProgress && io.errIsTty && io.errStream !== undefined
  const stopInterrupt = io.onInterrupt?.(() => {
    io.err('iovlab: stopping the runs (press Ctrl-C again to quit at once)')
    void service.stopRun({ runId })
    stopInterrupt?.()
  })
  const done = new Promise<SessionResult>((resolve) => {
    handle = (e) => {
      if (e.runId !== runId) return
      if (e.type === 'run-progress') view.update(e.progress)
      else if (e.type === 'run-error') {
        const line = failureLine(e)
        failures.push(line)
        if (!barShown) io.err(`iovlab: run failed: ${line}`)
      } else if (e.type === 'run-done') {
        view.stop()
        if (barShown) for (const line of failures) io.err(`iovlab: run failed: ${line}`)
        barShown = false
        unsubscribe()
        stopInterrupt?.()
        resolve({ documents: e.documents, failures, cancelled: e.cancelled, cachedRuns: e.cachedRuns ?? 0, ...(e.part ? { part: e.part } : {}) })
      }
    }
    for (const e of buffered.splice(0)) handle(e)
  })
  return { ok: true, started: started.value, done }
}
