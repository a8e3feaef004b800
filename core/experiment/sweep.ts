// Sweeps into runs: each axis is a zipped group of paths, axes combine as a cartesian
// product (first axis slowest), each point runs `replications` times with a seed derived
// from the project seed, the point's parameters and the replication — never from order.
import { deriveSeed } from '../sim/rng'
import { setPath } from '../project/paths'
import type { Experiment, Project, Scalar } from '../project/schema'
import { canonicalJson } from './canonical'
import { crnPlan, seedParams, type CrnPlan } from './crn'
import { initialReplications } from './sequential'
import { DEFAULT_MAX_EVENTS, type PointParams, type Run } from './types'

export interface SweepPoint {
  readonly index: number
  readonly params: PointParams
}

/** Number of points of a sweep (1 without axes); an axis counts as its longest list. */
export function pointCount(sweep: Experiment['sweep']): number {
  return sweep.reduce((n, axis) => n * Math.max(1, ...Object.values(axis).map((v) => v.length)), 1)
}

/** Every point of the sweep, first axis varying slowest; the paths of one axis move together. */
export function expandSweep(sweep: Experiment['sweep']): SweepPoint[] {
  let combos: Record<string, Scalar>[] = [{}]
  for (const axis of sweep) {
    const entries = Object.entries(axis)
    const length = Math.max(0, ...entries.map(([, values]) => values.length))
    const next: Record<string, Scalar>[] = []
    for (const combo of combos) {
      for (let i = 0; i < length; i++) {
        const point = { ...combo }
        for (const [path, values] of entries) point[path] = values[Math.min(i, values.length - 1)]
        next.push(point)
      }
    }
    combos = next
  }
  return combos.map((params, index) => ({ index, params }))
}

/** The label a run's seed is derived from: the point's parameters (canonical, sorted) and the replication. */
export function seedLabel(params: PointParams, replication: number): string {
  return `point ${canonicalJson(params)} replication ${replication}`
}

/** A run's seed: depends on the project seed, the point's parameters and the replication only. */
export function runSeed(projectSeed: number, params: PointParams, replication: number): number {
  return deriveSeed(projectSeed, seedLabel(params, replication))
}

/**
 * Replications `from`…`to`−1 of one point. With common random numbers (crn.ts) the seed is derived
 * from the point without the CRN paths, so the points that differ only there share their seeds.
 */
export function pointRuns(project: Project, experiment: Experiment, point: SweepPoint, from: number, to: number, crn?: CrnPlan): Run[] {
  const runs: Run[] = []
  const seedOf = seedParams(point.params, crn)
  for (let r = from; r < to; r++) {
    runs.push({
      id: `${experiment.id}/${point.index}/${r}`,
      projectName: project.name,
      experimentId: experiment.id,
      pointIndex: point.index,
      params: point.params,
      replication: r,
      seed: runSeed(project.seed, seedOf, r)
    })
  }
  return runs
}

/**
 * The first runs of one experiment, point by point, replications inner: all of them for a number
 * of replications, the first round (`min`) for a replications rule (sequential.ts adds the rest).
 * An experiment whose `crn` is malformed (the validator reports it) runs without it.
 */
export function experimentRuns(project: Project, experiment: Experiment): Run[] {
  const crn = crnPlan(experiment)
  const plan = crn.ok ? crn.plan : undefined
  const n = initialReplications(experiment)
  return expandSweep(experiment.sweep).flatMap((point) => pointRuns(project, experiment, point, 0, n, plan))
}

/** The project with a point's values set at their paths (a new object; the input is untouched). */
export function applyPoint(project: Project, params: PointParams): { ok: true; project: Project } | { ok: false; message: string } {
  let cur = project
  for (const [path, value] of Object.entries(params)) {
    const r = setPath(cur, path, value)
    if (!r.ok) return { ok: false, message: `cannot set "${path}": ${r.message}` }
    cur = r.value
  }
  return { ok: true, project: cur }
}

/** The run limits of an experiment: `stop.maxEvents` (default 2e9) and `stop.maxWallSeconds` (none). */
export function runLimits(experiment: Experiment): { maxEvents: number; maxWallMs?: number } {
  const stop = experiment.stop ?? {}
  const maxEvents = stop.maxEvents ?? DEFAULT_MAX_EVENTS
  return stop.maxWallSeconds === undefined ? { maxEvents } : { maxEvents, maxWallMs: stop.maxWallSeconds * 1000 }
}

export { shortNames } from '../project/short-names'

/** The swept paths of an experiment, in axis order. */
export function sweptPaths(experiment: Experiment): string[] {
  return experiment.sweep.flatMap((axis) => Object.keys(axis))
}
