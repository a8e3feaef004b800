// How the CLI writes numbers, metrics with units, durations and parameter values for people.
import { isSummary, type MetricSummary, type PointMetrics } from '../experiment/index'
import { breakdownOfMetric } from '../project/metric-names'

/** Units by metric-name suffix (CONTRACTS.md names carry their unit). */
const UNITS: readonly [RegExp, string][] = [
  [/_us$/, 'µs'], [/_ns$/, 'ns'], [/_ms$/, 'ms'], [/_per_s$/, '/s'], [/_s$/, 's'], [/_mbps$/, 'Mbit/s'], [/_gbps$/, 'Gbit/s'],
  [/_bytes$/, 'B'], [/^bytes_/, 'B'], [/_pct$/, '%'], [/^iops$/, 'IO/s']
]

export function unitOf(metric: string): string {
  return UNITS.find(([re]) => re.test(metric))?.[1] ?? ''
}

/** What a metric without a value shows (the reason is printed below the table). */
export const NO_VALUE = '—'

/** Four significant digits, no trailing zeros; exponents only for very large or small values. */
export function formatNumber(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return NO_VALUE
  if (x === 0) return '0'
  const ax = Math.abs(x)
  if (ax >= 1e7 || ax < 1e-3) return x.toExponential(2)
  if (Number.isInteger(x) && ax < 1e7) return String(x)
  return String(Number(x.toPrecision(4)))
}

/** A confidence half-width below this fraction of its mean is rounding noise of equal replications. */
const NOISE = 1e-9

/**
 * Mean ± 95 % CI with the digits the interval supports: the half-width to two significant digits
 * and the mean to the same decimal place ("63.46 ± 0.41 µs", "1200 ± 150", "1.2346e+9 ± 1.2e+6");
 * a mean without an interval (one replication, equal replications) to four significant digits.
 */
export function formatSummary(s: MetricSummary, unit: string): string {
  if (s.mean === null || !Number.isFinite(s.mean)) return NO_VALUE
  const u = unit ? ` ${unit}` : ''
  const mean = s.mean
  const ci = s.ci95
  if (ci === null || !Number.isFinite(ci) || ci === 0 || ci <= Math.abs(mean) * NOISE) return `${formatNumber(mean)}${u}`
  const ciR = Number(ci.toPrecision(2))
  const last = Math.floor(Math.log10(ciR)) - 1 // power of ten of the half-width's second digit
  const am = Math.abs(mean)
  if (am >= 1e7 || ciR >= 1e7 || (ciR < 1e-3 && am < 1e-3)) {
    const digits = Math.max(0, (am === 0 ? last : Math.floor(Math.log10(am))) - last)
    return `${mean.toExponential(digits)} ± ${ciR.toExponential(1)}${u}`
  }
  if (last >= 0) {
    const step = 10 ** last
    return `${String(Math.round(mean / step) * step)} ± ${String(ciR)}${u}`
  }
  return `${mean.toFixed(-last)} ± ${ciR.toFixed(-last)}${u}`
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

/** Scalar and object metric names of some points, in first-seen order: the run totals (breakdowns per workload or VM are `run --by`'s). */
export function metricNames(points: readonly { metrics: PointMetrics }[]): { scalar: string[]; object: string[] } {
  const scalar = new Set<string>()
  const object = new Set<string>()
  for (const p of points) for (const [k, v] of Object.entries(p.metrics)) if (breakdownOfMetric(k) === undefined) (isSummary(v) ? scalar : object).add(k)
  return { scalar: [...scalar], object: [...object] }
}
