// `iovlab catalog`: the reference of every component kind's, link kind's and technique's
// parameters — key, label, unit, default, bounds, what the default rests on (measured,
// assumption or calibrated), its source and plausible range — as text or as stable JSON.
import {
  techniquesFor, CATALOG, KINDS, LINK_KINDS, LINK_KIND_ORDER, TECHNIQUES, type ParamSpec
} from '../../models/catalog'
import { COMMON_WORKLOAD_PARAMS, WORKLOAD_KINDS, WORKLOAD_KIND_IDS } from '../../models/workload-kinds'
import { VDISK_PARAMS } from '../../models/storage/vdisk/params'
import type { Dimension, SourceKind } from '../../models/catalog-types'
import { formatQuantity, isQuantityDimension } from '../../project/index'
import { ENGINE_VERSION } from '../../version'
import { UsageError, type Command } from '../command'
import { profilesJson, profilesText } from './catalog-profiles'

const SOURCE_KINDS: readonly SourceKind[] = ['measured', 'assumption', 'calibrated']

/** The canonical unit a dimension's numbers are in (the JSON document's numbers use it). */
const CANONICAL_UNIT: Readonly<Record<Dimension, string>> = {
  duration: 'ns', bandwidth: 'bit/s', size: 'B', frequency: 'Hz', cycles: 'cycles', count: '', ratio: '',
  factor: '×', enum: '', boolean: '', string: ''
}

/** A value in its nicest unit ("2.8GHz", "30ms", "1500 cycles", "0.138"). */
export function formatParamValue(dim: Dimension, v: number | string | boolean): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  if (typeof v === 'string') return dim === 'string' ? JSON.stringify(v) : v // a free text shows its quotes (an empty one is "")
  if (isQuantityDimension(dim)) return formatQuantity(dim, v)
  if (dim === 'cycles') return `${v} cycles`
  if (dim === 'factor') return `${v}×`
  return String(v)
}

function boundsText(p: ParamSpec): string {
  if (p.options) return p.options.join(' | ')
  if (p.min === undefined && p.max === undefined) return ''
  const f = (v: number | undefined): string => (v === undefined ? '' : formatParamValue(p.dimension, v))
  return `[${f(p.min)}, ${f(p.max)}]`
}

/** One parameter in the JSON document: fixed key order, numbers in canonical units. */
function paramJson(p: ParamSpec): Record<string, unknown> {
  return {
    key: p.key,
    label: p.label,
    dimension: p.dimension,
    unit: CANONICAL_UNIT[p.dimension],
    default: p.default,
    defaultText: formatParamValue(p.dimension, p.default),
    min: p.min ?? null,
    max: p.max ?? null,
    integer: p.integer === true,
    options: p.options ?? null,
    group: p.group ?? null,
    sourceKind: p.sourceKind,
    source: p.source,
    range: p.range ? { lo: p.range.lo, hi: p.range.hi, why: p.range.why } : null,
    descriptive: p.descriptive === true,
    doc: p.doc
  }
}

interface Section {
  readonly type: 'component' | 'link' | 'virtual-disk' | 'technique' | 'workload'
  readonly kind: string
  readonly label: string
  readonly description: string
  readonly params: readonly ParamSpec[]
  readonly extra: Record<string, unknown>
}

function sections(): Section[] {
  return [
    ...KINDS.map((k): Section => {
      const s = CATALOG[k]
      return {
        type: 'component', kind: k, label: s.label, description: s.description, params: s.params,
        extra: { placedOn: s.placedOn ?? [], connectsTo: s.connectsTo, techniques: techniquesFor(k) }
      }
    }),
    ...LINK_KIND_ORDER.map((k): Section => {
      const s = LINK_KINDS[k]
      return {
        type: 'link', kind: k, label: s.label, description: s.description, params: s.params,
        extra: { implicit: s.implicit, joins: s.joins.map(([a, b]) => [a, b]) }
      }
    }),
    {
      type: 'virtual-disk', kind: 'virtual-disk', label: 'Virtual disk',
      description: 'A VM\'s attachment to a storage device (disk, ssd, nvme, storage-array) is a virtual disk; these are its attachment "params": the front end, the back end\'s stages and cache, RAID, and storage QoS.',
      params: VDISK_PARAMS, extra: { attachesTo: ['disk', 'ssd', 'nvme', 'storage-array'] }
    },
    ...TECHNIQUES.map((t): Section => ({
      type: 'technique', kind: t.id, label: t.label, description: t.description, params: [],
      extra: { source: t.source, deviceKinds: t.deviceKinds }
    })),
    ...WORKLOAD_KIND_IDS.map((k): Section => {
      const w = WORKLOAD_KINDS[k]
      return {
        type: 'workload', kind: k, label: w.label, description: w.description, params: [...w.params, ...COMMON_WORKLOAD_PARAMS],
        extra: { network: w.network, serverless: w.serverless, ...(w.techniques ? { techniques: w.techniques } : {}) }
      }
    })
  ]
}

/** "214 parameters: 40 measured, 160 assumption, 14 calibrated". */
export function countLine(params: readonly ParamSpec[]): string {
  const n = (k: SourceKind): number => params.filter((p) => p.sourceKind === k).length
  return `${params.length} parameter${params.length === 1 ? '' : 's'}: ${SOURCE_KINDS.map((k) => `${n(k)} ${k}`).join(', ')}`
}

