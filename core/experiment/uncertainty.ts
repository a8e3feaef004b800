// Model uncertainty beside statistical uncertainty: the catalog parameters that carry a
// plausible range (assumptions, calibrated values, measured ones with a reported spread) are
// sampled together by Latin hypercube — seeded from the project seed, so the samples are the
// same for any number of jobs — and every sample runs every point of the experiment with the
// point's own seeds (common random numbers across samples: only the parameters differ). Per
// point and metric the document then carries the 5th, 50th and 95th percentiles over samples of
// the sample's mean over replications, beside the replications' 95 % CI; and for a sweep with a
// categorical axis (techniques), how often each nominal ordering holds across the samples.
import { deriveSeed, RngStreams } from '../sim/rng'
import { canonicalParam } from '../project/param-values'
import type { Experiment, Project, Scalar } from '../project/schema'
import type { Metrics } from '../scenario/types'
import { isSummary } from './aggregate'
import { canonicalJson } from './canonical'
import { catalogPaths, profiledAt, resolveTarget, writtenValue, CANONICAL_UNIT } from './param-targets'
import { flattenMetrics } from './sensitivity'
import { applyPoint, expandSweep, runSeed, sweptPaths } from './sweep'
import type { PointMetrics, ResultsPoint, Run, RunOutcome } from './types'
import { initialReplications } from './sequential'

/** A range given with a run (`--range PATH=LO:HI`), beside or instead of the catalog's. */
export interface RangeOverride {
  readonly path: string
  readonly lo: number
  readonly hi: number
  readonly why?: string
}

export interface UncertainParam {
  readonly path: string
  readonly lo: number
  readonly hi: number
  readonly why: string
  readonly unit: string
  readonly sourceKind?: string
  readonly integer: boolean
  /** Where the range comes from: the catalog, or given with the run (`--range`; replayed by verify). */
  readonly origin: 'catalog' | 'given'
}

/** The interval of a metric over the samples. */
export interface UncertaintyBand {
  readonly p05: number | null
  readonly p50: number | null
  readonly p95: number | null
}

/** What a results point carries with `--uncertainty N`. */
export interface PointUncertainty {
  /** Samples whose replications gave this point a value (failed runs are listed in `errors`). */
  readonly samples: number
  readonly metrics: Record<string, UncertaintyBand | Record<string, UncertaintyBand>>
}

/** "lower < higher in `holds` of `samples` samples at `at`", for a metric, across a categorical axis. */
export interface OrderingStat {
  readonly metric: string
  readonly axis: string
  /** The other swept values of the compared points. */
  readonly at: Readonly<Record<string, Scalar>>
  /** The value of the axis whose nominal mean is lower, and the one whose is higher. */
  readonly lower: Scalar
  readonly higher: Scalar
  /** Fraction of samples (0–1) in which the lower stays strictly lower. */
  readonly holds: number
  readonly samples: number
}

/** What a results document carries with `--uncertainty N`. */
export interface DocumentUncertainty {
  readonly method: 'latin-hypercube'
  readonly samples: number
  /** The percentiles of the per-point bands. */
  readonly interval: readonly [0.05, 0.95]
  readonly params: readonly UncertainParam[]
  readonly skipped?: readonly { readonly path: string; readonly reason: string }[]
  readonly orderings?: readonly OrderingStat[]
}

export interface UncertaintyPlan {
  readonly experimentId: string
  readonly samples: number
  readonly params: readonly UncertainParam[]
  readonly skipped: readonly { readonly path: string; readonly reason: string }[]
  /** values[sample][param], canonical units. */
  readonly values: readonly (readonly number[])[]
  readonly runs: readonly Run[]
}

export type UncertaintyPlanResult = { ok: true; plan: UncertaintyPlan } | { ok: false; problems: string[] }

export const MAX_UNCERTAINTY_SAMPLES = 1024

/** n points in [0, 1)^k, one in each of the n strata of every axis; deterministic for the seed. */
export function latinHypercube(n: number, k: number, seed: number): number[][] {
  const rng = new RngStreams(seed).stream('latin-hypercube')
  const out = Array.from({ length: n }, () => new Array<number>(k))
  for (let j = 0; j < k; j++) {
    const perm = Array.from({ length: n }, (_, i) => i)
    for (let i = n - 1; i > 0; i--) { const m = rng.below(i + 1); [perm[i], perm[m]] = [perm[m], perm[i]] }
    for (let i = 0; i < n; i++) out[i][j] = (perm[i] + rng.uniform()) / n
  }
  return out
}

