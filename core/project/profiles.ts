// Hardware profiles applied to a project's nodes: the one place where a parameter's effective
// value is decided. Effective value = the parameter written on the node > the node's profile
// value > the catalog default. A host's profile is its `profile` parameter; a NIC's is its own
// `profile` unless that is "host" (the default), in which case it is the NIC profile of the
// host it sits in. Cycle counts the profile does not set follow the host profile's cycleScale
// (host parameters and those of the NICs in it: they are work on the host's CPUs).
import { paramSpec, type ComponentKind, type ParamSpec } from '../models/catalog'
import type { PlausibleRange, SourceKind } from '../models/catalog-types'
import { DEFAULT_HOST_PROFILE, hostProfile, type HostProfile } from '../models/host/profiles'
import { INHERIT_NIC_PROFILE, nicProfile, type NicProfile, type ProfileValue } from '../models/nic/profiles'
import { canonicalParam, type Canonical } from './param-values'
import type { ProjectNode, Scalar } from './schema'

/** What profile resolution needs of a project: its variables and a way to find a node's host. */
export interface ProfileEnv {
  readonly variables: Readonly<Record<string, Scalar>>
  readonly nodeById: (id: string) => ProjectNode | undefined
}

/** An env over a list of nodes (built once per call site). */
export function profileEnv(nodes: readonly ProjectNode[], variables: Readonly<Record<string, Scalar>>): ProfileEnv {
  const byId = new Map<string, ProjectNode>()
  for (const n of nodes) if (!byId.has(n.id)) byId.set(n.id, n)
  return { variables, nodeById: (id) => byId.get(id) }
}

/** A value a profile gives a parameter, and where it comes from. */
export interface ProfiledValue {
  readonly value: Canonical
  /** The profile that gives it ("nehalem-2010", "82599-2009"). */
  readonly profile: string
  /** `profile`: the profile sets the key; `scaled`: the catalog's Netburst cycles × the host profile's cycleScale. */
  readonly how: 'profile' | 'scaled'
  readonly source: string
  readonly sourceKind: SourceKind
  /** The plausible range around this value (for `run --uncertainty`), when there is one. */
  readonly range?: PlausibleRange
}

const HOST_PROFILE_SPEC = paramSpec('host', 'profile')!
const NIC_PROFILE_SPEC = paramSpec('nic', 'profile')!

/** The host profile of a host node (its written profile, with a variable resolved; the default when unset or invalid — validation reports the invalid). */
export function hostProfileOf(host: ProjectNode, variables: Readonly<Record<string, Scalar>>): HostProfile {
  const r = canonicalParam(HOST_PROFILE_SPEC, host.params.profile, variables)
  return (r.ok && typeof r.value === 'string' ? hostProfile(r.value) : undefined) ?? hostProfile(DEFAULT_HOST_PROFILE)!
}

/** The host profile governing a node: a host's own, or that of the host a device sits in (undefined for nodes on no host). */
function governingHost(node: ProjectNode, env: ProfileEnv): HostProfile | undefined {
  if (node.kind === 'host') return hostProfileOf(node, env.variables)
  if (node.host === undefined) return undefined
  const host = env.nodeById(node.host)
  return host !== undefined && host.kind === 'host' ? hostProfileOf(host, env.variables) : undefined
}

/** The NIC profile of a NIC node: its own, or its host's NIC profile (the default host profile's when it sits in no host). */
export function nicProfileOf(nic: ProjectNode, env: ProfileEnv): NicProfile {
  const r = canonicalParam(NIC_PROFILE_SPEC, nic.params.profile, env.variables)
  const own = r.ok && typeof r.value === 'string' && r.value !== INHERIT_NIC_PROFILE ? nicProfile(r.value) : undefined
  return own ?? nicProfile((governingHost(nic, env) ?? hostProfile(DEFAULT_HOST_PROFILE)!).nic)!
}

function scaledRange(spec: ParamSpec, factor: number, range: PlausibleRange | undefined, integer: boolean): PlausibleRange | undefined {
  if (!spec.range || spec.range.lo === spec.range.hi) return undefined
  const round = (v: number): number => integer ? Math.round(v) : v
  return {
    lo: round(spec.range.lo * factor), hi: round(spec.range.hi * factor),
    why: `the catalog's range (${spec.range.why}) × ${factor}${range ? ` (cycleScale ${range.lo}–${range.hi} not sampled)` : ''}`
  }
}

function fromValue(spec: ParamSpec, profileId: string, v: ProfileValue): ProfiledValue {
  let range = v.range
  // An assumption without its own range keeps the catalog's relative uncertainty around the profile's value.
  if (range === undefined && v.sourceKind !== 'measured' && typeof v.value === 'number' && typeof spec.default === 'number' && spec.default !== 0) {
    range = scaledRange(spec, v.value / spec.default, undefined, spec.integer === true)
  }
  return { value: v.value, profile: profileId, how: 'profile', source: v.source, sourceKind: v.sourceKind, ...(range ? { range } : {}) }
}

/** The value the node's profile gives parameter `spec`, or undefined when the catalog default applies. */
export function profiledValue(node: ProjectNode, spec: ParamSpec, env: ProfileEnv): ProfiledValue | undefined {
  if (spec.key === 'profile') return undefined
  const host = governingHost(node, env)
  if (node.kind === 'host' && host !== undefined) {
    const v = (host.values as Readonly<Record<string, ProfileValue | undefined>>)[spec.key]
    if (v !== undefined) return fromValue(spec, host.id, v)
  }
  if (node.kind === 'nic') {
    const nic = nicProfileOf(node, env)
    const v = (nic.values as Readonly<Record<string, ProfileValue | undefined>>)[spec.key]
    if (v !== undefined) return fromValue(spec, nic.id, v)
  }
  const scale = host?.cycleScale
  if (scale !== undefined && scale.factor !== 1 && spec.dimension === 'cycles' && (node.kind === 'host' || node.kind === 'nic') && typeof spec.default === 'number') {
    const value = Math.round(spec.default * scale.factor)
    const range = scaledRange(spec, scale.factor, scale.range, true)
    return {
      value, profile: host!.id, how: 'scaled',
      source: `${spec.default} Netburst cycles (catalog: ${spec.source}) × cycleScale ${scale.factor} of ${host!.id} (${scale.source})`,
      sourceKind: spec.sourceKind === 'measured' && scale.sourceKind === 'measured' ? 'measured' : 'assumption',
      ...(range ? { range } : {})
    }
  }
  return undefined
}

/**
 * The raw value to read for parameter `spec` of `node`: what the node writes (possibly a
 * variable reference), else the profile's canonical value, else undefined (the catalog default).
 */
export function effectiveRaw(node: ProjectNode, spec: ParamSpec, env: ProfileEnv): unknown {
  const written = node.params[spec.key]
  if (written !== undefined) return written
  return profiledValue(node, spec, env)?.value
}

/** The effective canonical value of a known parameter of `node`, or undefined when it cannot be read. */
export function effectiveParam(node: ProjectNode, key: string, env: ProfileEnv): Canonical | undefined {
  const spec = paramSpec(node.kind as ComponentKind, key)
  if (!spec) return undefined
  const r = canonicalParam(spec, effectiveRaw(node, spec, env), env.variables)
  return r.ok ? r.value : undefined
}
