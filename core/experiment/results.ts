// The results document of CONTRACTS.md and its two digests: `inputDigest` over the canonical
// project (stored results left out) and `digest` over the points only — parameters and metric
// values, numbers as the exact shortest decimal of each double — so it never depends on the
// machine, the clock, the paths or the number of jobs. Provenance is outside both.
import type { Project } from '../project/schema'
import { ENGINE_VERSION } from '../version'
import { canonicalJson, sha256Digest } from './canonical'
import type { Override, Provenance, ResultsDocument, ResultsPoint, RunErrorRecord } from './types'
import type { DocumentUncertainty } from './uncertainty'

/** SHA-256 of the canonical project (keys sorted at every level, `results` removed). */
export function inputDigest(project: Project): Promise<string> {
  const { results: _results, ...rest } = project
  return sha256Digest(canonicalJson(rest))
}

/** The canonical text the results digest is taken over: each point's params, replications and metrics. */
export function pointsCanonicalText(points: readonly ResultsPoint[]): string {
  return canonicalJson(points.map((p) => ({ params: p.params, replications: p.replications, metrics: p.metrics, ...(p.uncertainty ? { uncertainty: p.uncertainty } : {}) })))
}

/** SHA-256 over the points' numbers (see pointsCanonicalText). */
export function pointsDigest(points: readonly ResultsPoint[]): Promise<string> {
  return sha256Digest(pointsCanonicalText(points))
}

export interface DocumentParts {
  readonly projectName: string
  readonly experimentId: string
  readonly inputDigest: string
  readonly points: readonly ResultsPoint[]
  readonly paramPaths: Readonly<Record<string, string>>
  readonly overrides: readonly Override[]
  readonly errors: readonly RunErrorRecord[]
  readonly uncertainty?: DocumentUncertainty
  /** Host facts; engine and digests are filled in here. */
  readonly provenance: Omit<Provenance, 'engine' | 'inputDigest' | 'digest'>
}

/** Assembles a results document; fields in the order CONTRACTS.md shows, provenance last. */
export async function buildDocument(parts: DocumentParts): Promise<ResultsDocument> {
  const digest = await pointsDigest(parts.points)
  return {
    format: 'iovlab-results',
    version: 1,
    project: parts.projectName,
    experiment: parts.experimentId,
    engine: ENGINE_VERSION,
    inputDigest: parts.inputDigest,
    digest,
    points: parts.points,
    paramPaths: parts.paramPaths,
    ...(parts.overrides.length > 0 ? { overrides: parts.overrides } : {}),
    ...(parts.errors.length > 0 ? { errors: parts.errors } : {}),
    ...(parts.uncertainty ? { uncertainty: parts.uncertainty } : {}),
    provenance: { engine: ENGINE_VERSION, inputDigest: parts.inputDigest, digest, ...parts.provenance }
  }
}

/** The document without provenance: what must be byte-identical for the same project, seed and engine. */
export function withoutProvenance(doc: ResultsDocument): Omit<ResultsDocument, 'provenance'> {
  const { provenance: _p, ...rest } = doc
  return rest
}

/** This host, for provenance (works where `process` is missing, e.g. a browser). */
export function hostFacts(): { platform: string; node: string } {
  const proc = (globalThis as { process?: { platform?: string; arch?: string; version?: string } }).process
  return {
    platform: proc?.platform ? `${proc.platform}-${proc.arch ?? 'unknown'}` : 'unknown',
    node: proc?.version ?? 'none'
  }
}
