// Charts from a quantile family (rtt_p25_us, rtt_median_us, rtt_p75_us, rtt_p99_us, min/max when
// reported): box plots per sweep point (the paper's Figure 7) and the latency CDF — drawn from the
// distribution the results carry from the histogram's buckets (rtt_cdf_us), or for older results
// from the reported quantiles. Whiskers use min/max when present, else the outermost quantiles.
import type { BoxplotSeriesOption, EChartsOption, LineSeriesOption } from 'echarts'
import { axisStyle, baseOption, colorAt, type ChartTheme } from './chart-theme'
import { cdfPoints, formatValue, metricUnit, summaryOf, type ChartDocument, type QuantileFamily } from '../../model/metric-info'
import { groupPoints, pointLabel, seriesParams, sweptParams } from '../../model/point-groups'
import type { Overlay } from './sweep-option'

export interface QuantileChartInput {
  readonly doc: ChartDocument
  readonly family: QuantileFamily
  readonly x: string | null
  readonly overlays?: readonly Overlay[]
  readonly theme: ChartTheme
  /** The x axis's name (the parameter's label and unit); default: the short name. */
  readonly xLabel?: string
}

type Point = ChartDocument['points'][number]

/** A point's family values in shown units: quantile → mean over replications. */
function quantileValues(point: Point, family: QuantileFamily): Map<number, number> {
  const { scale } = metricUnit(family.id)
  const out = new Map<number, number>()
  for (const { q, metric } of family.quantiles) {
    const s = summaryOf(point, metric)
    if (s && s.mean !== null) out.set(q, s.mean * scale)
  }
  return out
}

/** [lower whisker, p25, median, p75, upper whisker], or null when the quartiles are missing. */
export function boxOf(point: Point, family: QuantileFamily): [number, number, number, number, number] | null {
  const v = quantileValues(point, family)
  const q1 = v.get(0.25)
  const med = v.get(0.5)
  const q3 = v.get(0.75)
  if (q1 === undefined || med === undefined || q3 === undefined) return null
  const qs = [...v.keys()].sort((a, b) => a - b)
  return [v.get(qs[0]) ?? q1, q1, med, q3, v.get(qs[qs.length - 1]) ?? q3]
}

/** "whiskers: min–max", "whiskers: p25–p99"… from the family's outermost quantiles. */
function whiskerNote(family: QuantileFamily): string {
  const name = (q: number): string => (q === 0 ? 'min' : q === 1 ? 'max' : q === 0.5 ? 'median' : `p${Math.round(q * 1000) / 10}`)
  const qs = family.quantiles.map((e) => e.q)
  return `box p25–p75, line median, whiskers ${name(qs[0])}–${name(qs[qs.length - 1])}`
}

export function boxOption(input: QuantileChartInput): EChartsOption {
  const { unit } = metricUnit(input.family.id)
  const docs = [{ label: null as string | null, doc: input.doc }, ...(input.overlays ?? []).map((o) => ({ label: o.label as string | null, doc: o.doc }))]
  const categories: string[] = []
  const series: BoxplotSeriesOption[] = []
  const groupNames: string[] = []
  for (const { label, doc } of docs) {
    const names = seriesParams(doc.points, sweptParams(doc.points), input.x)
    for (const g of groupPoints(doc.points, names)) {
      const byX = new Map(g.points.map((p) => [input.x ? String(p.params[input.x]) : 'all points', boxOf(p, input.family)]))
      for (const x of byX.keys()) if (!categories.includes(x)) categories.push(x)
      if (!groupNames.includes(g.label)) groupNames.push(g.label)
      series.push({
        type: 'boxplot', name: label ? `${g.label} — ${label}` : g.label, color: colorAt(input.theme, groupNames.indexOf(g.label)),
        itemStyle: { color: 'transparent', borderColor: colorAt(input.theme, groupNames.indexOf(g.label)), borderType: label ? 'dashed' : 'solid' },
        data: [...byX.entries()].map(([x, box]) => ({ name: x, value: box ?? [] }))
      })
    }
  }
  // Align each series' boxes with the category order.
  for (const s of series) {
    const items = s.data as { name: string; value: number[] }[]
    s.data = categories.map((c) => items.find((d) => d.name === c)?.value ?? [])
  }
  return {
    ...baseOption(input.theme, `${input.family.id.replace(/_[a-z]+$/, '')} distribution (${unit})`, whiskerNote(input.family)),
    tooltip: { trigger: 'item', confine: true, formatter: (p: unknown) => {
      const v = ((p as { value?: number[] }).value ?? []).slice(-5)
      return ['low', 'p25', 'median', 'p75', 'high'].map((n, i) => `${n}: ${formatValue(v[i], unit)}`).join('<br/>')
    } },
    xAxis: { type: 'category', name: input.xLabel ?? input.x ?? '', nameLocation: 'middle', nameGap: 28, data: categories, ...axisStyle(input.theme), axisLabel: { color: input.theme.muted, interval: 0, hideOverlap: false } },
    yAxis: { type: 'value', name: unit, ...axisStyle(input.theme) },
    series
  } as EChartsOption
}

