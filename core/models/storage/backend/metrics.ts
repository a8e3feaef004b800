// The durability and cache metrics of a run's virtual-disk back ends (issue 11):
// `writes_at_risk_mean` / `writes_at_risk_peak` (writes acknowledged to a guest, not yet durable,
// summed over the run's virtual disks: time average and peak over the measured span),
// `writes_lost` (those at the experiment's `crashAt` instant) and `cache_hit_ratio` (read requests
// served wholly from a buffer cache over all reads of cached virtual disks), and with PARDA on an
// array (issue 12) `parda_latency_ms` (the hosts' smoothed latency L(t), mean over the control
// periods of the measured span and over the hosts) and `parda_window` (each host's mean window
// towards each array, key "host/array"). One registry per run, kept in the world's shared objects;
// buildBackendChain registers each back end in it, core/scenario/build-block.ts each PARDA host.
import { TimeWeighted, type Simulator } from '../../../sim'
import { sharedKey, type SharedObjects } from '../../shared-objects'
import type { CacheStage } from './cache'
import type { PardaHost } from './parda'

/** A metric's value: a number, one per key, or null (the reason in `missing`). */
export type BackendMetricValue = number | null | Record<string, number>

export class BackendRegistry {
  /** Back ends built in the run (virtual disks), with their caches (none: no cache). */
  backends = 0
  readonly caches: CacheStage[] = []
  /** PARDA's hosts (key "host/array"), in the order they were built. */
  readonly parda: [string, PardaHost][] = []
  /** Writes at risk summed over every cache. */
  readonly atRisk: TimeWeighted
  /** Simulated time of the scheduled crash (undefined: none), and the writes at risk then (once it happened). */
  private crashAtNs: number | undefined
  private lost: number | undefined
  private readonly sim: Simulator

  constructor(sim: Simulator) {
    this.sim = sim
    this.atRisk = new TimeWeighted(sim.now)
  }

  /** Schedules the experiment's crash at `atNs` (simulated time from the run's start; once per run). */
  scheduleCrash(atNs: number): void {
    if (this.crashAtNs !== undefined) return
    this.crashAtNs = atNs
    this.sim.scheduleAt(Math.max(atNs, this.sim.now), this.sim.register(this.crash, 'backend-crash'))
  }

  /** The host crashes: whatever is acknowledged and not durable is lost (the run goes on: the crash is an observation). */
  private readonly crash = (): void => {
    this.lost = this.atRisk.current
  }

  addParda(key: string, host: PardaHost): void {
    this.parda.push([key, host])
  }

  /** Forgets the warm-up (the crash, an event, is kept). */
  resetStats(now: number): void {
    this.atRisk.reset(now)
    for (const c of this.caches) c.resetStats(now)
    for (const [, h] of this.parda) h.resetStats()
  }

  /** The metrics, or null with the reason (`missing`), for a run whose measured span ends now. */
  metrics(now: number): { metrics: Record<string, number | null>; missing: Record<string, string> } {
    const metrics: Record<string, number | null> = {}
    const missing: Record<string, string> = {}
    if (this.backends === 0) return { metrics, missing }
    metrics.writes_at_risk_mean = this.atRisk.mean(now)
    metrics.writes_at_risk_peak = this.atRisk.max
    if (this.crashAtNs === undefined) {
      metrics.writes_lost = null
      missing.writes_lost = 'no crash was scheduled (set the experiment\'s "crashAt")'
    } else if (this.lost === undefined) {
      metrics.writes_lost = null
      missing.writes_lost = `the crash at ${this.crashAtNs} ns was not reached before the run ended`
    } else metrics.writes_lost = this.lost
    const reads = this.caches.reduce((s, c) => s + c.reads, 0)
    if (this.caches.length === 0) {
      metrics.cache_hit_ratio = null
      missing.cache_hit_ratio = 'no virtual disk has a buffer cache ("cache" is "none")'
    } else if (reads === 0) {
      metrics.cache_hit_ratio = null
      missing.cache_hit_ratio = 'no read reached a buffer cache in the measured span'
    } else metrics.cache_hit_ratio = this.caches.reduce((s, c) => s + c.readHits, 0) / reads
    return { metrics, missing }
  }

  /** PARDA's metrics (none without a PARDA host), or null with the reason. */
  pardaMetrics(): { metrics: Record<string, BackendMetricValue>; missing: Record<string, string> } {
    const metrics: Record<string, BackendMetricValue> = {}
    const missing: Record<string, string> = {}
    if (this.parda.length === 0) return { metrics, missing }
    const measured = this.parda.filter(([, h]) => h.periods > 0)
    if (measured.length === 0) {
      const period = Math.min(...this.parda.map(([, h]) => h.spec.periodNs))
      const why = `no PARDA control period with completed I/O ended in the measured span (the period is ${period / 1e6} ms: run longer or shorten pardaPeriod)`
      metrics.parda_latency_ms = null
      metrics.parda_window = null
      missing.parda_latency_ms = why
      missing.parda_window = why
      return { metrics, missing }
    }
    metrics.parda_latency_ms = measured.reduce((s, [, h]) => s + h.latencySum / h.periods, 0) / measured.length / 1e6
    metrics.parda_window = Object.fromEntries(measured.map(([k, h]) => [k, h.windowSum / h.periods]))
    return { metrics, missing }
  }
}

const REGISTRY = sharedKey<BackendRegistry>('storage-backend-registry')

/** The run's registry (made on first use). */
export function backendRegistry(shared: SharedObjects, sim: Simulator): BackendRegistry {
  return shared.get(REGISTRY, 'run', () => new BackendRegistry(sim))
}

/** The run's registry if any back end was built. */
export function findBackendRegistry(shared: SharedObjects): BackendRegistry | undefined {
  return shared.find(REGISTRY, 'run')
}

/** What the scenario's metrics call: the back ends' metrics (empty when the run has no virtual disk with a back end). */
export function backendMetrics(shared: SharedObjects, now: number): { metrics: Record<string, BackendMetricValue>; missing: Record<string, string> } {
  const r = findBackendRegistry(shared)
  if (r === undefined) return { metrics: {}, missing: {} }
  const b = r.metrics(now), p = r.pardaMetrics()
  return { metrics: { ...b.metrics, ...p.metrics }, missing: { ...b.missing, ...p.missing } }
}

/**
 * PARDA's values over the time-series window that just ended (issue 12): `parda_latency_ms` (the
 * hosts' mean L over the control periods that ended in the window) and `parda_window.<host>/<array>`
 * (each host's mean window, named as one key of the run's `parda_window`); null with the reason in a
 * window where no period ended. Empty without PARDA.
 */
export function backendSeries(shared: SharedObjects): { values: Record<string, number | null>; missing: Record<string, string> } {
  const values: Record<string, number | null> = {}
  const missing: Record<string, string> = {}
  const parda = findBackendRegistry(shared)?.parda ?? []
  if (parda.length === 0) return { values, missing }
  const why = 'no PARDA control period with completed I/O ended in the window'
  let lSum = 0, lN = 0
  for (const [key, h] of parda) {
    const s = h.takeSample()
    const name = `parda_window.${key}`
    if (s === undefined) {
      values[name] = null
      missing[name] = why
    } else {
      values[name] = s.window
      lSum += s.latency
      lN++
    }
  }
  values.parda_latency_ms = lN === 0 ? null : lSum / lN / 1e6
  if (lN === 0) missing.parda_latency_ms = why
  return { values, missing }
}

/** What the scenario calls at the end of the warm-up. */
export function resetBackendStats(shared: SharedObjects, now: number): void {
  findBackendRegistry(shared)?.resetStats(now)
}
