// The metrics an experiment has only when it stages something (issue 12) — a live migration, a fault
// schedule, an attack — as tables of their own under `iovlab run`'s main table, one row per point, the
// unit in each column's header ("downtime (ms)") so the cells stay short. For attacks, the protection's
// work beside the outcome: which protection stopped the attempts (its denials) and at what cost (the
// checks it made, the IOTLB misses, the mean time of the attack's check stage).
import { isSummary, type MetricSummary, type ResultsDocument } from '../experiment/index'
import { breakdownOfMetric } from '../project/metric-names'
import { formatSummary, formatValue, NO_VALUE } from './format'
import { SCENARIO_GROUPS, type ScenarioColumn, type ScenarioGroup } from '../project/scenario-groups'

type Point = ResultsDocument['points'][number]

/** The summary a column shows at a point: the metric, or the attack stage's mean (several attack kinds: their sum). */
function valueAt(p: Point, c: ScenarioColumn): MetricSummary | undefined {
  if (c.metric.startsWith('stage_us.')) {
    const stages = p.metrics.stage_us
    if (stages === undefined || isSummary(stages)) return undefined
    const prefix = c.metric.slice('stage_us.'.length)
    const own = Object.entries(stages).filter(([k]) => k.startsWith(prefix)).map(([, s]) => s)
    if (own.length === 0) return undefined
    if (own.length === 1) return own[0]
    const means = own.map((s) => s.mean)
    return { mean: means.some((m) => m === null) ? null : means.reduce<number>((a, m) => a + (m ?? 0), 0), ci95: null }
  }
  const v = p.metrics[c.metric]
  return v !== undefined && isSummary(v) ? v : undefined
}

const scaled = (s: MetricSummary, k: number): MetricSummary => (k === 1 ? s : { ...s, mean: s.mean === null ? null : s.mean * k, ci95: s.ci95 === null ? null : s.ci95 * k })

function render(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd())
}

/** The groups a document has (in SCENARIO_GROUPS order) with the columns it fills. */
export function scenarioGroups(doc: Pick<ResultsDocument, 'points'>): { group: ScenarioGroup; columns: ScenarioColumn[] }[] {
  const has = (m: string): boolean => doc.points.some((p) => m in p.metrics || p.metricsMissing?.[m] !== undefined)
  return SCENARIO_GROUPS.filter((g) => g.marker.some(has)).map((group) => ({
    group,
    columns: group.columns.filter((c) => (c.whenNonZero
      ? doc.points.some((p) => { const v = valueAt(p, c); return v !== undefined && v.mean !== null && v.mean !== 0 })
      : doc.points.some((p) => valueAt(p, c) !== undefined || p.metricsMissing?.[c.metric] !== undefined)))
  })).filter((g) => g.columns.length > 0)
}

/**
 * The scenario tables of a document (lines, indented like the main table), or [] when it staged
 * nothing. A metric the point has without a value is "—" (its reason is among the main table's notes).
 */
export function scenarioTables(doc: ResultsDocument): string[] {
  const paramNames = [...new Set(doc.points.flatMap((p) => Object.keys(p.params)))]
  const out: string[] = []
  for (const { group, columns } of scenarioGroups(doc)) {
    const rows: string[][] = [[...paramNames, ...columns.map((c) => c.header)]]
    for (const p of doc.points) {
      rows.push([...paramNames.map((n) => (n in p.params ? formatValue(p.params[n]) : '')), ...columns.map((c) => {
        const v = valueAt(p, c)
        return v === undefined ? (p.metricsMissing?.[c.metric] !== undefined ? NO_VALUE : '') : formatSummary(scaled(v, c.scale ?? 1), '')
      })])
    }
    out.push(`  ${group.title} (mean ± 95 % CI):`, ...render(rows).map((l) => `  ${l}`))
  }
  return out
}

/** True for a run-total metric a scenario table shows (the main table and its "also" note leave it out). */
export function inScenarioTable(doc: Pick<ResultsDocument, 'points'>, metric: string): boolean {
  if (breakdownOfMetric(metric) !== undefined) return false
  return scenarioGroups(doc).some(({ columns }) => columns.some((c) => c.metric === metric))
}
