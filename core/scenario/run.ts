// One run of one experiment at one sweep point: build the world from the project, run
// the warm-up, reset every statistic, run the measured duration, collect the metrics.
// Wall-clock and event limits (and cancellation) stop it with a ScenarioLimitError.
import { durationNs } from '../project/resolve'
import { buildBlockPorts } from './build-block'
import { buildEndpoints } from './build-endpoints'
import { buildGateways, gatewaysOf } from './build-gateways'
import { buildGuestTicks } from './build-guest-ticks'
import { buildHosts } from './build-hosts'
import { buildNetwork } from './build-network'
import { buildStorage } from './build-storage'
import { buildWorkloads } from './build-workloads'
import { FaultRun } from './faults'
import { collectMetrics } from './metrics'
import { buildMigrations, migrationMetrics } from './migration'
import { buildRehoming } from './rehome'
import { storageMigrationMetrics } from './storage-migration'
import { SeriesRecorder, seriesPlan } from './timeseries'
import { ScenarioLimitError, type RunScenario, type ScenarioInput, type ScenarioProgress } from './types'
import { emptyWorld, type World } from './world'
import { backendSeries, resetBackendStats } from '../models/storage/backend/metrics'
import type { Workload } from '../workloads/types'

/** Puts storage device models in World.blockDevices beside (or instead of) those build-storage.ts builds: tests' fakes. */
export type StorageBuilder = (w: World) => void

/** Builds the world of `input` (exported for tests that inspect the models; `storage` adds test device models). */
export function buildWorld(input: ScenarioInput, storage: StorageBuilder = () => {}): { world: World; workloads: Workload[] } {
  const exp = input.project.experiments.find((e) => e.id === input.experimentId)
  if (exp === undefined) throw new Error(`there is no experiment "${input.experimentId}" in the project`)
  const w = emptyWorld(input.project, input.seed)
  w.protectionOffAcknowledged = exp.protectionOffAcknowledged === true
  buildHosts(w)
  buildStorage(w)
  buildGateways(w)
  storage(w)
  buildEndpoints(w)
  buildBlockPorts(w, exp)
  buildGuestTicks(w)
  buildRehoming(w, exp) // a migrated VM's standby on its target host (rehome.ts)
  const workloads = buildWorkloads(w, exp)
  buildNetwork(w)
  buildMigrations(w, exp)
  for (const d of w.devices.values()) {
    if (d.kind === 'np-nic') {
      d.np.finalize()
      d.irq.finalize()
    }
  }
  return { world: w, workloads }
}

function resetAll(w: World, workloads: Workload[]): void {
  for (const h of w.hosts.values()) h.resetStats()
  for (const d of w.devices.values()) if (d.kind === 'dc') d.dc.resetStats()
  for (const g of gatewaysOf(w)) g.resetStats()
  w.stats.counters.reset()
  w.stats.stages.reset()
  resetBackendStats(w.shared, w.sim.now)
  for (const wl of workloads) wl.resetStats()
}

export const runScenario: RunScenario = (input, onProgress) => runBuilt(input, buildWorld(input), onProgress)

/** Runs a built world (warm-up, reset, measured duration) and collects its metrics. */
export function runBuilt(input: ScenarioInput, built: { world: World; workloads: Workload[] }, onProgress?: Parameters<RunScenario>[1]): ReturnType<RunScenario> {
  const exp = input.project.experiments.find((e) => e.id === input.experimentId)
  if (exp === undefined) throw new Error(`there is no experiment "${input.experimentId}" in the project`)
  const { world: w, workloads } = built
  const warmup = durationNs(exp.warmup)
  const duration = durationNs(exp.duration)
  const maxEvents = Math.min(input.limits?.maxEvents ?? Infinity, exp.stop.maxEvents ?? Infinity)
  const maxWallMs = Math.min(input.limits?.maxWallMs ?? Infinity, (exp.stop.maxWallSeconds ?? Infinity) * 1000)
  // The fault schedule (docs/faults.md); a run without the experiment's "faults" has none of its metrics.
  const faults = exp.faults === undefined ? undefined : new FaultRun(w, exp, workloads)
  const t0 = Date.now()
  const progress = (now: number, events: number): boolean => {
    if (Date.now() - t0 > maxWallMs) throw new ScenarioLimitError('max-wall', `run stopped after ${Math.round(maxWallMs / 1000)} s of wall-clock time (simulated ${(now / 1e9).toFixed(3)} s)`)
    const p: ScenarioProgress = { simTimeNs: now, durationNs: warmup + duration, events }
    if (onProgress !== undefined && onProgress(p) === false) throw new ScenarioLimitError('cancelled', 'run cancelled')
    return true
  }
  const runTo = (until: number): void => {
    const left = maxEvents - w.sim.eventsFired
    const r = w.sim.run({ until, maxEvents: left, progress, progressEvery: 65536 })
    if (r === 'max-events') throw new ScenarioLimitError('max-events', `run stopped after ${maxEvents} events (simulated ${(w.sim.now / 1e9).toFixed(3)} s)`)
  }
  for (const wl of workloads) wl.start()
  runTo(warmup)
  resetAll(w, workloads)
  faults?.startMeasuring()
  const plan = seriesPlan(exp)
  let series: SeriesRecorder | undefined
  if (plan !== undefined) {
    // Window by window: running to each end fires the same events as one run to the last.
    series = new SeriesRecorder(plan.intervalNs, plan.ends, workloads, exp.timeseries?.metrics, () => backendSeries(w.shared))
    let start = 0
    for (const end of plan.ends) {
      runTo(warmup + end)
      series.sample(end - start)
      start = end
    }
  }
  runTo(warmup + duration)
  const { metrics, missing } = collectMetrics(w, workloads, duration)
  const mig = migrationMetrics(w, warmup + duration)
  Object.assign(metrics, mig.metrics)
  Object.assign(missing, mig.missing)
  const smig = storageMigrationMetrics(w, warmup + duration)
  Object.assign(metrics, smig.metrics)
  Object.assign(missing, smig.missing)
  faults?.addMetrics(metrics, missing)
  return {
    metrics, ...(Object.keys(missing).length > 0 ? { missing } : {}),
    ...(series !== undefined ? { series: series.result() } : {}),
    events: w.sim.eventsFired, simTimeNs: w.sim.now
  }
}
