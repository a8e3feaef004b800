// The results view's choices as data: which chart, metric, key, quantile family and x parameter,
// and the earlier runs overlaid. The results store holds them; the chart builders in
// features/results draw them (types here so that the store need not import a feature).
import type { ChartDocument, QuantileFamily } from './metric-info'

export type ChartKind = 'sweep' | 'percentiles' | 'box' | 'cdf' | 'breakdown' | 'cpu' | 'timeseries'

export interface ChartView {
  readonly kind: ChartKind
  readonly metric: string | null
  readonly key: string | null
  /** Every key of the metric (cpu_util's CPUs and domains). */
  readonly keys: readonly string[]
  readonly family: QuantileFamily | null
  readonly x: string | null
}

/** CPU utilisation by domain (stacked: hypervisor, driver domain, guests) or by physical CPU. */
export type CpuView = 'domain' | 'cpu'

/** An earlier run drawn beside the current one. */
export interface Overlay {
  /** Names the run in series names: "Run 1 · 10:42". */
  readonly label: string
  readonly doc: ChartDocument
}

/** Whether a document carries paired differences to a baseline (an experiment with common random numbers). */
export function hasDifferences(doc: ChartDocument | null): boolean {
  return doc !== null && doc.points.some((p) => p.diff !== undefined)
}

/** "variant=paravirtual", or several baselines joined by "; " (one per combination of the other axes' values is the same text). */
export function baselineText(doc: ChartDocument): string {
  const texts = new Set(doc.points.flatMap((p) => (p.diff ? [Object.entries(p.diff.baseline).map(([k, v]) => `${k}=${String(v)}`).join(' ')] : [])))
  return [...texts].join('; ')
}

/**
 * The "difference to baseline" view of a document: each point that has a baseline, with its paired
 * differences (mean and 95 % paired-t half-width) as its metrics and the reasons a difference is
 * missing as its missing metrics; the baselines themselves are left out (their difference is 0 by
 * definition, not a measurement). The sweep chart draws it with its usual band or whiskers.
 */
export function diffDocument(doc: ChartDocument): ChartDocument {
  return {
    ...doc,
    points: doc.points.flatMap((p) => (p.diff
      ? [{ params: p.params, replications: p.replications, metrics: p.diff.metrics, ...(p.diff.missing ? { metricsMissing: p.diff.missing } : {}) }]
      : []))
  }
}
