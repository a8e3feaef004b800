// The sweep chart (the papers' Figures 2 and 3): x = a swept parameter. A numeric x draws one line
// per value of the other swept parameters with the 95 % confidence interval as a band; a categorical
// x (technique, variant) draws grouped bars with CI whiskers, every category labelled. A point whose
// metric has no value leaves a gap, and the subtitle says why. Overlaid runs are drawn dashed.
import type { BarSeriesOption, CustomSeriesOption, EChartsOption, LineSeriesOption } from 'echarts'
import { axisStyle, baseOption, colorAt, type ChartTheme } from './chart-theme'
import { formatValue, metricLabel, metricUnit, summaryOf, type ChartDocument } from '../../model/metric-info'
import { groupPoints, seriesParams, sweptParams } from '../../model/point-groups'
import type { Overlay } from '../../model/results-view'
import { MODEL_BAND_NAME, modelBandBoxes, modelBandSeries } from './uncertainty-bands'

export type { Overlay }

export interface SweepChartInput {
  readonly doc: ChartDocument
  readonly metric: string
  /** The key of an object metric (cpu_util's "dom0"). */
  readonly key?: string
  /** The swept parameter on the x axis; null for a single category. */
  readonly x: string | null
  readonly overlays?: readonly Overlay[]
  readonly theme: ChartTheme
  /** The x axis's name (the parameter's label and unit); default: the short name. */
  readonly xLabel?: string
  /** Set when the points are paired differences to this baseline ("variant=paravirtual"): titles say so. */
  readonly difference?: string
}

/** One line: the mean and CI half-width at each x (in shown units). */
export interface SweepLine {
  readonly name: string
  /** The series' parameter values; an overlaid run's line has its group's colour. */
  readonly group: string
  readonly overlay: boolean
  /** Points in sweep order; `mean` null where the metric has no value there (a gap). */
  readonly points: readonly { readonly x: number | string; readonly mean: number | null; readonly ci: number | null }[]
}

type Scalar = string | number | boolean
type Point = ChartDocument['points'][number]
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function linesOf(doc: ChartDocument, input: SweepChartInput, suffix: string | null): SweepLine[] {
  const { scale } = metricUnit(input.metric)
  const names = seriesParams(doc.points, sweptParams(doc.points), input.x)
  return groupPoints(doc.points, names).map((g) => {
    const pts = g.points.flatMap((p): SweepLine['points'][number][] => {
      const s = summaryOf(p, input.metric, input.key)
      const x: Scalar = input.x ? p.params[input.x] : 'all points'
      const at = typeof x === 'number' ? x : String(x)
      if (!s) return p.replications > 0 && p.metricsMissing?.[input.metric] ? [{ x: at, mean: null, ci: null }] : []
      if (s.mean === null) return [{ x: at, mean: null, ci: null }]
      return [{ x: at, mean: s.mean * scale, ci: s.ci95 === null ? null : s.ci95 * scale }]
    })
    return { name: suffix ? `${g.label} — ${suffix}` : g.label, group: g.label, overlay: suffix !== null, points: pts }
  })
}

/** The chart's title: the metric, or its difference to the baseline (common random numbers). */
function titleOf(input: SweepChartInput): string {
  const label = metricLabel(input.metric, input.key)
  return input.difference === undefined ? label : `${label} − baseline (${input.difference}, common random numbers)`
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
  const sorted = [...line.points].sort((a, b) => Number(coord(a.x)) - Number(coord(b.x)))
  // Runs of consecutive points with a value: a gap in the line is a gap in the band too.
  const runs: (readonly [number | string, number, number])[][] = [[]]
  for (const p of sorted) {
    if (p.mean === null) runs.push([])
    else runs[runs.length - 1].push([coord(p.x), p.mean - (p.ci ?? 0), p.mean + (p.ci ?? 0)])
  }
  const data = runs.flat()
  return {
    type: 'custom', name: line.name, silent: true, z: 1, data: data.map((d) => [...d]),
    encode: { x: 0, y: [1, 2] }, // both ends count for the y axis's extent: the band stays inside the plot
    tooltip: { show: false },
    renderItem: (params, api) => {
      if (params.dataIndex !== 0 || data.length === 0) return null
      const children = runs.filter((r) => r.length > 0).map((r) => {
        const upper = r.map(([x, , hi]) => api.coord([x, hi]))
        const lower = r.map(([x, lo]) => api.coord([x, lo])).reverse()
        return { type: 'polygon' as const, shape: { points: [...upper, ...lower] }, style: { fill: color, opacity: line.overlay ? 0.1 : 0.2 } }
      })
      return { type: 'group', children }
    }
  }
}

