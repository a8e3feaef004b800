// Numbers of the run panel in words with units: simulated time, events per second, ETA, and a
// failed run's point ("guests=4, variant=dom0 · replication 2").
import type { RunProgress } from '../../../../core/api/contract'
import type { RunFailure } from '../../stores/run'

/** Simulated nanoseconds as "850 µs", "1.25 s". */
export function formatSimTime(ns: number): string {
  const abs = Math.abs(ns)
  if (abs < 1e3) return `${Math.round(ns)} ns`
  if (abs < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`
  if (abs < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`
  return `${(ns / 1e9).toPrecision(3)} s`
}

/** Events per second as "1.2 M events/s". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return '0 events/s'
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toPrecision(3)} M events/s`
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toPrecision(3)} k events/s`
  return `${Math.round(perSecond)} events/s`
}

/** Wall-clock seconds as "0.4 s", "42 s", "3 min 5 s", "1 h 2 min"; null as "estimating…". */
export function formatWall(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating…'
  if (seconds < 9.95) return `${Math.max(0, seconds).toFixed(1)} s`
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`
}

/** The simulated time of the runs in progress: "1.25 s of 2.00 s" for one, a sum for several. */
export function activeSimTime(progress: RunProgress | null): string {
  const active = progress?.active ?? []
  if (active.length === 0) return '—'
  if (active.length === 1) return `${formatSimTime(active[0].simTimeNs)} of ${formatSimTime(active[0].durationNs)}`
  const sim = active.reduce((n, a) => n + a.simTimeNs, 0)
  const total = active.reduce((n, a) => n + a.durationNs, 0)
  return `${formatSimTime(sim)} of ${formatSimTime(total)} (${active.length} runs at once)`
}

/** Where a failure happened, for its line in the list. */
export function failurePlace(f: RunFailure): string {
  if (f.pointIndex === undefined) return f.experimentId ?? 'the run'
  const params = Object.entries(f.params ?? {}).map(([k, v]) => `${k}=${String(v)}`).join(', ')
  return `${f.experimentId} · point ${f.pointIndex + 1}${params ? ` (${params})` : ''} · replication ${(f.replication ?? 0) + 1}`
}
