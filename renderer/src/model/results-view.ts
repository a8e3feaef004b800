// The results view's choices as data: which chart, metric, key, quantile family and x parameter,
// and the earlier runs overlaid. The results store holds them; the chart builders in
// features/results draw them (types here so that the store need not import a feature).
import type { ChartDocument, QuantileFamily } from './metric-info'

export type ChartKind = 'sweep' | 'box' | 'cdf' | 'breakdown' | 'cpu'

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