/** Why the chart has gaps: "no value at 2 of 8 points (guests=32 · dom0, …): no probe completed …". */
export function gapNote(docs: readonly ChartDocument[], metric: string): string | null {
  const reasons = new Map<string, number>()
  let total = 0
  let gaps = 0
  for (const d of docs) {
    for (const p of d.points as readonly Point[]) {
      total++
      const s = summaryOf(p, metric)
      const why = p.metricsMissing?.[metric]
      if (why === undefined || (s !== null && s.mean !== null)) continue
      gaps++
      reasons.set(why, (reasons.get(why) ?? 0) + 1)
    }
  }
  if (gaps === 0) return null
  const first = [...reasons.keys()][0]
  const more = reasons.size > 1 ? ` (and ${reasons.size - 1} other reason${reasons.size > 2 ? 's' : ''})` : ''
  return `no value at ${gaps} of ${total} points: ${first}${more}`
}

/** Bars of a category axis: ECharts' own layout, so the CI whiskers land on their bars. */
const BAR_CATEGORY_GAP = 0.3
const BAR_GAP = 0.1

/** CI whiskers of bar series `index` of `count`, at each category. */
function whiskerSeries(line: SweepLine, index: number, count: number, color: string, categories: readonly string[]): CustomSeriesOption {
  const data = line.points.filter((p) => p.mean !== null && p.ci !== null && p.ci > 0)
    .map((p) => [categories.indexOf(String(p.x)), (p.mean ?? 0) - (p.ci ?? 0), (p.mean ?? 0) + (p.ci ?? 0)])
  return {
    type: 'custom', name: line.name, silent: true, z: 4, data,
    encode: { x: 0, y: [1, 2] }, // the whisker's top counts for the y axis's extent
    tooltip: { show: false },
    renderItem: (_params, api) => {
      const band = (api.size?.([1, 0]) as number[] | undefined)?.[0] ?? 0
      const usable = band * (1 - BAR_CATEGORY_GAP)
      const width = usable / (count + (count - 1) * BAR_GAP)
      const dx = -usable / 2 + index * width * (1 + BAR_GAP) + width / 2
      const lo = api.coord([api.value(0), api.value(1)])
      const hi = api.coord([api.value(0), api.value(2)])
      const x = lo[0] + dx
      const half = width / 4
      const style = { stroke: color, lineWidth: 1.5 }
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: x, y1: lo[1], x2: x, y2: hi[1] }, style },
          { type: 'line', shape: { x1: x - half, y1: lo[1], x2: x + half, y2: lo[1] }, style },
          { type: 'line', shape: { x1: x - half, y1: hi[1], x2: x + half, y2: hi[1] }, style }
        ]
      }
    }
  }
}

/** The legend (each line, then the model band's entry as a dashed outline, as the band is drawn) and the tooltip. */
function legendAndTooltip(base: EChartsOption, lines: readonly SweepLine[], withModel: boolean, theme: ChartTheme, unit: string, xName: string): Pick<EChartsOption, 'legend' | 'tooltip'> {
  return {
    legend: {
      ...(base.legend as object),
      data: [...lines.map((l) => l.name), ...(withModel ? [{ name: MODEL_BAND_NAME, icon: 'rect', itemStyle: { color: 'transparent', borderColor: theme.muted, borderWidth: 1.5, borderType: 'dashed' as const } }] : [])]
    },
    tooltip: {
      trigger: 'item', confine: true,
      formatter: (p: unknown) => {
        const { seriesName, value } = p as { seriesName?: string; value?: (number | string | null)[] }
        if (!value) return ''
        const v = value[1] === null ? 'no value' : `${formatValue(Number(value[1]), unit)} ± ${formatValue(Number(value[2]), unit)}`
        return `${escapeHtml(seriesName ?? '')}<br/>${escapeHtml(xName)} = ${escapeHtml(String(value[0]))}: ${v}`
      }
    }
  }
}

