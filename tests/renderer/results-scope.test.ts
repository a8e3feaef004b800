// The results view's series picker (issue 12): run totals, per workload or per VM from the
// breakdown metrics, and the "Over time" chart of a time series — mounted with ECharts stubbed
// (it cannot draw in happy-dom), checking the option handed to the chart.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import VChart from 'vue-echarts'
import ResultsPanel from '../../renderer/src/features/results/ResultsPanel.vue'
import ExperimentsPanel from '../../renderer/src/features/experiments/ExperimentsPanel.vue'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { metricScopes, scopedDocument, seriesMetrics, timeLines } from '../../renderer/src/model/metric-scope'
import type { ResultsDocument, ResultsPoint } from '../../core/api/contract'
import { sweepDoc } from './results-fixtures'
import { timeseriesOption } from '../../renderer/src/features/results/timeseries-option'
import { CHART_THEMES } from '../../renderer/src/features/results/chart-theme'
import { sampleProject } from './sample-project'

const s = (mean: number | null, ci95: number | null) => ({ mean, ci95 })

function point(technique: string, victim: number, goodput: number): ResultsPoint {
  return {
    params: { technique },
    replications: 2,
    metrics: {
      rtt_median_us: s(victim, 1), goodput_mbps: s(goodput, 5), vm_exits: s(10, 0),
      cpu_util: { dom0: s(0.1, 0.01), guests: s(0.2, 0.01), hypervisor: s(0.01, 0) },
      'byWorkload.victim.rtt_median_us': s(victim, 1),
      'byWorkload.victim.rtt_p99_us': s(null, null),
      'byWorkload.noisy.goodput_mbps': s(goodput, 5),
      'byVm.victim-a.domain_cpu_util': s(0.002, 0.001),
      'byVm.noisy-a.domain_cpu_util': s(0.15, 0.01),
      'byVm.noisy-a.goodput_mbps': s(goodput, 5)
    },
    metricsMissing: { 'byWorkload.victim.rtt_p99_us': 'no probe completed in the 5 ms measured after warm-up' },
    series: {
      intervalNs: 10e6,
      windowEndNs: [10e6, 20e6, 30e6],
      metrics: {
        'byWorkload.victim.rtt_median_us': [s(victim - 10, 2), s(null, null), s(victim + 10, 2)],
        'byWorkload.noisy.goodput_mbps': [s(goodput, 1), s(goodput, 1), s(goodput, 1)]
      },
      missing: { 'byWorkload.victim.rtt_median_us': 'no probe completed in the window (window 2 of 3)' }
    }
  }
}

function noisyDoc(): ResultsDocument {
  return {
    format: 'iovlab-results', version: 1, project: 'sample', experiment: 'noisy-neighbour', engine: '0.3.0',
    inputDigest: `sha256:${'1'.repeat(64)}`, digest: `sha256:${'2'.repeat(64)}`,
    points: [point('paravirtual', 400, 700), point('sriov', 100, 940)],
    paramPaths: { technique: 'variables.technique' }
  }
}

type Series = { type: string; name: string; data: unknown[] }

describe('scopes of a results document', () => {
  it('offers per workload and per VM only when the document has them', () => {
    expect(metricScopes(noisyDoc())).toEqual(['total', 'workload', 'vm'])
    expect(metricScopes(sweepDoc())).toEqual(['total'])
  })

  it('per workload: one point per workload with its id as a parameter, metrics under plain names, reasons kept', () => {
    const d = scopedDocument(noisyDoc(), 'workload')
    expect(d.points.map((p) => p.params)).toEqual([
      { technique: 'paravirtual', workload: 'victim' }, { technique: 'paravirtual', workload: 'noisy' },
      { technique: 'sriov', workload: 'victim' }, { technique: 'sriov', workload: 'noisy' }
    ])
    expect(d.points[0].metrics).toEqual({ rtt_median_us: s(400, 1), rtt_p99_us: s(null, null) })
    expect(d.points[0].metricsMissing).toEqual({ rtt_p99_us: 'no probe completed in the 5 ms measured after warm-up' })
    expect(d.points[1].metricsMissing).toBeUndefined()
    expect(d.points[0].series).toBeUndefined()
  })

  it('totals leave the breakdowns out', () => {
    const d = scopedDocument(noisyDoc(), 'total')
    expect(Object.keys(d.points[0].metrics)).toEqual(['rtt_median_us', 'goodput_mbps', 'vm_exits', 'cpu_util'])
    expect(d.points[0].metricsMissing).toEqual({})
  })

  it('time lines: one per point and workload, x in ms, gaps as null', () => {
    expect(seriesMetrics(noisyDoc())).toEqual(['goodput_mbps', 'rtt_median_us'])
    const lines = timeLines(noisyDoc(), 'rtt_median_us')
    expect(lines.map((l) => l.name)).toEqual(['technique=paravirtual · victim', 'technique=sriov · victim'])
    expect(lines[0].points).toEqual([{ t: 10, mean: 390, ci: 2 }, { t: 20, mean: null, ci: null }, { t: 30, mean: 410, ci: 2 }])
  })
})

describe('the time-series chart', () => {
  it('renders with ECharts\' SVG renderer: lines, CI bands and the time axis, without errors', async () => {
    const { renderSvg } = await import('../../renderer/src/features/results/echarts-setup')
    const opt = timeseriesOption({ doc: noisyDoc(), metric: 'goodput_mbps', theme: CHART_THEMES.light })!
    const svg = renderSvg(opt, 800, 500, '#ffffff')
    expect(svg).toContain('technique=sriov · noisy')
    expect(svg).toContain('simulated time after warm-up (ms)')
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(4)
    expect(timeseriesOption({ doc: noisyDoc(), metric: 'probes', theme: CHART_THEMES.light })).toBeNull()
  })
})

