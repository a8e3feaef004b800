// Shards for batch schedulers: `run --shard I/N` runs the I-th of N deterministic slices of a
// start's runs and writes a part file holding each run's outcome; `merge` (merge.ts) turns the
// parts back into the results documents one unsharded run gives. A run's slice depends only on
// its position in the plan (a function of the project alone: experiments in project order, points
// in sweep order, replications inner, then uncertainty samples), dealt round-robin, so the N
// slices differ in size by at most one run and neighbouring points (similar cost) are spread
// over all shards — never on the order in which runs finish.
import type { Project } from '../project/schema'
import { ENGINE_FINGERPRINT, ENGINE_VERSION } from '../version'
import { canonicalJson, sha256Digest } from './canonical'
import { hostFacts } from './results'
import type { Override, Run, RunErrorCode, RunOutcome } from './types'

/** Shard `index` (1-based) of `count`. */
export interface ShardSpec {
  readonly index: number
  readonly count: number
}

export const MAX_SHARDS = 10_000

/** "I/N" → a shard, or why not. */
export function parseShard(text: string): { ok: true; shard: ShardSpec } | { ok: false; message: string } {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  if (!m) return { ok: false, message: `write I/N, e.g. 2/5 for the second of five shards, not "${text}"` }
  const index = Number(m[1])
  const count = Number(m[2])
  if (!(count >= 1 && count <= MAX_SHARDS)) return { ok: false, message: `the number of shards N must be from 1 to ${MAX_SHARDS}, not ${m[2]}` }
  if (!(index >= 1 && index <= count)) return { ok: false, message: `the shard I must be from 1 to N = ${count}, not ${m[1]}` }
  return { ok: true, shard: { index, count } }
}

/** The runs of shard `shard` among `runs` (in plan order): every N-th, starting at the I-th. */
export function shardRuns<T>(runs: readonly T[], shard: ShardSpec): T[] {
  return runs.filter((_, i) => i % shard.count === shard.index - 1)
}

/** A run's outcome in a part file: the run by id (merge plans the runs again), then what it gave. */
export type PartOutcome =
  | { readonly id: string; readonly ok: true; readonly metrics: unknown; readonly missing?: unknown; readonly series?: unknown; readonly events: number; readonly simTimeNs: number; readonly wallMs: number; readonly cached?: true }
  | { readonly id: string; readonly ok: false; readonly code: RunErrorCode; readonly message: string; readonly events?: number; readonly wallMs?: number }

/** What a start asked for, so that merge plans exactly the same runs. */
export interface PartRequest {
  readonly experimentIds: readonly string[]
  readonly uncertainty?: number
  readonly ranges?: readonly { readonly path: string; readonly lo: number; readonly hi: number }[]
}

/** A part file (`run --shard I/N --out FILE`). */
export interface ShardPart {
  readonly format: 'iovlab-shard'
  readonly version: 1
  readonly shard: ShardSpec
  readonly project: string
  /** SHA-256 of the prepared project (overrides applied, stored results left out): parts of one start share it. */
  readonly projectDigest: string
  readonly engine: string
  readonly engineFingerprint: string
  readonly scenario: string
  readonly request: PartRequest
  readonly overrides: readonly Override[]
  /** Runs of the whole start (all shards). */
  readonly runsTotal: number
  /** The prepared project, so merge can plan the runs again without the original file. */
  readonly input: Project
  readonly outcomes: readonly PartOutcome[]
  readonly provenance: {
    readonly executor: string
    readonly jobs: number
    readonly platform: string
    readonly node: string
    readonly startedAt: string
    readonly endedAt: string
    readonly cachedRuns?: number
  }
}

/** The project a part carries and digests: as run, without stored results (no run reads them). */
export function runnableProject(project: Project): Project {
  const { results: _stored, ...rest } = project
  return rest as Project
}

export function projectDigest(project: Project): Promise<string> {
  return sha256Digest(canonicalJson(runnableProject(project)))
}

export function partOutcome(o: RunOutcome): PartOutcome {
  if (o.ok) {
    return {
      id: o.run.id, ok: true, metrics: o.metrics, ...(o.missing ? { missing: o.missing } : {}), ...(o.series ? { series: o.series } : {}),
      events: o.events, simTimeNs: o.simTimeNs, wallMs: o.wallMs, ...(o.cached ? { cached: true as const } : {})
    }
  }
  return { id: o.run.id, ok: false, code: o.code, message: o.message, ...(o.events === undefined ? {} : { events: o.events }), ...(o.wallMs === undefined ? {} : { wallMs: o.wallMs }) }
}

/** A part outcome back as the outcome of `run`. */
export function fromPartOutcome(p: PartOutcome, run: Run): RunOutcome {
  if (p.ok) {
    return {
      ok: true, run, metrics: p.metrics as never, ...(p.missing ? { missing: p.missing as never } : {}), ...(p.series ? { series: p.series as never } : {}),
      events: p.events, simTimeNs: p.simTimeNs, wallMs: p.wallMs, ...(p.cached ? { cached: true as const } : {})
    }
  }
  return { ok: false, run, code: p.code, message: p.message, ...(p.events === undefined ? {} : { events: p.events }), ...(p.wallMs === undefined ? {} : { wallMs: p.wallMs }) }
}

export interface PartInputs {
  readonly shard: ShardSpec
  readonly project: Project
  readonly scenario: string
  readonly request: PartRequest
  readonly overrides: readonly Override[]
  readonly runsTotal: number
  /** This shard's runs in plan order (the part lists its outcomes in that order, whatever order they finished in). */
  readonly runs: readonly Run[]
  readonly outcomes: readonly RunOutcome[]
  readonly executor: string
  readonly jobs: number
  readonly startedAt: string
  readonly endedAt: string
}

/** A part file's content: this shard's outcomes in plan order, and what merge needs to plan the runs again. */
export async function buildPart(p: PartInputs): Promise<ShardPart> {
  const input = runnableProject(p.project)
  const order = new Map(p.runs.map((r, i) => [r.id, i]))
  const sorted = [...p.outcomes].sort((a, b) => (order.get(a.run.id) ?? Infinity) - (order.get(b.run.id) ?? Infinity))
  const cached = p.outcomes.filter((o) => o.ok && o.cached).length
  return {
    format: 'iovlab-shard', version: 1, shard: p.shard, project: p.project.name,
    projectDigest: await projectDigest(p.project), engine: ENGINE_VERSION, engineFingerprint: ENGINE_FINGERPRINT,
    scenario: p.scenario, request: p.request, overrides: p.overrides, runsTotal: p.runsTotal, input,
    outcomes: sorted.map(partOutcome),
    provenance: { executor: p.executor, jobs: p.jobs, ...hostFacts(), startedAt: p.startedAt, endedAt: p.endedAt, ...(cached > 0 ? { cachedRuns: cached } : {}) }
  }
}
