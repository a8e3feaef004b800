// The one function from the results view's choices to an ECharts option: sweep lines, box plots,
// CDFs, stacked breakdowns or CPU utilisation, with the overlaid runs; null when there is nothing to draw.
import type { EChartsOption } from 'echarts'
import { breakdownOption, cpuKeys, type CpuView } from './breakdown-option'
import type { ChartTheme } from './chart-theme'
import type { ChartDocument } from '../../model/metric-info'
import { baselineText, diffDocument, hasDifferences, type ChartKind, type ChartView } from '../../model/results-view'
import { paramLabel, type ParamContext } from './param-label'
import { sweptParams } from '../../model/point-groups'
import { percentileOption } from './percentile-option'
import { boxOption, cdfOption } from './quantile-option'
import { sweepOption, type Overlay } from './sweep-option'
import { timeseriesOption } from './timeseries-option'

export type { ChartKind, ChartView }

export interface ChartInput {
  readonly doc: ChartDocument | null
  readonly view: ChartView
  readonly overlays: readonly Overlay[]
  readonly theme: ChartTheme
  readonly cpuView: CpuView
  /** The project's nodes and links, to name swept parameters by their catalog labels and units. */
  readonly params?: ParamContext
  /** The sweep chart as each point's paired difference to its baseline (common random numbers), with its band. */
  readonly difference?: boolean
  /** The document as stored, for the time series (`doc` may be a scope's view of it). */
  readonly raw?: ChartDocument | null
}

/** The x axis's name: the parameter's label and unit, not its path. */
export function xLabelOf(doc: ChartDocument, x: string | null, params?: ParamContext): string | undefined {
  if (!x) return undefined
  const numeric = sweptParams(doc.points).find((p) => p.name === x)?.numeric ?? false
  return paramLabel(x, doc.paramPaths?.[x], params, numeric)
}

export function chartOption({ doc, view, overlays, theme, cpuView, params, difference, raw }: ChartInput): EChartsOption | null {
  if (!doc || doc.points.length === 0) return null
  const xLabel = xLabelOf(doc, view.x, params)
  switch (view.kind) {
    case 'sweep':
      if (difference === true && hasDifferences(doc)) {
        if (!view.metric) return null
        const shown = diffDocument(doc)
        const others = overlays.filter((o) => hasDifferences(o.doc)).map((o) => ({ ...o, doc: diffDocument(o.doc) }))
        return sweepOption({ doc: shown, metric: view.metric, key: view.key ?? undefined, x: view.x, overlays: others, theme, xLabel, difference: baselineText(doc) })
      }
      return view.metric ? sweepOption({ doc, metric: view.metric, key: view.key ?? undefined, x: view.x, overlays, theme, xLabel }) : null
    case 'percentiles':
      return view.family ? percentileOption({ doc, family: view.family, x: view.x, overlays, theme, xLabel }) : null
    case 'box':
      return view.family ? boxOption({ doc, family: view.family, x: view.x, overlays, theme, xLabel }) : null
    case 'cdf':
      return view.family ? cdfOption({ doc, family: view.family, x: view.x, overlays, theme }) : null
    case 'breakdown':
      return view.metric ? breakdownOption({ doc, metric: view.metric, stacked: true, overlays, theme }) : null
    case 'timeseries':
      return view.metric ? timeseriesOption({ doc: raw ?? doc, metric: view.metric, theme }) : null
    case 'cpu':
      return breakdownOption({
        doc, metric: 'cpu_util', keys: cpuKeys(view.keys, cpuView), stacked: cpuView === 'domain', overlays, theme,
        subtitle: cpuView === 'domain' ? 'share of all CPUs per domain, stacked (mean per point)' : 'utilisation of each physical CPU (mean per point)'
      })
  }
}
