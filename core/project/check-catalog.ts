// Checks a project against the component catalog: known kinds, known parameter keys, values
// with the right dimension and bounds, known link kinds and techniques, defined variables.
import { CATALOG, KINDS, LINK_KINDS, LINK_KIND_ORDER, TECHNIQUES } from '../models/catalog'
import type { ComponentKind, LinkKind, ParamSpec, TechniqueId } from '../models/catalog'
import { isWorkloadKind, workloadParamSpecs } from '../models/workload-kinds'
import { isStorageKind } from '../models/storage/storage-kinds'
import { VDISK_PARAMS } from '../models/storage/vdisk/params'
import { checkParamValue, resolveVar, UndefinedVariable } from './param-values'
import { problem, type PathSegment, type Problem } from './problems'
import { isVarRef, type ParamValue, type Scalar } from './schema'
import type { ProjectView } from './view'

/** Where a variable is used, so sweep values can be checked against every use. */
export interface VarUse {
  readonly name: string
  readonly path: readonly PathSegment[]
  /** The parameter spec the variable feeds, when it feeds a catalog parameter. */
  readonly spec?: ParamSpec
  /** Set when the variable gives an attachment's technique: the kind of the device. */
  readonly techniqueFor?: ComponentKind | 'unknown'
}

export interface CatalogCheck {
  readonly problems: Problem[]
  readonly uses: VarUse[]
}

export const TECHNIQUE_IDS: readonly TechniqueId[] = TECHNIQUES.map((t) => t.id)

export function isComponentKind(kind: string): kind is ComponentKind {
  return Object.hasOwn(CATALOG, kind)
}

export function isLinkKind(kind: string): kind is LinkKind {
  return Object.hasOwn(LINK_KINDS, kind)
}

function listKeys(keys: readonly string[]): string {
  return keys.length === 0 ? 'it has no parameters' : `known parameters: ${keys.join(', ')}`
}

const specMaps = new WeakMap<readonly ParamSpec[], ReadonlyMap<string, ParamSpec>>()

/** Specs by key, built once per catalog entry. */
function byKeyOf(specs: readonly ParamSpec[]): ReadonlyMap<string, ParamSpec> {
  let map = specMaps.get(specs)
  if (!map) {
    map = new Map(specs.map((s) => [s.key, s]))
    specMaps.set(specs, map)
  }
  return map
}

function checkParams(owner: string, specs: readonly ParamSpec[], params: Record<string, ParamValue>,
  path: PathSegment[], vars: Readonly<Record<string, Scalar>>, out: CatalogCheck): void {
  const byKey = byKeyOf(specs)
  for (const [key, raw] of Object.entries(params)) {
    const at = [...path, 'params', key]
    const spec = byKey.get(key)
    if (!spec) {
      out.problems.push(problem('unknown-param', at, `${owner} has no parameter "${key}"; ${listKeys(specs.map((s) => s.key))}`))
      continue
    }
    if (isVarRef(raw)) out.uses.push({ name: raw.var, path: at, spec })
    const v = resolveVar(raw, vars)
    if (v instanceof UndefinedVariable) {
      out.problems.push(problem('undefined-variable', at, `${owner}: "${key}" refers to the variable "${v.name}", which is not defined in "variables"`))
      continue
    }
    const r = checkParamValue(spec, v)
    if (!r.ok) {
      const via = isVarRef(raw) ? ` (through the variable "${raw.var}")` : ''
      out.problems.push(problem('bad-param', at, `${owner}: "${key}"${via} ${r.message}`))
    }
  }
}

function checkFreeParams(owner: string, params: Record<string, ParamValue>, path: PathSegment[],
  vars: Readonly<Record<string, Scalar>>, out: CatalogCheck): void {
  for (const [key, raw] of Object.entries(params)) {
    if (!isVarRef(raw)) continue
    out.uses.push({ name: raw.var, path: [...path, 'params', key] })
    if (!Object.hasOwn(vars, raw.var)) {
      out.problems.push(problem('undefined-variable', [...path, 'params', key], `${owner}: "${key}" refers to the variable "${raw.var}", which is not defined in "variables"`))
    }
  }
}