/** At most this many CDF lines (the first points of the sweep). */
export const MAX_CDF_SERIES = 24

export function cdfOption(input: QuantileChartInput): EChartsOption {
  const { unit } = metricUnit(input.family.id)
  const docs = [{ label: null as string | null, doc: input.doc }, ...(input.overlays ?? []).map((o) => ({ label: o.label as string | null, doc: o.doc }))]
  const series: LineSeriesOption[] = []
  let total = 0
  let buckets = 0
  let gaps = 0
  for (const { label, doc } of docs) {
    const swept = sweptParams(doc.points)
    for (const p of doc.points) {
      total++
      if (series.length >= MAX_CDF_SERIES) continue
      const { scale } = metricUnit(input.family.id)
      const fromBuckets = input.family.cdf ? cdfPoints(p, input.family.cdf).map(([value, q]) => [value * scale, q]) : []
      if (fromBuckets.length > 0) buckets++
      const data = fromBuckets.length > 0 ? fromBuckets : [...quantileValues(p, input.family).entries()].sort(([a], [b]) => a - b).map(([q, value]) => [value, q])
      if (data.length === 0) {
        gaps++
        continue
      }
      const name = label ? `${pointLabel(p.params, swept, doc.points)} — ${label}` : pointLabel(p.params, swept, doc.points)
      series.push({
        type: 'line', name, color: colorAt(input.theme, series.length), symbolSize: fromBuckets.length > 0 ? 3 : 5,
        step: fromBuckets.length > 0 ? 'end' : undefined,
        lineStyle: { type: label ? 'dashed' : 'solid' },
        data
      })
    }
  }
  const source = buckets === series.length && buckets > 0
    ? `from each point's latency histogram (${input.family.cdf}, mean over replications per percentile)`
    : buckets > 0 ? `from the latency histograms where the results carry them, else the reported quantiles`
      : `from each point's reported quantiles only (${input.family.quantiles.map((e) => e.metric).join(', ')}); results of this engine carry the histogram`
  const note = gaps > 0 ? `${source}; ${gaps} point${gaps === 1 ? '' : 's'} without a value left out` : source
  return {
    ...baseOption(input.theme, `CDF of ${input.family.id.replace(/_[a-z]+$/, '')} (${unit})`, total > series.length ? `${note}; first ${series.length} of ${total} points` : note),
    tooltip: { trigger: 'item', confine: true, formatter: (p: unknown) => {
      const v = (p as { value?: number[] }).value ?? []
      return `${formatValue(v[0], unit)}: ${formatValue(Number(v[1]) * 100, '%')} of probes at or below`
    } },
    xAxis: { type: 'value', name: unit, scale: true, ...axisStyle(input.theme) },
    yAxis: { type: 'value', name: 'cumulative fraction (%)', min: 0, max: 1, ...axisStyle(input.theme), axisLabel: { color: input.theme.muted, formatter: (v: number) => `${Math.round(v * 100)} %` } },
    series
  } as EChartsOption
}
