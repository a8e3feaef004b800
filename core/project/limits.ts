// Size limits on project files, so a hostile or broken file cannot exhaust memory or time;
// checked on the raw tree before the schema ever walks it.
import { problem, type PathSegment, type Problem } from './problems'

export const LIMITS = {
  /** File size, checked with stat before reading. */
  fileBytes: 32 * 1024 * 1024,
  nodes: 20_000,
  links: 100_000,
  attachments: 100_000,
  experiments: 100,
  workloadsPerExperiment: 1_000,
  variables: 1_000,
  /** Points of one experiment's sweep (the product of its axes' lengths). */
  sweepPoints: 10_000,
  /** Axes of one experiment's sweep (each a zipped group of paths). */
  sweepAxes: 32,
  /** Paths of one sweep axis (zipped together). */
  sweepPathsPerAxis: 64,
  replications: 1_000,
  stringLength: 10_000,
  /** Nesting depth of objects and lists. */
  depth: 64
} as const

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)

function tooMany(path: PathSegment[], what: string, n: number, max: number): Problem {
  return problem('too-many', path, `${n} ${what} is more than IOV Lab accepts (at most ${max.toLocaleString('en-US')})`)
}

function checkArray(obj: Raw, key: string, path: PathSegment[], what: string, max: number, out: Problem[]): void {
  const v = obj[key]
  if (Array.isArray(v) && v.length > max) out.push(tooMany([...path, key], what, v.length, max))
}

/** Number of sweep points, computed from the axes' lengths without expanding them (capped just past the limit). */
export function sweepPointCount(sweep: unknown): number {
  if (!Array.isArray(sweep)) return 1
  let product = 1
  for (const axis of sweep) {
    if (!isObj(axis)) continue
    const lengths = Object.values(axis).map((vals) => (Array.isArray(vals) ? vals.length : 1))
    product *= lengths.length === 0 ? 1 : Math.max(...lengths)
    if (product > LIMITS.sweepPoints) return product
  }
  return product
}

function checkExperiment(exp: unknown, path: PathSegment[], out: Problem[]): void {
  if (!isObj(exp)) return
  checkArray(exp, 'workloads', path, 'workloads', LIMITS.workloadsPerExperiment, out)
  if (Array.isArray(exp.sweep) && exp.sweep.length > LIMITS.sweepAxes) {
    out.push(tooMany([...path, 'sweep'], 'sweep axes', exp.sweep.length, LIMITS.sweepAxes))
    return
  }
  if (Array.isArray(exp.sweep)) {
    exp.sweep.forEach((axis, ai) => {
      const n = isObj(axis) ? Object.keys(axis).length : 0
      if (n > LIMITS.sweepPathsPerAxis) out.push(tooMany([...path, 'sweep', ai], 'paths in one sweep axis', n, LIMITS.sweepPathsPerAxis))
    })
  }
  const points = sweepPointCount(exp.sweep)
  if (points > LIMITS.sweepPoints) {
    const shown = Number.isFinite(points) && points < 1e15 ? points.toLocaleString('en-US') : 'astronomically many'
    out.push(problem('sweep-too-large', [...path, 'sweep'],
      `this sweep has ${shown} points (the product of its axes' lengths); at most ${LIMITS.sweepPoints.toLocaleString('en-US')} are allowed — split it into several experiments`))
  }
}

/** Count limits on a raw (already JSON-parsed and migrated) project; empty when all are respected. */
export function checkCounts(doc: unknown): Problem[] {
  const out: Problem[] = []
  if (!isObj(doc)) return out
  const topo = doc.topology
  if (isObj(topo)) {
    checkArray(topo, 'nodes', ['topology'], 'nodes', LIMITS.nodes, out)
    checkArray(topo, 'links', ['topology'], 'links', LIMITS.links, out)
    checkArray(topo, 'attachments', ['topology'], 'attachments', LIMITS.attachments, out)
  }
  if (isObj(doc.variables) && Object.keys(doc.variables).length > LIMITS.variables) {
    out.push(tooMany(['variables'], 'variables', Object.keys(doc.variables).length, LIMITS.variables))
  }
  checkArray(doc, 'experiments', [], 'experiments', LIMITS.experiments, out)
  if (Array.isArray(doc.experiments) && doc.experiments.length <= LIMITS.experiments) {
    doc.experiments.forEach((exp, i) => checkExperiment(exp, ['experiments', i], out))
  }
  return out
}
