// Sensitivity analysis of one experiment at one sweep point: which parameter moves which metric.
//
// One-at-a-time (OAT): every parameter x is set to x0·(1 − δ) and x0·(1 + δ) in turn (rounded for
// integers, clamped to the catalog bounds) and the metric M is read at both; the elasticity is
// (M⁺ − M⁻) / M0 ÷ (x⁺ − x⁻) / x0 — a central difference, so a curved response is caught to
// second order. Morris (elementary effects): T trajectories through a 4-level grid on
// x0·[1 − δ, 1 + δ], each moving one parameter at a time by two levels, in a seeded random order;
// the effect of each move, scaled the same way, is an elementary effect, and μ* (mean |EE|) ranks
// the parameters while σ says how much an effect depends on the others (non-linearity,
// interaction).
//
// Common random numbers: every configuration runs the same replications with the same seeds —
// those of the point itself, derived from the project seed, the point's swept values and the
// replication; perturbed values never enter the seed — so a difference between two
// configurations is the parameter's, not the noise's. Intervals are Student-t over replications
// of the paired differences (OAT) or over trajectories (Morris), each divided by the base mean
// (treated as known; its own noise is left out).
//
// Pure: plans runs and analyses outcomes; executing them is the caller's (any Executor).
import { RngStreams } from '../sim/rng'
import type { Experiment, Project, Scalar } from '../project/schema'
import type { Metrics } from '../scenario/types'
import { canonicalJson } from './canonical'
import { catalogPaths, resolveTarget, type ParamTarget } from './param-targets'
import { initialReplications } from './sequential'
import { applyPoint, expandSweep, runSeed, shortNames, sweptPaths } from './sweep'
import { t975 } from './student-t'
import type { PointParams, Run, RunOutcome } from './types'

export type SensitivityMethod = 'oat' | 'morris'

export interface SensitivityRequest {
  readonly experimentId: string
  /** Sweep point index (default 0). */
  readonly pointIndex?: number
  /** Paths as `--set` writes them; ignored with `all`. */
  readonly paths?: readonly string[]
  /** Every numeric, non-descriptive catalog parameter of the topology's components and links. */
  readonly all?: boolean
  /** Relative step, e.g. 0.1 for ±10 % (default 0.1). */
  readonly delta?: number
  readonly method?: SensitivityMethod
  /** Morris trajectories (default 6). */
  readonly trajectories?: number
}

/** One configuration: the values that differ from the point (canonical units). */
interface Config {
  readonly values: Readonly<Record<string, number>>
}

export interface SensitivityDesign {
  readonly method: SensitivityMethod
  readonly experimentId: string
  readonly pointIndex: number
  /** The point's swept values by path. */
  readonly point: PointParams
  readonly delta: number
  readonly replications: number
  readonly targets: readonly ParamTarget[]
  readonly skipped: readonly { readonly path: string; readonly reason: string }[]
  /** Configuration 0 is the point itself. */
  readonly configs: readonly Config[]
  /** OAT: [minus, plus] configuration per target. */
  readonly oat?: readonly (readonly [number, number])[]
  /** Morris: per trajectory, the moves (target index, configuration before, after). */
  readonly morris?: readonly (readonly { readonly target: number; readonly from: number; readonly to: number }[])[]
  readonly runs: readonly Run[]
}

export type DesignResult = { ok: true; design: SensitivityDesign } | { ok: false; problems: string[] }

/** At most this many runs in one sensitivity analysis. */
export const MAX_SENSITIVITY_RUNS = 100_000

function roundTo(t: ParamTarget, x: number): number {
  let v = t.integer ? Math.round(x) : Number(x.toPrecision(12)) // 2.8e9 · 1.1 is 3080000000, not …0.0000005
  if (t.min !== undefined && v < t.min) v = t.min
  if (t.max !== undefined && v > t.max) v = t.max
  return v
}

/**
 * The two OAT values of a parameter: x0·(1 ∓ δ), rounded for whole-number parameters and clamped
 * to the bounds; a whole number that ±δ would not move steps by one instead (the elasticity uses
 * the actual change, so a one-sided or wider step is still read correctly).
 */
