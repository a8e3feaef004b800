// Metrics over simulated time (issue 12): with an experiment's `timeseries`, the measured period
// (after warm-up) is run window by window — the kernel runs to each window's end and stops, which
// fires exactly the events one run to the end would, so the run totals do not change — and at each
// window's end every workload reports the metrics of that window (Workload.windowMetrics: latency
// percentiles from a fresh HDR histogram per window, rates and counts over the window). Series are
// per workload: "byWorkload.<id>.<metric>", the metric's name as in the run's breakdown (and, with
// PARDA on an array, its latency and each host's window: `extra`, core/models/storage/backend). Only
// number metrics are kept (no CDF objects: bounded size), at most MAX_SERIES_WINDOWS windows.
// CPU is not sampled per window: reading the CPU accounts mid-run would re-plan the scheduler's
// runs and so change the run.
import { MAX_SERIES_WINDOWS, type Experiment } from '../project/schema'
import { durationNs } from '../project/resolve'
import { seriesWindows } from '../project/check-timeseries'
import { periodText, type Workload } from '../workloads/types'
import { workloadInfo } from './build-workloads'
import { breakdownMetric } from './metrics-breakdown'
import type { RunSeries } from './types'

/** The windows' ends (ns after warm-up) of an experiment with a time series; undefined without one. */
export function seriesPlan(exp: Experiment): { intervalNs: number; ends: number[] } | undefined {
  if (exp.timeseries === undefined) return undefined
  const intervalNs = durationNs(exp.timeseries.interval)
  const duration = durationNs(exp.duration)
  const n = Math.min(seriesWindows(duration, intervalNs), MAX_SERIES_WINDOWS)
  const ends = Array.from({ length: n }, (_, k) => (k === n - 1 ? duration : (k + 1) * intervalNs))
  return { intervalNs, ends }
}

/** Collects the windows of one run. */
export class SeriesRecorder {
  private readonly values = new Map<string, (number | null)[]>()
  private readonly reasons = new Map<string, { why: string; windows: number[] }>()
  private readonly wanted: ReadonlySet<string> | undefined
  private windows = 0

  /**
   * `extra`: run-level values of the window that just ended beside the workloads' (PARDA's windows,
   * core/models/storage/backend/metrics.ts `backendSeries`), kept when the experiment lists no metrics.
   */
  constructor(private readonly intervalNs: number, private readonly ends: readonly number[], private readonly workloads: readonly Workload[], metrics?: readonly string[],
    private readonly extra?: () => { values: Record<string, number | null>; missing: Record<string, string> }) {
    this.wanted = metrics === undefined ? undefined : new Set(metrics)
  }

  /** Records the window that just ended, `lengthNs` long. */
  sample(lengthNs: number): void {
    const k = this.windows++
    for (const wl of this.workloads) {
      const info = workloadInfo(wl)
      if (info === undefined) continue
      const name = (m: string): string => breakdownMetric('byWorkload', info.id, m)
      if (wl.windowMetrics === undefined) {
        // A workload without windows: its number metrics are null in every window, with the reason.
        for (const [m, v] of Object.entries(wl.metrics(lengthNs).values)) if ((v === null || typeof v === 'number') && this.keeps(m)) this.put(name(m), k, null, `workload "${info.id}" does not report metrics per window`)
        continue
      }
      const r = wl.windowMetrics(lengthNs)
      for (const [m, v] of Object.entries(r.values)) {
        if (!this.keeps(m) || (v !== null && typeof v !== 'number')) continue
        this.put(name(m), k, v === null || !Number.isFinite(v) ? null : v, r.missing[m] ?? `no sample in the ${periodText(lengthNs)} window`)
      }
    }
    if (this.extra !== undefined) {
      const r = this.extra()
      if (this.wanted === undefined) for (const [name, v] of Object.entries(r.values)) this.put(name, k, v, r.missing[name] ?? 'no sample in the window')
    }
  }

  private keeps(m: string): boolean {
    return this.wanted === undefined || this.wanted.has(m)
  }

  private put(name: string, k: number, v: number | null, why: string): void {
    let list = this.values.get(name)
    if (list === undefined) {
      list = new Array<number | null>(this.ends.length).fill(null)
      this.values.set(name, list)
    }
    list[k] = v
    if (v === null) {
      const r = this.reasons.get(name) ?? { why: why.replace(/ in the .* measured after warm-up$/, ' in the window'), windows: [] }
      r.windows.push(k)
      this.reasons.set(name, r)
    }
  }

  result(): RunSeries {
    const names = [...this.values.keys()].sort()
    const missing: Record<string, string> = {}
    for (const n of names) {
      const r = this.reasons.get(n)
      if (r === undefined) continue
      const shown = r.windows.slice(0, 5).map((k) => k + 1).join(', ')
      missing[n] = `${r.why} (window${r.windows.length === 1 ? '' : 's'} ${shown}${r.windows.length > 5 ? ` and ${r.windows.length - 5} more` : ''} of ${this.ends.length})`
    }
    return {
      intervalNs: this.intervalNs,
      windowEndNs: [...this.ends],
      metrics: Object.fromEntries(names.map((n) => [n, this.values.get(n)!])),
      ...(Object.keys(missing).length > 0 ? { missing } : {})
    }
  }
}
