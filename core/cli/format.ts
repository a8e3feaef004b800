// How the CLI writes numbers, metrics with units, durations and parameter values for people.
import { isSummary, type MetricSummary, type PointMetrics } from '../experiment/index'

/** Units by metric-name suffix (CONTRACTS.md names carry their unit). */
const UNITS: readonly [RegExp, string][] = [
  [/_us$/, 'µs'], [/_ns$/, 'ns'], [/_ms$/, 'ms'], [/_s$/, 's'], [/_mbps$/, 'Mbit/s'], [/_gbps$/, 'Gbit/s'],
  [/_bytes$/, 'B'], [/^bytes_/, 'B'], [/_pct$/, '%']
]

export function unitOf(metric: string): string {
  return UNITS.find(([re]) => re.test(metric))?.[1] ?? ''
}

/** Four significant digits, no trailing zeros; exponents only for very large or small values. */
export function formatNumber(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–'
  if (x === 0) return '0'
  const ax = Math.abs(x)
  if (ax >= 1e7 || ax < 1e-3) return x.toExponential(2)
  if (Number.isInteger(x) && ax < 1e7) return String(x)
  return String(Number(x.toPrecision(4)))
}

export function formatSummary(s: MetricSummary, unit: string): string {
  if (s.mean === null) return '–'
  const u = unit ? ` ${unit}` : ''
  return s.ci95 === null || s.ci95 === 0 ? `${formatNumber(s.mean)}${u}` : `${formatNumber(s.mean)} ± ${formatNumber(s.ci95)}${u}`
}

export function formatValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v)
}

/** "2.5 s", "120 ms", "15 µs". */
export function formatSimTime(ns: number): string {
  if (ns >= 1e9) return `${String(Number((ns / 1e9).toPrecision(3)))} s`
  if (ns >= 1e6) return `${String(Number((ns / 1e6).toPrecision(3)))} ms`
  if (ns >= 1e3) return `${String(Number((ns / 1e3).toPrecision(3)))} µs`
  return `${Math.round(ns)} ns`
}

/** "1h02m", "3m05s", "42s". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '?'
  const s = Math.max(0, Math.round(seconds))
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${s}s`
}

/** "1.2M", "850k", "12". */
export function formatRate(x: number): string {
  if (x >= 1e9) return `${(x / 1e9).toFixed(1)}G`
  if (x >= 1e6) return `${(x / 1e6).toFixed(1)}M`
  if (x >= 1e3) return `${(x / 1e3).toFixed(0)}k`
  return x.toFixed(0)
}

/** "guests=4 variant=self-virtualized" (or "the only point"). */
export function describeParams(params: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${formatValue(v)}`)
  return parts.length > 0 ? parts.join(' ') : 'the only point'
}

/** Scalar and object metric names of some points, in first-seen order. */
export function metricNames(points: readonly { metrics: PointMetrics }[]): { scalar: string[]; object: string[] } {
  const scalar = new Set<string>()
  const object = new Set<string>()
  for (const p of points) for (const [k, v] of Object.entries(p.metrics)) (isSummary(v) ? scalar : object).add(k)
  return { scalar: [...scalar], object: [...object] }
}