export function oatSteps(t: ParamTarget, delta: number): [number, number] {
  let lo = roundTo(t, t.base * (1 - delta))
  let hi = roundTo(t, t.base * (1 + delta))
  if (t.integer && lo === t.base) lo = roundTo(t, t.base - 1)
  if (t.integer && hi === t.base) hi = roundTo(t, t.base + 1)
  if (lo === 0 && t.base > 0 && t.integer && t.min === undefined) lo = t.base // a count does not go to 0 by a small step
  return [lo, hi]
}

/** Plans the runs: the point, and each configuration, with the point's own seeds. */
export function planSensitivity(project: Project, req: SensitivityRequest): DesignResult {
  const experiment: Experiment | undefined = project.experiments.find((e) => e.id === req.experimentId)
  if (!experiment) return { ok: false, problems: [`the project has no experiment "${req.experimentId}" (known: ${project.experiments.map((e) => e.id).join(', ') || 'none'})`] }
  const points = expandSweep(experiment.sweep)
  const pointIndex = req.pointIndex ?? 0
  if (!Number.isInteger(pointIndex) || pointIndex < 0 || pointIndex >= points.length) {
    return { ok: false, problems: [`--point ${pointIndex}: experiment "${experiment.id}" has points 0 to ${points.length - 1}`] }
  }
  const delta = req.delta ?? 0.1
  if (!(delta > 0 && delta < 1)) return { ok: false, problems: [`the step must be more than 0 % and less than 100 %, not ${delta * 100} %`] }
  const method = req.method ?? 'oat'
  const point = points[pointIndex].params
  const applied = applyPoint(project, point)
  if (!applied.ok) return { ok: false, problems: [applied.message] }
  const at = applied.project
  const swept = new Set(sweptPaths(experiment))
  const problems: string[] = []
  const skipped: { path: string; reason: string }[] = []
  const targets: ParamTarget[] = []
  const candidates: string[] = []
  if (req.all === true) {
    for (const { path, spec } of catalogPaths(at)) {
      if (spec.descriptive === true) skipped.push({ path, reason: 'descriptive (changes no number)' })
      else candidates.push(path)
    }
  } else {
    candidates.push(...new Set(req.paths ?? []))
    if (candidates.length === 0) problems.push('name the parameters to perturb (--params a,b) or ask for all of them (--all)')
  }
  for (const path of candidates) {
    if (swept.has(path)) { skipped.push({ path, reason: 'swept by the experiment (its effect is the sweep itself)' }); continue }
    const r = resolveTarget(at, path)
    if (!r.ok) {
      if (r.skipped === true || req.all === true) skipped.push({ path, reason: r.reason })
      else problems.push(`"${path}": ${r.reason}`)
      continue
    }
    if (r.target.base === 0) { skipped.push({ path, reason: 'its value is 0, so a relative change means nothing' }); continue }
    const [lo, hi] = oatSteps(r.target, delta)
    if (lo === hi) { skipped.push({ path, reason: `it cannot move: pinned at its bounds (${r.target.min ?? '–'} to ${r.target.max ?? '–'})` }); continue }
    targets.push(r.target)
  }
  if (problems.length > 0) return { ok: false, problems }
  if (targets.length === 0) return { ok: false, problems: ['no parameter left to perturb' + (skipped.length > 0 ? ` (${skipped.length} skipped: ${skipped.slice(0, 3).map((s) => `${s.path}: ${s.reason}`).join('; ')}${skipped.length > 3 ? '; …' : ''})` : '')] }

  const configs: Config[] = [{ values: {} }]
  let oat: [number, number][] | undefined
  let morris: { target: number; from: number; to: number }[][] | undefined
  if (method === 'oat') {
    oat = targets.map((t) => {
      const [lo, hi] = oatSteps(t, delta)
      configs.push({ values: { [t.path]: lo } })
      configs.push({ values: { [t.path]: hi } })
      return [configs.length - 2, configs.length - 1]
    })
  } else {
    const trajectories = req.trajectories ?? 6
    if (!(Number.isInteger(trajectories) && trajectories >= 2 && trajectories <= 100)) return { ok: false, problems: [`Morris needs 2 to 100 trajectories, not ${trajectories}`] }
    // The design is drawn from the project seed and the point, never from the order runs finish in.
    const rng = new RngStreams(runSeed(project.seed, point, 0)).stream(`sensitivity morris ${experiment.id}`)
    const levels = [-1, -1 / 3, 1 / 3, 1] // four levels on [−δ, +δ]; a move is two levels (Δ = 4δ/3)
    const valueAt = (t: ParamTarget, level: number): number => roundTo(t, t.base * (1 + levels[level] * delta))
    morris = []
    for (let k = 0; k < trajectories; k++) {
      const level = targets.map(() => rng.below(4))
      const order = targets.map((_, i) => i)
      for (let i = order.length - 1; i > 0; i--) { const j = rng.below(i + 1); [order[i], order[j]] = [order[j], order[i]] }
      const valuesOf = (): Record<string, number> => Object.fromEntries(targets.map((t, i) => [t.path, valueAt(t, level[i])]))
      configs.push({ values: valuesOf() })
      const moves: { target: number; from: number; to: number }[] = []
      for (const i of order) {
        const from = configs.length - 1
        level[i] = level[i] < 2 ? level[i] + 2 : level[i] - 2
        configs.push({ values: valuesOf() })
        moves.push({ target: i, from, to: configs.length - 1 })
      }
      morris.push(moves)
    }
  }
  const replications = initialReplications(experiment)
  const total = configs.length * replications
  if (total > MAX_SENSITIVITY_RUNS) return { ok: false, problems: [`this analysis needs ${total.toLocaleString('en-US')} runs; at most ${MAX_SENSITIVITY_RUNS.toLocaleString('en-US')} run at once — name fewer parameters, fewer trajectories or fewer replications`] }
  const seeds = Array.from({ length: replications }, (_, r) => runSeed(project.seed, point, r))
  const runs: Run[] = []
  configs.forEach((c, ci) => {
    for (let r = 0; r < replications; r++) {
      runs.push({
        id: `${experiment.id}/${pointIndex}/s${ci}/${r}`,
        projectName: project.name,
        experimentId: experiment.id,
        pointIndex,
        params: { ...point, ...c.values },
        replication: r,
        seed: seeds[r]
      })
    }
  })
  return { ok: true, design: { method, experimentId: experiment.id, pointIndex, point, delta, replications, targets, skipped, configs, ...(oat ? { oat } : {}), ...(morris ? { morris } : {}), runs } }
}

