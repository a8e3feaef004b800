// The tables under the results chart for what an experiment staged (issue 12): live migration,
// faults, attacks — one row per point, the columns the CLI shows too (core/project/scenario-groups.ts,
// one list for both), each a mean with its 95 % CI
// under a header with the unit, or "—" with the reason the run gave. For attacks, beside the
// outcome: which protection stopped the attempts (its denials), at what cost (its checks, the IOTLB
// misses) and the protection stages of the stage breakdown (the attack's check, an IOMMU walk,
// VPIO's handoff…) with their mean times.
import { ATTACK_STAGE_PREFIX, SCENARIO_GROUPS, type ScenarioColumn, type ScenarioGroup } from '../../../../core/project'
import { formatValue, isSummary, summaryOf, type ChartDocument, type Summary } from '../../model/metric-info'
import { pointLabel, sweptParams } from '../../model/point-groups'

export { ATTACK_STAGE_PREFIX, SCENARIO_GROUPS, type ScenarioColumn, type ScenarioGroup } from '../../../../core/project'

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
