// Where an inspector field's effective value comes from when the element has a hardware profile
// (core/project/profiles.ts): set on the element, given by its profile, or the catalog default —
// the text shown when nothing is written, the marker beside the field, and its tooltip line.
import type { ParamSpec } from '../../../../core/models/catalog'
import { formatQuantity, isQuantityDimension, profileEnv, profiledValue, type ProfiledValue, type ProjectNode, type Scalar } from '../../../../core/project'
import { placeholderOf } from './field-value'

/** `set`: written on the element (overriding its profile's value); `profile`: the profile's value applies; `default`: no profile value. */
export type FieldOrigin = 'set' | 'profile' | 'default'

/** The profile values of a node's parameters (undefined for parameters its profile leaves at the catalog default). */
export function profileLookup(node: ProjectNode, nodes: readonly ProjectNode[], variables: Readonly<Record<string, Scalar>>): (spec: ParamSpec) => ProfiledValue | undefined {
  const env = profileEnv(nodes, variables)
  return (spec) => profiledValue(node, spec, env)
}

export function fieldOrigin(raw: unknown, profiled: ProfiledValue | undefined): FieldOrigin {
  if (profiled === undefined) return raw === undefined ? 'default' : 'set'
  return raw === undefined ? 'profile' : 'set'
}

/** The profile's value in the field's nicest unit, e.g. "2.93GHz", "600". */
export function profiledText(spec: ParamSpec, profiled: ProfiledValue): string {
  const v = profiled.value
  if (typeof v === 'number' && isQuantityDimension(spec.dimension)) return formatQuantity(spec.dimension, v)
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  return String(v)
}

/** What an empty field shows: the profile's value where it gives one, else the catalog default. */
export function effectivePlaceholder(spec: ParamSpec, profiled: ProfiledValue | undefined): string {
  return profiled === undefined ? placeholderOf(spec) : profiledText(spec, profiled)
}

/** The marker beside a field (none when no profile is involved). */
export function originMarker(origin: FieldOrigin, profiled: ProfiledValue | undefined): { text: string; title: string } | undefined {
  if (profiled === undefined) return undefined
  if (origin === 'profile') return { text: 'profile', title: `From the hardware profile ${profiled.profile}` }
  return { text: 'set', title: `Set here, overriding the hardware profile ${profiled.profile}` }
}

/** The tooltip line on a field whose profile gives it a value. */
export function profileTitle(spec: ParamSpec, profiled: ProfiledValue): string {
  return `Profile ${profiled.profile}: ${profiledText(spec, profiled)} (${profiled.how === 'scaled' ? 'scaled cycles' : profiled.sourceKind}) — ${profiled.source}`
}
