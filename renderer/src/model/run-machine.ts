// The states of the current run and the only moves between them, asserted (as ns-3's state
// machines assert theirs): idle → starting → running → done | failed | stopped, with stopping
// between Stop and the host's last word, and a new start from any end state; another document
// put in place clears an ended run back to idle.
export type RunState = 'idle' | 'starting' | 'running' | 'stopping' | 'done' | 'failed' | 'stopped'

export const RUN_TRANSITIONS: Readonly<Record<RunState, readonly RunState[]>> = {
  idle: ['starting'],
  // the host refused the start (invalid project, nothing to run) → failed
  starting: ['running', 'failed'],
  running: ['stopping', 'done', 'failed', 'stopped'],
  // the stop request failed → running again; the runs finished before the stop took → done | failed
  stopping: ['stopped', 'done', 'failed', 'running'],
  done: ['starting', 'idle'],
  failed: ['starting', 'idle'],
  stopped: ['starting', 'idle']
}

export class RunStateError extends Error {
  constructor(readonly from: RunState, readonly to: RunState) {
    super(`a run cannot go from "${from}" to "${to}"`)
    this.name = 'RunStateError'
  }
}

/** Throws RunStateError unless `from → to` is one of RUN_TRANSITIONS. */
export function assertTransition(from: RunState, to: RunState): void {
  if (!RUN_TRANSITIONS[from].includes(to)) throw new RunStateError(from, to)
}

/** States in which a run is under way (Run is off, Stop may be on). */
export const isBusy = (s: RunState): boolean => s === 'starting' || s === 'running' || s === 'stopping'

/** How a run ended, from its run-done event. */
export function outcomeOf(done: { failed: number; cancelled: boolean }, startErrors: number): 'done' | 'failed' | 'stopped' {
  if (done.cancelled) return 'stopped'
  return done.failed > 0 || startErrors > 0 ? 'failed' : 'done'
}
