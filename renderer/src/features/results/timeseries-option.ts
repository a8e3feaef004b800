// The time-series chart (issue 12): a metric over simulated time after warm-up, one line per point
// and workload — the mean over the replications in each window, with its 95 % CI as a band — from
// the results' `series` (an experiment with "timeseries"). A window without a sample is a gap.
import type { CustomSeriesOption, EChartsOption, LineSeriesOption } from 'echarts'
import { axisStyle, baseOption, colorAt, type ChartTheme } from './chart-theme'
import { metricLabel, metricUnit, type ChartDocument } from '../../model/metric-info'
import { timeGapNote, timeLines } from '../../model/metric-scope'

export interface TimeseriesInput {
  readonly doc: ChartDocument
  readonly metric: string
  readonly theme: ChartTheme
}

export function timeseriesOption({ doc, metric, theme }: TimeseriesInput): EChartsOption | null {
  const lines = timeLines(doc, metric)
  if (lines.length === 0) return null
  const { unit, scale } = metricUnit(metric)
  const interval = doc.points.find((p) => p.series)?.series?.intervalNs ?? 0
  const reps = [...new Set(doc.points.filter((p) => p.series).map((p) => p.replications))].join('/')
  const gap = timeGapNote(doc, metric)
  const subtitle = `per window of ${interval / 1e6} ms after warm-up: mean over ${reps} replication${reps === '1' ? '' : 's'}, 95 % CI band${gap ? ` · ${gap}` : ''}`
  const series: (LineSeriesOption | CustomSeriesOption)[] = []
  lines.forEach((line, i) => {
    const color = colorAt(theme, i)
    const data = line.points.map((p) => [p.t, p.mean === null ? null : p.mean * scale])
    series.push({ type: 'line', name: line.name, data, connectNulls: false, showSymbol: line.points.length <= 60, symbolSize: 4, lineStyle: { color, width: 1.5 }, itemStyle: { color }, z: 3 })
    const band = line.points.filter((p) => p.mean !== null && p.ci !== null && p.ci > 0).map((p) => [p.t, (p.mean! - p.ci!) * scale, (p.mean! + p.ci!) * scale])
    if (band.length > 1) {
      series.push({
        type: 'custom', name: line.name, silent: true, z: 1, data: band, encode: { x: 0, y: [1, 2] }, tooltip: { show: false },
        renderItem: (params, api) => {
          if (params.dataIndex !== 0) return null
          const upper = band.map(([t, , hi]) => api.coord([t, hi]))
          const lower = band.map(([t, lo]) => api.coord([t, lo])).reverse()
          return { type: 'polygon', shape: { points: [...upper, ...lower] }, style: { fill: color, opacity: 0.15 } }
        }
      })
    }
  })
  const base = baseOption(theme, `${metricLabel(metric)} over time`, subtitle)
  return {
    ...base,
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => (typeof v === 'number' ? `${Number(v.toPrecision(4))}${unit ? ` ${unit}` : ''}` : '—') },
    xAxis: { type: 'value', name: 'simulated time after warm-up (ms)', nameLocation: 'middle', nameGap: 26, ...axisStyle(theme) },
    yAxis: { type: 'value', name: unit || 'count per window', scale: true, ...axisStyle(theme) },
    series
  }
}