/** Metrics flattened to scalars: "name" or "name.key" for an object metric. */
export function flattenMetrics(m: Metrics): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [name, v] of Object.entries(m)) {
    if (typeof v === 'number') out[name] = v
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) if (typeof x === 'number') out[`${name}.${k}`] = x
  }
  return out
}

export interface Interval {
  readonly mean: number | null
  readonly ci95: number | null
}

export interface ParamEffect {
  readonly path: string
  /** Elasticity (OAT), or Morris μ (the mean elementary effect, scaled alike). Null with `note` when none. */
  readonly elasticity: number | null
  /** 95 % half-width over replications (OAT) or trajectories (Morris); null with fewer than two. */
  readonly ci95: number | null
  /** Replications (OAT) or trajectories (Morris) the figure rests on. */
  readonly n: number
  /** OAT: the metric's mean at x⁻ and x⁺. */
  readonly low?: number | null
  readonly high?: number | null
  /** Morris: mean |EE| (the ranking) and the standard deviation of the EEs. */
  readonly muStar?: number | null
  readonly sigma?: number | null
  readonly note?: string
}

export interface SensitivityParam {
  readonly path: string
  readonly label: string
  readonly unit: string
  readonly owner: string
  readonly sourceKind?: string
  readonly source?: string
  readonly base: number
  /** The values the parameter took (OAT: x⁻ and x⁺; Morris: the grid's ends). */
  readonly low: number
  readonly high: number
}

