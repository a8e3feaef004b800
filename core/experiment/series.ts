// A point's time series from its replications' (issue 12): per series and window, the mean over
// the replications that measured the window and the half-width of its 95 % Student-t interval
// (`n` when fewer than all did), as for the point's metrics (aggregate.ts). Replications are taken
// in replication order; series names are sorted: the result is deterministic.
import type { RunSeries } from '../scenario/types'
import { summarize } from './aggregate'
import type { MetricSummary, PointSeries } from './types'

export function aggregateSeries(reps: readonly (RunSeries | undefined)[]): PointSeries | undefined {
  const have = reps.filter((r): r is RunSeries => r !== undefined)
  if (have.length === 0) return undefined
  const first = have[0]
  const windows = first.windowEndNs.length
  const names = [...new Set(have.flatMap((r) => Object.keys(r.metrics)))].sort()
  const metrics: Record<string, MetricSummary[]> = {}
  const missing: Record<string, string> = {}
  for (const name of names) {
    metrics[name] = Array.from({ length: windows }, (_, k) => {
      const xs = have.flatMap((r) => {
        const v = r.metrics[name]?.[k]
        return typeof v === 'number' && Number.isFinite(v) ? [v] : []
      })
      const s = summarize(xs)
      return xs.length < reps.length ? { ...s, n: xs.length } : s
    })
    const why = [...new Set(have.flatMap((r) => (r.missing?.[name] !== undefined ? [r.missing[name]] : r.metrics[name] === undefined ? ['not recorded in this replication'] : [])))]
    if (why.length > 0) missing[name] = why.join('; ')
  }
  return {
    intervalNs: first.intervalNs,
    windowEndNs: [...first.windowEndNs],
    metrics,
    ...(Object.keys(missing).length > 0 ? { missing } : {})
  }
}