/** The parameters to sample: the catalog's ranged ones at their defaults, and the given ranges. */
export function uncertainParams(project: Project, experiment: Experiment, given: readonly RangeOverride[] = []): { params: UncertainParam[]; skipped: { path: string; reason: string }[]; problems: string[] } {
  const swept = new Set(sweptPaths(experiment))
  const params: UncertainParam[] = []
  const skipped: { path: string; reason: string }[] = []
  const problems: string[] = []
  const givenPaths = new Set(given.map((g) => g.path))
  for (const { path, spec } of catalogPaths(project)) {
    if (spec.descriptive === true || givenPaths.has(path)) continue
    // Sampled around the effective value: a hardware profile's value carries its own range (or none: measured).
    const prof = profiledAt(project, path)
    const range = prof ? prof.range : spec.range
    if (!range) continue
    // lo = hi: a setting of the modelled set-up held at its value (a guest count, a pinning), not uncertain
    if (range.lo === range.hi) continue
    if (swept.has(path)) { skipped.push({ path, reason: 'swept by the experiment' }); continue }
    if (prof && profileMoves(project, path, swept)) {
      skipped.push({ path, reason: 'its hardware profile is swept or set by a variable; the range is about one profile\'s value' })
      continue
    }
    const written = writtenValue(project, path)
    // A parameter the project sets through a variable follows that variable (which a sweep may move):
    // sampling it would override the point's own value.
    if (typeof written === 'object' && written !== null && 'var' in written) {
      skipped.push({ path, reason: 'set by a project variable; the catalog range is about the default' })
      continue
    }
    if (written !== undefined) {
      const v = canonicalParam(spec, written, project.variables)
      if (!v.ok || v.value !== spec.default) { skipped.push({ path, reason: 'the project sets its own value; the catalog range is about the default' }); continue }
    }
    params.push({
      path, lo: range.lo, hi: range.hi, why: prof ? `profile ${prof.profile}: ${range.why}` : range.why, unit: CANONICAL_UNIT[spec.dimension] ?? '',
      sourceKind: prof ? prof.sourceKind : spec.sourceKind, integer: spec.integer === true || spec.dimension === 'count', origin: 'catalog'
    })
  }
  for (const g of given) {
    if (swept.has(g.path)) { problems.push(`--range ${g.path}: it is swept by experiment "${experiment.id}"`); continue }
    const r = resolveTarget(project, g.path)
    if (!r.ok) { problems.push(`--range ${g.path}: ${r.reason}`); continue }
    if (!(Number.isFinite(g.lo) && Number.isFinite(g.hi) && g.lo < g.hi)) { problems.push(`--range ${g.path}: the low end must be below the high end`); continue }
    if (r.target.min !== undefined && g.lo < r.target.min) { problems.push(`--range ${g.path}: ${g.lo} is below the parameter's minimum ${r.target.min}`); continue }
    if (r.target.max !== undefined && g.hi > r.target.max) { problems.push(`--range ${g.path}: ${g.hi} is above the parameter's maximum ${r.target.max}`); continue }
    params.push({ path: g.path, lo: g.lo, hi: g.hi, why: g.why ?? 'given with the run', unit: r.target.unit, ...(r.target.sourceKind ? { sourceKind: r.target.sourceKind } : {}), integer: r.target.integer, origin: 'given' })
  }
  return { params, skipped, problems }
}

/** Whether the hardware profile governing a node parameter (the node's own, or its host's) is swept or set through a variable. */
function profileMoves(project: Project, path: string, swept: ReadonlySet<string>): boolean {
  const id = path.split('.')[2]
  const node = project.topology.nodes.find((n) => n.id === id)
  const owners = [node, node?.host === undefined ? undefined : project.topology.nodes.find((n) => n.id === node.host)]
  return owners.some((n) => n !== undefined && (swept.has(`topology.nodes.${n.id}.params.profile`) ||
    (typeof n.params.profile === 'object' && n.params.profile !== null && 'var' in n.params.profile)))
}

/**
 * The value at quantile x ∈ [0, 1) of a range. Ranges that span a factor (hi/lo ≥ 1.5, both ends
 * positive: "half to twice the assumed cost") are sampled log-uniformly, so that halving and doubling
 * are equally likely and the nominal value sits at the range's geometric middle; narrower ranges, and
 * ranges that reach 0, uniformly.
 */
export function sampleInRange(lo: number, hi: number, x: number): number {
  if (lo > 0 && hi / lo >= 1.5) return lo * Math.pow(hi / lo, x)
  return lo + x * (hi - lo)
}