export interface SensitivityReport {
  readonly format: 'iovlab-sensitivity'
  readonly version: 1
  readonly project: string
  readonly experiment: string
  readonly method: SensitivityMethod
  readonly delta: number
  readonly point: { readonly index: number; readonly params: Readonly<Record<string, Scalar>> }
  readonly replications: number
  readonly trajectories?: number
  readonly runs: number
  readonly parameters: readonly SensitivityParam[]
  readonly skipped: readonly { readonly path: string; readonly reason: string }[]
  /** Per metric: its value at the point and every parameter's effect, largest |effect| first. */
  readonly metrics: Readonly<Record<string, { readonly base: Interval; readonly effects: readonly ParamEffect[] }>>
  readonly errors?: readonly { readonly config: number; readonly replication: number; readonly seed: number; readonly code: string; readonly message: string }[]
}

function meanCi(xs: readonly number[]): Interval {
  const n = xs.length
  if (n === 0) return { mean: null, ci95: null }
  let s = 0
  for (const x of xs) s += x
  const mean = s / n
  if (n === 1) return { mean, ci95: null }
  let ss = 0
  for (const x of xs) ss += (x - mean) * (x - mean)
  return { mean, ci95: (t975(n - 1) * Math.sqrt(ss / (n - 1))) / Math.sqrt(n) }
}

const rank = (e: ParamEffect): number => {
  const v = e.muStar ?? e.elasticity
  return v === null || v === undefined || !Number.isFinite(v) ? -1 : Math.abs(v)
}

