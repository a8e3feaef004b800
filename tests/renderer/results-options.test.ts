// The results charts as ECharts options, checked without drawing: series per variant with CI bands
// (Figures 2 and 3), box plots from the quartiles (Figure 7), CDFs, stacked stage bars (Figure 4) and
// CPU utilisation per domain and per CPU; metric names to units and quantile families.
import { describe, expect, it } from 'vitest'
import { breakdownOption, cpuKeys } from '../../renderer/src/features/results/breakdown-option'
import { CHART_THEMES } from '../../renderer/src/features/results/chart-theme'
import { formatValue, metricCatalog, metricLabel, metricUnit, quantileFamilies } from '../../renderer/src/model/metric-info'
import { defaultX, labelOf, seriesParams, sweptParams } from '../../renderer/src/model/point-groups'
import { boxOf, boxOption, cdfOption } from '../../renderer/src/features/results/quantile-option'
import { sweepOption } from '../../renderer/src/features/results/sweep-option'
import { paramLabel } from '../../renderer/src/features/results/param-label'
import { xLabelOf } from '../../renderer/src/features/results/chart-option'
import { sweepDoc } from './results-fixtures'

const theme = CHART_THEMES.light
const s = (mean: number, ci95: number) => ({ mean, ci95 })
type Series = { type: string; name: string; data: unknown[]; stack?: string; lineStyle?: { type?: string }; color?: string }
const seriesOf = (option: unknown): Series[] => (option as { series: Series[] }).series

describe('metric names', () => {
  it('give units from their suffix, and percentages for utilisation', () => {
    expect(metricUnit('rtt_median_us')).toEqual({ unit: 'µs', scale: 1 })
    expect(metricUnit('goodput_mbps').unit).toBe('Mbit/s')
    expect(metricUnit('cpu_util')).toEqual({ unit: '%', scale: 100 })
    expect(metricUnit('vm_exits').unit).toBe('')
    expect(metricLabel('rtt_median_us')).toBe('rtt median (µs)')
    expect(metricLabel('vm_exits')).toBe('vm exits (count per run)')
    expect(formatValue(63.0123, 'µs')).toBe('63 µs')
    expect(formatValue(null, 'µs')).toBe('—')
  })

  it('group quantiles into families that need the median and quartiles', () => {
    const fams = quantileFamilies(['rtt_p25_us', 'rtt_median_us', 'rtt_p75_us', 'rtt_p99_us', 'rtt_mean_us', 'x_p50_ms', 'x_median_ms'])
    expect(fams).toHaveLength(1)
    expect(fams[0].id).toBe('rtt_us')
    expect(fams[0].quantiles.map((q) => [q.q, q.metric])).toEqual([[0.25, 'rtt_p25_us'], [0.5, 'rtt_median_us'], [0.75, 'rtt_p75_us'], [0.99, 'rtt_p99_us']])
  })

  it('separate number metrics from object metrics with their keys', () => {
    const c = metricCatalog([sweepDoc()])
    expect(c.numbers).toContain('rtt_median_us')
    expect(c.objects.map((o) => o.name)).toEqual(['cpu_util', 'stage_us'])
  })
})

describe('series from a sweep', () => {
  const doc = sweepDoc()
  it('put the numeric parameter on x and leave the zipped technique out of the series names', () => {
    const swept = sweptParams(doc.points)
    expect(swept.map((p) => p.name)).toEqual(['guests', 'variant', 'technique'])
    expect(defaultX(swept)).toBe('guests')
    expect(seriesParams(doc.points, swept, 'guests')).toEqual(['variant'])
    expect(labelOf({ a: 1, b: 'x' }, ['a', 'b'])).toBe('a=1, b=x')
  })
})

