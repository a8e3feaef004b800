// The sweep point of a literature project (examples/literature/<file>.iovlab.json) that a
// validation claim reads: the point named by its zipped `variables.variant` axis, plus extra
// settings, run once per file and memoised (the literature and storage-literature claims share it).
import type { Project } from '../../core/project/index'
import { at, loadExample, run } from '../core/scenario/helpers'

export type Metrics = ReturnType<typeof run>

const projects = new Map<string, Project>()
const memo = new Map<string, Metrics>()

/** Runs the example's sweep point named `variant` (its zipped variant axis) plus `extra` settings, once per file. */
export function point(file: string, exp: string, variant: string, extra: Record<string, unknown> = {}): Metrics {
  const key = `${file} ${exp} ${variant} ${JSON.stringify(extra)}`
  let m = memo.get(key)
  if (m !== undefined) return m
  let p = projects.get(file)
  if (p === undefined) projects.set(file, (p = loadExample(`literature/${file}.iovlab.json`)))
  const e = p.experiments.find((x) => x.id === exp)
  if (e === undefined) throw new Error(`${file}: no experiment ${exp}`)
  const zip = e.sweep.find((axis) => 'variables.variant' in axis) as Record<string, unknown[]> | undefined
  const i = zip?.['variables.variant'].indexOf(variant) ?? -1
  if (zip === undefined || i < 0) throw new Error(`${file}: no variant ${variant} in ${exp}`)
  const sets = Object.fromEntries(Object.entries(zip).map(([k, v]) => [k, v[i]]))
  memo.set(key, (m = run(at(p, { ...sets, ...extra }), exp)))
  return m
}