/** Analyses the outcomes of a design's runs (in any order); deterministic for the same outcomes. */
export function analyzeSensitivity(project: Project, design: SensitivityDesign, outcomes: readonly RunOutcome[]): SensitivityReport {
  const R = design.replications
  // table[config][replication] = flattened metrics (undefined when the run failed)
  const table: (Record<string, number> | undefined)[][] = design.configs.map(() => new Array<Record<string, number> | undefined>(R))
  const errors: { config: number; replication: number; seed: number; code: string; message: string }[] = []
  for (const o of outcomes) {
    const m = /\/s(\d+)\/(\d+)$/.exec(o.run.id)
    if (!m) continue
    const c = Number(m[1])
    const r = Number(m[2])
    if (o.ok) table[c][r] = flattenMetrics(o.metrics)
    else errors.push({ config: c, replication: r, seed: o.run.seed, code: o.code, message: o.message })
  }
  errors.sort((a, b) => a.config - b.config || a.replication - b.replication)
  const names = [...new Set(table.flatMap((row) => row.flatMap((x) => (x ? Object.keys(x) : []))))].sort()
  const val = (c: number, r: number, name: string): number | undefined => {
    const v = table[c][r]?.[name]
    return v !== undefined && Number.isFinite(v) ? v : undefined
  }
  const meanOf = (c: number, name: string): number | null => {
    const xs: number[] = []
    for (let r = 0; r < R; r++) { const v = val(c, r, name); if (v !== undefined) xs.push(v) }
    return meanCi(xs).mean
  }
  const metrics: Record<string, { base: Interval; effects: ParamEffect[] }> = {}
  for (const name of names) {
    const baseVals: number[] = []
    for (let r = 0; r < R; r++) { const v = val(0, r, name); if (v !== undefined) baseVals.push(v) }
    const base = meanCi(baseVals)
    const m0 = base.mean
    const effects: ParamEffect[] = design.targets.map((t, i): ParamEffect => {
      if (design.oat) {
        const [lo, hi] = design.oat[i]
        const xLo = design.configs[lo].values[t.path]
        const xHi = design.configs[hi].values[t.path]
        const diffs: number[] = []
        for (let r = 0; r < R; r++) {
          const a = val(lo, r, name); const b = val(hi, r, name)
          if (a !== undefined && b !== undefined) diffs.push(b - a)
        }
        const d = meanCi(diffs)
        const low = meanOf(lo, name)
        const high = meanOf(hi, name)
        const scale = m0 === null || m0 === 0 ? null : ((xHi - xLo) / t.base) * m0
        if (d.mean === null) return { path: t.path, elasticity: null, ci95: null, n: 0, low, high, note: 'no replication finished at both x⁻ and x⁺' }
        if (scale === null) return { path: t.path, elasticity: null, ci95: null, n: diffs.length, low, high, note: m0 === null ? 'the metric has no value at the point' : 'the metric is 0 at the point; a relative change means nothing' }
        const step = (xHi - xLo) / t.base
        const wide = Math.abs(step - 2 * design.delta) > design.delta // a whole number stepped by one, or a bound
        return { path: t.path, elasticity: d.mean / scale, ci95: d.ci95 === null ? null : d.ci95 / Math.abs(scale), n: diffs.length, low, high,
          ...(wide ? { note: `stepped ${xLo} → ${xHi} (${Math.round(step * 100)} % of ${t.base}, not ±${design.delta * 100} %)` } : {}) }
      }
      // Morris: one EE per trajectory (the mean over replications of the paired differences).
      const ees: number[] = []
      for (const moves of design.morris ?? []) {
        const mv = moves.find((x) => x.target === i)
        if (!mv) continue
        const dx = (design.configs[mv.to].values[t.path] - design.configs[mv.from].values[t.path]) / t.base
        if (dx === 0 || m0 === null || m0 === 0) continue
        const diffs: number[] = []
        for (let r = 0; r < R; r++) {
          const a = val(mv.from, r, name); const b = val(mv.to, r, name)
          if (a !== undefined && b !== undefined) diffs.push(b - a)
        }
        const d = meanCi(diffs).mean
        if (d !== null) ees.push(d / (dx * m0))
      }
      if (ees.length === 0) return { path: t.path, elasticity: null, ci95: null, n: 0, muStar: null, sigma: null, note: m0 === null ? 'the metric has no value at the point' : m0 === 0 ? 'the metric is 0 at the point; a relative change means nothing' : 'no elementary effect finished' }
      const mu = meanCi(ees)
      let abs = 0
      for (const e of ees) abs += Math.abs(e)
      let ss = 0
      for (const e of ees) ss += (e - mu.mean!) * (e - mu.mean!)
      return { path: t.path, elasticity: mu.mean, ci95: mu.ci95, n: ees.length, muStar: abs / ees.length, sigma: ees.length > 1 ? Math.sqrt(ss / (ees.length - 1)) : null }
    })
    effects.sort((a, b) => rank(b) - rank(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    metrics[name] = { base, effects }
  }
  const experiment = project.experiments.find((e) => e.id === design.experimentId)
  const short = shortNames(experiment ? sweptPaths(experiment) : Object.keys(design.point))
  const params: Record<string, Scalar> = {}
  for (const [path, v] of Object.entries(design.point)) params[short[path] ?? path] = v
  return {
    format: 'iovlab-sensitivity',
    version: 1,
    project: project.name,
    experiment: design.experimentId,
    method: design.method,
    delta: design.delta,
    point: { index: design.pointIndex, params },
    replications: R,
    ...(design.morris ? { trajectories: design.morris.length } : {}),
    runs: design.runs.length,
    parameters: design.targets.map((t, i) => ({
      path: t.path, label: t.label, unit: t.unit, owner: t.owner,
      ...(t.sourceKind ? { sourceKind: t.sourceKind } : {}),
      ...(t.source ? { source: t.source } : {}),
      base: t.base,
      low: design.oat ? design.configs[design.oat[i][0]].values[t.path] : roundTo(t, t.base * (1 - design.delta)),
      high: design.oat ? design.configs[design.oat[i][1]].values[t.path] : roundTo(t, t.base * (1 + design.delta))
    })),
    skipped: design.skipped,
    metrics,
    ...(errors.length > 0 ? { errors } : {})
  }
}

/** The canonical text of a report (what must be byte-identical for any number of jobs). */
export function sensitivityText(report: SensitivityReport): string {
  return canonicalJson(report)
}