/** Plans the sample runs of one experiment: every point × sample × replication, with the point's seeds. */
export function planUncertainty(project: Project, experiment: Experiment, samples: number, given: readonly RangeOverride[] = []): UncertaintyPlanResult {
  if (!(Number.isInteger(samples) && samples >= 2 && samples <= MAX_UNCERTAINTY_SAMPLES)) return { ok: false, problems: [`--uncertainty takes 2 to ${MAX_UNCERTAINTY_SAMPLES} samples, not ${samples}`] }
  const found = uncertainParams(project, experiment, given)
  if (found.problems.length > 0) return { ok: false, problems: found.problems }
  if (found.params.length === 0) {
    return { ok: false, problems: [`experiment "${experiment.id}": no parameter of its components carries a plausible range in the catalog${found.skipped.length > 0 ? ` (${found.skipped.length} set or swept by the project)` : ''}; give ranges with --range PATH=LO:HI`] }
  }
  const u = latinHypercube(samples, found.params.length, deriveSeed(project.seed, `uncertainty ${experiment.id}`))
  const values = u.map((row) => row.map((x, j) => {
    const p = found.params[j]
    const v = sampleInRange(p.lo, p.hi, x)
    return p.integer ? Math.min(p.hi, Math.max(p.lo, Math.round(v))) : v
  }))
  const runs: Run[] = []
  for (const point of expandSweep(experiment.sweep)) {
    const check = applyPoint(project, point.params)
    if (!check.ok) return { ok: false, problems: [check.message] }
    for (let s = 0; s < samples; s++) {
      const sample: Record<string, number> = {}
      found.params.forEach((p, j) => { sample[p.path] = values[s][j] })
      for (let r = 0; r < initialReplications(experiment); r++) {
        runs.push({
          id: `${experiment.id}/${point.index}/u${s}/${r}`,
          projectName: project.name,
          experimentId: experiment.id,
          pointIndex: point.index,
          params: { ...point.params, ...sample },
          replication: r,
          seed: runSeed(project.seed, point.params, r)
        })
      }
    }
  }
  return { ok: true, plan: { experimentId: experiment.id, samples, params: found.params, skipped: found.skipped, values, runs } }
}

/** True when a run id belongs to an uncertainty sample. */
export function isSampleRun(id: string): boolean {
  return /\/u\d+\/\d+$/.test(id)
}

/** Linear-interpolation percentile (type 7) of sorted values. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null
  const h = (sorted.length - 1) * q
  const lo = Math.floor(h)
  const hi = Math.min(sorted.length - 1, lo + 1)
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo])
}

function band(values: readonly (number | null)[]): UncertaintyBand {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v)).sort((a, b) => a - b)
  return { p05: percentile(xs, 0.05), p50: percentile(xs, 0.5), p95: percentile(xs, 0.95) }
}

/** Collects sample outcomes; per point and sample, the mean over replications of each metric. */
export class SampleCollector {
  /** means[experiment][point][sample] = flattened metric → mean (undefined until complete). */
  private readonly means = new Map<string, (Record<string, number> | undefined)[][]>()
  private readonly pending = new Map<string, RunOutcome[]>()
  constructor(private readonly plans: readonly UncertaintyPlan[], private readonly replications: ReadonlyMap<string, number>, pointCounts: ReadonlyMap<string, number>) {
    for (const p of plans) this.means.set(p.experimentId, Array.from({ length: pointCounts.get(p.experimentId) ?? 0 }, () => new Array(p.samples)))
  }
  add(o: RunOutcome): void {
    const m = /\/(\d+)\/u(\d+)\/\d+$/.exec(o.run.id)
    if (!m) return
    const key = `${o.run.experimentId}/${m[1]}/${m[2]}`
    const list = this.pending.get(key) ?? []
    list.push(o)
    this.pending.set(key, list)
    if (list.length < (this.replications.get(o.run.experimentId) ?? 1)) return
    this.pending.delete(key)
    const flat = list.filter((x) => x.ok).sort((a, b) => a.run.replication - b.run.replication).map((x) => flattenMetrics((x as { metrics: Metrics }).metrics))
    const sums: Record<string, { s: number; n: number }> = {}
    for (const f of flat) for (const [k, v] of Object.entries(f)) if (Number.isFinite(v)) { const a = (sums[k] ??= { s: 0, n: 0 }); a.s += v; a.n++ }
    const mean: Record<string, number> = {}
    for (const k of Object.keys(sums).sort()) mean[k] = sums[k].s / sums[k].n
    this.means.get(o.run.experimentId)![Number(m[1])][Number(m[2])] = mean
  }
  /** The per-point blocks and the document block of an experiment, given its nominal points. */
  finish(experimentId: string, points: readonly ResultsPoint[]): { points: ResultsPoint[]; block: DocumentUncertainty } | undefined {
    const plan = this.plans.find((p) => p.experimentId === experimentId)
    const means = this.means.get(experimentId)
    if (!plan || !means) return undefined
    const withBands = points.map((point, i): ResultsPoint => {
      const samples = means[i] ?? []
      const shape = bandsLike(point.metrics, (name) => band(samples.map((s) => s?.[name] ?? null)))
      const n = samples.filter((s) => s !== undefined && Object.keys(s).length > 0).length
      return { ...point, uncertainty: { samples: n, metrics: shape } }
    })
    const orderings = orderingStats(points, means.map((row) => Array.from({ length: plan.samples }, (_, s) => row[s])))
    return {
      points: withBands,
      block: {
        method: 'latin-hypercube', samples: plan.samples, interval: [0.05, 0.95], params: plan.params,
        ...(plan.skipped.length > 0 ? { skipped: plan.skipped } : {}),
        ...(orderings.length > 0 ? { orderings } : {})
      }
    }
  }
}

