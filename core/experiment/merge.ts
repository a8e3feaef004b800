// `iovlab merge`: the part files of `run --shard I/N` back into the results documents of one
// unsharded run. The runs are planned again from the project the parts carry, every run's
// outcome is taken from the one part that must hold it, and the very same runner (executePlan)
// aggregates them — so the documents, digests included, are those of a local run. Parts that do
// not belong together are refused, one line per problem, before anything is merged.
import { z } from 'zod'
import { locateJsonError, lineColumn } from '../project/json-locate'
import { formatPath, type PathSegment } from '../project/problems'
import { validateProject } from '../project/validate'
import { executePlan, planRuns } from './runner'
import { fromPartOutcome, projectDigest, shardRuns, type PartOutcome, type ShardPart } from './shard'
import { planUncertainty, type UncertaintyPlan } from './uncertainty'
import type { ExecuteOptions, Executor, ResultsDocument, Run, RunBatch, RunOutcome } from './types'

const Digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: 'a digest is "sha256:" and 64 lowercase hex digits' })
const Outcome = z.union([
  z.looseObject({ id: z.string(), ok: z.literal(true), metrics: z.record(z.string(), z.unknown()), events: z.number(), simTimeNs: z.number(), wallMs: z.number() }),
  z.looseObject({ id: z.string(), ok: z.literal(false), code: z.string(), message: z.string() })
], { error: 'a run outcome is {"id", "ok": true, "metrics", …} or {"id", "ok": false, "code", "message"}' })

const PartSchema = z.looseObject({
  format: z.literal('iovlab-shard', { error: 'a part file has "format": "iovlab-shard" (written by `iovlab run --shard I/N --out FILE`)' }),
  version: z.literal(1, { error: 'this version of IOV Lab reads part files of version 1' }),
  shard: z.strictObject({ index: z.int().min(1), count: z.int().min(1) }),
  project: z.string(),
  projectDigest: Digest,
  engine: z.string(),
  engineFingerprint: z.string(),
  scenario: z.string(),
  request: z.looseObject({ experimentIds: z.array(z.string()), uncertainty: z.int().optional(), ranges: z.array(z.looseObject({ path: z.string(), lo: z.number(), hi: z.number() })).optional() }),
  overrides: z.array(z.strictObject({ path: z.string(), value: z.unknown() })),
  runsTotal: z.int().min(0),
  input: z.looseObject({}),
  outcomes: z.array(Outcome),
  provenance: z.looseObject({ executor: z.string(), jobs: z.number(), startedAt: z.string(), endedAt: z.string() })
})

export interface PartFile {
  /** As the user named it (for messages). */
  readonly path: string
  /** The file's text, or how to read it: parts are read one at a time, and only the first keeps its project. */
  readonly text: string | (() => Promise<string>)
}

export type MergeResult = { ok: true; documents: ResultsDocument[]; runs: number; cachedRuns: number } | { ok: false; problems: string[] }

/** One part file's text → the part, or the lines saying why not (path, then the JSON position or path). */
export function readPart(file: { path: string; text: string }): { ok: true; part: ShardPart } | { ok: false; problems: string[] } {
  let value: unknown
  try {
    value = JSON.parse(file.text)
  } catch (e) {
    const at = locateJsonError(file.text)
    if (at) return { ok: false, problems: [`${file.path}: not valid JSON at line ${at.line}, column ${at.column}${at.path.length > 0 ? ` (in ${formatPath([...at.path])})` : ''}: ${at.message}`] }
    const m = /position (\d+)/.exec(e instanceof Error ? e.message : '')
    const lc = m ? lineColumn(file.text, Number(m[1])) : undefined
    return { ok: false, problems: [`${file.path}: not valid JSON${lc ? ` at line ${lc.line}, column ${lc.column}` : ''}`] }
  }
  const format = (value as { format?: unknown } | null)?.format
  if (format !== 'iovlab-shard') {
    const what = format === 'iovlab-results' ? ' (this is a results document: merge takes the parts that `run --shard` writes)' : ''
    return { ok: false, problems: [`${file.path}: $.format: a part file has "format": "iovlab-shard" (written by \`iovlab run --shard I/N --out FILE\`)${what}`] }
  }
  const r = PartSchema.safeParse(value)
  if (!r.success) return { ok: false, problems: r.error.issues.slice(0, 10).map((i) => `${file.path}: ${formatPath(i.path as PathSegment[])}: ${i.message}`) }
  const part = r.data as unknown as ShardPart
  if (part.shard.index > part.shard.count) return { ok: false, problems: [`${file.path}: $.shard: shard ${part.shard.index}/${part.shard.count} does not exist (I is from 1 to N)`] }
  return { ok: true, part }
}

