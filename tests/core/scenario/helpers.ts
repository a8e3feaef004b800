// Test helpers: load a shipped example, apply a sweep point the way the runner does
// (parameter paths), shorten it, and run one scenario.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseProject, setPath, type Project } from '../../../core/project/index'
import { runScenario, type Metrics } from '../../../core/scenario/index'

export function loadExample(file: string): Project {
  const r = parseProject(readFileSync(resolve(import.meta.dirname, '../../../examples', file), 'utf8'), file)
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'))
  return r.project
}

/** The project with every `path: value` applied (paths as in sweeps and `--set`). */
export function at(project: Project, sets: Record<string, unknown>): Project {
  let p = project
  for (const [path, value] of Object.entries(sets)) {
    const r = setPath(p, path, value)
    if (!r.ok) throw new Error(`${path}: ${r.message}`)
    p = r.value
  }
  return p
}

export function run(project: Project, experimentId: string, seed = 1): Metrics {
  return runScenario({ project, experimentId, seed }).metrics
}

export function num(m: Metrics, key: string): number {
  const v = m[key]
  if (typeof v !== 'number') throw new Error(`metric ${key} is not a number`)
  return v
}

export function stage(m: Metrics, name: string): number {
  const s = m.stage_us as Record<string, number>
  return s[name] ?? 0
}

/** The 004 example's variants as sweep settings (see the example's zipped variant axis). */
export function variant(exp: string, wl: string, v: 'self-virtualized' | 'driver-domain-up' | 'driver-domain-smp' | 'dom0'): Record<string, unknown> {
  const dom0 = v === 'dom0'
  return {
    'variables.variant': v,
    'variables.technique': v === 'self-virtualized' ? 'self-virtualized' : 'paravirtual',
    'variables.dom0Vcpus': v === 'driver-domain-smp' ? 2 : 1,
    [`experiments.${exp}.workloads.${wl}.clients`]: dom0 ? 'dom0-a' : 'guests-a',
    [`experiments.${exp}.workloads.${wl}.servers`]: dom0 ? 'dom0-b' : 'guests-b'
  }
}
