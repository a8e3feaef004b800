// The hardware profiles as `iovlab catalog --profiles` lists them (text and the `profiles`
// section of `--json`), and the profile × value table of docs/profiles.md.
import { paramSpec, type ParamSpec } from '../../models/catalog'
import type { Dimension } from '../../models/catalog-types'
import { DEFAULT_HOST_PROFILE, HOST_PROFILES, type HostProfile } from '../../models/host/profiles'
import { NIC_PROFILES, type NicProfile, type ProfileValue } from '../../models/nic/profiles'
import { formatQuantity, isQuantityDimension } from '../../project/index'

function valueText(dim: Dimension, v: number | string | boolean): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  if (typeof v === 'string') return v
  if (isQuantityDimension(dim)) return formatQuantity(dim, v)
  if (dim === 'cycles') return `${v} cycles`
  return String(v)
}

function entries(kind: 'host' | 'nic', values: Readonly<Record<string, ProfileValue | undefined>>): { spec: ParamSpec; v: ProfileValue }[] {
  return Object.entries(values).flatMap(([key, v]) => {
    const spec = paramSpec(kind, key)
    return spec && v ? [{ spec, v }] : []
  })
}

function valueJson(spec: ParamSpec, v: ProfileValue): Record<string, unknown> {
  return {
    key: spec.key, label: spec.label, value: v.value, valueText: valueText(spec.dimension, v.value),
    catalogDefault: spec.default, sourceKind: v.sourceKind, source: v.source,
    range: v.range ? { lo: v.range.lo, hi: v.range.hi, why: v.range.why } : null
  }
}

/** The `profiles` section of `iovlab catalog --json`: host and NIC profiles with every value and its source. */
export function profilesJson(): Record<string, unknown> {
  return {
    default: DEFAULT_HOST_PROFILE,
    resolution: 'a parameter written on the node > the node\'s profile value > the catalog default; cycle counts a host profile does not set are the catalog\'s (2006 Netburst) cycles × its cycleScale, for the host and the NICs in it',
    hosts: HOST_PROFILES.map((p: HostProfile) => ({
      id: p.id, label: p.label, year: p.year, description: p.description, nic: p.nic,
      cycleScale: p.cycleScale ? { factor: p.cycleScale.factor, sourceKind: p.cycleScale.sourceKind, source: p.cycleScale.source, range: p.cycleScale.range ?? null } : null,
      values: entries('host', p.values).map(({ spec, v }) => valueJson(spec, v))
    })),
    nics: NIC_PROFILES.map((p: NicProfile) => ({
      id: p.id, label: p.label, description: p.description,
      values: entries('nic', p.values).map(({ spec, v }) => valueJson(spec, v))
    }))
  }
}

function valueLines(kind: 'host' | 'nic', values: Readonly<Record<string, ProfileValue | undefined>>): string[] {
  const list = entries(kind, values)
  if (list.length === 0) return ['  every value is the catalog default']
  return list.flatMap(({ spec, v }) => [
    `  ${spec.key} = ${valueText(spec.dimension, v.value)} (catalog ${valueText(spec.dimension, spec.default)}); ${v.sourceKind}`,
    `      source: ${v.source}`,
    ...(v.range ? [`      range: ${valueText(spec.dimension, v.range.lo)} – ${valueText(spec.dimension, v.range.hi)} (${v.range.why})`] : [])
  ])
}

/** `iovlab catalog --profiles` as text. */
export function profilesText(): string[] {
  const out = [
    'Hardware profiles. A host picks one with its "profile" parameter (default ' + DEFAULT_HOST_PROFILE + '); a NIC takes its host\'s NIC profile unless it names its own.',
    'Effective value: written on the node > profile value > catalog default. Cycle counts a profile does not set are the catalog\'s 2006 Netburst cycles × its cycleScale.',
    ''
  ]
  for (const p of HOST_PROFILES) {
    out.push(`host profile ${p.id} (${p.label}): ${p.description}`, `  NIC profile: ${p.nic}`)
    if (p.cycleScale) out.push(`  cycleScale = ${p.cycleScale.factor}; ${p.cycleScale.sourceKind}`, `      source: ${p.cycleScale.source}`)
    out.push(...valueLines('host', p.values), '')
  }
  for (const p of NIC_PROFILES) out.push(`nic profile ${p.id} (${p.label}): ${p.description}`, ...valueLines('nic', p.values), '')
  return out
}

const cell = (s: string): string => s.replace(/\|/g, '\\|')

/** The profile × parameter table of docs/profiles.md (values; "·" = the catalog default; cycles marked ×s are scaled). */
export function profilesMarkdownTable(): string {
  const keys = [...new Set(HOST_PROFILES.flatMap((p) => Object.keys(p.values)))]
  const specs = keys.map((k) => paramSpec('host', k)!).filter(Boolean)
  const head = `| parameter | catalog default | ${HOST_PROFILES.map((p) => `\`${p.id}\``).join(' | ')} |`
  const rule = `|---|---|${HOST_PROFILES.map(() => '---').join('|')}|`
  const rows = specs.map((s) => `| ${s.key} | ${cell(valueText(s.dimension, s.default))} | ${HOST_PROFILES.map((p) => {
    const v = (p.values as Readonly<Record<string, ProfileValue | undefined>>)[s.key]
    return v ? `${cell(valueText(s.dimension, v.value))} (${v.sourceKind[0]})` : '·'
  }).join(' | ')} |`)
  const scale = `| cycleScale | 1 | ${HOST_PROFILES.map((p) => p.cycleScale ? `${p.cycleScale.factor} (${p.cycleScale.sourceKind[0]})` : '·').join(' | ')} |`
  const nic = `| NIC profile | gige-2006 | ${HOST_PROFILES.map((p) => p.nic).join(' | ')} |`
  return [head, rule, ...rows, scale, nic].join('\n')
}