function checkNodes(view: ProjectView, out: CatalogCheck): void {
  for (const { index, item: node } of view.nodes) {
    const path = ['topology', 'nodes', index]
    if (!isComponentKind(node.kind)) {
      out.problems.push(problem('unknown-kind', [...path, 'kind'], `node "${node.id}" has the kind "${node.kind}", which IOV Lab does not know (known kinds: ${KINDS.join(', ')})`))
      continue
    }
    checkParams(`node "${node.id}" (${node.kind})`, CATALOG[node.kind].params, node.params, path, view.variables, out)
  }
}

function checkLinks(view: ProjectView, out: CatalogCheck): void {
  const drawable = LINK_KIND_ORDER.filter((k) => !LINK_KINDS[k].implicit)
  for (const { index, item: link } of view.links) {
    const path = ['topology', 'links', index]
    if (!isLinkKind(link.kind)) {
      out.problems.push(problem('unknown-link-kind', [...path, 'kind'], `link "${link.id}" has the kind "${link.kind}", which IOV Lab does not know (known link kinds: ${drawable.join(', ')})`))
      continue
    }
    if (LINK_KINDS[link.kind].implicit) {
      out.problems.push(problem('unknown-link-kind', [...path, 'kind'], `link "${link.id}": ${link.kind} links are implicit — place the device on its host with "host" instead of drawing a link`))
      continue
    }
    checkParams(`link "${link.id}" (${link.kind})`, LINK_KINDS[link.kind].params, link.params, path, view.variables, out)
  }
}

function checkTechniques(view: ProjectView, out: CatalogCheck): void {
  for (const { index, item: att } of view.attachments) {
    const path = ['topology', 'attachments', index]
    const device = view.nodeById.get(att.device)
    const deviceKind = device && isComponentKind(device.kind) ? device.kind : 'unknown'
    if (device && isStorageKind(device.kind)) {
      // A virtual disk: its parameters are checked like a node's (units, ranges, options, variables).
      if (att.params !== undefined) checkParams(`virtual disk "${att.id}"`, VDISK_PARAMS, att.params, path, view.variables, out)
    } else if (device) {
      if (Object.hasOwn(att, 'params')) {
        out.problems.push(problem('unknown-param', [...path, 'params'], `attachment "${att.id}" has "params", but only an attachment to a storage device (a virtual disk) has parameters; set them on the VM or the device`))
      }
      if (Object.hasOwn(att, 'devices')) {
        out.problems.push(problem('unknown-param', [...path, 'devices'], `attachment "${att.id}" has "devices", but only a virtual disk (an attachment to a storage device) has RAID members`))
      }
    }
    if (isVarRef(att.technique)) out.uses.push({ name: att.technique.var, path: [...path, 'technique'], techniqueFor: deviceKind })
    const t = resolveVar(att.technique, view.variables)
    if (t instanceof UndefinedVariable) {
      out.problems.push(problem('undefined-variable', [...path, 'technique'], `attachment "${att.id}": the technique refers to the variable "${t.name}", which is not defined in "variables"`))
    } else if (typeof t !== 'string' || !(TECHNIQUE_IDS as readonly string[]).includes(t)) {
      out.problems.push(problem('unknown-technique', [...path, 'technique'], `attachment "${att.id}": ${JSON.stringify(t)} is not a technique (known: ${TECHNIQUE_IDS.join(', ')})`))
    }
  }
}

/** Catalog checks over every parsed part of the project, and where variables are used. */
export function checkCatalog(view: ProjectView): CatalogCheck {
  const out: CatalogCheck = { problems: [], uses: [] }
  checkNodes(view, out)
  checkLinks(view, out)
  checkTechniques(view, out)
  for (const { index, item: exp } of view.experiments) {
    exp.workloads.forEach((w, wi) => {
      const path = ['experiments', index, 'workloads', wi]
      const owner = `workload "${w.id}" (${w.kind}) of experiment "${exp.id}"`
      if (isWorkloadKind(w.kind)) checkParams(owner, workloadParamSpecs(w.kind), w.params, path, view.variables, out)
      else checkFreeParams(owner, w.params, path, view.variables, out)
    })
  }
  return out
}
