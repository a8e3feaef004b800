// The results document of CONTRACTS.md and its two digests: `inputDigest` over what in the
// project determines one experiment's numbers, and `digest` over the points only — parameters and
// metric values, numbers as the exact shortest decimal of each double — so it never depends on the
// machine, the clock, the paths or the number of jobs. Provenance is outside both.
import { setPath } from '../project/paths'
import type { Project } from '../project/schema'
import { ENGINE_FINGERPRINT, ENGINE_VERSION } from '../version'
import { canonicalJson, sha256Digest } from './canonical'
import type { Override, Provenance, ResultsDocument, ResultsPoint, RunErrorRecord } from './types'
import type { DocumentUncertainty } from './uncertainty'

type Obj = Record<string, unknown>

/** Fields that change no number: names, descriptions, canvas positions and sizes, and "x-…" annotations. */
const COSMETIC: Readonly<Record<'project' | 'node' | 'link' | 'attachment' | 'experiment' | 'workload', readonly string[]>> = {
  project: ['$schema', 'name', 'description', 'results'],
  node: ['name', 'position', 'size'],
  link: [],
  attachment: [],
  experiment: ['name', 'description', 'headline'],
  workload: []
}

function strip(o: unknown, kind: keyof typeof COSMETIC): unknown {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return o
  const out: Obj = {}
  for (const [k, v] of Object.entries(o)) if (!COSMETIC[kind].includes(k) && !k.startsWith('x-')) out[k] = v
  return out
}

const list = (v: unknown, kind: keyof typeof COSMETIC): unknown => (Array.isArray(v) ? v.map((x) => strip(x, kind)) : v)

/**
 * What in a project determines the numbers of `experimentId` (all experiments when undefined):
 * the seed, variables, topology and that experiment, without names, descriptions, positions,
 * "x-…" annotations, stored results or the other experiments. Anything else — a field this
 * version does not know included — counts, so an unknown change marks results stale, never valid.
 */
export function numbersInput(project: Project, experimentId?: string): Obj {
  const top = strip(project, 'project') as Obj
  const t = (project.topology ?? {}) as Obj
  const topology = { ...t, nodes: list(t.nodes, 'node'), links: list(t.links, 'link'), attachments: list(t.attachments, 'attachment') }
  const experiments = project.experiments
    .filter((e) => experimentId === undefined || e.id === experimentId)
    .map((e) => ({ ...(strip(e, 'experiment') as Obj), workloads: list(e.workloads, 'workload') }))
  return { ...top, topology, experiments }
}

/** SHA-256 of numbersInput (keys sorted at every level): equal when only cosmetic fields differ. */
export function inputDigest(project: Project, experimentId?: string): Promise<string> {
  return sha256Digest(canonicalJson(numbersInput(project, experimentId)))
}

export type Freshness = 'current' | 'stale' | 'gone'

/**
 * Whether a stored document still describes the project: "stale" when a parameter, the topology,
 * the seed or the experiment changed since it was made; "gone" when the experiment no longer
 * exists. (Overrides recorded in the document are applied first, as `verify` does.)
 */
export async function freshness(project: Project, doc: Pick<ResultsDocument, 'experiment' | 'inputDigest' | 'overrides'>): Promise<Freshness> {
  if (!project.experiments.some((e) => e.id === doc.experiment)) return 'gone'
  let p = project
  for (const o of doc.overrides ?? []) {
    const r = setPath(p, o.path, o.value)
    if (!r.ok) return 'stale'
    p = r.value
  }
  return (await inputDigest(p, doc.experiment)) === doc.inputDigest ? 'current' : 'stale'
}

/**
 * The canonical text the results digest is taken over: each point's params, replications, metrics
 * and missing metrics' reasons, and where present its uncertainty bands, sequential stopping and
 * paired differences (all determined by the project, seed and engine).
 */
export function pointsCanonicalText(points: readonly ResultsPoint[]): string {
  return canonicalJson(points.map((p) => ({
    params: p.params, replications: p.replications, metrics: p.metrics,
    ...(p.metricsMissing && Object.keys(p.metricsMissing).length > 0 ? { metricsMissing: p.metricsMissing } : {}),
    ...(p.uncertainty ? { uncertainty: p.uncertainty } : {}),
    ...(p.stopping ? { stopping: p.stopping } : {}),
    ...(p.diff ? { diff: p.diff } : {}),
    ...(p.series ? { series: p.series } : {})
  })))
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
  readonly provenance: Omit<Provenance, 'engine' | 'engineFingerprint' | 'inputDigest' | 'digest'>
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
    provenance: { engine: ENGINE_VERSION, engineFingerprint: ENGINE_FINGERPRINT, inputDigest: parts.inputDigest, digest, ...parts.provenance }
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
