// Bar charts of object metrics, one bar group per sweep point: the per-stage latency breakdown
// stacked (stage_us, the paper's Figure 4) and CPU utilisation per domain (stacked: hypervisor,
// driver domain, guests) or per physical CPU (side by side).
import type { BarSeriesOption, EChartsOption } from 'echarts'
import { axisStyle, baseOption, colorAt, type ChartTheme } from './chart-theme'
import { formatValue, metricLabel, metricUnit, summaryOf, type ChartDocument } from '../../model/metric-info'
import { pointLabel, sweptParams } from '../../model/point-groups'
import type { CpuView, Overlay } from '../../model/results-view'

export type { CpuView }

export interface BreakdownInput {
  readonly doc: ChartDocument
  readonly metric: string
  /** Keys to draw, in order; default: every key with a non-zero mean somewhere. */
  readonly keys?: readonly string[]
  readonly stacked: boolean
  readonly overlays?: readonly Overlay[]
  readonly theme: ChartTheme
  readonly subtitle?: string
}

function keysOf(docs: readonly ChartDocument[], metric: string): string[] {
  const keys: string[] = []
  for (const d of docs) {
    for (const p of d.points) {
      const v = p.metrics[metric]
      if (typeof v !== 'object' || v === null || 'mean' in v) continue
      for (const [k, s] of Object.entries(v)) if (!keys.includes(k) && s.mean !== null && s.mean !== 0) keys.push(k)
    }
  }
  return keys
}

/** cpu_util's keys for a view: domains (no "/", not "cpuN"), or physical CPUs per host ("host-a/cpu0", else "cpu0"). */
export function cpuKeys(keys: readonly string[], view: CpuView): string[] {
  if (view === 'domain') return keys.filter((k) => !k.includes('/') && !/^cpu\d+$/.test(k))
  const perHost = keys.filter((k) => /\/cpu\d+$/.test(k))
  return perHost.length > 0 ? perHost : keys.filter((k) => /^cpu\d+$/.test(k))
}

export function breakdownOption(input: BreakdownInput): EChartsOption {
  const { unit, scale } = metricUnit(input.metric)
  const docs = [{ label: null as string | null, doc: input.doc }, ...(input.overlays ?? []).map((o) => ({ label: o.label as string | null, doc: o.doc }))]
  const keys = input.keys ?? keysOf(docs.map((d) => d.doc), input.metric)
  const categories: string[] = []
  const rows: ChartDocument['points'][number][] = []
  for (const { label, doc } of docs) {
    const swept = sweptParams(doc.points)
    for (const p of doc.points) {
      categories.push(label ? `${pointLabel(p.params, swept, doc.points)} — ${label}` : pointLabel(p.params, swept, doc.points))
      rows.push(p)
    }
  }
  const series: BarSeriesOption[] = keys.map((key, i) => ({
    type: 'bar', name: key, color: colorAt(input.theme, i), ...(input.stacked ? { stack: input.metric } : {}),
    emphasis: { focus: 'series' },
    // A key a point did not measure is a gap, not a zero-height bar.
    data: rows.map((p) => {
      const s = summaryOf(p, input.metric, key)
      return s && s.mean !== null ? s.mean * scale : null
    })
  }))
  const title = metricLabel(input.metric)
  return {
    ...baseOption(input.theme, title, input.subtitle ?? (input.stacked ? 'mean per point, stacked' : 'mean per point')),
    tooltip: { trigger: 'item', confine: true, formatter: (p: unknown) => {
      const { seriesName, name, value } = p as { seriesName?: string; name?: string; value?: number }
      const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
      return `${esc(name ?? '')}<br/>${esc(seriesName ?? '')}: ${value === null || value === undefined ? 'no value' : formatValue(value, unit)}`
    } },
    xAxis: { type: 'category', data: categories, ...axisStyle(input.theme), axisLabel: { color: input.theme.muted, interval: 0, rotate: categories.length > 4 ? 30 : 0, width: 160, overflow: 'truncate' } },
    yAxis: { type: 'value', name: unit || 'count per run', ...axisStyle(input.theme) },
    series
  } as EChartsOption
}
