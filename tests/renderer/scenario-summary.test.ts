// The results view for what an experiment staged (issue 12): tables of live migration, fault and attack
// metrics under the chart (units in the headers, "—" with a reason, blank where a metric does not
// apply), the same columns as the CLI's tables, the protection stages of an attack with their times,
// and the stage breakdown chart drawing those stages (the attack's check, the IOMMU walk) beside the rest.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ResultsDocument } from '../../core/api/contract'
import { scenarioGroups } from '../../core/cli/scenario-table'
import { breakdownOption } from '../../renderer/src/features/results/breakdown-option'
import { CHART_THEMES } from '../../renderer/src/features/results/chart-theme'
import ScenarioSummary from '../../renderer/src/features/results/ScenarioSummary.vue'
import { PROTECTION_STAGE, SCENARIO_GROUPS, scenarioTables } from '../../renderer/src/features/results/scenario-summary'
import { useResultsStore } from '../../renderer/src/stores/results'

const s = (mean: number | null, ci95: number | null = 0) => ({ mean, ci95 })

const doc = (experiment: string, points: ResultsDocument['points']): ResultsDocument => ({
  format: 'iovlab-results', version: 1, project: 'iso', experiment, engine: '0.1.0',
  inputDigest: `sha256:${'3'.repeat(64)}`, digest: `sha256:${'4'.repeat(64)}`, points
})

const migration = (): ResultsDocument => doc('migration', [
  { params: { technique: 'paravirtual' }, replications: 2, metrics: { rtt_median_us: s(85.8, 1), migration_total_ms: s(6775, 12), migration_downtime_ms: s(3.322, 0.1), migration_bytes: s(78_580_000, 10_000), migration_rounds: s(7) } },
  { params: { technique: 'passthrough' }, replications: 2, metricsMissing: { migration_downtime_ms: 'the migration had not finished by the run\'s end' }, metrics: { rtt_median_us: s(63.8, 1), migration_total_ms: s(null, null), migration_downtime_ms: s(null, null), migration_bytes: s(40_000_000, 0), migration_rounds: s(4), migration_failover_ms: s(100) } }
])

const rogue = (): ResultsDocument => doc('rogue-dma', [
  { params: { iommu: 'on' }, replications: 1, metrics: {
    attacks_tried: s(2000), attacks_stopped: s(2000), attacks_succeeded: s(0), victim_bytes_corrupted: s(0), dma_denials: s(2000), dma_checks: s(2000), iotlb_misses: s(2000), credential_denials: s(0),
    stage_us: { 'attack_rogue-dma_check': s(2.2553505), netback_tx: s(6.3), blk_iommu: s(0.4) }
  } },
  { params: { iommu: 'off' }, replications: 1, metrics: {
    attacks_tried: s(2000), attacks_stopped: s(0), attacks_succeeded: s(2000), victim_bytes_corrupted: s(8_192_000), dma_denials: s(0), dma_checks: s(0), iotlb_misses: s(0), credential_denials: s(0),
    stage_us: { 'attack_rogue-dma_check': s(8.185), netback_tx: s(6.3), blk_iommu: s(0) }
  } }
])

beforeEach(() => { setActivePinia(createPinia()) })