/** Grouped bars over a categorical x (or one category without a sweep), every label shown. */
function barOption(input: SweepChartInput, lines: readonly SweepLine[], categories: readonly string[]): EChartsOption {
  const { unit } = metricUnit(input.metric)
  const groups = [...new Set(lines.map((l) => l.group))]
  const series: (BarSeriesOption | CustomSeriesOption)[] = []
  lines.forEach((line, i) => {
    const color = colorAt(input.theme, groups.indexOf(line.group))
    const byX = new Map(line.points.map((p) => [String(p.x), p]))
    series.push({
      type: 'bar', name: line.name, color, z: 3, barCategoryGap: `${BAR_CATEGORY_GAP * 100}%`, barGap: `${BAR_GAP * 100}%`,
      ...(line.overlay ? { itemStyle: { color: 'transparent', borderColor: color, borderType: 'dashed', borderWidth: 1.5 } } : {}),
      data: categories.map((c) => {
        const p = byX.get(c)
        return p && p.mean !== null ? [c, p.mean, p.ci ?? 0] : [c, null, null]
      })
    })
    if (line.points.some((p) => p.ci !== null && p.ci > 0)) series.push(whiskerSeries(line, i, lines.length, color, categories))
  })
  const model = modelBandBoxes(input, categories, { categoryGap: BAR_CATEGORY_GAP, barGap: BAR_GAP, count: lines.length }, (g) => colorAt(input.theme, groups.indexOf(g)))
  series.push(...model)
  const xName = input.xLabel ?? input.x ?? ''
  const note = gapNote([input.doc, ...(input.overlays ?? []).map((o) => o.doc)], input.metric)
  const base = baseOption(input.theme, titleOf(input), [`${input.difference !== undefined ? 'mean paired difference with 95 % paired-t interval' : 'mean with 95 % confidence interval'}${model.length > 0 ? ' (whiskers) and model-uncertainty band (dashed boxes)' : ''}${input.x ? `, by ${xName}` : ''}`, note].filter(Boolean).join(' — '))
  const rotate = categories.length > 4 || categories.some((c) => c.length > 14) ? 30 : 0
  // Under labels turned by 30°, the axis's name goes below the longest one (about 3.4 px of height per character at 12 px).
  const longest = Math.max(0, ...categories.map((c) => c.length))
  const nameGap = rotate ? Math.max(56, Math.round(32 + longest * 3.4)) : 28
  return {
    ...base,
    ...legendAndTooltip(base, lines, model.length > 0, input.theme, unit, xName),
    xAxis: {
      type: 'category', name: xName, nameLocation: 'middle', nameGap, data: [...categories], ...axisStyle(input.theme),
      axisLabel: { color: input.theme.muted, interval: 0, rotate, hideOverlap: false }
    },
    yAxis: { type: 'value', name: input.difference === undefined ? metricLabel(input.metric, input.key) : `Δ ${metricLabel(input.metric, input.key)}`, nameLocation: 'middle', nameGap: 48, ...axisStyle(input.theme) },
    series
  } as EChartsOption
}

export function sweepOption(input: SweepChartInput): EChartsOption {
  const { unit } = metricUnit(input.metric)
  const lines = sweepLines(input)
  const axis = xAxisKind(lines)
  if (axis.type === 'category') return barOption(input, lines, axis.categories)
  const coord = (x: number | string): number | string => x
  const groups = [...new Set(lines.map((l) => l.group))]
  const series: (LineSeriesOption | CustomSeriesOption)[] = []
  for (const line of lines) {
    const color = colorAt(input.theme, groups.indexOf(line.group))
    const data = [...line.points].sort((a, b) => Number(coord(a.x)) - Number(coord(b.x))).map((p) => [coord(p.x), p.mean, p.mean === null ? null : p.ci ?? 0])
    series.push({
      type: 'line', name: line.name, data, color, z: 3, symbolSize: 6, connectNulls: false,
      lineStyle: { width: 2, type: line.overlay ? 'dashed' : 'solid' }
    })
    if (line.points.some((p) => p.ci !== null && p.ci > 0)) series.push(bandSeries(line, color, coord))
  }
  const model = modelBandSeries(input, coord, (g) => colorAt(input.theme, groups.indexOf(g)))
  series.push(...model)
  const xName = input.xLabel ?? input.x ?? ''
  const note = gapNote([input.doc, ...(input.overlays ?? []).map((o) => o.doc)], input.metric)
  const base = baseOption(input.theme, titleOf(input), [`${input.difference !== undefined ? 'mean paired difference with 95 % paired-t band' : 'mean with 95 % confidence band'}${model.length > 0 ? ' (filled) and model-uncertainty band (dashed)' : ''}${input.x ? `, by ${xName}` : ''}`, note].filter(Boolean).join(' — '))
  return {
    ...base,
    ...legendAndTooltip(base, lines, model.length > 0, input.theme, unit, xName),
    xAxis: {
      type: axis.type, name: xName, nameLocation: 'middle', nameGap: 28, ...axisStyle(input.theme),
      ...(axis.type === 'log' ? { logBase: 2 } : { scale: true, ...(axis.integer ? { minInterval: 1 } : {}) })
    },
    yAxis: { type: 'value', name: input.difference === undefined ? metricLabel(input.metric, input.key) : `Δ ${metricLabel(input.metric, input.key)}`, nameLocation: 'middle', nameGap: 48, ...axisStyle(input.theme) },
    series
  } as EChartsOption
}
