// Results of a block experiment (issue 11): IOPS is the headline metric, with its unit; latency p50 and
// p99 against the swept variable on one chart (the percentiles chart, each with its CI band); CPU per
// I/O; the per-stage breakdown of the block stages; and the Block I/O table with a unit on every number
// (IOPS, MB/s, µs) and "—" with the reason where nothing was measured.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import type { ResultsDocument, ResultsPoint } from '../../core/api/contract'
import BlockSummary from '../../renderer/src/features/results/BlockSummary.vue'
import { BLOCK_COLUMNS, blockRows, hasBlockMetrics } from '../../renderer/src/features/results/block-summary'
import { breakdownOption } from '../../renderer/src/features/results/breakdown-option'
import { chartOption } from '../../renderer/src/features/results/chart-option'
import { CHART_THEMES } from '../../renderer/src/features/results/chart-theme'
import { percentileDocument, percentileFamilies, percentileName, percentileOption } from '../../renderer/src/features/results/percentile-option'
import { metricLabel, metricUnit } from '../../renderer/src/model/metric-info'
import { useResultsStore } from '../../renderer/src/stores/results'
import { sweepDoc } from './results-fixtures'

const theme = CHART_THEMES.light
const s = (mean: number, ci95: number) => ({ mean, ci95 })
type Series = { type: string; name: string; data: unknown[]; stack?: string }
const seriesOf = (option: unknown): Series[] => (option as { series: Series[] }).series

/** A block point at queue depth `qd` through `technique`: IOPS rise with depth, latency with it. */
function blockPoint(qd: number, technique: string, slow = 1): ResultsPoint {
  const lat = (80 + 4 * qd) * slow
  return {
    params: { queueDepth: qd, technique },
    replications: 3,
    metrics: {
      iops: s((qd * 1e6) / lat, 100),
      io_mbps: s(((qd * 1e6) / lat) * 4096 * 8 / 1e6, 4),
      io_latency_median_us: s(lat, 1.5),
      io_latency_p99_us: s(lat * 2.2, 6),
      cpu_per_io_us: s(technique === 'paravirtual' ? 14 : 6, 0.2),
      vm_exits: s(12, 0),
      stage_us: { blk_submit: s(1.5, 0.1), nvme_device: s(lat - 10, 1), blk_complete: s(2.1, 0.1), unused: s(0, 0) },
      cpu_util: { dom0: s(0.1, 0.01), guests: s(0.3, 0.02), hypervisor: s(0.02, 0.001) }
    }
  }
}

function blockDoc(): ResultsDocument {
  return {
    format: 'iovlab-results', version: 1, project: 'storage', experiment: 'fio', engine: '0.1.0',
    inputDigest: `sha256:${'3'.repeat(64)}`, digest: `sha256:${'4'.repeat(64)}`,
    points: [1, 4, 16].flatMap((qd) => [blockPoint(qd, 'paravirtual', 1.4), blockPoint(qd, 'sriov')]),
    paramPaths: { queueDepth: 'experiments.fio.workloads.block.params.queueDepth', technique: 'topology.attachments.d1.technique' }
  }
}

describe('block metrics', () => {
  it('carry their units: IOPS in IO/s, latency and CPU per I/O in µs', () => {
    expect(metricUnit('iops')).toEqual({ unit: 'IO/s', scale: 1 })
    expect(metricLabel('iops')).toBe('iops (IO/s)')
    expect(metricLabel('io_latency_p99_us')).toBe('io latency p99 (µs)')
    expect(metricLabel('cpu_per_io_us')).toBe('cpu per io (µs)')
  })

  it('make IOPS the headline of a block experiment, and offer the percentiles chart', () => {
    setActivePinia(createPinia())
    const results = useResultsStore()
    results.loadStored([blockDoc()])
    expect(results.view).toMatchObject({ kind: 'sweep', metric: 'iops', x: 'queueDepth' })
    expect(results.kinds).toEqual(['sweep', 'percentiles', 'breakdown', 'cpu'])
    results.chartKind = 'percentiles'
    expect(results.view.family?.id).toBe('io_latency_us')
    results.chartKind = 'breakdown'
    expect(results.view.metric).toBe('stage_us')
  })
})