describe('sweep line chart', () => {
  it('draws one line per variant, each with a 95 % CI band', () => {
    const option = sweepOption({ doc: sweepDoc(), metric: 'rtt_median_us', x: 'guests', theme })
    const series = seriesOf(option)
    const lines = series.filter((s) => s.type === 'line')
    const bands = series.filter((s) => s.type === 'custom')
    expect(lines.map((l) => l.name)).toEqual(['self-virtualized', 'driver-domain'])
    expect(bands.map((b) => b.name)).toEqual(['self-virtualized', 'driver-domain'])
    expect(lines[0].data).toEqual([[1, 61, 2], [2, 62, 2], [4, 64, 2]])
    // band rows: x, mean − ci95, mean + ci95
    expect(bands[1].data).toEqual([[1, 89, 93], [2, 90, 94], [4, 92, 96]])
    expect((option.xAxis as { type: string }).type).toBe('value')
    expect((option.legend as { data: string[] }).data).toEqual(['self-virtualized', 'driver-domain'])
  })

  it('overlays an earlier run dashed, in the colour of its variant', () => {
    const option = sweepOption({ doc: sweepDoc(), metric: 'rtt_median_us', x: 'guests', theme, overlays: [{ label: 'Run 1', doc: sweepDoc('latency', 10) }] })
    const lines = seriesOf(option).filter((s) => s.type === 'line')
    expect(lines).toHaveLength(4)
    expect(lines[2].name).toBe('self-virtualized — Run 1')
    expect(lines[2].lineStyle?.type).toBe('dashed')
    expect(lines[2].color).toBe(lines[0].color)
    expect(lines[2].data[0]).toEqual([1, 71, 2])
  })

  it('draws grouped bars with CI whiskers over a categorical x, every label shown, utilisation in %', () => {
    const option = sweepOption({ doc: sweepDoc(), metric: 'cpu_util', key: 'dom0', x: 'variant', theme })
    const xAxis = option.xAxis as { type: string; data: string[]; axisLabel: { interval: number } }
    expect(xAxis.type).toBe('category')
    expect(xAxis.data).toEqual(['self-virtualized', 'driver-domain'])
    expect(xAxis.axisLabel.interval).toBe(0)
    const series = seriesOf(option)
    expect(series.filter((s) => s.type === 'line')).toEqual([])
    const bars = series.filter((s) => s.type === 'bar')
    expect(bars.map((l) => l.name)).toEqual(['guests=1', 'guests=2', 'guests=4'])
    expect(bars[0].data).toEqual([['self-virtualized', 5, 1], ['driver-domain', 5, 1]])
    // Whiskers: category index, mean − ci95, mean + ci95.
    expect(series.filter((s) => s.type === 'custom')[0].data).toEqual([[0, 4, 6], [1, 4, 6]])
  })

  it('draws a categorical sweep of many techniques as bars, none of their labels dropped', () => {
    const techniques = ['native', 'emulated', 'paravirtual', 'passthrough', 'sr-iov', 'vpio', 'self-virtualized', 'scalable-io']
    const doc = { ...sweepDoc(), points: techniques.map((t, i) => ({ params: { technique: t }, replications: 1, metrics: { rtt_median_us: { mean: 50 + i, ci95: 0 } } })) }
    const option = sweepOption({ doc, metric: 'rtt_median_us', x: 'technique', theme, xLabel: 'Technique' })
    const xAxis = option.xAxis as { data: string[]; name: string; axisLabel: { interval: number; rotate: number; hideOverlap: boolean } }
    expect(xAxis.data).toEqual(techniques)
    expect(xAxis.axisLabel).toMatchObject({ interval: 0, rotate: 30, hideOverlap: false })
    expect(xAxis.name).toBe('Technique')
    expect(seriesOf(option).map((s) => s.type)).toEqual(['bar'])
    // The axis's name goes below the longest turned label ("self-virtualized"), not across it.
    expect((option.xAxis as { nameGap: number }).nameGap).toBeGreaterThanOrEqual(32 + 16 * 3.4 - 1)
  })

  it('counts both ends of the CI band and of the whiskers for the y axis (the band stays inside the plot)', () => {
    const lines = sweepOption({ doc: sweepDoc(), metric: 'rtt_median_us', x: 'guests', theme })
    const bands = (lines.series as { type: string; encode?: unknown }[]).filter((s) => s.type === 'custom')
    expect(bands.length).toBeGreaterThan(0)
    for (const b of bands) expect(b.encode).toEqual({ x: 0, y: [1, 2] })
    const bars = sweepOption({ doc: sweepDoc(), metric: 'rtt_median_us', x: 'variant', theme })
    const whiskers = (bars.series as { type: string; encode?: unknown }[]).filter((s) => s.type === 'custom')
    expect(whiskers.length).toBeGreaterThan(0)
    for (const w of whiskers) expect(w.encode).toEqual({ x: 0, y: [1, 2] })
  })

  it('leaves a gap where a metric has no value, and says why', () => {
    const doc = sweepDoc()
    const why = 'no probe completed in the 5 s measured after warm-up'
    const points = doc.points.map((p, i) => (i === 2 ? { ...p, metricsMissing: { rtt_median_us: why }, metrics: { ...p.metrics, rtt_median_us: { mean: null, ci95: null, n: 0 } } } : p))
    const option = sweepOption({ doc: { ...doc, points }, metric: 'rtt_median_us', x: 'guests', theme })
    const lines = seriesOf(option).filter((s) => s.type === 'line')
    // guests=2, self-virtualized: a null, not a 0 and not a skipped point the line would bridge.
    expect(lines[0].data).toEqual([[1, 61, 2], [2, null, null], [4, 64, 2]])
    expect((lines[0] as { connectNulls?: boolean }).connectNulls).toBe(false)
    expect((option.title as { subtext: string }).subtext).toContain(`no value at 1 of 6 points: ${why}`)
    const bands = seriesOf(option).filter((s) => s.type === 'custom')
    expect(bands[0].data).toEqual([[1, 59, 63], [4, 62, 66]])
  })

  it('uses a log₂ axis when the numeric x spans 8× or more', () => {
    const doc = sweepDoc()
    const wide = { ...doc, points: [...doc.points.map((p) => ({ ...p, params: { ...p.params, guests: (p.params.guests as number) * 4 } })), ...doc.points] }
    expect((sweepOption({ doc: wide, metric: 'rtt_median_us', x: 'guests', theme }).xAxis as { type: string }).type).toBe('log')
  })
})

