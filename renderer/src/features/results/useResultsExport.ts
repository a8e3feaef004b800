// Exports of the results view: the chart as PNG (as drawn) or SVG (drawn again by the SVG renderer),
// the shown result set as tidy CSV; files named after the project, experiment and metric.
import type { Ref } from 'vue'
import type { EChartsOption } from 'echarts'
import { useResultsStore } from '../../stores/results'
import { useUiStore } from '../../stores/ui'
import { resultsCsv, seriesCsv } from './csv'
import { downloadText, downloadUrl, exportName } from './downloads'
import { renderSvg } from './echarts-setup'

export interface ChartHandle { pngDataUrl(): string | null }

export function useResultsExport(chart: Ref<ChartHandle | null>, option: Ref<EChartsOption | null>, background: Ref<string>) {
  const results = useResultsStore()
  const ui = useUiStore()
  const name = (): string => exportName(results.document?.project, results.shownExperiment, results.view.kind === 'sweep' ? results.view.metric : results.view.kind)

  function png(): void {
    const url = chart.value?.pngDataUrl()
    if (url) downloadUrl(`${name()}.png`, url)
    else ui.notify('There is no chart to export yet.', 'warning')
  }

  function svg(): void {
    if (!option.value) return ui.notify('There is no chart to export yet.', 'warning')
    downloadText(`${name()}.svg`, renderSvg(option.value, 960, 600, background.value), 'image/svg+xml')
  }

  function csv(): void {
    const docs = results.current?.documents ?? []
    if (docs.length === 0) return ui.notify('There are no results to export yet.', 'warning')
    downloadText(`${exportName(docs[0].project, results.current?.source === 'project' ? 'stored' : 'run')}.csv`, resultsCsv(docs), 'text/csv')
  }

  /** The time series (experiments with "timeseries") as tidy CSV, one row per window: `iovlab export --csv --series`. */
  function seriesCsvFile(): void {
    const docs = (results.current?.documents ?? []).filter((d) => d.points.some((p) => p.series !== undefined))
    if (docs.length === 0) return ui.notify('These results have no time series.', 'warning')
    downloadText(`${exportName(docs[0].project, results.current?.source === 'project' ? 'stored' : 'run')}-series.csv`, seriesCsv(docs), 'text/csv')
  }

  return { png, svg, csv, seriesCsv: seriesCsvFile }
}