/** A band per metric in the shape of the point's metrics (an object metric: a band per key). */
function bandsLike(metrics: PointMetrics, bandOf: (flatName: string) => UncertaintyBand): Record<string, UncertaintyBand | Record<string, UncertaintyBand>> {
  const out: Record<string, UncertaintyBand | Record<string, UncertaintyBand>> = {}
  for (const name of Object.keys(metrics).sort()) {
    const v = metrics[name]
    if (isSummary(v)) out[name] = bandOf(name)
    else out[name] = Object.fromEntries(Object.keys(v).sort().map((k) => [k, bandOf(`${name}.${k}`)]))
  }
  return out
}

function flatNominal(point: ResultsPoint): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [name, v] of Object.entries(point.metrics)) {
    if (isSummary(v)) { if (v.mean !== null) out[name] = v.mean }
    else for (const [k, s] of Object.entries(v)) if (s.mean !== null) out[`${name}.${k}`] = s.mean
  }
  return out
}

/**
 * For every categorical swept parameter (one with text or true/false values), every group of
 * points that differ only in it, every metric and every pair of its values whose nominal means
 * differ: the fraction of samples in which the nominally lower one stays strictly lower.
 */
export function orderingStats(points: readonly ResultsPoint[], sampleMeans: readonly (readonly (Readonly<Record<string, number>> | undefined)[])[]): OrderingStat[] {
  const names = [...new Set(points.flatMap((p) => Object.keys(p.params)))]
  const axes = names.filter((n) => {
    const vals = new Set(points.map((p) => p.params[n]).filter((v) => v !== undefined).map((v) => JSON.stringify(v)))
    return vals.size >= 2 && points.some((p) => typeof p.params[n] === 'string' || typeof p.params[n] === 'boolean')
  }).sort()
  const out: OrderingStat[] = []
  for (const axis of axes) {
    // Parameters zipped with the axis (one value per value of the axis: the technique of a
    // variant, its client VMs) move with it and are not part of what the compared points share.
    const zipped = new Set(names.filter((n) => n !== axis && [...new Set(points.map((p) => JSON.stringify(p.params[axis])))].every((a) =>
      new Set(points.filter((p) => JSON.stringify(p.params[axis]) === a).map((p) => JSON.stringify(p.params[n]))).size === 1)))
    const groups = new Map<string, number[]>()
    points.forEach((p, i) => {
      const rest: Record<string, Scalar> = {}
      for (const [k, v] of Object.entries(p.params)) if (k !== axis && !zipped.has(k)) rest[k] = v
      const key = canonicalJson(rest)
      groups.set(key, [...(groups.get(key) ?? []), i])
    })
    for (const [key, idx] of groups) { // in the order of the points' first appearance
      if (idx.length < 2) continue
      const at = JSON.parse(key) as Record<string, Scalar>
      const nominal = idx.map((i) => flatNominal(points[i]))
      const metrics = [...new Set(nominal.flatMap((n) => Object.keys(n)))].sort()
      for (const metric of metrics) {
        const ranked = idx.map((i, j) => ({ i, m: nominal[j][metric] })).filter((x) => x.m !== undefined).sort((a, b) => a.m - b.m || a.i - b.i)
        for (let a = 0; a < ranked.length; a++) {
          for (let b = a + 1; b < ranked.length; b++) {
            if (!(ranked[a].m < ranked[b].m)) continue
            let n = 0
            let holds = 0
            const sa = sampleMeans[ranked[a].i] ?? []
            const sb = sampleMeans[ranked[b].i] ?? []
            for (let s = 0; s < Math.max(sa.length, sb.length); s++) {
              const x = sa[s]?.[metric]; const y = sb[s]?.[metric]
              if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y)) continue
              n++
              if (x < y) holds++
            }
            if (n > 0) out.push({ metric, axis, at, lower: points[ranked[a].i].params[axis], higher: points[ranked[b].i].params[axis], holds: holds / n, samples: n })
          }
        }
      }
    }
  }
  return out
}

/** "a < b in 97 % of samples at guests=16" */
export function orderingSentence(o: OrderingStat): string {
  const at = Object.entries(o.at).map(([k, v]) => `${k}=${String(v)}`).join(', ')
  const pct = Math.round(o.holds * 1000) / 10
  return `${o.metric}: ${String(o.lower)} < ${String(o.higher)} in ${pct} % of ${o.samples} samples${at ? ` at ${at}` : ''}`
}
