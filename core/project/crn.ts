// Common random numbers, the plan (core/experiment/crn.ts derives seeds and baselines from it):
// an experiment's `crn` names sweep paths (or their short names) whose
// values share random streams. A run's seed is then derived from its point without those paths,
// so the points that differ only in them run replication r on the same random inputs, and their
// differences are measured pairwise (core/experiment/paired.ts). A named path stands for its whole sweep axis
// (the paths of an axis move together). The baseline of the differences is each CRN axis's first
// value, or the value `crnBaseline` gives.
import type { Experiment } from './schema'
import { shortNames } from './short-names'

export interface CrnPlan {
  /** Every swept path of the CRN axes (a named path brings its whole axis). */
  readonly paths: readonly string[]
  /** Indexes of the CRN axes in the sweep. */
  readonly axes: readonly number[]
  /** Baseline value index of each CRN axis (same order as `axes`). */
  readonly baseline: readonly number[]
}

export interface CrnProblem {
  /** Relative to the experiment: ["crn", 0] or ["crnBaseline", "technique"]. */
  readonly at: readonly (string | number)[]
  readonly message: string
}

export type CrnResult = { ok: true; plan: CrnPlan | undefined } | { ok: false; problems: CrnProblem[] }

/** The swept path a CRN name means: itself when swept, else the path whose short name it is. */
function resolveName(name: string, paths: readonly string[], short: Readonly<Record<string, string>>): string | undefined {
  if (paths.includes(name)) return name
  return paths.find((p) => short[p] === name)
}

/** The CRN plan of an experiment (undefined without `crn`), or what is wrong with its `crn` and `crnBaseline`. */
export function crnPlan(experiment: Pick<Experiment, 'id' | 'sweep' | 'crn' | 'crnBaseline'>): CrnResult {
  const names = experiment.crn ?? []
  if (names.length === 0) {
    return experiment.crnBaseline && Object.keys(experiment.crnBaseline).length > 0
      ? { ok: false, problems: [{ at: ['crnBaseline'], message: `experiment "${experiment.id}": "crnBaseline" needs "crn", the swept paths that share random numbers` }] }
      : { ok: true, plan: undefined }
  }
  const paths = experiment.sweep.flatMap((axis) => Object.keys(axis))
  const short = shortNames(paths)
  const problems: CrnProblem[] = []
  const axes = new Set<number>()
  const known = paths.length > 0 ? `the swept paths are ${paths.map((p) => `"${p}"${short[p] !== p ? ` ("${short[p]}")` : ''}`).join(', ')}` : 'the experiment sweeps nothing'
  names.forEach((name, i) => {
    const path = resolveName(name, paths, short)
    if (path === undefined) {
      problems.push({ at: ['crn', i], message: `experiment "${experiment.id}": "${name}" in "crn" is not a swept path of the experiment (${known})` })
      return
    }
    const ai = experiment.sweep.findIndex((axis) => Object.hasOwn(axis, path))
    if (axes.has(ai)) problems.push({ at: ['crn', i], message: `experiment "${experiment.id}": "${name}" in "crn" names sweep axis ${ai} a second time` })
    axes.add(ai)
  })
  const order = [...axes].sort((a, b) => a - b)
  const baseline = order.map(() => 0)
  for (const [name, value] of Object.entries(experiment.crnBaseline ?? {})) {
    const path = resolveName(name, paths, short)
    const ai = path === undefined ? -1 : experiment.sweep.findIndex((axis) => Object.hasOwn(axis, path))
    const k = order.indexOf(ai)
    if (path === undefined || k < 0) {
      problems.push({ at: ['crnBaseline', name], message: `experiment "${experiment.id}": "crnBaseline" names "${name}", which is not a path of the "crn" axes` })
      continue
    }
    const values = experiment.sweep[ai][path]
    const vi = values.findIndex((v) => v === value)
    if (vi < 0) {
      problems.push({ at: ['crnBaseline', name], message: `experiment "${experiment.id}": the baseline ${JSON.stringify(value)} of "${name}" is not one of its swept values (${values.map((v) => JSON.stringify(v)).join(', ')})` })
      continue
    }
    baseline[k] = vi
  }
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, plan: { paths: order.flatMap((ai) => Object.keys(experiment.sweep[ai])), axes: order, baseline } }
}
