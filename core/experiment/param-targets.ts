// The numeric parameters that sensitivity analysis perturbs and uncertainty analysis samples:
// a path as `--set` writes it, its catalog spec when it is a component's or link's parameter,
// and its value at a point in canonical units (the default when the project does not write it).
import { CATALOG, LINK_KINDS, type ComponentKind, type LinkKind, type ParamSpec } from '../models/catalog'
import type { PlausibleRange, SourceKind } from '../models/catalog-types'
import { getPath } from '../project/paths'
import { canonicalParam } from '../project/param-values'
import { profileEnv, profiledValue, type ProfiledValue } from '../project/profiles'
import type { Project } from '../project/schema'

/** The unit a canonical value of a dimension is in (what perturbed values are written in). */
export const CANONICAL_UNIT: Readonly<Record<string, string>> = {
  duration: 'ns', bandwidth: 'bit/s', size: 'bytes', frequency: 'Hz', cycles: 'cycles', count: '', ratio: '', factor: '×'
}

const NUMERIC_DIMENSIONS = new Set(Object.keys(CANONICAL_UNIT))

/** One numeric parameter at one point. */
export interface ParamTarget {
  readonly path: string
  /** Value at the point, canonical units. */
  readonly base: number
  /** The catalog's description, when the path is a component's or link's parameter. */
  readonly label: string
  readonly unit: string
  /** "host", "np-nic", …, "link:ethernet", or "variable" / "value" for other paths. */
  readonly owner: string
  readonly sourceKind?: SourceKind
  readonly source?: string
  readonly range?: PlausibleRange
  readonly min?: number
  readonly max?: number
  readonly integer: boolean
}

export type TargetResult = { ok: true; target: ParamTarget } | { ok: false; reason: string; skipped?: boolean }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The catalog spec a path names ("topology.nodes.ID.params.KEY" or "topology.links.ID.params.KEY"), if any. */
export function specOfPath(project: Project, path: string): { spec: ParamSpec; owner: string } | undefined {
  const segs = path.split('.')
  if (segs.length !== 5 || segs[0] !== 'topology' || segs[3] !== 'params') return undefined
  if (segs[1] === 'nodes') {
    const node = project.topology.nodes.find((n) => n.id === segs[2])
    if (!node || !Object.hasOwn(CATALOG, node.kind)) return undefined
    const spec = CATALOG[node.kind as ComponentKind].params.find((p) => p.key === segs[4])
    return spec ? { spec, owner: node.kind } : undefined
  }
  if (segs[1] === 'links') {
    const link = project.topology.links.find((l) => l.id === segs[2])
    if (!link || !Object.hasOwn(LINK_KINDS, link.kind)) return undefined
    const spec = LINK_KINDS[link.kind as LinkKind].params.find((p) => p.key === segs[4])
    return spec ? { spec, owner: `link:${link.kind}` } : undefined
  }
  return undefined
}

/** Resolves one path in `project` (a point already applied) to a numeric target, or says why not. */
export function resolveTarget(project: Project, path: string): TargetResult {
  const got = getPath(project, path)
  if (!got.ok) return { ok: false, reason: got.message }
  const found = specOfPath(project, path)
  if (found) {
    const { spec, owner } = found
    if (!NUMERIC_DIMENSIONS.has(spec.dimension)) return { ok: false, skipped: true, reason: `${spec.dimension} parameter (only numeric parameters have an elasticity)` }
    // Not written: the host's (or NIC's) hardware profile may give the value, its source and range.
    const prof = got.value === undefined ? profiledAt(project, path) : undefined
    const v = canonicalParam(spec, got.value ?? prof?.value, project.variables)
    if (!v.ok) return { ok: false, reason: v.message }
    if (typeof v.value !== 'number') return { ok: false, skipped: true, reason: 'not a number' }
    const range = prof ? prof.range : spec.range
    return {
      ok: true,
      target: {
        path, base: v.value, label: spec.label, unit: CANONICAL_UNIT[spec.dimension] ?? '', owner,
        sourceKind: prof ? prof.sourceKind : spec.sourceKind,
        source: prof ? `profile ${prof.profile}: ${prof.source}` : spec.source,
        ...(range ? { range } : {}),
        ...(spec.min === undefined ? {} : { min: spec.min }),
        ...(spec.max === undefined ? {} : { max: spec.max }),
        integer: spec.integer === true || spec.dimension === 'count'
      }
    }
  }
  if (typeof got.value !== 'number' || !Number.isFinite(got.value)) {
    return { ok: false, reason: `the value at "${path}" is ${got.value === undefined ? 'not written' : JSON.stringify(got.value)}, not a number` }
  }
  const variable = path.startsWith('variables.')
  return { ok: true, target: { path, base: got.value, label: variable ? `variable ${path.slice(10)}` : path, unit: '', owner: variable ? 'variable' : 'value', integer: Number.isInteger(got.value) && variable === false } }
}

/**
 * The value a node's hardware profile gives the parameter at a catalog path ("topology.nodes.ID.params.KEY"),
 * when the project does not write it; undefined when the catalog default applies or the path is no node parameter.
 */
export function profiledAt(project: Project, path: string): ProfiledValue | undefined {
  const segs = path.split('.')
  if (segs.length !== 5 || segs[0] !== 'topology' || segs[1] !== 'nodes' || segs[3] !== 'params') return undefined
  const node = project.topology.nodes.find((n) => n.id === segs[2])
  if (!node || !Object.hasOwn(CATALOG, node.kind)) return undefined
  if (node.params[segs[4]] !== undefined) return undefined
  const spec = CATALOG[node.kind as ComponentKind].params.find((p) => p.key === segs[4])
  return spec ? profiledValue(node, spec, profileEnv(project.topology.nodes, project.variables)) : undefined
}

/** Every catalog parameter path of the topology's nodes and links, in topology order. */
export function catalogPaths(project: Project): { path: string; spec: ParamSpec }[] {
  const out: { path: string; spec: ParamSpec }[] = []
  for (const node of project.topology.nodes) {
    if (!Object.hasOwn(CATALOG, node.kind)) continue
    for (const spec of CATALOG[node.kind as ComponentKind].params) out.push({ path: `topology.nodes.${node.id}.params.${spec.key}`, spec })
  }
  for (const link of project.topology.links) {
    if (!Object.hasOwn(LINK_KINDS, link.kind)) continue
    for (const spec of LINK_KINDS[link.kind as LinkKind].params) out.push({ path: `topology.links.${link.id}.params.${spec.key}`, spec })
  }
  return out
}

/** The value written at a catalog path (undefined when the default applies). */
export function writtenValue(project: Project, path: string): unknown {
  const segs = path.split('.')
  const list = segs[1] === 'nodes' ? project.topology.nodes : project.topology.links
  const owner = (list as readonly { id: string; params?: unknown }[]).find((x) => x.id === segs[2])
  return owner && isObj(owner.params) ? owner.params[segs[4]] : undefined
}
