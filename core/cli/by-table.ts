// `iovlab run --by workload|vm`: one row per point and workload (or VM), the swept parameters, the
// workload's (VM's) id, then its main metrics as mean ± 95 % CI — the breakdowns of
// core/scenario/metrics-breakdown.ts ("byWorkload.<id>.<metric>", "byVm.<id>.<metric>").
import { isSummary, type ResultsDocument } from '../experiment/index'
import { breakdownOfMetric } from '../project/metric-names'
import { describeParams, formatSummary, formatValue, NO_VALUE, unitOf } from './format'
import { mainMetrics } from './table'

export type ByOption = 'workload' | 'vm'

export function parseBy(value: unknown): ByOption | undefined {
  if (value === undefined) return undefined
  if (value === 'workload' || value === 'vm') return value
  return undefined
}

const MAX_MISSING_LINES = 6

/** The table of one document by workload or VM; '' when its points have no such breakdown. */
export function byTable(doc: ResultsDocument, by: ByOption, title?: string): string {
  const scope = by === 'workload' ? 'byWorkload' : 'byVm'
  const ids: string[] = []
  const metrics: string[] = []
  for (const p of doc.points) {
    for (const [name, v] of Object.entries(p.metrics)) {
      const b = breakdownOfMetric(name)
      if (b === undefined || b.by !== scope || !isSummary(v)) continue
      if (!ids.includes(b.id)) ids.push(b.id)
      if (!metrics.includes(b.metric)) metrics.push(b.metric)
    }
  }
  if (ids.length === 0) return `${doc.experiment}: no metrics per ${by} in these results (made before IOV Lab reported them, or no ${by === 'workload' ? 'workload' : 'VM'} ran)`
  const shown = by === 'vm' ? ['domain_cpu_util', ...mainMetrics(metrics.filter((m) => m !== 'domain_cpu_util')).slice(0, 5)].filter((m) => metrics.includes(m)) : mainMetrics(metrics)
  const paramNames = [...new Set(doc.points.flatMap((p) => Object.keys(p.params)))]
  const rows: string[][] = [[...paramNames, by, ...shown]]
  const why = new Map<string, Set<string>>()
  for (const p of doc.points) {
    for (const id of ids) {
      const cells = shown.map((m) => {
        const name = `${scope}.${id}.${m}`
        const v = p.metrics[name]
        const reason = p.metricsMissing?.[name]
        if (reason !== undefined) why.set(reason, (why.get(reason) ?? new Set()).add(`${id} ${m} at ${describeParams(p.params)}`))
        return v !== undefined && isSummary(v) ? formatSummary(v, unitOf(m)) : ''
      })
      if (cells.every((c) => c === '')) continue // this workload/VM is not part of this point
      rows.push([...paramNames.map((n) => (n in p.params ? formatValue(p.params[n]) : '')), id, ...cells]) // blank: does not apply; — : no sample (reason below)
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)))
  const lines = rows.map((r) => `  ${r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd()}`)
  const hidden = metrics.filter((m) => !shown.includes(m))
  const reps = new Set(doc.points.map((p) => p.replications))
  const head = `${doc.experiment}${title && title !== doc.experiment ? ` — ${title}` : ''}: per ${by === 'vm' ? 'VM' : 'workload'}, ${[...reps].join('/')} replication${reps.size === 1 && [...reps][0] === 1 ? '' : 's'} each (mean ± 95 % CI)`
  const notes = [...why].slice(0, MAX_MISSING_LINES).map(([reason, where]) => `  ${NO_VALUE} ${[...where].slice(0, 3).join(', ')}${where.size > 3 ? ` and ${where.size - 3} more` : ''}: ${reason}`)
  const also = hidden.length > 0 ? [`  also per ${by}: ${hidden.join(', ')} (see --json, or export --csv)`] : []
  return [head, ...lines, ...notes, ...also].join('\n')
}
