// The charts' colours for the light and dark workbench themes, and the option parts every chart
// shares (text, axes, grid, legend, tooltip, accessibility description).
import type { EChartsOption } from 'echarts'

export interface ChartTheme {
  readonly text: string
  readonly muted: string
  readonly axis: string
  readonly split: string
  readonly background: string
  /** Series colours: Okabe–Ito (colour-blind friendly) first, then four more for long breakdowns. */
  readonly palette: readonly string[]
}

const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#999999', '#7F3C8D', '#11A579', '#F2B701', '#3969AC']

export const CHART_THEMES: Readonly<Record<'light' | 'dark', ChartTheme>> = {
  light: { text: '#0f172a', muted: '#475569', axis: '#64748b', split: '#e2e8f0', background: '#ffffff', palette: PALETTE },
  dark: { text: '#e2e8f0', muted: '#94a3b8', axis: '#64748b', split: '#1e293b', background: '#0f172a', palette: ['#56B4E9', ...PALETTE.slice(1, 4), '#0072B2', ...PALETTE.slice(5)] }
}

export const colorAt = (theme: ChartTheme, i: number): string => theme.palette[i % theme.palette.length]

/** Title, legend, tooltip, grid and ARIA description shared by every results chart. */
export function baseOption(theme: ChartTheme, title: string, subtitle: string): EChartsOption {
  return {
    animationDuration: 300,
    backgroundColor: 'transparent',
    aria: { enabled: true },
    textStyle: { color: theme.text },
    // Compact enough that the plot keeps most of the panel's default height (about 20 rem).
    title: { text: title, subtext: subtitle, left: 8, top: 2, itemGap: 4, textStyle: { color: theme.text, fontSize: 13 }, subtextStyle: { color: theme.muted, fontSize: 11, width: 900, overflow: 'truncate' } },
    legend: { type: 'scroll', top: 38, left: 8, right: 8, itemHeight: 10, textStyle: { color: theme.text, fontSize: 11 } },
    tooltip: { trigger: 'item', confine: true },
    grid: { left: 56, right: 20, top: 66, bottom: 40, containLabel: true }
  }
}

/** An axis in the theme's colours. */
export function axisStyle(theme: ChartTheme): Record<string, unknown> {
  return {
    nameTextStyle: { color: theme.muted },
    axisLine: { lineStyle: { color: theme.axis } },
    axisLabel: { color: theme.muted },
    splitLine: { lineStyle: { color: theme.split } }
  }
}
