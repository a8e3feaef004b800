// Checks of an experiment's replications rule (sequential stopping) and of its common random
// numbers (`crn`, `crnBaseline`) that the schema cannot express: max ≥ min, exactly one tolerance
// and it positive, a metric IOV Lab produces, CRN names that are swept paths, baselines that are
// swept values. One problem per thing wrong, at its JSON path.
import { crnPlan } from './crn'
import { metricNameProblem, metricWorkloadKind } from './metric-names'
import { problem, type Problem } from './problems'
import type { Experiment } from './schema'
import type { ProjectView } from './view'

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)
const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)

/**
 * The rule's checks the schema does not make, on the raw experiment (so they are reported beside
 * the schema's own problems of the same rule, e.g. a "min" of 1 and an unknown metric at once).
 */
function ruleProblems(exp: Raw, index: number): Problem[] {
  const r = exp.replications
  if (!isObj(r)) return []
  const id = typeof exp.id === 'string' ? exp.id : String(index)
  const at = ['experiments', index, 'replications']
  const out: Problem[] = []
  if (int(r.min) && int(r.max) && r.max < r.min) out.push(problem('out-of-range', [...at, 'max'], `experiment "${id}": a replications rule's "max" (${r.max}) must be at least its "min" (${r.min})`))
  if (!isObj(r.until)) return out
  const metric = r.until.metric
  const relativeHalfWidth = num(r.until.relativeHalfWidth)
  const halfWidth = num(r.until.halfWidth)
  const bad = typeof metric === 'string' && metric !== '' ? metricNameProblem(metric) : undefined
  if (bad !== undefined) out.push(problem('invalid-value', [...at, 'until', 'metric'], `experiment "${id}": ${bad}`))
  const kind = typeof metric === 'string' && bad === undefined ? metricWorkloadKind(metric) : undefined
  const kinds = Array.isArray(exp.workloads) ? exp.workloads.flatMap((w) => (isObj(w) && typeof w.kind === 'string' ? [w.kind] : [])) : []
  if (kind !== undefined && !kinds.includes(kind)) {
    out.push(problem('invalid-value', [...at, 'until', 'metric'], `experiment "${id}" has no ${kind} workload, so no run measures "${String(metric)}"${kinds.length > 0 ? ` (its workloads: ${[...new Set(kinds)].join(', ')})` : ''}`))
  }
  if (relativeHalfWidth === undefined && halfWidth === undefined) {
    out.push(problem('missing-field', [...at, 'until'], `experiment "${id}": a replications rule needs a tolerance: "relativeHalfWidth" (0.02 = ±2 % of the mean) or "halfWidth" (in the metric's unit)`))
  } else if (relativeHalfWidth !== undefined && halfWidth !== undefined) {
    out.push(problem('invalid-value', [...at, 'until'], `experiment "${id}": give either "relativeHalfWidth" or "halfWidth", not both`))
  }
  if (relativeHalfWidth !== undefined && !(relativeHalfWidth > 0 && relativeHalfWidth < 1)) {
    out.push(problem('out-of-range', [...at, 'until', 'relativeHalfWidth'], `experiment "${id}": "relativeHalfWidth" is a fraction of the mean above 0 and below 1 (0.02 = ±2 %), found ${relativeHalfWidth}`))
  }
  if (halfWidth !== undefined && !(halfWidth > 0 && Number.isFinite(halfWidth))) {
    out.push(problem('out-of-range', [...at, 'until', 'halfWidth'], `experiment "${id}": "halfWidth" must be above 0 (in the metric's unit), found ${halfWidth}`))
  }
  return out
}

function crnProblems(exp: Experiment, index: number): Problem[] {
  const r = crnPlan(exp)
  return r.ok ? [] : r.problems.map((p) => problem(p.at[0] === 'crn' ? 'bad-path' : 'invalid-value', ['experiments', index, ...p.at], p.message))
}

/** Problems of every experiment's replications rule (on the raw document) and common random numbers (on those that parse). */
export function checkReplications(view: ProjectView, doc: unknown): Problem[] {
  const raw = isObj(doc) && Array.isArray(doc.experiments) ? doc.experiments : []
  return [
    ...raw.flatMap((e, i) => (isObj(e) ? ruleProblems(e, i) : [])),
    ...view.experiments.flatMap(({ index, item }) => crnProblems(item, index))
  ]
}
