// Results as tidy CSV, shared by `iovlab export` and the workbench's CSV download: one row per
// point, metric and key — experiment, the swept parameters (one column each, blank where an
// experiment does not sweep it), metric, key (blank for number metrics), mean, ci95; numbers at
// full precision. Pure: runs in Node and in the renderer.
import type { ResultsDocument } from '../experiment/types'

const FIXED = ['experiment', 'metric', 'key', 'mean', 'ci95']

interface Summary { readonly mean: number | null; readonly ci95: number | null }

/** What the CSV needs of a document (a live run's partial documents have no digests yet). */
export type CsvDocument = Pick<ResultsDocument, 'experiment' | 'points'>

/** RFC 4180: quoted when it holds a comma, a quote or a line break. */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v
}

const isSummary = (v: unknown): v is Summary => {
  const mean = (v as { mean?: unknown }).mean
  return mean === null || typeof mean === 'number'
}
const num = (x: number | null): string => (x === null ? '' : String(x))
const cell = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))

export function resultsCsv(docs: readonly CsvDocument[]): string {
  const params = [...new Set(docs.flatMap((d) => d.points.flatMap((p) => Object.keys(p.params))))]
  const header = ['experiment', ...params.map((p) => (FIXED.includes(p) ? `param:${p}` : p)), 'metric', 'key', 'mean', 'ci95']
  const lines = [header.map(csvField).join(',')]
  for (const d of docs) {
    for (const p of d.points) {
      const lead = [d.experiment, ...params.map((k) => cell(p.params[k]))]
      for (const [metric, v] of Object.entries(p.metrics)) {
        const rows = isSummary(v) ? [['', v] as const] : Object.entries(v as Record<string, Summary>)
        for (const [key, s] of rows) lines.push([...lead, metric, key, num(s.mean), num(s.ci95)].map(csvField).join(','))
      }
    }
  }
  return `${lines.join('\n')}\n`
}
