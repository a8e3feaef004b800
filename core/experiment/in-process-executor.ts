// The simplest executor: runs one after another on this thread, yielding to the event loop
// between runs so progress, cancellation and I/O keep flowing. For tests, small sweeps and
// hosts without worker threads.
import type { RunScenario } from '../scenario/types'
import { executeRun } from './execute-run'
import { resolveScenario } from './scenarios'
import type { ExecuteOptions, Executor, RunBatch, RunOutcome } from './types'

export interface InProcessOptions {
  /** Extra scenarios by name (tests inject fakes here); they shadow the built-in names. */
  readonly scenarios?: Readonly<Record<string, RunScenario>>
}

const yieldToLoop = (): Promise<void> =>
  new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)))

export class InProcessExecutor implements Executor {
  readonly kind = 'in-process'
  private readonly scenarios: Readonly<Record<string, RunScenario>>

  constructor(options: InProcessOptions = {}) {
    this.scenarios = options.scenarios ?? {}
  }

  async *run(batch: RunBatch, options: ExecuteOptions = {}): AsyncIterable<RunOutcome> {
    const { signal, onEvent } = options
    const found = await resolveScenario(batch.scenario, this.scenarios)
    for (const run of batch.runs) {
      if (signal?.aborted) return
      if (!found.ok) {
        yield { ok: false, run, code: 'scenario-missing', message: found.message }
        continue
      }
      onEvent?.({ type: 'run-started', runId: run.id })
      const outcome = executeRun(batch.project, run, found.scenario, {
        progress: (p) => onEvent?.({ type: 'run-progress', runId: run.id, simTimeNs: p.simTimeNs, durationNs: p.durationNs, events: p.events }),
        cancelled: () => signal?.aborted === true
      })
      if (signal?.aborted) return
      yield outcome
      await yieldToLoop()
    }
  }
}