describe('the percentiles chart', () => {
  it('finds quantities measured at two or more percentiles', () => {
    const fams = percentileFamilies(['io_latency_median_us', 'io_latency_p99_us', 'iops', 'cpu_per_io_us', 'rtt_p99_us'])
    expect(fams).toEqual([{ id: 'io_latency_us', unit: 'µs', quantiles: [{ q: 0.5, metric: 'io_latency_median_us' }, { q: 0.99, metric: 'io_latency_p99_us' }] }])
    expect([0, 0.5, 0.99, 0.999, 1].map(percentileName)).toEqual(['min', 'p50', 'p99', 'p99.9', 'max'])
  })

  it('draws p50 and p99 as lines against the swept variable, per technique, each with its CI band', () => {
    const doc = blockDoc()
    const family = percentileFamilies(['io_latency_median_us', 'io_latency_p99_us'])[0]
    const derived = percentileDocument(doc, family)
    expect(derived.points).toHaveLength(12)
    expect(derived.points[0].params).toEqual({ queueDepth: 1, technique: 'paravirtual', percentile: 'p50' })
    expect(derived.points[0].metrics).toEqual({ io_latency_us: doc.points[0].metrics.io_latency_median_us })
    const option = percentileOption({ doc, family, x: 'queueDepth', theme, xLabel: 'Queue depth' })
    const lines = seriesOf(option).filter((x) => x.type === 'line')
    expect(lines.map((l) => l.name)).toEqual(['technique=paravirtual, percentile=p50', 'technique=sriov, percentile=p50', 'technique=paravirtual, percentile=p99', 'technique=sriov, percentile=p99'])
    expect(seriesOf(option).filter((x) => x.type === 'custom')).toHaveLength(4)
    // p99 of paravirtual at depth 16: 2.2 × 1.4 × (80 + 64) µs
    const [x, y] = (lines[2].data as number[][])[2]
    expect(x).toBe(16)
    expect(y).toBeCloseTo(2.2 * 1.4 * 144, 9)
    const title = option.title as { text: string }
    expect(title.text).toBe('io latency (µs) — p50, p99')
    expect((option.yAxis as { name: string }).name).toBe('io latency (µs)')
    expect((option.xAxis as { name: string }).name).toBe('Queue depth')
  })

  it('draws bars per percentile when nothing was swept', () => {
    const one = { ...blockDoc(), points: [blockPoint(4, 'sriov')] }
    const family = percentileFamilies(['io_latency_median_us', 'io_latency_p99_us'])[0]
    const bars = seriesOf(percentileOption({ doc: one, family, x: null, theme })).filter((x) => x.type === 'bar')
    expect(bars.map((b) => b.name)).toEqual(['p50', 'p99'])
  })

  it('is what the results view draws for the percentiles kind', () => {
    const doc = blockDoc()
    const family = percentileFamilies(['io_latency_median_us', 'io_latency_p99_us'])[0]
    const option = chartOption({ doc, view: { kind: 'percentiles', metric: null, key: null, keys: [], family, x: 'queueDepth' }, overlays: [], theme, cpuView: 'domain' })
    expect(seriesOf(option).filter((x) => x.type === 'line')).toHaveLength(4)
  })
})

describe('the stage breakdown of block I/O', () => {
  it('stacks the block stages of each point, skipping stages never used', () => {
    const option = breakdownOption({ doc: blockDoc(), metric: 'stage_us', stacked: true, theme })
    const series = seriesOf(option)
    expect(series.map((x) => x.name)).toEqual(['blk_submit', 'nvme_device', 'blk_complete'])
    expect(series.every((x) => x.stack === 'stage_us')).toBe(true)
    expect((option.yAxis as { name: string }).name).toBe('µs')
  })
})

describe('the Block I/O table', () => {
  it('is there only for documents with block metrics', () => {
    expect(hasBlockMetrics(blockDoc())).toBe(true)
    expect(hasBlockMetrics(sweepDoc())).toBe(false)
    expect(hasBlockMetrics(null)).toBe(false)
  })

  it('gives each point IOPS, MB/s, p50, p99 and CPU per I/O with units, and its stages largest first', () => {
    const rows = blockRows(blockDoc())
    expect(BLOCK_COLUMNS.map((c) => `${c.label} (${c.unit})`)).toEqual(['IOPS (IO/s)', 'Throughput (MB/s)', 'Latency p50 (µs)', 'Latency p99 (µs)', 'CPU per I/O (µs)'])
    expect(rows[1].label).toBe('queueDepth=1 · sriov')
    // sriov at depth 1: 84 µs, 1e6 / 84 = 11905 IO/s; 4 KiB each = 48.76 MB/s (io_mbps ÷ 8)
    expect(rows[1].cells.map((c) => c.text)).toEqual(['11900 ± 100 IO/s', '48.8 ± 0.5 MB/s', '84 ± 1.5 µs', '185 ± 6 µs', '6 ± 0.2 µs'])
    expect(rows[1].stages.map((x) => x.stage)).toEqual(['nvme_device', 'blk_complete', 'blk_submit'])
    expect(rows[1].stages[0].text).toBe('74 µs')
  })

  it('shows "—" with the reason where a point measured nothing, never 0', () => {
    const reason = 'no I/O completed in the 2 ms measured after warm-up'
    const doc = { ...blockDoc(), points: [{ params: { queueDepth: 1 }, replications: 1, metrics: { iops: { mean: null, ci95: null } }, metricsMissing: { iops: reason, io_latency_p99_us: reason } }] } as unknown as ResultsDocument
    const [row] = blockRows(doc)
    expect(row.cells[0]).toEqual({ text: '—', mean: null, missing: reason })
    expect(row.cells[3]).toEqual({ text: '—', mean: null, missing: reason })
    expect(row.stages).toEqual([])
  })

  it('renders under the chart as a table named Block I/O', async () => {
    setActivePinia(createPinia())
    const results = useResultsStore()
    const wrapper = mount(BlockSummary)
    expect(wrapper.find('[aria-label="Block I/O"]').exists()).toBe(false)
    results.loadStored([blockDoc()])
    await flushPromises()
    const table = wrapper.find('[aria-label="Block I/O"] table')
    expect(table.findAll('thead th').map((t) => t.text())).toEqual(['Point', 'IOPS (IO/s)', 'Throughput (MB/s)', 'Latency p50 (µs)', 'Latency p99 (µs)', 'CPU per I/O (µs)', 'Stages (µs)'])
    expect(table.findAll('tbody tr')).toHaveLength(6)
    expect(table.find('tbody tr td[data-column="iops"]').text()).toMatch(/ IO\/s$/)
    expect(table.find('tbody tr td.stages').text()).toContain('nvme_device')
  })
})