describe('the series picker in the results view', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useProjectStore().replace({ ...sampleProject(), results: [noisyDoc()] } as never)
  })
  const mountPanel = () => mount(ResultsPanel, { attachTo: document.body, global: { stubs: { Echarts: true } } })
  const optionOf = (w: ReturnType<typeof mountPanel>) => w.findComponent(VChart).props('option') as { series: Series[]; title: { text: string; subtext: string }; xAxis: { name: string } }
  const picker = (w: ReturnType<typeof mountPanel>) => w.find('[data-testid="scope-picker"]')
  const metricSelect = (w: ReturnType<typeof mountPanel>) => w.findAll('[aria-label="Chart settings"] label').find((l) => l.text().startsWith('Metric'))!.find('select')

  it('draws the totals, then one series per workload, then per VM', async () => {
    const w = mountPanel()
    await flushPromises()
    expect(picker(w).findAll('option').map((o) => o.text())).toEqual(['Run totals', 'Per workload', 'Per VM'])
    // Totals: the metric list has no breakdown names; the headline is the total RTT.
    expect(metricSelect(w).findAll('option').map((o) => o.attributes('value'))).not.toContain('byWorkload.victim.rtt_median_us')
    expect(optionOf(w).series.filter((x) => x.type === 'bar').map((x) => x.name)).toEqual(['all points'])

    await picker(w).setValue('workload')
    await metricSelect(w).setValue('goodput_mbps')
    const bars = optionOf(w).series.filter((x) => x.type === 'bar')
    expect(bars.map((b) => b.name)).toEqual(['victim', 'noisy'])
    expect(JSON.stringify(bars[1].data)).toContain('700')
    expect(JSON.stringify(bars[1].data)).toContain('940')

    await picker(w).setValue('vm')
    await metricSelect(w).setValue('domain_cpu_util')
    expect(optionOf(w).series.filter((x) => x.type === 'bar').map((x) => x.name)).toEqual(['victim-a', 'noisy-a'])
    w.unmount()
  })

  it('draws a metric over time when the results have a time series', async () => {
    const w = mountPanel()
    await flushPromises()
    const kind = w.findAll('[aria-label="Chart settings"] select')[0]
    expect(kind.findAll('option').map((o) => o.text())).toContain('Over time')
    await kind.setValue('timeseries')
    expect(picker(w).exists()).toBe(false)
    expect(metricSelect(w).findAll('option').map((o) => o.attributes('value'))).toEqual(['goodput_mbps', 'rtt_median_us'])
    await metricSelect(w).setValue('rtt_median_us')
    const opt = optionOf(w)
    expect(opt.xAxis.name).toBe('simulated time after warm-up (ms)')
    expect(opt.series.filter((x) => x.type === 'line').map((x) => [x.name, x.data])).toEqual([
      ['technique=paravirtual · victim', [[10, 390], [20, null], [30, 410]]],
      ['technique=sriov · victim', [[10, 90], [20, null], [30, 110]]]
    ])
    expect(opt.title.subtext).toMatch(/per window of 10 ms after warm-up: mean over 2 replications, 95 % CI band · gaps: no probe completed in the window/)
    w.unmount()
  })

  it('downloads the series as CSV, one row per point, series and window', async () => {
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => { blobs.push(b as Blob); return 'blob:x' })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { clicked.push(this.download) })
    const w = mountPanel()
    await flushPromises()
    await w.find('[data-testid="export-series"]').trigger('click')
    expect(clicked).toEqual(['sample_stored-series.csv'])
    const lines = (await blobs[0].text()).trimEnd().split('\n')
    expect(lines[0]).toBe('experiment,technique,scope,scope_id,metric,window,window_end_ms,mean,ci95,n')
    expect(lines).toContain('noisy-neighbour,paravirtual,workload,victim,rtt_median_us,2,20,,,2')
    expect(lines).toHaveLength(1 + 2 * 2 * 3)
    vi.restoreAllMocks()
    w.unmount()
  })

  it('results without breakdowns have no picker and no time chart', async () => {
    useProjectStore().replace({ ...sampleProject(), results: [sweepDoc()] } as never)
    const w = mountPanel()
    await flushPromises()
    expect(picker(w).exists()).toBe(false)
    expect(w.findAll('[aria-label="Chart settings"] select')[0].findAll('option').map((o) => o.text())).not.toContain('Over time')
    w.unmount()
  })
})

describe('the time series in the experiment designer', () => {
  it('sets, checks and turns off the window length, with undo', async () => {
    setActivePinia(createPinia())
    const project = useProjectStore()
    project.replace(sampleProject())
    const w = mount(ExperimentsPanel, { attachTo: document.body })
    const field = () => w.find('#exp-e1-timeseries')
    const type = async (text: string) => { await field().setValue(text); await field().trigger('change'); await flushPromises() }
    expect((field().element as HTMLInputElement).value).toBe('')
    await type('1ms')
    expect(project.doc.experiments[0].timeseries).toEqual({ interval: '1ms' })
    useHistoryStore().undo()
    expect(project.doc.experiments[0].timeseries).toBeUndefined()
    useHistoryStore().redo()
    expect(project.doc.experiments[0].timeseries).toEqual({ interval: '1ms' })
    await type('soon')
    expect(project.doc.experiments[0].timeseries).toEqual({ interval: '1ms' }) // a wrong one is refused
    await type('')
    expect(project.doc.experiments[0].timeseries).toBeUndefined()
    w.unmount()
  })
})