function sectionText(s: Section): string[] {
  const head = s.type === 'component' ? `${s.kind} (${s.label})` : s.type === 'virtual-disk' ? `virtual disk (attachment params)` : `${s.type} ${s.kind} (${s.label})`
  const lines = [`${head}: ${s.description}`]
  if (s.type === 'technique') {
    lines.push(`  devices: ${(s.extra.deviceKinds as string[]).join(', ')}; source: ${s.extra.source as string}`)
    lines.push('  no parameters of its own: it uses the parameters of the host, VM and device it joins')
    return lines
  }
  for (const p of s.params) {
    const unit = CANONICAL_UNIT[p.dimension]
    const bounds = boundsText(p)
    lines.push(`  ${p.key} — ${p.label} (${p.dimension}${unit && unit !== '×' ? `, ${unit}` : ''}): ` +
      `default ${formatParamValue(p.dimension, p.default)}${bounds ? `, bounds ${bounds}` : ''}; ` +
      `${p.sourceKind}${p.descriptive ? ', descriptive' : ''}`)
    lines.push(`      source: ${p.source}`)
    if (p.range) {
      lines.push(`      range: ${formatParamValue(p.dimension, p.range.lo)} – ${formatParamValue(p.dimension, p.range.hi)} (${p.range.why})`)
    }
  }
  return lines
}

export const catalogCommand: Command = {
  name: 'catalog',
  summary: 'list every kind\'s parameters with units, defaults, bounds and sources',
  usage: 'iovlab catalog [--kind K] [--json] [--profiles]',
  help: `Lists the parameters of every component kind (host, vm, nic, np-nic, dc, host-gateway,
switch, disk, ssd, nvme, storage-array), every link kind (ethernet, pci, infiniband,
shared-memory, tcp), a virtual disk's attachment params (--kind virtual-disk), the techniques
and the workload kinds (ping, stream, rpc, io-program, block):
key, label, dimension and canonical unit, default, bounds, what the default rests on and
its source, and the plausible range of assumed and calibrated values. What a default rests on:

  measured     a seed or paper figure used directly (the source names the section)
  assumption   a judgement, with its reasoning
  calibrated   solved from a named end-to-end fact (the source gives the fact and the arithmetic)

The last lines count the parameters listed by what they rest on: the topology's (components
and links), the virtual disks' and the workloads' apart.

Options:
  --kind K   only the component kind, link kind, technique or workload kind K (or virtual-disk)
  --profiles the hardware profiles (host CPU generation, memory, bus; NIC parts) with every
             value and its source, instead of the parameters (docs/profiles.md)
  --json     a stable JSON document instead of text (numbers in canonical units: ns, bit/s,
             bytes, Hz, cycles)

Exit status: 0 listed, 2 an unknown kind or option.

Examples:
  iovlab catalog --kind np-nic
  iovlab catalog --profiles
  iovlab catalog --json > catalog.json`,
  options: { kind: { type: 'string' }, json: { type: 'boolean' }, profiles: { type: 'boolean' } },
  allowPositionals: false,
  run(values, _positionals, io) {
    if (values.profiles === true) {
      if (values.kind !== undefined) throw new UsageError('--profiles lists the hardware profiles; it does not combine with --kind')
      io.out(values.json === true ? JSON.stringify({ format: 'iovlab-profiles', engine: ENGINE_VERSION, ...profilesJson() }, null, 2) : profilesText().join('\n'))
      return Promise.resolve(0)
    }
    let all = sections()
    const kind = values.kind as string | undefined
    if (kind !== undefined) {
      const picked = all.filter((s) => s.kind === kind)
      if (picked.length === 0) {
        const names = (t: Section['type']): string => all.filter((s) => s.type === t).map((s) => s.kind).join(', ')
        throw new UsageError(`unknown kind "${kind}"; component kinds: ${names('component')}; link kinds: ${names('link')}; virtual disks: virtual-disk; techniques: ${names('technique')}; workloads: ${names('workload')}`)
      }
      all = picked
    }
    // Counted apart: the topology's parameters (components and links), the virtual disks' and the workloads'.
    const params = all.filter((s) => s.type === 'component' || s.type === 'link').flatMap((s) => s.params)
    const vdiskParams = all.filter((s) => s.type === 'virtual-disk').flatMap((s) => s.params)
    const workloadParams = all.filter((s) => s.type === 'workload').flatMap((s) => s.params)
    const counts = (ps: readonly ParamSpec[]): Record<string, number> => ({
      parameters: ps.length, ...Object.fromEntries(SOURCE_KINDS.map((k) => [k, ps.filter((p) => p.sourceKind === k).length]))
    })
    if (values.json === true) {
      const doc = {
        format: 'iovlab-catalog',
        engine: ENGINE_VERSION,
        counts: counts(params),
        virtualDiskCounts: counts(vdiskParams),
        workloadCounts: counts(workloadParams),
        kinds: all.map((s) => ({ type: s.type, kind: s.kind, label: s.label, description: s.description, ...s.extra, params: s.params.map(paramJson) })),
        ...(kind === undefined ? { profiles: profilesJson() } : {})
      }
      io.out(JSON.stringify(doc, null, 2))
      return Promise.resolve(0)
    }
    const out: string[] = []
    for (const s of all) out.push(...sectionText(s), '')
    if (params.length > 0 || workloadParams.length === 0) out.push(`components and links: ${countLine(params)}`)
    if (vdiskParams.length > 0) out.push(`virtual disks: ${countLine(vdiskParams)}`)
    if (workloadParams.length > 0) out.push(`workloads: ${countLine(workloadParams)}`)
    io.out(out.join('\n'))
    return Promise.resolve(0)
  }
}
