// The sensitivity part of the results view: the button starts startSensitivity for the shown
// experiment at the chosen point (all catalog parameters), progress and Stop work through the host,
// and the report becomes a tornado chart — ten bars at most, largest on top, each labelled with the
// parameter's name, unit, sourceKind and source, with its interval as a whisker. Also: the model
// band of the sweep chart, distinguishable from the CI band and named in the legend.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import VChart from 'vue-echarts'
import type { ApiResponse, SensitivityReport, StartedSensitivity } from '../../core/api/contract'
import SensitivityTornado from '../../renderer/src/features/results/SensitivityTornado.vue'
import { CHART_THEMES } from '../../renderer/src/features/results/chart-theme'
import { sweepOption } from '../../renderer/src/features/results/sweep-option'
import { tornadoBars, tornadoOption } from '../../renderer/src/features/results/tornado-option'
import { MODEL_BAND_NAME } from '../../renderer/src/features/results/uncertainty-bands'
import { useProjectStore } from '../../renderer/src/stores/project'
import { useSensitivityStore } from '../../renderer/src/stores/sensitivity'
import { sweepDoc } from './results-fixtures'
import { runHost, type RunHost } from './run-fake-host'
import { sampleProject } from './sample-project'

let host: RunHost
let startSensitivity: ReturnType<typeof vi.fn>

function report(n = 12): SensitivityReport {
  const parameters = Array.from({ length: n }, (_, i) => ({
    path: `topology.nodes.host-a.params.p${i}`, label: `Parameter ${i}`, unit: i === 0 ? 'Hz' : 'cycles', owner: 'host',
    sourceKind: ['measured', 'assumption', 'calibrated'][i % 3], source: `seed 004 §${i}`, base: 10, low: 9, high: 11
  }))
  const effects = parameters.map((p, i) => ({ path: p.path, elasticity: (i % 2 === 0 ? -1 : 1) * (n - i) / 10, ci95: 0.05, n: 3 }))
  return {
    format: 'iovlab-sensitivity', version: 1, project: 'sample', experiment: 'latency', method: 'oat', delta: 0.1,
    point: { index: 2, params: { guests: 2, variant: 'self-virtualized' } }, replications: 3, runs: 75, parameters, skipped: [],
    metrics: { rtt_median_us: { base: { mean: 61, ci95: 1 }, effects }, goodput_mbps: { base: { mean: 0, ci95: 0 }, effects: effects.map((e) => ({ ...e, elasticity: null, ci95: null, note: 'the metric is 0' })) } }
  }
}

beforeEach(() => {
  host = runHost()
  startSensitivity = vi.fn(async (): Promise<ApiResponse<StartedSensitivity>> => ({ ok: true, value: { runId: 'sens-1', runs: 75, parameters: 12, skipped: [], jobs: 2 } }))
  ;(host.api as unknown as Record<string, unknown>).startSensitivity = startSensitivity
  window.workbench = host
  setActivePinia(createPinia())
  useProjectStore().replace({ ...sampleProject(), results: [sweepDoc()] } as never)
})
afterEach(() => { delete window.workbench })