const shardName = (s: { index: number; count: number }): string => `${s.index}/${s.count}`

/** Replays stored outcomes as an executor, so the runner aggregates them exactly as it does live ones. */
class ReplayExecutor implements Executor {
  constructor(readonly kind: string, private readonly outcomes: ReadonlyMap<string, PartOutcome>) {}
  async *run(batch: RunBatch, options: ExecuteOptions = {}): AsyncIterable<RunOutcome> {
    for (const run of batch.runs) {
      if (options.signal?.aborted) return
      const stored = this.outcomes.get(run.id)
      yield stored ? fromPartOutcome(stored, run) : { ok: false, run, code: 'worker-failed', message: 'no part holds this run' }
    }
  }
}

/** Merges the parts of one sharded start (all N of them, each once). */
export async function mergeParts(files: readonly PartFile[]): Promise<MergeResult> {
  if (files.length === 0) return { ok: false, problems: ['give the part files to merge (`iovlab run --shard I/N --out FILE` writes them)'] }
  const problems: string[] = []
  const parts: { path: string; part: ShardPart }[] = []
  for (const f of files) {
    let text: string
    try {
      text = typeof f.text === 'string' ? f.text : await f.text()
    } catch (e) {
      problems.push(`${f.path}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
      continue
    }
    const r = readPart({ path: f.path, text })
    if (!r.ok) problems.push(...r.problems)
    // One project is enough to plan the runs: the others are only compared by their digest.
    else parts.push({ path: f.path, part: parts.length === 0 ? r.part : { ...r.part, input: undefined as unknown as ShardPart['input'] } })
  }
  if (problems.length > 0) return { ok: false, problems }

  // Parts that belong together: one project as run, one engine, one N.
  const first = parts[0]
  for (const { path, part } of parts.slice(1)) {
    if (part.projectDigest !== first.part.projectDigest || part.scenario !== first.part.scenario) {
      problems.push(`${path} is a part of another start than ${first.path}: project "${part.project}" (${part.projectDigest.slice(0, 19)}…) vs "${first.part.project}" (${first.part.projectDigest.slice(0, 19)}…)${part.scenario !== first.part.scenario ? `, scenario "${part.scenario}" vs "${first.part.scenario}"` : ''} — parts of different projects, overrides or options do not merge`)
    } else if (canonicalRequest(part) !== canonicalRequest(first.part)) {
      problems.push(`${path} ran other experiments or options than ${first.path} (${canonicalRequest(part)} vs ${canonicalRequest(first.part)}); parts of one start share them`)
    }
    if (part.engineFingerprint !== first.part.engineFingerprint || part.engine !== first.part.engine) {
      problems.push(`${path} was run by another engine than ${first.path}: ${part.engine} ${part.engineFingerprint.slice(0, 19)}… vs ${first.part.engine} ${first.part.engineFingerprint.slice(0, 19)}… — run every shard with the same build`)
    }
    if (part.shard.count !== first.part.shard.count) {
      problems.push(`${path} is shard ${shardName(part.shard)} but ${first.path} is shard ${shardName(first.part.shard)}: all parts must split the runs into the same N`)
    }
  }
  if (problems.length > 0) return { ok: false, problems }
  const count = first.part.shard.count
  const byIndex = new Map<number, string>()
  for (const { path, part } of parts) {
    const other = byIndex.get(part.shard.index)
    if (other !== undefined) problems.push(`shard ${shardName(part.shard)} is given twice: ${other} and ${path}`)
    else byIndex.set(part.shard.index, path)
  }
  const missing: string[] = []
  for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missing.push(`${i}/${count}`)
  if (missing.length > 0) problems.push(`shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing (${byIndex.size} of ${count} given)`)
  if (problems.length > 0) return { ok: false, problems }

  // The runs again, from the project the parts carry.
  const checked = validateProject(first.part.input)
  if (!checked.ok) return { ok: false, problems: checked.problems.slice(0, 10).map((p) => `${first.path}: ${formatPath(['input', ...p.path])}: ${p.message}`) }
  const project = checked.project
  if ((await projectDigest(project)) !== first.part.projectDigest) return { ok: false, problems: [`${first.path}: $.input: the project does not match its projectDigest; the part file was edited or damaged`] }
  const planned = planRuns(project, first.part.request.experimentIds)
  if (!planned.ok) return { ok: false, problems: [`${first.path}: $.request: ${planned.message}`] }
  const plan = planned.plan
  const uncertainty: UncertaintyPlan[] = []
  if (first.part.request.uncertainty !== undefined) {
    for (const pe of plan.experiments) {
      const u = planUncertainty(project, pe.experiment, first.part.request.uncertainty, first.part.request.ranges ?? [])
      if (!u.ok) return { ok: false, problems: u.problems.map((m) => `${first.path}: $.request.uncertainty: ${m}`) }
      uncertainty.push(u.plan)
    }
  }
  const allRuns: Run[] = [...plan.runs, ...uncertainty.flatMap((u) => u.runs)]
  if (allRuns.length !== first.part.runsTotal) return { ok: false, problems: [`${first.path}: $.runsTotal: the project plans ${allRuns.length} runs, not ${first.part.runsTotal}; the part file was edited or damaged`] }
  const outcomes = new Map<string, PartOutcome>()
  for (const { path, part } of parts) {
    const expected = shardRuns(allRuns, part.shard).map((r) => r.id)
    const held = new Set(part.outcomes.map((o) => o.id))
    const absent = expected.filter((id) => !held.has(id))
    const extra = part.outcomes.length - (expected.length - absent.length)
    if (absent.length > 0 || extra !== 0) {
      problems.push(`${path}: $.outcomes: shard ${shardName(part.shard)} should hold ${expected.length} runs${absent.length > 0 ? `; run ${absent[0]}${absent.length > 1 ? ` and ${absent.length - 1} more are` : ' is'} missing` : ''}${extra !== 0 ? `; ${extra} run${extra === 1 ? ' is' : 's are'} not of this shard or repeated` : ''}`)
      continue
    }
    for (const o of part.outcomes) outcomes.set(o.id, o)
  }
  if (problems.length > 0) return { ok: false, problems }

  const executorKind = first.part.provenance.executor
  const result = await executePlan(plan, {
    executor: new ReplayExecutor(executorKind, outcomes),
    scenario: first.part.scenario,
    overrides: first.part.overrides,
    jobs: Math.max(...parts.map((p) => p.part.provenance.jobs)),
    progressEveryMs: Infinity,
    ...(uncertainty.length > 0 ? { uncertainty } : {})
  })
  if (result.cancelled) return { ok: false, problems: ['the merge did not complete every point (a part lacks runs)'] }
  const startedAt = parts.map((p) => p.part.provenance.startedAt).sort()[0]
  const endedAt = parts.map((p) => p.part.provenance.endedAt).sort().at(-1)!
  const documents = result.documents.map((d) => ({ ...d, provenance: { ...d.provenance!, startedAt, endedAt, shards: count } }))
  let cachedRuns = 0
  for (const o of outcomes.values()) if (o.ok && o.cached) cachedRuns++
  return { ok: true, documents, runs: allRuns.length, cachedRuns }
}

function canonicalRequest(p: ShardPart): string {
  return JSON.stringify({ e: p.request.experimentIds, u: p.request.uncertainty ?? null, r: p.request.ranges ?? [], o: p.overrides })
}
