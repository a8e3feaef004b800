// `iovlab run`'s default table for an experiment that staged a live migration, faults or an attack
// (issue 12): their metrics in tables of their own under the main one, units in the headers, a metric
// that does not apply at a point blank and one without a value "—" (its reason below), and the main
// table's "also" note no longer listing what they show. For attacks, the protection's denials and
// checks that did something, and the mean time of the attack's check stage.
import { describe, expect, test } from 'vitest'
import type { ResultsDocument } from '../../../core/experiment/index'
import { unitOf } from '../../../core/cli/format'
import { scenarioTables } from '../../../core/cli/scenario-table'
import { resultsTable } from '../../../core/cli/table'

const s = (mean: number | null, ci95: number | null = 0) => ({ mean, ci95 })

const doc = (experiment: string, points: ResultsDocument['points']): ResultsDocument => ({
  format: 'iovlab-results', version: 1, project: 'p', experiment, engine: '0.1.0',
  inputDigest: `sha256:${'0'.repeat(64)}`, digest: `sha256:${'1'.repeat(64)}`, points
})

describe('scenario tables', () => {
  test('a live migration: total, downtime, MB sent, rounds, failover; blank where it does not apply', () => {
    const d = doc('migration', [
      { params: { technique: 'paravirtual' }, replications: 1, metrics: { rtt_median_us: s(85.82), migration_total_ms: s(6775), migration_downtime_ms: s(3.322), migration_bytes: s(78_580_000), migration_rounds: s(7) } },
      { params: { technique: 'passthrough' }, replications: 1, metrics: { rtt_median_us: s(63.81), migration_total_ms: s(6878), migration_downtime_ms: s(3.19), migration_bytes: s(78_620_000), migration_rounds: s(7), migration_failover_ms: s(100) } }
    ])
    expect(resultsTable(d).split('\n')).toEqual([
      'migration: 2 points, 1 replication each (mean ± 95 % CI)',
      '  technique    rtt_median_us',
      '  paravirtual  85.82 µs',
      '  passthrough  63.81 µs',
      '  live migration (mean ± 95 % CI):',
      '  technique    total (ms)  downtime (ms)  sent (MB)  rounds  failover (ms)',
      '  paravirtual  6775        3.322          78.58      7',
      '  passthrough  6878        3.19           78.62      7       100'
    ])
  })

  test('faults: the longest outage, frames lost, bond failovers; a metric without a value is — with its reason', () => {
    const d = doc('faults', [
      { params: { lossRate: 0 }, replications: 3, metrics: { goodput_mbps: s(479, 2), outage_ms: s(37.8, 0.4), fault_drops: s(63, 5), bond_failovers: s(1, 0) } },
      { params: { lossRate: 0.01 }, replications: 3, metricsMissing: { outage_ms: 'no fault was scheduled' }, metrics: { goodput_mbps: s(288.7, 3), outage_ms: s(null, null), fault_drops: s(92, 4), bond_failovers: s(0) } }
    ])
    const lines = resultsTable(d).split('\n')
    expect(lines.slice(4, 8)).toEqual([
      '  faults (mean ± 95 % CI):',
      '  lossRate  longest outage (ms)  frames lost to faults  bond failovers',
      '  0         37.80 ± 0.40         63.0 ± 5.0             1',
      '  0.01      —                    92.0 ± 4.0             0'
    ])
    expect(lines).toContain('  — outage_ms at lossRate=0.01: no fault was scheduled')
    expect(lines.join('\n')).not.toMatch(/also: .*outage_ms/)
  })

  test('attacks: which protection stopped them (its denials), at what cost (its checks, IOTLB misses, the check stage)', () => {
    const d = doc('rogue-dma', [
      { params: { iommu: 'on' }, replications: 1, metrics: {
        rtt_median_us: s(84.35), attacks_tried: s(2000), attacks_stopped: s(2000), attacks_succeeded: s(0), victim_bytes_corrupted: s(0),
        dma_denials: s(2000), dma_checks: s(2000), iotlb_misses: s(2000), credential_denials: s(0), credential_checks: s(0), drops: s(0),
        stage_us: { 'attack_rogue-dma_check': s(2.2553505), netback_tx: s(6.3) }
      } },
      { params: { iommu: 'off' }, replications: 1, metrics: {
        rtt_median_us: s(85.82), attacks_tried: s(2000), attacks_stopped: s(0), attacks_succeeded: s(2000), victim_bytes_corrupted: s(8_192_000),
        dma_denials: s(0), dma_checks: s(0), iotlb_misses: s(0), credential_denials: s(0), credential_checks: s(0), drops: s(0),
        stage_us: { 'attack_rogue-dma_check': s(8.185), netback_tx: s(6.3) }
      } }
    ])
    expect(scenarioTables(d)).toEqual([
      '  attacks: which protection stopped what, at what cost (mean ± 95 % CI):',
      '  iommu  tried  stopped  succeeded  victim corrupted (MB)  DMA denials  DMA checks  IOTLB misses  check stage (µs per attempt)',
      '  on     2000   2000     0          0                      2000         2000        2000          2.255',
      '  off    2000   0        2000       8.192                  0            0           0             8.185'
    ])
    // the counters of a protection that did nothing stay in the main table; those the attack table shows leave it
    const main = resultsTable(d).split('\n')[1]
    expect(main).toMatch(/^ {2}iommu +rtt_median_us +credential_checks +credential_denials +drops$/)
  })

  test('an experiment that staged nothing has no scenario table', () => {
    expect(scenarioTables(doc('plain', [{ params: {}, replications: 1, metrics: { rtt_median_us: s(12) } }]))).toEqual([])
  })

  test('rates per second are "/s", not seconds', () => {
    expect([unitOf('ops_per_s'), unitOf('rpc_per_s'), unitOf('programs_per_s'), unitOf('duration_s')]).toEqual(['/s', '/s', '/s', 's'])
  })
})
