// The percentiles chart: each percentile of one quantity (a block workload's I/O latency p50 and p99,
// ping's RTT median and p99, …) as its own line against the swept parameter, with its 95 % CI band —
// so tail latency and median are read on one chart. Drawn by the sweep chart over a derived document
// in which every point appears once per percentile, the percentile being one more series parameter.
import type { EChartsOption } from 'echarts'
import type { ChartDocument, QuantileFamily } from '../../model/metric-info'
import type { Overlay } from '../../model/results-view'
import type { ChartTheme } from './chart-theme'
import { sweepOption } from './sweep-option'
import { percentileName, PERCENTILE_PARAM } from '../../model/percentiles'

export { percentileFamilies, percentileName, PERCENTILE_PARAM } from '../../model/percentiles'

/**
 * A document whose points are the family's percentiles: each point of `doc` once per percentile, with
 * the percentile as a parameter and its summary (and missing reason) under the family's name.
 */
export function percentileDocument(doc: ChartDocument, family: QuantileFamily): ChartDocument {
  return {
    ...doc,
    points: family.quantiles.flatMap(({ q, metric }) => doc.points.map((p) => {
      const why = p.metricsMissing?.[metric]
      return {
        ...p,
        params: { ...p.params, [PERCENTILE_PARAM]: percentileName(q) },
        metrics: metric in p.metrics ? { [family.id]: p.metrics[metric] } : {},
        ...(why !== undefined ? { metricsMissing: { [family.id]: why } } : {}),
        diff: undefined
      }
    }))
  }
}

export interface PercentileChartInput {
  readonly doc: ChartDocument
  readonly family: QuantileFamily
  readonly x: string | null
  readonly overlays?: readonly Overlay[]
  readonly theme: ChartTheme
  readonly xLabel?: string
}

/** Lines of every percentile of `family` against `x` (bars over a categorical x), overlays dashed. */
export function percentileOption(input: PercentileChartInput): EChartsOption {
  const doc = percentileDocument(input.doc, input.family)
  const overlays = (input.overlays ?? []).map((o) => ({ ...o, doc: percentileDocument(o.doc, input.family) }))
  const option = sweepOption({ doc, metric: input.family.id, x: input.x, overlays, theme: input.theme, xLabel: input.xLabel })
  const title = option.title as { text?: string; subtext?: string } | undefined
  const names = input.family.quantiles.map((e) => percentileName(e.q)).join(', ')
  return { ...option, title: { ...title, text: `${title?.text ?? input.family.id} — ${names}` } } as EChartsOption
}
