// Checks of an experiment's `timeseries` that the schema cannot express: at most
// MAX_SERIES_WINDOWS windows in the measured duration, a window no longer than the duration, and
// metrics that a workload of the experiment reports as numbers. One problem per thing wrong, at its
// JSON path (on the raw document, so they come beside the schema's own problems).
import { NUMBER_METRICS, metricWorkloadKind } from './metric-names'
import { problem, type Problem } from './problems'
import { MAX_SERIES_WINDOWS } from './schema'
import { parseDuration } from './units'

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)

const nsOf = (v: unknown): number | undefined => {
  if (typeof v !== 'number' && typeof v !== 'string') return undefined
  const r = parseDuration(v)
  return r.ok && r.value > 0 ? r.value : undefined
}

/** Windows of `interval` in `duration` (the last one may be shorter). */
export function seriesWindows(durationNs: number, intervalNs: number): number {
  return Math.ceil(durationNs / intervalNs - 1e-9)
}

function experimentProblems(exp: Raw, index: number): Problem[] {
  const ts = exp.timeseries
  if (!isObj(ts)) return []
  const id = typeof exp.id === 'string' ? exp.id : String(index)
  const at = ['experiments', index, 'timeseries']
  const out: Problem[] = []
  const interval = nsOf(ts.interval)
  const duration = nsOf(exp.duration)
  if (interval !== undefined && duration !== undefined) {
    if (interval > duration) out.push(problem('out-of-range', [...at, 'interval'], `experiment "${id}": the time-series interval (${String(ts.interval)}) is longer than the measured duration (${String(exp.duration)})`))
    else if (seriesWindows(duration, interval) > MAX_SERIES_WINDOWS) {
      out.push(problem('out-of-range', [...at, 'interval'], `experiment "${id}": an interval of ${String(ts.interval)} cuts the duration of ${String(exp.duration)} into ${seriesWindows(duration, interval)} windows; at most ${MAX_SERIES_WINDOWS} are kept (make the interval at least ${Math.ceil(duration / MAX_SERIES_WINDOWS)} ns)`))
    }
  }
  const kinds = Array.isArray(exp.workloads) ? exp.workloads.flatMap((w) => (isObj(w) && typeof w.kind === 'string' ? [w.kind] : [])) : []
  if (Array.isArray(ts.metrics)) {
    ts.metrics.forEach((m, i) => {
      if (typeof m !== 'string' || m === '') return
      const kind = metricWorkloadKind(m)
      if (!NUMBER_METRICS.includes(m) || kind === undefined) {
        out.push(problem('invalid-value', [...at, 'metrics', i], `experiment "${id}": "${m}" is not a workload's number metric (a time series records what the workloads measure, e.g. "rtt_p99_us", "goodput_mbps", "rpc_per_s")`))
      } else if (!kinds.includes(kind)) {
        out.push(problem('invalid-value', [...at, 'metrics', i], `experiment "${id}" has no ${kind} workload, so no window measures "${m}"`))
      }
    })
  }
  return out
}

/** Problems of every experiment's time series (on the raw document). */
export function checkTimeseries(doc: unknown): Problem[] {
  const raw = isObj(doc) && Array.isArray(doc.experiments) ? doc.experiments : []
  return raw.flatMap((e, i) => (isObj(e) ? experimentProblems(e, i) : []))
}
