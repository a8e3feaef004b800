// Domain rules at sweep points. A sweep can break a rule only at some points (a technique
// the device refuses, more guests than VFs, a client moved off the network). Axes that
// change only values checked against their parameter spec (check-sweeps.ts) cannot break a
// domain rule and are never expanded. The other ("structural") axes are checked point by
// point — every combination of them when that costs at most POINT_BUDGET units (points ×
// the size of the topology and workloads), else each axis value on its own with the other
// axes at their written values (exact for one structural axis; for several, combinations
// across axes are then not all tried — a documented bound, the runner still reports such a
// point as a failed run with the model's message).
import type { VarUse } from './check-catalog'
import { setPath } from './paths'
import { problem, type PathSegment, type Problem } from './problems'
import type { Experiment, Scalar } from './schema'
import type { ProjectView } from './view'

/** The semantic checks (catalog, references, domain) of a whole document, from validate.ts. */
export type PointCheck = (doc: unknown, experiment?: number) => Problem[]

/** Units of work (points × topology size) the point checks may spend per experiment. */
export const POINT_BUDGET = 4_000_000

/** Node parameters that domain rules read (attach-rules, sharing, workloads). */
export const DOMAIN_PARAM_KEYS: ReadonlySet<string> = new Set([
  'role', 'count', 'iommuEnabled', 'sriovEnabled', 'vfCount', 'msixVectors', 'msixVectorsPerVf', 'vifLimit', 'driverStyle',
  // live migration (check-migration.ts)
  'migrationFailover',
  // issue 12: protections a sweep may turn off (check-protections.ts)
  'vpioDmaValidation', 'vpioHandoffCheck', 'credentialChecks', 'replayChecks', 'pdmaValidation', 'vifRingReadOnly',
  // issue 12: memory overcommit (check-dma-memory.ts)
  'dmaMemory', 'residentFraction'
])

/** Problem codes a point check reports; value problems are already reported per axis value. */
const VALUE_CODES = new Set(['bad-param', 'unknown-param', 'undefined-variable', 'bad-quantity', 'invalid-type', 'out-of-range'])

/** True if changing `path` may break a domain rule (it is not only a value checked by its spec). */
export function isStructural(path: string, uses: readonly VarUse[]): boolean {
  const s = path.split('.')
  if (s[0] === 'variables' && s.length === 2) {
    return uses.some((u) => u.name === s[1] && (u.spec === undefined || DOMAIN_PARAM_KEYS.has(u.spec.key) || u.spec.key === 'activeFlows'))
  }
  if (s[0] === 'topology' && s[1] === 'nodes' && s[3] === 'params' && s.length === 5) return DOMAIN_PARAM_KEYS.has(s[4])
  if (s[0] === 'topology' && s[1] === 'links' && s[3] === 'params') return false
  if (s[0] === 'experiments' && s.length === 3 && ['duration', 'warmup', 'replications', 'name', 'description'].includes(s[2])) return false
  if (s[0] === 'experiments' && s[2] === 'stop') return false
  if (s[0] === 'experiments' && s[2] === 'workloads' && s[4] === 'params' && s.length === 6) return s[5] === 'activeFlows'
  return true
}

type Axis = Record<string, Scalar[]>

function size(view: ProjectView): number {
  return 1 + view.nodes.length + view.links.length + view.attachments.length +
    view.experiments.reduce((n, e) => n + e.item.workloads.length, 0)
}

function key(p: Problem): string {
  return `${p.code}\u0000${p.message}`
}

function lengthOf(axis: Axis): number {
  return Math.max(0, ...Object.values(axis).map((v) => v.length))
}

/** Checks the experiment's structural axes at their points; one problem per new rule broken. */
export function checkPoints(view: ProjectView, doc: unknown, uses: readonly VarUse[], exp: Experiment, index: number, check: PointCheck): Problem[] {
  const axes = exp.sweep.map((axis, ai) => ({ axis, ai })).filter(({ axis }) => Object.keys(axis).some((p) => isStructural(p, uses)))
  if (axes.length === 0) return []
  const unit = size(view)
  const base = new Set(check(doc, index).map(key))
  const out: Problem[] = []
  const seen = new Set<string>()
  let spent = 0
  const visit = (sets: { ai: number; axis: Axis; i: number }[]): boolean => {
    spent += unit
    if (spent > POINT_BUDGET) return false
    let cur: unknown = doc
    for (const { axis, i } of sets) {
      for (const [path, values] of Object.entries(axis)) {
        const r = setPath(cur, path, values[Math.min(i, values.length - 1)])
        if (r.ok) cur = r.value
      }
    }
    for (const p of check(cur, index)) {
      if (VALUE_CODES.has(p.code) || base.has(key(p)) || seen.has(key(p))) continue
      seen.add(key(p))
      const where = sets.map(({ axis, i }) => Object.entries(axis).map(([path, v]) => `${path} = ${JSON.stringify(v[Math.min(i, v.length - 1)])}`).join(', ')).join('; ')
      const first = sets[sets.length - 1]
      const at: PathSegment[] = ['experiments', index, 'sweep', first.ai, Object.keys(first.axis)[0], first.i]
      out.push(problem(p.code, at, `experiment "${exp.id}" at the sweep point ${where}: ${p.message}`))
    }
    return true
  }
  const product = axes.reduce((n, { axis }) => n * lengthOf(axis), 1)
  if (product * unit <= POINT_BUDGET) {
    const walk = (k: number, sets: { ai: number; axis: Axis; i: number }[]): boolean => {
      if (k === axes.length) return visit(sets)
      for (let i = 0; i < lengthOf(axes[k].axis); i++) if (!walk(k + 1, [...sets, { ...axes[k], i }])) return false
      return true
    }
    walk(0, [])
  } else {
    outer: for (const a of axes) for (let i = 0; i < lengthOf(a.axis); i++) if (!visit([{ ...a, i }])) break outer
  }
  return out
}