describe('scenario tables', () => {
  it('show what the CLI\'s tables show: the same groups and column headers for the same document', () => {
    const doc = migration()
    expect(scenarioTables(doc).map((t) => [t.title, t.columns.map((c) => c.header)]))
      .toEqual(scenarioGroups(doc).map((g) => [g.group.title, g.columns.map((c) => c.header)]))
    expect(SCENARIO_GROUPS.map((g) => g.id)).toEqual(['migration', 'storage-migration', 'faults', 'attacks'])
  })

  it('show a migration\'s metrics with units in the headers, — with the reason, blank where a metric does not apply', () => {
    const [t] = scenarioTables(migration())
    expect(t.title).toBe('live migration')
    expect(t.columns.map((c) => c.header)).toEqual(['total (ms)', 'downtime (ms)', 'sent (MB)', 'rounds', 'failover (ms)'])
    expect(t.rows.map((r) => [r.label, ...r.cells.map((c) => c.text)])).toEqual([
      ['paravirtual', '6775 ± 12', '3.32 ± 0.1', '78.6 ± 0.01', '7', ''],
      ['passthrough', '—', '—', '40', '4', '100']
    ])
    expect(t.rows[1].cells[1].missing).toBe('the migration had not finished by the run\'s end')
    expect(t.rows[0].cells[4].missing).toBe('does not apply at this point')
  })

  it('show which protection stopped an attack and at what cost: denials, checks, IOTLB misses and the protection stages', () => {
    const [t] = scenarioTables(rogue())
    expect(t.columns.map((c) => c.metric)).toEqual(['attacks_tried', 'attacks_stopped', 'attacks_succeeded', 'victim_bytes_corrupted', 'dma_denials', 'dma_checks', 'iotlb_misses', 'stage_us.attack_'])
    expect(t.rows[0].cells.map((c) => c.text)).toEqual(['2000', '2000', '0', '0', '2000', '2000', '2000', '2.26'])
    expect(t.rows[1].cells.map((c) => c.text)).toEqual(['2000', '0', '2000', '8.19', '0', '0', '0', '8.19'])
    // the attack's check first, then the other protection stages with a time; not the data path's stages
    expect(t.rows[0].stages).toEqual([{ stage: 'attack_rogue-dma_check', text: '2.26 µs' }, { stage: 'blk_iommu', text: '0.4 µs' }])
    expect(t.rows[1].stages).toEqual([{ stage: 'attack_rogue-dma_check', text: '8.19 µs' }])
    expect(['vpio_handoff', 'blk_iommu', 'attack_ring-tamper_check'].every((k) => PROTECTION_STAGE.test(k))).toBe(true)
    expect(['netback_tx', 'nic_rx_dma', 'dc_commands'].some((k) => PROTECTION_STAGE.test(k))).toBe(false)
  })

  it('are drawn under the chart for the shown experiment, none for an experiment that staged nothing', async () => {
    const results = useResultsStore()
    const w = mount(ScenarioSummary)
    results.loadStored([rogue(), migration(), doc('plain', [{ params: {}, replications: 1, metrics: { rtt_median_us: s(12) } }])])
    await flushPromises()
    expect(w.find('[data-scenario="attacks"] h3').text()).toBe('Attacks: which protection stopped what, at what cost — rogue-dma')
    expect(w.findAll('[data-scenario="attacks"] thead th').map((h) => h.text())).toEqual([
      'Point', 'tried', 'stopped', 'succeeded', 'victim corrupted (MB)', 'DMA denials', 'DMA checks', 'IOTLB misses', 'check stage (µs per attempt)', 'Protection stages (µs)'
    ])
    expect(w.find('[data-scenario="attacks"] tbody tr td.stages').text()).toContain('attack_rogue-dma_check 2.26 µs')
    results.experiment = 'migration'
    await flushPromises()
    expect(w.find('[data-scenario="migration"] td[data-column="migration_downtime_ms"].missing').attributes('title')).toBe('the migration had not finished by the run\'s end')
    results.experiment = 'plain'
    await flushPromises()
    expect(w.findAll('section')).toHaveLength(0)
    w.unmount()
  })

  it('leave the protection stages in the stage breakdown chart, beside the data path', () => {
    const option = breakdownOption({ doc: rogue(), metric: 'stage_us', stacked: true, theme: CHART_THEMES.light }) as { series: { name: string; data: (number | null)[] }[] }
    expect(option.series.map((x) => x.name)).toEqual(['attack_rogue-dma_check', 'netback_tx', 'blk_iommu'])
    expect(option.series[0].data).toEqual([2.2553505, 8.185])
  })
})