describe('axis names', () => {
  const ctx = { nodes: [{ id: 'host-a', kind: 'host' }], links: [{ id: 'l1', kind: 'ethernet' }] }
  it('name swept parameters by their catalog label and unit, not their path', () => {
    expect(paramLabel('guests', 'variables.guests')).toBe('guests')
    expect(paramLabel('dom0Vcpus', 'variables.dom0Vcpus')).toBe('dom0 vcpus')
    expect(paramLabel('vmExitCycles', 'topology.nodes.host-a.params.vmExitCycles', ctx, true)).toMatch(/^.+ \(cycles\) · host-a$/)
    expect(paramLabel('vmExitCycles', 'topology.nodes.host-a.params.vmExitCycles', ctx, true)).not.toContain('topology')
    expect(paramLabel('kind', 'topology.links.l1.kind', ctx)).toBe('link kind · l1')
    expect(paramLabel('commands', 'experiments.cc.workloads.ops.params.commands')).toBe('commands · workload ops')
  })

  it('are what the chart option puts on the x axis', () => {
    const doc = { ...sweepDoc(), paramPaths: { ...sweepDoc().paramPaths, guests: 'variables.guests' } }
    expect(xLabelOf(doc, 'guests')).toBe('guests')
    const clocked = { ...doc, points: doc.points.map((p, i) => ({ ...p, params: { ...p.params, cycles: 1000 * (i + 1) } })), paramPaths: { cycles: 'topology.nodes.host-a.params.vmExitCycles' } }
    expect(xLabelOf(clocked, 'cycles', ctx)).toMatch(/\(cycles\) · host-a$/)
  })
})

