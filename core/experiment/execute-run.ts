// One run, wherever it executes: apply the point, call the scenario with the experiment's
// limits, enforce those limits from the progress hook too (a scenario that ignores them is
// still stopped), and turn every ending — success, limit, error — into a RunOutcome value.
import type { Project } from '../project/schema'
import { ScenarioLimitError, type RunScenario, type ScenarioProgress } from '../scenario/types'
import { checkMetrics } from './aggregate'
import { applyPoint, runLimits } from './sweep'
import type { Run, RunErrorCode, RunOutcome } from './types'

export interface RunHooks {
  /** Called with the scenario's progress (every few thousand events). */
  readonly progress?: (p: ScenarioProgress) => void
  /** Polled from the progress hook; true stops the run as cancelled. */
  readonly cancelled?: () => boolean
}

const now = (): number => performance.now()

function limitMessage(code: 'max-events' | 'max-wall', run: Run, maxEvents: number, maxWallMs: number | undefined, events: number): string {
  return code === 'max-events'
    ? `stopped at the event limit: ${events.toLocaleString('en-US')} events reached stop.maxEvents = ${maxEvents.toLocaleString('en-US')} of experiment "${run.experimentId}" (raise it, or shorten the run)`
    : `stopped at the wall-clock limit: stop.maxWallSeconds = ${(maxWallMs ?? 0) / 1000} s of experiment "${run.experimentId}" (raise it, or shorten the run)`
}

/** The code of a ScenarioLimitError, also from another copy of the class (a separately loaded bundle). */
function limitCode(e: unknown): ScenarioLimitError['code'] | undefined {
  if (e instanceof ScenarioLimitError) return e.code
  const { name, code } = (e ?? {}) as { name?: unknown; code?: unknown }
  return name === 'ScenarioLimitError' && (code === 'max-events' || code === 'max-wall' || code === 'cancelled') ? code : undefined
}

/** Runs one run synchronously with `scenario`; never throws. */
export function executeRun(project: Project, run: Run, scenario: RunScenario, hooks: RunHooks = {}): RunOutcome {
  const started = now()
  const fail = (code: RunErrorCode, message: string, events?: number): RunOutcome =>
    ({ ok: false, run, code, message, wallMs: now() - started, ...(events === undefined ? {} : { events }) })
  const experiment = project.experiments.find((e) => e.id === run.experimentId)
  if (!experiment) return fail('bad-point', `the project has no experiment "${run.experimentId}"`)
  const applied = applyPoint(project, run.params)
  if (!applied.ok) return fail('bad-point', applied.message)
  const limits = runLimits(experiment)
  let stopped: 'max-events' | 'max-wall' | 'cancelled' | undefined
  let lastEvents = 0
  const onProgress = (p: ScenarioProgress): boolean => {
    lastEvents = p.events
    hooks.progress?.(p)
    if (p.events > limits.maxEvents) stopped = 'max-events'
    else if (limits.maxWallMs !== undefined && now() - started > limits.maxWallMs) stopped = 'max-wall'
    else if (hooks.cancelled?.() === true) stopped = 'cancelled'
    return stopped === undefined
  }
  try {
    const result = scenario({ project: applied.project, experimentId: run.experimentId, seed: run.seed, limits }, onProgress)
    if (stopped === 'cancelled') return fail('cancelled', 'cancelled', lastEvents)
    if (stopped !== undefined) return fail(stopped, limitMessage(stopped, run, limits.maxEvents, limits.maxWallMs, lastEvents), lastEvents)
    if (result.events > limits.maxEvents) return fail('max-events', limitMessage('max-events', run, limits.maxEvents, limits.maxWallMs, result.events), result.events)
    const bad = checkMetrics(result.metrics, result.missing)
    if (bad !== undefined) return fail('bad-metrics', bad, result.events)
    const missing = result.missing && Object.keys(result.missing).length > 0 ? { missing: result.missing } : {}
    return { ok: true, run, metrics: result.metrics, ...missing, ...(result.series ? { series: result.series } : {}), events: result.events, simTimeNs: result.simTimeNs, wallMs: now() - started }
  } catch (e) {
    const code = stopped ?? limitCode(e)
    if (code === 'cancelled') return fail('cancelled', 'cancelled', lastEvents)
    if (code === 'max-events' || code === 'max-wall') {
      const events = Math.max(lastEvents, code === 'max-events' ? limits.maxEvents : 0)
      return fail(code, limitMessage(code, run, limits.maxEvents, limits.maxWallMs, events), events)
    }
    return fail('scenario-failed', e instanceof Error ? e.message : String(e), lastEvents)
  }
}
