// Reading results documents back (stored in a project, or a file from `run --out`): a zod
// schema of their shape, and the problems of a malformed one with their JSON paths.
import { z } from 'zod'
import { formatPath, type PathSegment } from '../project/problems'
import type { ResultsDocument } from './types'
import { MAX_SERIES_WINDOWS } from '../project/schema'

const Digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: 'a digest is "sha256:" and 64 lowercase hex digits' })
const Summary = z.strictObject({ mean: z.number().nullable(), ci95: z.number().min(0).nullable(), n: z.int().min(0).optional() })
const Metric = z.union([Summary, z.record(z.string(), Summary)], { error: 'a metric is {"mean": …, "ci95": …} (and "n" when not every replication measured it) or an object of them' })

const Band = z.strictObject({ p05: z.number().nullable(), p50: z.number().nullable(), p95: z.number().nullable() })
const PointUncertainty = z.looseObject({
  samples: z.int().min(0),
  metrics: z.record(z.string(), z.union([Band, z.record(z.string(), Band)], { error: 'an uncertainty band is {"p05": …, "p50": …, "p95": …} or an object of them' }))
})

const Stopping = z.looseObject({
  metric: z.string(),
  stopped: z.enum(['precise', 'max-reached', 'metric-missing']),
  runs: z.int().min(0),
  mean: z.number().nullable(),
  halfWidth: z.number().min(0).nullable(),
  reason: z.string()
})
const PointDiff = z.looseObject({
  baseline: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  metrics: z.record(z.string(), Metric),
  missing: z.record(z.string(), z.string()).optional()
})

/** A time series (issue 12): per series name one summary per window, as many as `windowEndNs`. */
const PointSeries = z.looseObject({
  intervalNs: z.number().positive(),
  windowEndNs: z.array(z.number().min(0)).max(MAX_SERIES_WINDOWS, { error: `a time series has at most ${MAX_SERIES_WINDOWS} windows` }),
  metrics: z.record(z.string(), z.array(Summary)),
  missing: z.record(z.string(), z.string()).optional()
}).superRefine((s, ctx) => {
  for (const [name, list] of Object.entries(s.metrics)) {
    if (list.length !== s.windowEndNs.length) ctx.addIssue({ code: 'custom', path: ['metrics', name], message: `a series has one summary per window: ${s.windowEndNs.length} windows, ${list.length} summaries` })
  }
})

export const ResultsPointSchema = z.looseObject({
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])),
  replications: z.int().min(0),
  metrics: z.record(z.string(), Metric),
  metricsMissing: z.record(z.string(), z.string()).optional(),
  uncertainty: PointUncertainty.optional(),
  stopping: Stopping.optional(),
  diff: PointDiff.optional(),
  series: PointSeries.optional()
})

export const ResultsDocumentSchema = z.looseObject({
  format: z.literal('iovlab-results', { error: 'a results document has "format": "iovlab-results"' }),
  version: z.literal(1, { error: 'this version of IOV Lab reads results documents of version 1' }),
  project: z.string(),
  experiment: z.string(),
  engine: z.string(),
  inputDigest: Digest,
  digest: Digest,
  points: z.array(ResultsPointSchema),
  paramPaths: z.record(z.string(), z.string()).optional(),
  overrides: z.array(z.strictObject({ path: z.string(), value: z.unknown() })).optional(),
  errors: z.array(z.looseObject({})).optional(),
  uncertainty: z.looseObject({ method: z.literal('latin-hypercube'), samples: z.int().min(0) }).optional(),
  provenance: z.looseObject({}).optional()
})

export interface ResultsProblem {
  readonly path: string
  readonly message: string
}

export type ReadResults = { ok: true; documents: ResultsDocument[] } | { ok: false; problems: ResultsProblem[] }

/** Checks one document or a list of them; `at` is where they sit (e.g. ["results"] in a project). */
export function readResultsDocuments(value: unknown, at: PathSegment[] = []): ReadResults {
  const list = Array.isArray(value) ? value : [value]
  const documents: ResultsDocument[] = []
  const problems: ResultsProblem[] = []
  list.forEach((item, i) => {
    const base = Array.isArray(value) ? [...at, i] : at
    const r = ResultsDocumentSchema.safeParse(item)
    if (r.success) documents.push(r.data as unknown as ResultsDocument)
    else for (const issue of r.error.issues.slice(0, 20)) problems.push({ path: formatPath([...base, ...(issue.path as PathSegment[])]), message: issue.message })
  })
  return problems.length > 0 ? { ok: false, problems } : { ok: true, documents }
}
