// Canonical values of a validated project for the models and the runner: every parameter of
// a node or link with its effective value (written > hardware profile > catalog default, see
// profiles.ts), units converted, variables substituted.
import { CATALOG, LINK_KINDS } from '../models/catalog'
import type { ComponentKind, LinkKind, ParamSpec, TechniqueId } from '../models/catalog'
import { canonicalParam, resolveVar, type Canonical } from './param-values'
import { effectiveRaw, type ProfileEnv } from './profiles'
import type { Attachment, Project, ProjectLink, ProjectNode } from './schema'
import { parseDuration, type Nanoseconds } from './units'

type Vars = Project['variables']

function resolveAll(specs: readonly ParamSpec[], raw: (spec: ParamSpec) => unknown, vars: Vars, owner: string): Record<string, Canonical> {
  const out: Record<string, Canonical> = {}
  for (const spec of specs) {
    const r = canonicalParam(spec, raw(spec), vars)
    if (!r.ok) throw new Error(`${owner}: "${spec.key}" ${r.message} (validate the project first)`)
    out[spec.key] = r.value
  }
  return out
}

/** Every catalog parameter of `node`, canonical (ns, bit/s, bytes, Hz): written, else its hardware profile's, else the default. */
export function nodeParams(node: ProjectNode, env: ProfileEnv): Record<string, Canonical> {
  return resolveAll(CATALOG[node.kind as ComponentKind].params, (spec) => effectiveRaw(node, spec, env), env.variables, `node "${node.id}"`)
}

/** Every catalog parameter of `link`, canonical, defaults filled in. */
export function linkParams(link: ProjectLink, variables: Vars): Record<string, Canonical> {
  return resolveAll(LINK_KINDS[link.kind as LinkKind].params, (spec) => link.params[spec.key], variables, `link "${link.id}"`)
}

/** The technique of an attachment, with a variable reference resolved. */
export function attachmentTechnique(att: Attachment, variables: Vars): TechniqueId {
  return resolveVar(att.technique, variables) as TechniqueId
}

/** A duration field of a validated project in nanoseconds. */
export function durationNs(value: string | number): Nanoseconds {
  const r = parseDuration(value)
  if (!r.ok) throw new Error(`${r.message} (validate the project first)`)
  return r.value
}