describe('box plots and CDFs', () => {
  const doc = sweepDoc()
  const family = quantileFamilies(metricCatalog([doc]).numbers)[0]

  it('box: p25, median, p75 with the outermost quantiles as whiskers', () => {
    expect(boxOf(doc.points[0], family)).toEqual([56, 56, 61, 66, 81])
    const option = boxOption({ doc, family, x: 'guests', theme })
    const series = seriesOf(option)
    expect(series.map((s) => [s.type, s.name])).toEqual([['boxplot', 'self-virtualized'], ['boxplot', 'driver-domain']])
    expect(series[1].data).toEqual([[86, 86, 91, 96, 111], [87, 87, 92, 97, 112], [89, 89, 94, 99, 114]])
    expect((option.xAxis as { data: string[] }).data).toEqual(['1', '2', '4'])
    expect((option.title as { subtext: string }).subtext).toBe('box p25–p75, line median, whiskers p25–p99')
  })

  it('CDF: drawn from the histogram buckets the results carry, a step per percentile', () => {
    const cdf = { p0: s(40, 0), p25: s(50, 1), p50: s(55, 1), p75: s(60, 1), p99: s(90, 3), p100: s(120, 5) }
    const withCdf = { ...doc, points: doc.points.map((p) => ({ ...p, metrics: { ...p.metrics, rtt_cdf_us: cdf } })) }
    const fams = quantileFamilies(metricCatalog([withCdf]).numbers, metricCatalog([withCdf]).objects.map((o) => o.name))
    expect(fams[0]).toMatchObject({ id: 'rtt_us', cdf: 'rtt_cdf_us' })
    const option = cdfOption({ doc: withCdf, family: fams[0], x: 'guests', theme })
    const series = seriesOf(option) as (Series & { step?: string })[]
    expect(series[0].data).toEqual([[40, 0], [50, 0.25], [55, 0.5], [60, 0.75], [90, 0.99], [120, 1]])
    expect(series[0].step).toBe('end')
    expect((option.title as { subtext: string }).subtext).toMatch(/^from each point's latency histogram \(rtt_cdf_us/)
    // A family known only by its distribution (rpc latency: median and p99, no quartiles) still has a CDF.
    expect(quantileFamilies(['rpc_median_us', 'rpc_p99_us'], ['rpc_cdf_us']).map((f) => [f.id, f.cdf])).toEqual([['rpc_us', 'rpc_cdf_us']])
    expect(quantileFamilies(['rpc_median_us', 'rpc_p99_us'])).toEqual([])
  })

  it('CDF: one line per point through its reported quantiles', () => {
    const series = seriesOf(cdfOption({ doc, family, x: 'guests', theme }))
    expect(series).toHaveLength(6)
    expect(series[0].name).toBe('guests=1 · self-virtualized')
    expect(series[0].data).toEqual([[56, 0.25], [61, 0.5], [66, 0.75], [81, 0.99]])
  })
})

describe('breakdowns', () => {
  const doc = sweepDoc()
  it('stacks the non-zero stages, one bar group per point (Figure 4)', () => {
    const series = seriesOf(breakdownOption({ doc, metric: 'stage_us', stacked: true, theme }))
    expect(series.map((s) => s.name)).toEqual(['msg_send', 'msg_recv'])
    expect(series.every((s) => s.stack === 'stage_us')).toBe(true)
    expect(series[0].data).toHaveLength(6)
  })

  it('leaves a gap, not a zero bar, where a point did not measure a stage', () => {
    const points = doc.points.map((p, i) => (i === 1 ? { ...p, metrics: { ...p.metrics, stage_us: { msg_send: s(14.5, 0.5) } } } : p))
    const series = seriesOf(breakdownOption({ doc: { ...doc, points }, metric: 'stage_us', stacked: true, theme }))
    expect(series[1].name).toBe('msg_recv')
    expect(series[1].data[1]).toBeNull()
    expect(series[1].data[0]).toBe(9.4)
  })

  it('splits cpu_util into domains and physical CPUs, in %', () => {
    const keys = Object.keys((doc.points[0].metrics.cpu_util as object))
    expect(cpuKeys(keys, 'domain')).toEqual(['dom0', 'guests', 'hypervisor'])
    expect(cpuKeys(keys, 'cpu')).toEqual(['host-a/cpu0', 'host-b/cpu0'])
    const series = seriesOf(breakdownOption({ doc, metric: 'cpu_util', keys: cpuKeys(keys, 'cpu'), stacked: false, theme }))
    expect(series.map((s) => s.name)).toEqual(['host-a/cpu0', 'host-b/cpu0'])
    expect(series[1].data[0]).toBeCloseTo(12)
    expect(series[0].stack).toBeUndefined()
  })
})

describe('SVG export', () => {
  it('draws the option with ECharts’ server-side SVG renderer, band and lines included', async () => {
    const { renderSvg } = await import('../../renderer/src/features/results/echarts-setup')
    const svg = renderSvg(sweepOption({ doc: sweepDoc(), metric: 'rtt_median_us', x: 'guests', theme }), 800, 500, '#ffffff')
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).toContain('self-virtualized')
    expect(svg).toContain('rtt median (µs)')
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(4)
  })

  it('draws grouped bars with their whiskers on the bars, and a line with a gap, without errors', async () => {
    const { renderSvg } = await import('../../renderer/src/features/results/echarts-setup')
    const bars = renderSvg(sweepOption({ doc: sweepDoc(), metric: 'rtt_median_us', x: 'variant', theme }), 800, 500, '#ffffff')
    expect(bars).toContain('driver-domain')
    // Three bar series × two categories, and a whisker (three strokes) on each bar: 18 strokes more than without intervals.
    const noCi = { ...sweepDoc(), points: sweepDoc().points.map((p) => ({ ...p, metrics: { ...p.metrics, rtt_median_us: { mean: (p.metrics.rtt_median_us as { mean: number }).mean, ci95: 0 } } })) }
    const plain = renderSvg(sweepOption({ doc: noCi, metric: 'rtt_median_us', x: 'variant', theme }), 800, 500, '#ffffff')
    expect((bars.match(/<path/g) ?? []).length - (plain.match(/<path/g) ?? []).length).toBe(18)
    const doc = sweepDoc()
    const points = doc.points.map((p, i) => (i === 2 ? { ...p, metricsMissing: { rtt_median_us: 'no probe completed' }, metrics: { ...p.metrics, rtt_median_us: { mean: null, ci95: null, n: 0 } } } : p))
    const gap = renderSvg(sweepOption({ doc: { ...doc, points }, metric: 'rtt_median_us', x: 'guests', theme }), 800, 500, '#ffffff')
    expect(gap).toContain('no probe completed')
  })
})
