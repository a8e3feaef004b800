// The parts of ECharts the results views use, registered once (tree-shaken: line, box plot, bar and
// custom series; canvas for the screen, SVG for export), and the chart's SVG drawn off-screen.
import { use, init } from 'echarts/core'
import { BarChart, BoxplotChart, CustomChart, LineChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer, SVGRenderer } from 'echarts/renderers'
import type { EChartsOption } from 'echarts'

use([LineChart, BoxplotChart, BarChart, CustomChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, AriaComponent, CanvasRenderer, SVGRenderer])

/** The chart as an SVG document, drawn by ECharts' server-side SVG renderer (no DOM, no animation). */
export function renderSvg(option: EChartsOption, width: number, height: number, background: string): string {
  const chart = init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ ...option, animation: false, backgroundColor: background })
    return chart.renderToSVGString()
  } finally {
    chart.dispose()
  }
}
