// The model benchmark of the models issue: every run of an example project (by default
// technique-shootout) on this thread, timed, with the kernel's `hold` measured in the same
// process so the two figures can be compared as a ratio on a noisy machine.

import { applyPoint, planRuns } from '../experiment/index'
import { loadProject } from '../project/node'
import { runScenario } from '../scenario/index'
import { benchBlockModels } from './block-bench'
import { benchHold, type BenchResult } from './kernel-bench'

export interface ModelBenchOptions {
  /** Path of the project file to run. */
  project: string
  /** Run at most this many runs (spread over the experiments); default all. */
  maxRuns?: number
  /** Also the block-I/O cases (core/bench/block-bench.ts), after the project's runs. */
  block?: boolean
}

/** Runs the project's runs one after another and reports kernel events per second. */
export async function benchModel(options: ModelBenchOptions): Promise<BenchResult[]> {
  const loaded = await loadProject(options.project)
  if (!loaded.ok) throw new Error(`${options.project}: ${loaded.problems[0]?.message ?? 'cannot be loaded'}`)
  const planned = planRuns(loaded.project)
  if (!planned.ok) throw new Error(planned.message)
  const all = planned.plan.runs
  const step = options.maxRuns && options.maxRuns < all.length ? all.length / options.maxRuns : 1
  const runs = all.filter((_, i) => Math.floor(i / step) * step === i || step === 1).slice(0, options.maxRuns ?? all.length)
  const hold = benchHold()
  let events = 0
  let simNs = 0
  const t0 = performance.now()
  for (const run of runs) {
    const applied = applyPoint(loaded.project, run.params)
    if (!applied.ok) throw new Error(applied.message)
    const r = runScenario({ project: applied.project, experimentId: run.experimentId, seed: run.seed })
    events += r.events
    simNs += r.simTimeNs
  }
  const seconds = (performance.now() - t0) / 1000
  const eventsPerSecond = Math.round(events / seconds)
  const model: BenchResult = {
    benchmark: 'model',
    events,
    seconds: Math.round(seconds * 1000) / 1000,
    eventsPerSecond,
    rssMB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
    project: loaded.project.name,
    runs: runs.length,
    simulatedSeconds: Math.round(simNs / 1e6) / 1000,
    holdEventsPerSecond: hold.eventsPerSecond,
    ratioToHold: Math.round((eventsPerSecond / hold.eventsPerSecond) * 1000) / 1000
  }
  return options.block === true ? [hold, model, ...benchBlockModels(undefined, hold)] : [hold, model]
}
