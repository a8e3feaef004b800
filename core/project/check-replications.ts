// Checks of an experiment's replications rule (sequential stopping) and of its common random
// numbers (`crn`, `crnBaseline`) that the schema cannot express: max ≥ min, exactly one tolerance
// and it positive, a metric IOV Lab produces, CRN names that are swept paths, baselines that are
// swept values. One problem per thing wrong, at its JSON path.
import { crnPlan } from '../experiment/crn'
import { metricNameProblem } from './metric-names'
import { problem, type Problem } from './problems'
import type { Experiment } from './schema'
import type { ProjectView } from './view'

function ruleProblems(exp: Experiment, index: number): Problem[] {
  const r = exp.replications
  if (typeof r !== 'object' || r === null) return []
  const at = ['experiments', index, 'replications']
  const out: Problem[] = []
  if (r.max < r.min) out.push(problem('out-of-range', [...at, 'max'], `experiment "${exp.id}": a replications rule's "max" (${r.max}) must be at least its "min" (${r.min})`))
  const { metric, relativeHalfWidth, halfWidth } = r.until
  const bad = metricNameProblem(metric)
  if (bad !== undefined) out.push(problem('invalid-value', [...at, 'until', 'metric'], `experiment "${exp.id}": ${bad}`))
  if (relativeHalfWidth === undefined && halfWidth === undefined) {
    out.push(problem('missing-field', [...at, 'until'], `experiment "${exp.id}": a replications rule needs a tolerance: "relativeHalfWidth" (0.02 = ±2 % of the mean) or "halfWidth" (in the metric's unit)`))
  } else if (relativeHalfWidth !== undefined && halfWidth !== undefined) {
    out.push(problem('invalid-value', [...at, 'until'], `experiment "${exp.id}": give either "relativeHalfWidth" or "halfWidth", not both`))
  }
  if (relativeHalfWidth !== undefined && !(relativeHalfWidth > 0 && relativeHalfWidth < 1)) {
    out.push(problem('out-of-range', [...at, 'until', 'relativeHalfWidth'], `experiment "${exp.id}": "relativeHalfWidth" is a fraction of the mean above 0 and below 1 (0.02 = ±2 %), found ${relativeHalfWidth}`))
  }
  if (halfWidth !== undefined && !(halfWidth > 0 && Number.isFinite(halfWidth))) {
    out.push(problem('out-of-range', [...at, 'until', 'halfWidth'], `experiment "${exp.id}": "halfWidth" must be above 0 (in the metric's unit), found ${halfWidth}`))
  }
  return out
}

function crnProblems(exp: Experiment, index: number): Problem[] {
  const r = crnPlan(exp)
  return r.ok ? [] : r.problems.map((p) => problem(p.at[0] === 'crn' ? 'bad-path' : 'invalid-value', ['experiments', index, ...p.at], p.message))
}

/** Problems of every experiment's replications rule and common random numbers. */
export function checkReplications(view: ProjectView): Problem[] {
  return view.experiments.flatMap(({ index, item }) => [...ruleProblems(item, index), ...crnProblems(item, index)])
}
