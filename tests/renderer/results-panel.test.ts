// Mounts the results view with ECharts stubbed (it cannot draw in happy-dom) and checks the option it
// hands the chart: the region named "Results chart", series per variant with CI bands, the chart
// kinds and metric picker, overlays, and the CSV export as a download.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import VChart from 'vue-echarts'
import ResultsPanel from '../../renderer/src/features/results/ResultsPanel.vue'
import { useProjectStore } from '../../renderer/src/stores/project'
import { CHART_HEIGHT_MAX, CHART_HEIGHT_MIN, FRESHNESS_DELAY_MS, useResultsStore } from '../../renderer/src/stores/results'
import { inputDigest } from '../../core/experiment/index'
import { sweepDoc } from './results-fixtures'
import { sampleProject } from './sample-project'

type Series = { type: string; name: string; data: unknown[] }
let results: ReturnType<typeof useResultsStore>

beforeEach(() => {
  setActivePinia(createPinia())
  useProjectStore().replace({ ...sampleProject(), results: [sweepDoc()] } as never)
  results = useResultsStore()
})
afterEach(() => vi.restoreAllMocks())

function mountPanel() {
  return mount(ResultsPanel, { attachTo: document.body, global: { stubs: { Echarts: true } } })
}
const seriesOf = (w: ReturnType<typeof mountPanel>): Series[] => (w.findComponent(VChart).props('option') as { series: Series[] }).series

describe('Results view', () => {
  it('shows the results stored in the project in the region named Results chart', async () => {
    const w = mountPanel()
    await flushPromises()
    const region = w.find('[role="region"][aria-label="Results chart"]')
    expect(region.exists()).toBe(true)
    expect(region.attributes('data-series')).toBe('2')
    const series = seriesOf(w)
    expect(series.filter((s) => s.type === 'line').map((s) => s.name)).toEqual(['self-virtualized', 'driver-domain'])
    expect(series.filter((s) => s.type === 'custom')[0].data).toEqual([[1, 59, 63], [2, 60, 64], [4, 62, 66]])
    expect(region.findAll('li').map((li) => li.text())).toEqual(['self-virtualized', 'driver-domain'])
    w.unmount()
  })

  it('switches chart kind and metric from the toolbar', async () => {
    const w = mountPanel()
    await flushPromises()
    const selects = w.findAll('[aria-label="Chart settings"] select')
    const kinds = selects[0].findAll('option').map((o) => o.text())
    expect(kinds).toEqual(['Sweep (mean, 95 % CI)', 'Percentiles (p50, p99…)', 'Box plot', 'CDF', 'Breakdown (stacked)', 'CPU utilisation'])
    await selects[1].setValue('goodput_mbps')
    expect(seriesOf(w).find((s) => s.type === 'line')?.data[0]).toEqual([1, 400, 10])
    await selects[0].setValue('box')
    expect(seriesOf(w).map((s) => s.type)).toEqual(['boxplot', 'boxplot'])
    await w.findAll('[aria-label="Chart settings"] select')[0].setValue('cpu')
    expect(seriesOf(w).map((s) => s.name)).toEqual(['dom0', 'guests', 'hypervisor'])
    w.unmount()
  })

  it('overlays an earlier run when asked', async () => {
    results.beginLive()
    results.finishLive([sweepDoc('latency', 5)], 'done')
    const w = mountPanel()
    await flushPromises()
    expect(seriesOf(w).filter((s) => s.type === 'line')).toHaveLength(2)
    await w.find('input[aria-label="Overlay Stored in the project"]').setValue(true)
    const lines = seriesOf(w).filter((s) => s.type === 'line')
    expect(lines.map((s) => s.name)).toEqual(['self-virtualized', 'driver-domain', 'self-virtualized — Stored in the project', 'driver-domain — Stored in the project'])
    w.unmount()
  })

  it('exports the shown results as CSV through a download', async () => {
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((b) => { blobs.push(b as Blob); return 'blob:x' })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const clicked: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) { clicked.push(this.download) })
    const w = mountPanel()
    await flushPromises()
    await w.findAll('button').find((b) => b.text() === 'Export CSV')?.trigger('click')
    expect(clicked).toEqual(['sample_stored.csv'])
    const text = await blobs[0].text()
    expect(text.split('\n')[0]).toBe('experiment,guests,variant,technique,metric,key,mean,ci95')
    w.unmount()
  })

  it('says what to do when there are no results', async () => {
    useProjectStore().replace(sampleProject())
    const w = mountPanel()
    await flushPromises()
    expect(w.find('[role="region"][aria-label="Results chart"]').text()).toBe('No results yet: design an experiment and press Run.')
    w.unmount()
  })

  it('says when the shown results are stale, and not after a cosmetic edit', async () => {
    vi.useFakeTimers()
    try {
      const base = sampleProject()
      const doc = { ...sweepDoc('e1'), inputDigest: await inputDigest({ ...base, seed: base.seed + 1 }, 'e1') }
      useProjectStore().replace({ ...base, results: [doc] } as never)
      const w = mountPanel()
      await vi.advanceTimersByTimeAsync(FRESHNESS_DELAY_MS + 10)
      await vi.waitFor(() => expect(w.find('.lab-results-stale').exists()).toBe(true))
      expect(w.find('[role="status"]').text()).toMatch(/^Stale: the project changed since these results/)
      w.unmount()
      setActivePinia(createPinia())
      const current = { ...sweepDoc('e1'), inputDigest: await inputDigest(base, 'e1') }
      useProjectStore().replace({ ...base, name: 'Renamed', results: [current] } as never)
      const v = mountPanel()
      await vi.advanceTimersByTimeAsync(FRESHNESS_DELAY_MS + 10)
      await vi.waitFor(() => expect(useResultsStore().freshnessOfShown).toBe('current'))
      expect(v.find('.lab-results-stale').exists()).toBe(false)
      v.unmount()
    } finally {
      vi.useRealTimers()
    }
  })

  it('resizes the chart with its handle, by pointer and by keyboard, within bounds', async () => {
    const w = mountPanel()
    await flushPromises()
    const handle = w.find('[role="separator"][aria-label="Chart height"]')
    expect(handle.exists()).toBe(true)
    await handle.trigger('keydown', { key: 'End' })
    expect(results.chartHeight).toBe(CHART_HEIGHT_MAX)
    expect(w.find('.lab-results-body').attributes('style')).toContain(`height: ${CHART_HEIGHT_MAX}px`)
    await handle.trigger('keydown', { key: 'ArrowUp' })
    expect(results.chartHeight).toBe(CHART_HEIGHT_MAX - 24)
    await handle.trigger('keydown', { key: 'Home' })
    expect(results.chartHeight).toBe(CHART_HEIGHT_MIN)
    await handle.trigger('pointerdown', { clientY: 100 })
    window.dispatchEvent(new MouseEvent('pointermove', { clientY: 250 }) as PointerEvent)
    window.dispatchEvent(new MouseEvent('pointerup'))
    expect(results.chartHeight).toBe(CHART_HEIGHT_MIN + 150)
    await flushPromises()
    expect(handle.attributes('aria-valuenow')).toBe(String(CHART_HEIGHT_MIN + 150))
    w.unmount()
  })
})
