// The tables under the results chart for what an experiment staged (issue 12): live migration,
// faults, attacks — one row per point, the columns the CLI shows too (core/cli/scenario-groups.ts;
// the renderer may not import core/cli, so the list is repeated here and
// tests/renderer/scenario-summary.test.ts checks it equals the CLI's), each a mean with its 95 % CI
// under a header with the unit, or "—" with the reason the run gave. For attacks, beside the
// outcome: which protection stopped the attempts (its denials), at what cost (its checks, the IOTLB
// misses) and the protection stages of the stage breakdown (the attack's check, an IOMMU walk,
// VPIO's handoff…) with their mean times.
import { formatValue, isSummary, summaryOf, type ChartDocument, type Summary } from '../../model/metric-info'
import { pointLabel, sweptParams } from '../../model/point-groups'

export interface ScenarioColumn {
  /** The stored metric, or `stage_us.attack_` for the mean of the attack's check stage(s). */
  readonly metric: string
  readonly header: string
  /** Stored value × scale is shown (bytes → MB). */
  readonly scale?: number
  /** Shown only when some point has a non-zero value (a protection counter that did nothing stays out). */
  readonly whenNonZero?: boolean
}

export interface ScenarioGroup {
  readonly id: 'migration' | 'faults' | 'attacks'
  readonly title: string
  /** The group is shown when a point has one of these. */
  readonly marker: readonly string[]
  readonly columns: readonly ScenarioColumn[]
}

/** The prefix of the stage an attack records per attempt (core/workloads/attack.ts: `attack_<kind>_check`). */
export const ATTACK_STAGE_PREFIX = 'attack_'

export const SCENARIO_GROUPS: readonly ScenarioGroup[] = [
  {
    id: 'migration', title: 'live migration', marker: ['migration_total_ms', 'migration_downtime_ms'],
    columns: [
      { metric: 'migration_total_ms', header: 'total (ms)' },
      { metric: 'migration_downtime_ms', header: 'downtime (ms)' },
      { metric: 'migration_bytes', header: 'sent (MB)', scale: 1e-6 },
      { metric: 'migration_rounds', header: 'rounds' },
      { metric: 'migration_failover_ms', header: 'failover (ms)' }
    ]
  },
  {
    id: 'faults', title: 'faults', marker: ['outage_ms', 'fault_drops'],
    columns: [
      { metric: 'outage_ms', header: 'longest outage (ms)' },
      { metric: 'fault_drops', header: 'frames lost to faults' },
      { metric: 'bond_failovers', header: 'bond failovers' }
    ]
  },
  {
    id: 'attacks', title: 'attacks: which protection stopped what, at what cost', marker: ['attacks_tried'],
    columns: [
      { metric: 'attacks_tried', header: 'tried' },
      { metric: 'attacks_stopped', header: 'stopped' },
      { metric: 'attacks_succeeded', header: 'succeeded' },
      { metric: 'victim_bytes_corrupted', header: 'victim corrupted (MB)', scale: 1e-6 },
      { metric: 'dma_denials', header: 'DMA denials', whenNonZero: true },
      { metric: 'credential_denials', header: 'credential denials', whenNonZero: true },
      { metric: 'dma_checks', header: 'DMA checks', whenNonZero: true },
      { metric: 'credential_checks', header: 'credential checks', whenNonZero: true },
      { metric: 'iotlb_misses', header: 'IOTLB misses', whenNonZero: true },
      { metric: `stage_us.${ATTACK_STAGE_PREFIX}`, header: 'check stage (µs per attempt)' }
    ]
  }
]

/** Stage names (stage_us keys) that are a protection's work: an attack's check, IOMMU / IOTLB walks, validation, credential or handoff checks. */
export const PROTECTION_STAGE = /^attack_.*_check$|iommu|iotlb|valid|credential|hmac|handoff|pdma/

export interface ScenarioCell {
  readonly text: string
  readonly mean: number | null
  /** Why there is no value (the run's reason), or that the metric does not apply at this point. */
  readonly missing?: string
}

export interface ScenarioTable {
  readonly id: ScenarioGroup['id']
  readonly title: string
  readonly columns: readonly ScenarioColumn[]
  readonly rows: readonly { readonly label: string; readonly cells: readonly ScenarioCell[]; readonly stages: readonly { stage: string; text: string }[] }[]
  /** Whether the table has the protection-stages column (attacks). */
  readonly stages: boolean
}

type Point = ChartDocument['points'][number]

function stagesOf(p: Point): Record<string, Summary> {
  const v = p.metrics.stage_us as unknown
  if (typeof v !== 'object' || v === null || isSummary(v)) return {}
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).filter((e): e is [string, Summary] => isSummary(e[1])))
}

function valueAt(p: Point, c: ScenarioColumn): Summary | null {
  if (c.metric.startsWith('stage_us.')) {
    const own = Object.entries(stagesOf(p)).filter(([k]) => k.startsWith(c.metric.slice('stage_us.'.length))).map(([, s]) => s)
    if (own.length === 0) return null
    if (own.length === 1) return own[0]
    return { mean: own.some((s) => s.mean === null) ? null : own.reduce((a, s) => a + (s.mean ?? 0), 0), ci95: null }
  }
  return summaryOf(p, c.metric)
}

function cellOf(p: Point, c: ScenarioColumn): ScenarioCell {
  const s = valueAt(p, c)
  const reason = p.metricsMissing?.[c.metric]
  if (!s || s.mean === null) return { text: s || reason ? '—' : '', mean: null, missing: reason ?? (s ? 'no value' : 'does not apply at this point') }
  const k = c.scale ?? 1
  const ci = s.ci95 === null ? null : s.ci95 * k
  return { text: ci !== null && ci > 0 ? `${formatValue(s.mean * k, '')} ± ${formatValue(ci, '')}` : formatValue(s.mean * k, ''), mean: s.mean * k }
}

/** The tables of a document: one per thing it staged, with the columns its points fill. */
export function scenarioTables(doc: ChartDocument | null): ScenarioTable[] {
  if (!doc) return []
  const points = doc.points
  const has = (m: string): boolean => points.some((p) => m in p.metrics || p.metricsMissing?.[m] !== undefined)
  const swept = sweptParams(points)
  return SCENARIO_GROUPS.filter((g) => g.marker.some(has)).map((g) => {
    const columns = g.columns.filter((c) => (c.whenNonZero
      ? points.some((p) => { const v = valueAt(p, c); return v !== null && v.mean !== null && v.mean !== 0 })
      : points.some((p) => valueAt(p, c) !== null || p.metricsMissing?.[c.metric] !== undefined)))
    const stages = g.id === 'attacks'
    return {
      id: g.id, title: g.title, columns, stages,
      rows: points.map((p) => ({
        label: pointLabel(p.params, swept, points),
        cells: columns.map((c) => cellOf(p, c)),
        stages: stages ? Object.entries(stagesOf(p)).filter(([k, s]) => PROTECTION_STAGE.test(k) && s.mean !== null && s.mean > 0)
          .sort(([a], [b]) => Number(b.startsWith(ATTACK_STAGE_PREFIX)) - Number(a.startsWith(ATTACK_STAGE_PREFIX)) || a.localeCompare(b))
          .map(([stage, s]) => ({ stage, text: formatValue(s.mean, 'µs') })) : []
      }))
    }
  }).filter((t) => t.columns.length > 0)
}
