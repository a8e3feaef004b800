// The sweep line chart (the papers' Figures 2 and 3): x = a swept parameter, one line per value of
// the other swept parameters, the 95 % confidence interval as a band around each line; overlaid
// runs drawn dashed beside the current one.
import type { CustomSeriesOption, EChartsOption, LineSeriesOption } from 'echarts'
import { axisStyle, baseOption, colorAt, type ChartTheme } from './chart-theme'
import { formatValue, metricLabel, metricUnit, summaryOf, type ChartDocument } from './metric-info'
import { groupPoints, seriesParams, sweptParams } from './point-groups'
import { MODEL_BAND_NAME, modelBandSeries } from './uncertainty-bands'

export interface Overlay {
  /** Names the run in series names: "Run 1 · 10:42". */
  readonly label: string
  readonly doc: ChartDocument
}

export interface SweepChartInput {
  readonly doc: ChartDocument
  readonly metric: string
  /** The key of an object metric (cpu_util's "dom0"). */
  readonly key?: string
  /** The swept parameter on the x axis; null for a single category. */
  readonly x: string | null
  readonly overlays?: readonly Overlay[]
  readonly theme: ChartTheme
}

/** One line: the mean and CI half-width at each x (in shown units). */
export interface SweepLine {
  readonly name: string
  /** The series' parameter values; an overlaid run's line has its group's colour. */
  readonly group: string
  readonly overlay: boolean
  readonly points: readonly { readonly x: number | string; readonly mean: number; readonly ci: number | null }[]
}

type Scalar = string | number | boolean
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function linesOf(doc: ChartDocument, input: SweepChartInput, suffix: string | null): SweepLine[] {
  const { scale } = metricUnit(input.metric)
  const names = seriesParams(doc.points, sweptParams(doc.points), input.x)
  return groupPoints(doc.points, names).map((g) => {
    const pts = g.points.flatMap((p) => {
      const s = summaryOf(p, input.metric, input.key)
      if (!s || s.mean === null) return []
      const x: Scalar = input.x ? p.params[input.x] : 'all points'
      return [{ x: typeof x === 'number' ? x : String(x), mean: s.mean * scale, ci: s.ci95 === null ? null : s.ci95 * scale }]
    })
    return { name: suffix ? `${g.label} — ${suffix}` : g.label, group: g.label, overlay: suffix !== null, points: pts }
  })
}

/** Every line of the chart: the current document's, then each overlay's. */
export function sweepLines(input: SweepChartInput): SweepLine[] {
  return [linesOf(input.doc, input, null), ...(input.overlays ?? []).map((o) => linesOf(o.doc, input, o.label))].flat()
}

function xAxisKind(lines: readonly SweepLine[]): { type: 'value' | 'log' | 'category'; categories: string[]; integer: boolean } {
  const xs = lines.flatMap((l) => l.points.map((p) => p.x))
  if (xs.length > 0 && xs.every((x) => typeof x === 'number')) {
    const nums = xs as number[]
    const min = Math.min(...nums)
    const max = Math.max(...nums)
    return { type: min > 0 && max / min >= 8 && new Set(nums).size >= 3 ? 'log' : 'value', categories: [], integer: nums.every(Number.isInteger) }
  }
  return { type: 'category', categories: [...new Set(xs.map(String))], integer: false }
}

/** The CI band of a line as one polygon, drawn when ECharts renders the band's first item. */
function bandSeries(line: SweepLine, color: string, coord: (x: number | string) => number | string): CustomSeriesOption {
  const data = line.points.filter((p) => p.ci !== null).map((p) => [coord(p.x), p.mean - (p.ci ?? 0), p.mean + (p.ci ?? 0)])
  return {
    type: 'custom', name: line.name, silent: true, z: 1, data,
    tooltip: { show: false },
    renderItem: (params, api) => {
      if (params.dataIndex !== 0 || data.length === 0) return null
      const upper = data.map(([x, , hi]) => api.coord([x, hi]))
      const lower = data.map(([x, lo]) => api.coord([x, lo])).reverse()
      return { type: 'polygon', shape: { points: [...upper, ...lower] }, style: { fill: color, opacity: line.overlay ? 0.1 : 0.2 } }
    }
  }
}

export function sweepOption(input: SweepChartInput): EChartsOption {
  const { unit } = metricUnit(input.metric)
  const lines = sweepLines(input)
  const axis = xAxisKind(lines)
  const coord = (x: number | string): number | string => (axis.type === 'category' ? axis.categories.indexOf(String(x)) : x)
  const groups = [...new Set(lines.map((l) => l.group))]
  const series: (LineSeriesOption | CustomSeriesOption)[] = []
  for (const line of lines) {
    const color = colorAt(input.theme, groups.indexOf(line.group))
    const data = [...line.points].sort((a, b) => Number(coord(a.x)) - Number(coord(b.x))).map((p) => [coord(p.x), p.mean, p.ci ?? 0])
    series.push({
      type: 'line', name: line.name, data, color, z: 3, symbolSize: 6,
      lineStyle: { width: 2, type: line.overlay ? 'dashed' : 'solid' }
    })
    if (line.points.some((p) => p.ci !== null && p.ci > 0)) series.push(bandSeries(line, color, coord))
  }
  const model = modelBandSeries(input, coord, (g) => colorAt(input.theme, groups.indexOf(g)))
  series.push(...model)
  const xName = input.x ?? ''
  const base = baseOption(input.theme, metricLabel(input.metric, input.key), `mean with 95 % confidence band${model.length > 0 ? ' (filled) and model-uncertainty band (dashed)' : ''}${input.x ? `, by ${input.x}` : ''}`)
  return {
    ...base,
    legend: { ...(base.legend as object), data: [...lines.map((l) => l.name), ...(model.length > 0 ? [MODEL_BAND_NAME] : [])] },
    tooltip: {
      trigger: 'item', confine: true,
      formatter: (p: unknown) => {
        const { seriesName, value } = p as { seriesName?: string; value?: (number | string)[] }
        if (!value) return ''
        const x = axis.type === 'category' ? axis.categories[Number(value[0])] : value[0]
        return `${escapeHtml(seriesName ?? '')}<br/>${escapeHtml(xName)} = ${escapeHtml(String(x))}: ${formatValue(Number(value[1]), unit)} ± ${formatValue(Number(value[2]), unit)}`
      }
    },
    xAxis: {
      type: axis.type, name: xName, nameLocation: 'middle', nameGap: 28, ...axisStyle(input.theme),
      ...(axis.type === 'category' ? { data: axis.categories, boundaryGap: true } : axis.type === 'log' ? { logBase: 2 } : { scale: true, ...(axis.integer ? { minInterval: 1 } : {}) })
    },
    yAxis: { type: 'value', name: metricLabel(input.metric, input.key), nameLocation: 'middle', nameGap: 48, ...axisStyle(input.theme) },
    series
  } as EChartsOption
}
