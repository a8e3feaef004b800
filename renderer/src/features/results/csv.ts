// Results as tidy CSV, the same columns `iovlab export` writes: one row per point, metric and key —
// experiment, the swept parameters (one column each, blank where an experiment does not sweep
// it), metric, key (blank for number metrics), mean, ci95; numbers at full precision.
import { isSummary, type ChartDocument } from './metric-info'

const FIXED = ['experiment', 'metric', 'key', 'mean', 'ci95']

/** RFC 4180: quoted when it holds a comma, a quote or a line break. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

const num = (x: number | null): string => (x === null ? '' : String(x))
const cell = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))

export function resultsCsv(docs: readonly ChartDocument[]): string {
  const params = [...new Set(docs.flatMap((d) => d.points.flatMap((p) => Object.keys(p.params))))]
  const header = ['experiment', ...params.map((p) => (FIXED.includes(p) ? `param:${p}` : p)), 'metric', 'key', 'mean', 'ci95']
  const lines = [header.map(csvField).join(',')]
  for (const d of docs) {
    for (const p of d.points) {
      const lead = [d.experiment, ...params.map((k) => cell(p.params[k]))]
      for (const [metric, v] of Object.entries(p.metrics)) {
        const rows = isSummary(v) ? [['', v] as const] : Object.entries(v).map(([k, s]) => [k, s] as const)
        for (const [key, s] of rows) lines.push([...lead, metric, key, num(s.mean), num(s.ci95)].map(csvField).join(','))
      }
    }
  }
  return `${lines.join('\n')}\n`
}
