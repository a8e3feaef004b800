// What `run --uncertainty N` adds to the table: per point, each main metric's replication CI
// beside its model-uncertainty interval (5th–95th percentile over the parameter samples), and the
// orderings of a categorical sweep that survive the samples.
import { isSummary, orderingSentence, type ResultsDocument } from '../experiment/index'
import { describeParams, formatNumber, formatSummary, unitOf } from './format'
import { mainMetrics } from './table'

export function uncertaintyTable(doc: ResultsDocument): string {
  const u = doc.uncertainty
  if (!u) return ''
  const names = mainMetrics([...new Set(doc.points.flatMap((p) => Object.keys(p.metrics).filter((m) => isSummary(p.metrics[m]))))])
  const lines = [`  model uncertainty: ${u.samples} Latin-hypercube samples of ${u.params.length} parameter${u.params.length === 1 ? '' : 's'} (${u.params.slice(0, 4).map((p) => p.path.split('.').slice(-3).join('.')).join(', ')}${u.params.length > 4 ? ', …' : ''}); mean ± 95 % CI [5th–95th percentile over samples]`]
  for (const p of doc.points) {
    const cells: string[] = []
    for (const m of names) {
      const s = p.metrics[m]
      const b = p.uncertainty?.metrics[m]
      if (!s || !isSummary(s)) continue
      const band = b && 'p05' in b ? ` [${formatNumber(b.p05 as number | null)}–${formatNumber(b.p95 as number | null)}]` : ''
      cells.push(`${m} ${formatSummary(s, unitOf(m))}${band}`)
    }
    lines.push(`    ${describeParams(p.params)}: ${cells.join('; ')}`)
  }
  // The orderings of the first main metric that has any (every metric's are in --json).
  const first = names.find((m) => (u.orderings ?? []).some((o) => o.metric === m))
  const orderings = (u.orderings ?? []).filter((o) => o.metric === first)
  if (orderings.length > 0) {
    const others = (u.orderings ?? []).length - orderings.length
    lines.push(`  orderings across the samples (${first}${others > 0 ? `; ${others} more for other metrics in --json` : ''}):`)
    for (const o of orderings) lines.push(`    ${orderingSentence(o)}`)
  }
  return lines.join('\n')
}
