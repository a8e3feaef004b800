// The model-uncertainty band of the sweep chart (`run --uncertainty N`): for each line of the
// current document, the 5th–95th percentile over the parameter samples, drawn as a dashed outline
// without fill so it stays apart from the filled 95 % confidence band of the replications. All
// bands share one legend entry, MODEL_BAND_NAME, which says what they are and toggles them.
import type { CustomSeriesOption } from 'echarts'
import type { ChartDocument } from '../../model/metric-info'
import { metricUnit } from '../../model/metric-info'
import { groupPoints, seriesParams, sweptParams } from '../../model/point-groups'

export const MODEL_BAND_NAME = 'Model uncertainty (5th–95th percentile over parameter samples)'

interface Band { readonly p05: number | null; readonly p95: number | null }

/** The band of one point for a metric (and key), or null when the point has none. */
export function bandOf(point: ChartDocument['points'][number], metric: string, key?: string): Band | null {
  const m = point.uncertainty?.metrics[metric] as Band | Record<string, Band> | undefined
  if (!m) return null
  const b = (key ? (m as Record<string, Band>)[key] : m) as Band | undefined
  return b && typeof b === 'object' && 'p05' in b ? b : null
}

export interface ModelBandInput {
  readonly doc: ChartDocument
  readonly metric: string
  readonly key?: string
  readonly x: string | null
}

/** One dashed outline per line of the current document; none when it was run without --uncertainty. */
export function modelBandSeries(input: ModelBandInput, coord: (x: number | string) => number | string, colorOf: (group: string) => string): CustomSeriesOption[] {
  const { scale } = metricUnit(input.metric)
  const names = seriesParams(input.doc.points, sweptParams(input.doc.points), input.x)
  const out: CustomSeriesOption[] = []
  for (const g of groupPoints(input.doc.points, names)) {
    const data = g.points.flatMap((p) => {
      const b = bandOf(p, input.metric, input.key)
      if (!b || b.p05 === null || b.p95 === null) return []
      const x = input.x ? p.params[input.x] : 'all points'
      return [[coord(typeof x === 'number' ? x : String(x)), b.p05 * scale, b.p95 * scale] as [number | string, number, number]]
    }).sort((a, b) => Number(a[0]) - Number(b[0]))
    if (data.length === 0) continue
    const color = colorOf(g.label)
    out.push({
      type: 'custom', name: MODEL_BAND_NAME, silent: true, z: 2, data,
      encode: { x: 0, y: [1, 2] }, // both ends count for the y axis's extent
      itemStyle: { color, borderType: 'dashed' },
      tooltip: { show: false },
      renderItem: (params, api) => {
        if (params.dataIndex !== 0) return null
        const upper = data.map(([x, , hi]) => api.coord([x, hi]))
        const lower = data.map(([x, lo]) => api.coord([x, lo])).reverse()
        // A single point: a short vertical whisker instead of a degenerate polygon.
        if (data.length === 1) {
          const [[ux, uy]] = upper
          const [[, ly]] = lower
          return { type: 'line', shape: { x1: ux, y1: uy, x2: ux, y2: ly }, style: { stroke: color, lineWidth: 2, lineDash: [4, 3] } }
        }
        return { type: 'polygon', shape: { points: [...upper, ...lower] }, style: { fill: 'none', stroke: color, lineWidth: 1.5, lineDash: [5, 4] } }
      }
    })
  }
  return out
}

/** Where the bars of a category sit: ECharts' grouped-bar layout, as fractions of the category's width. */
export interface BarGeometry {
  readonly categoryGap: number
  readonly barGap: number
  /** Bars in each category (the chart's series of bars, overlays included). */
  readonly count: number
}

/**
 * On grouped bars (a technique or variant axis): a dashed box from the 5th to the 95th percentile
 * over the samples, drawn over each bar of the current document, beside the bar's CI whisker. The
 * current document's series come first among the bars, in the order of its point groups.
 */
export function modelBandBoxes(input: ModelBandInput, categories: readonly string[], geometry: BarGeometry, colorOf: (group: string) => string): CustomSeriesOption[] {
  const { scale } = metricUnit(input.metric)
  const names = seriesParams(input.doc.points, sweptParams(input.doc.points), input.x)
  const out: CustomSeriesOption[] = []
  groupPoints(input.doc.points, names).forEach((g, index) => {
    const data = g.points.flatMap((p) => {
      const b = bandOf(p, input.metric, input.key)
      if (!b || b.p05 === null || b.p95 === null) return []
      const x = input.x ? p.params[input.x] : 'all points'
      const c = categories.indexOf(String(x))
      return c < 0 ? [] : [[c, b.p05 * scale, b.p95 * scale] as [number, number, number]]
    })
    if (data.length === 0) return
    const color = colorOf(g.label)
    out.push({
      type: 'custom', name: MODEL_BAND_NAME, silent: true, z: 5, data,
      encode: { x: 0, y: [1, 2] },
      itemStyle: { color, borderType: 'dashed' },
      tooltip: { show: false },
      renderItem: (_params, api) => {
        const band = (api.size?.([1, 0]) as number[] | undefined)?.[0] ?? 0
        const usable = band * (1 - geometry.categoryGap)
        const width = usable / (geometry.count + (geometry.count - 1) * geometry.barGap)
        const dx = -usable / 2 + index * width * (1 + geometry.barGap) + width / 2
        const lo = api.coord([api.value(0), api.value(1)])
        const hi = api.coord([api.value(0), api.value(2)])
        const w = width * 0.7
        return {
          type: 'rect',
          shape: { x: lo[0] + dx - w / 2, y: hi[1], width: w, height: Math.max(1, lo[1] - hi[1]) },
          style: { fill: 'none', stroke: color, lineWidth: 1.5, lineDash: [4, 3] }
        }
      }
    })
  })
  return out
}