describe('tornado option', () => {
  it('ten bars, largest |elasticity| on top, labelled with name, unit, sourceKind and source, with whiskers', () => {
    const r = report()
    const bars = tornadoBars(r, 'rtt_median_us')
    expect(bars).toHaveLength(10)
    expect(bars[0]).toMatchObject({ name: 'host-a.p0', elasticity: -1.2, sourceKind: 'measured', label: 'Parameter 0 (Hz) · measured · seed 004 §0' })
    expect(bars[1].label).toBe('Parameter 1 (cycles) · assumption · seed 004 §1')
    const option = tornadoOption(r, 'rtt_median_us', CHART_THEMES.light) as { yAxis: { data: string[] }; series: { type: string; data: unknown[] }[] }
    expect(option.yAxis.data.at(-1)).toBe('host-a.p0') // the category axis runs upwards
    expect(option.series.map((s) => s.type)).toEqual(['bar', 'custom'])
    expect(option.series[1].data.at(-1)).toEqual([9, -1.25, -1.15])
    expect(tornadoOption(r, 'goodput_mbps', CHART_THEMES.light)).toBeNull()
  })

  it('labels each row left of the axis, where no bar or whisker runs over it: name, label and unit; sourceKind in its colour and the source', () => {
    const base = report()
    const r = { ...base, parameters: base.parameters.map((p, i) => (i === 1 ? { ...p, source: 'assumption: a {guess} | rounded' } : p)) }
    const option = tornadoOption(r, 'rtt_median_us', CHART_THEMES.light) as { title: { text: string }; yAxis: { data: string[]; axisLabel: { formatter: (v: string, i: number) => string; rich: Record<string, { color?: string }> } }; series: { type: string; label?: unknown }[] }
    expect(option.title.text).toBe('What moves rtt median (µs)')
    expect(option.series[0].label).toBeUndefined()
    const rows = option.yAxis.data
    const top = option.yAxis.axisLabel.formatter(rows[9], 9)
    expect(top).toBe('{name|host-a.p0}{title|  Parameter 0 (Hz)}\n{measured|measured}{source|  seed 004 §0}')
    expect(option.yAxis.axisLabel.rich.measured.color).toBe('#009E73')
    // A source that repeats its kind loses the repetition; braces and bars cannot open a style.
    expect(option.yAxis.axisLabel.formatter(rows[8], 8)).toBe('{name|host-a.p1}{title|  Parameter 1 (cycles)}\n{assumption|assumption}{source|  a  guess    rounded}')
  })
})

describe('SensitivityTornado', () => {
  it('starts for the shown experiment at the chosen point, shows progress, stops, and draws the report', async () => {
    const w = mount(SensitivityTornado, { attachTo: document.body, global: { stubs: { Echarts: true } } })
    await flushPromises()
    await w.find('select[aria-label="Sensitivity point"]').setValue('2')
    await w.findAll('button').find((b) => b.text() === 'Sensitivity at this point')!.trigger('click')
    await flushPromises()
    expect(startSensitivity).toHaveBeenCalledTimes(1)
    expect(startSensitivity.mock.calls[0][0]).toMatchObject({ experimentId: 'latency', pointIndex: 2, all: true })
    expect(startSensitivity.mock.calls[0][0].project.results).toBeUndefined()
    host.emit({ type: 'run-progress', runId: 'sens-1', progress: { runsDone: 30, runsFailed: 0, runsTotal: 75, active: [], eventsPerSecond: 1e6, etaSeconds: 9, elapsedSeconds: 3 } })
    await flushPromises()
    expect(w.find('[role="status"]').text()).toBe('Running: 30 of 75 runs, about 9 s left')
    await w.findAll('button').find((b) => b.text() === 'Stop')!.trigger('click')
    expect(host.stopRun).toHaveBeenCalledWith({ runId: 'sens-1' })
    host.emit({ type: 'run-progress', runId: 'other', progress: { runsDone: 1, runsFailed: 0, runsTotal: 2, active: [], eventsPerSecond: 1, etaSeconds: 1, elapsedSeconds: 1 } })
    host.emit({ type: 'sensitivity-done', runId: 'sens-1', report: report(), failed: 0, cancelled: false })
    await flushPromises()
    expect(useSensitivityStore().state).toBe('done')
    const option = w.findComponent(VChart).props('option') as { yAxis: { data: string[] } }
    expect(option.yAxis.data).toHaveLength(10)
    const items = w.findAll('[aria-label="Parameters by effect"] li').map((li) => li.text())
    expect(items[0]).toBe('host-a.p0: -1.20 ± 0.050 — Parameter 0 (Hz) · measured · seed 004 §0')
    expect(w.findAll('select[aria-label="Sensitivity metric"] option').map((o) => [o.attributes('value'), o.text()])).toEqual([['rtt_median_us', 'rtt median (µs)']])
    w.unmount()
  })

  it('says why when the start is refused, and a cancelled analysis leaves no chart', async () => {
    startSensitivity.mockResolvedValueOnce({ ok: false, errors: [{ code: 'bad-sensitivity', message: 'no parameter left to perturb' }] })
    const w = mount(SensitivityTornado, { global: { stubs: { Echarts: true } } })
    await w.findAll('button').find((b) => b.text() === 'Sensitivity at this point')!.trigger('click')
    await flushPromises()
    expect(w.find('[role="status"]').text()).toBe('Failed: no parameter left to perturb')
    await w.findAll('button').find((b) => b.text() === 'Sensitivity at this point')!.trigger('click')
    await flushPromises()
    host.emit({ type: 'sensitivity-done', runId: 'sens-1', report: null, failed: 0, cancelled: true })
    await flushPromises()
    expect(w.find('[role="status"]').text()).toBe('Stopped; no report.')
    expect(w.findComponent(VChart).exists()).toBe(false)
    w.unmount()
  })
})

