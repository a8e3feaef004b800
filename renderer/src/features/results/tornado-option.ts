// The tornado chart of a sensitivity report: the parameters that move the chosen metric most,
// largest on top, each bar an elasticity with its 95 % interval as a whisker, labelled with the
// parameter's name, unit, sourceKind and source.
import type { BarSeriesOption, CustomSeriesOption, EChartsOption } from 'echarts'
import type { SensitivityReport } from '../../../../core/api/contract'
import { axisStyle, baseOption, type ChartTheme } from './chart-theme'
import { metricLabel } from '../../model/metric-info'

export interface TornadoBar {
  readonly path: string
  /** "np-a.npPciWriteBandwidth" */
  readonly name: string
  /** "NP PCI write bandwidth (bit/s) · calibrated · 004 §5.1 …" */
  readonly label: string
  readonly elasticity: number
  readonly ci95: number | null
  readonly sourceKind: string
  readonly source: string
  /** "Hyperthreads per core (Hz)": the catalog's label and unit. */
  readonly title: string
}

const shorten = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s)

/** "topology.nodes.np-a.params.x" → "np-a.x"; "variables.g" → "g". */
export function shortPath(path: string): string {
  const s = path.split('.')
  if (s.length === 5 && s[0] === 'topology' && s[3] === 'params') return `${s[2]}.${s[4]}`
  if (s[0] === 'variables') return s.slice(1).join('.')
  return path
}

/** The bars of a metric, largest |elasticity| first (at most `top`); effects without a number are left out. */
export function tornadoBars(report: SensitivityReport, metric: string, top = 10): TornadoBar[] {
  const m = report.metrics[metric]
  if (!m) return []
  const params = new Map(report.parameters.map((p) => [p.path, p]))
  return m.effects.filter((e) => e.elasticity !== null && Number.isFinite(e.elasticity)).slice(0, top).map((e) => {
    const p = params.get(e.path)
    const sourceKind = p?.sourceKind ?? (p?.owner === 'variable' ? 'variable' : 'unlabelled')
    const source = p?.source ?? ''
    const unit = p?.unit ? ` (${p.unit})` : ''
    const title = `${p?.label ?? shortPath(e.path)}${unit}`
    return {
      path: e.path, name: shortPath(e.path), elasticity: e.elasticity as number, ci95: e.ci95, sourceKind, source, title,
      label: `${title} · ${sourceKind}${source ? ` · ${shorten(source, 48)}` : ''}`
    }
  })
}

const KIND_COLOR: Readonly<Record<string, string>> = { measured: '#009E73', calibrated: '#E69F00', assumption: '#CC79A7' }
/** Rich-text markup is braces and bars: a catalog text must not open a style. */
const plain = (s: string): string => s.replace(/[{}|]/g, ' ')

export function tornadoOption(report: SensitivityReport, metric: string, theme: ChartTheme, top = 10): EChartsOption | null {
  const bars = tornadoBars(report, metric, top)
  if (bars.length === 0) return null
  const rows = [...bars].reverse() // the category axis runs upwards: largest on top
  const how = report.method === 'oat' ? `±${Math.round(report.delta * 1000) / 10} % one at a time` : `Morris, ${report.trajectories} trajectories`
  const base = baseOption(theme, `What moves ${metricLabel(metric)}`, `elasticity with 95 % interval (${how}, ${report.replications} replications, common random numbers); colour: source kind`)
  const bar: BarSeriesOption = {
    type: 'bar', name: 'elasticity', barMaxWidth: 18,
    data: rows.map((b) => ({ value: b.elasticity, itemStyle: { color: KIND_COLOR[b.sourceKind] ?? theme.palette[0] } }))
  }
  // Each row's label, left of the axis where it cannot run into the bars: the parameter, its label
  // and unit; under it the sourceKind (in its bar's colour) and the source.
  const kindStyle = (kind: string): string => (kind in KIND_COLOR ? kind : 'other')
  const rich = {
    name: { color: theme.text, fontSize: 11, fontWeight: 'bold' as const, lineHeight: 14 },
    title: { color: theme.muted, fontSize: 11, lineHeight: 14 },
    source: { color: theme.muted, fontSize: 10, lineHeight: 13 },
    other: { color: theme.muted, fontSize: 10, fontWeight: 'bold' as const, lineHeight: 13 },
    ...Object.fromEntries(Object.entries(KIND_COLOR).map(([k, color]) => [k, { color, fontSize: 10, fontWeight: 'bold' as const, lineHeight: 13 }]))
  }
  const rowLabel = (_value: string, i: number): string => {
    const b = rows[i]
    const source = b.source.startsWith(`${b.sourceKind}: `) ? b.source.slice(b.sourceKind.length + 2) : b.source // "assumption: …" after "assumption"
    return `{name|${plain(b.name)}}{title|  ${plain(shorten(b.title, 40))}}\n{${kindStyle(b.sourceKind)}|${plain(b.sourceKind)}}{source|${source ? `  ${plain(shorten(source, 52))}` : ''}}`
  }
  const whiskers: CustomSeriesOption = {
    type: 'custom', name: '95 % interval', silent: true, z: 4,
    encode: { x: [1, 2], y: 0 }, // the interval's ends on the value axis, the row on the category axis
    data: rows.map((b, i) => [i, b.elasticity - (b.ci95 ?? 0), b.elasticity + (b.ci95 ?? 0)]),
    renderItem: (_params, api) => {
      const i = api.value(0) as number
      const lo = api.coord([api.value(1), i])
      const hi = api.coord([api.value(2), i])
      return { type: 'line', shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] }, style: { stroke: theme.text, lineWidth: 1.5 } }
    }
  }
  return {
    ...base,
    legend: { show: false },
    grid: { left: 8, right: 24, top: 64, bottom: 40, containLabel: true },
    tooltip: {
      trigger: 'item', confine: true,
      formatter: (p: unknown) => {
        const b = rows[(p as { dataIndex: number }).dataIndex]
        return b ? `${b.path}<br/>elasticity ${b.elasticity.toPrecision(3)}${b.ci95 === null ? '' : ` ± ${b.ci95.toPrecision(2)}`}<br/>${b.sourceKind}: ${b.source.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}` : ''
      }
    },
    xAxis: { type: 'value', name: 'elasticity (relative change of the metric per relative change of the parameter)', nameLocation: 'middle', nameGap: 26, ...axisStyle(theme) },
    yAxis: { type: 'category', data: rows.map((b) => b.name), ...axisStyle(theme), axisLabel: { formatter: rowLabel, rich, align: 'right' } },
    series: [bar, whiskers]
  } as EChartsOption
}
