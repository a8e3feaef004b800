// What differs between two sets of results points: points matched by their parameters, then
// replications and every metric's mean and CI compared exactly — for `verify` to say which
// numbers changed, not only that the digest did.
import { isSummary } from './aggregate'
import { canonicalJson } from './canonical'
import type { MetricSummary, PointMetrics, ResultsPoint } from './types'

function label(params: Readonly<Record<string, unknown>>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
  return parts.length > 0 ? `point ${parts.join(' ')}` : 'the only point'
}

const show = (x: number | null): string => (x === null ? 'null' : String(x))

function flatten(metrics: PointMetrics): Map<string, MetricSummary> {
  const out = new Map<string, MetricSummary>()
  for (const [name, v] of Object.entries(metrics)) {
    if (isSummary(v)) out.set(name, v)
    else for (const [key, s] of Object.entries(v)) out.set(`${name}.${key}`, s)
  }
  return out
}

/** One sentence per difference, "stored" against "re-run"; empty when the points are identical. */
export function comparePoints(stored: readonly ResultsPoint[], rerun: readonly ResultsPoint[]): string[] {
  const out: string[] = []
  const fresh = new Map(rerun.map((p) => [canonicalJson(p.params), p]))
  const seen = new Set<string>()
  for (const s of stored) {
    const key = canonicalJson(s.params)
    seen.add(key)
    const r = fresh.get(key)
    const where = label(s.params)
    if (!r) {
      out.push(`${where}: only in the stored results`)
      continue
    }
    if (s.replications !== r.replications) out.push(`${where}: ${s.replications} replications stored, ${r.replications} in the re-run`)
    const a = flatten(s.metrics)
    const b = flatten(r.metrics)
    for (const [m, sa] of a) {
      const sb = b.get(m)
      if (!sb) out.push(`${where}: ${m} is only in the stored results`)
      else {
        if (sa.mean !== sb.mean) out.push(`${where}: ${m} mean ${show(sa.mean)} stored, ${show(sb.mean)} in the re-run`)
        if (sa.ci95 !== sb.ci95) out.push(`${where}: ${m} ci95 ${show(sa.ci95)} stored, ${show(sb.ci95)} in the re-run`)
        if ((sa.n ?? null) !== (sb.n ?? null)) out.push(`${where}: ${m} measured by ${sa.n ?? 'every'} replication(s) stored, ${sb.n ?? 'every'} in the re-run`)
      }
    }
    for (const m of b.keys()) if (!a.has(m)) out.push(`${where}: ${m} is only in the re-run`)
    const ra = s.metricsMissing ?? {}
    const rb = r.metricsMissing ?? {}
    for (const m of [...new Set([...Object.keys(ra), ...Object.keys(rb)])].sort()) {
      if (ra[m] !== rb[m]) out.push(`${where}: ${m} without a value: ${ra[m] === undefined ? 'measured' : `"${ra[m]}"`} stored, ${rb[m] === undefined ? 'measured' : `"${rb[m]}"`} in the re-run`)
    }
  }
  for (const r of rerun) if (!seen.has(canonicalJson(r.params))) out.push(`${label(r.params)}: only in the re-run`)
  return out
}