describe('model-uncertainty band in the sweep chart', () => {
  it('a dashed outline per line beside the filled CI band, with its own legend entry', () => {
    const doc = sweepDoc()
    const withBands = { ...doc, points: doc.points.map((p) => ({ ...p, uncertainty: { samples: 8, metrics: { rtt_median_us: { p05: (p.metrics.rtt_median_us as { mean: number }).mean - 6, p50: 0, p95: (p.metrics.rtt_median_us as { mean: number }).mean + 9 } } } })) }
    const option = sweepOption({ doc: withBands, metric: 'rtt_median_us', x: 'guests', theme: CHART_THEMES.light }) as { legend: { data: (string | { name: string; itemStyle: { borderType: string } })[] }; title: { subtext: string }; series: { type: string; name: string; data: unknown[] }[] }
    const model = option.series.filter((s) => s.name === MODEL_BAND_NAME)
    expect(model).toHaveLength(2)
    expect(model[0].data).toEqual([[1, 55, 70], [2, 56, 71], [4, 58, 73]])
    expect(option.legend.data.at(-1)).toMatchObject({ name: MODEL_BAND_NAME, itemStyle: { borderType: 'dashed' } }) // drawn as the band is
    expect(option.title.subtext).toMatch(/confidence band \(filled\) and model-uncertainty band \(dashed\)/)
    const plain = sweepOption({ doc, metric: 'rtt_median_us', x: 'guests', theme: CHART_THEMES.light }) as { legend: { data: string[] }; series: { name: string }[] }
    expect(plain.series.some((s) => s.name === MODEL_BAND_NAME)).toBe(false)
    expect(plain.legend.data).not.toContain(MODEL_BAND_NAME)
  })
})

describe('model-uncertainty band on grouped bars', () => {
  it('a technique axis draws a dashed box from the 5th to the 95th percentile for each bar, with the legend entry', () => {
    const doc = sweepDoc()
    const withBands = { ...doc, points: doc.points.map((p) => ({ ...p, uncertainty: { samples: 8, metrics: { rtt_median_us: { p05: (p.metrics.rtt_median_us as { mean: number }).mean - 6, p50: 0, p95: (p.metrics.rtt_median_us as { mean: number }).mean + 9 } } } })) }
    const option = sweepOption({ doc: withBands, metric: 'rtt_median_us', x: 'technique', theme: CHART_THEMES.light }) as { legend: { data: (string | { name: string })[] }; title: { subtext: string }; series: { type: string; name: string; data: unknown[] }[] }
    expect(option.series.some((s) => s.type === 'bar')).toBe(true)
    const model = option.series.filter((s) => s.name === MODEL_BAND_NAME)
    expect(model.length).toBeGreaterThan(0)
    // every box spans p05…p95 (mean − 6 … mean + 9) at its bar's category
    for (const s of model) for (const [, lo, hi] of s.data as [number, number, number][]) expect(hi - lo).toBeCloseTo(15, 9)
    expect(option.legend.data.at(-1)).toMatchObject({ name: MODEL_BAND_NAME })
    expect(option.title.subtext).toMatch(/model-uncertainty band \(dashed boxes\)/)
    const plain = sweepOption({ doc, metric: 'rtt_median_us', x: 'technique', theme: CHART_THEMES.light }) as { series: { name: string }[] }
    expect(plain.series.some((s) => s.name === MODEL_BAND_NAME)).toBe(false)
  })
})

describe('model uncertainty from the run panel', () => {
  it('the run store asks for the samples and counts their runs', async () => {
    const { useRunStore } = await import('../../renderer/src/stores/run')
    const run = useRunStore()
    const plain = run.plannedRuns
    run.uncertainty = 16
    expect(run.plannedRuns).toBe(plain * 17)
    await run.start()
    expect(host.startRun.mock.calls[0][0]).toMatchObject({ uncertainty: 16 })
    run.dispose()
  })
})
