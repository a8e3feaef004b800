// What a sweep may vary, for the path picker: the project's variables, every catalog parameter of
// every node and link, attachments' techniques, the experiment's duration and warm-up and its
// workloads' settings — each with a label, a group and a hint of how to write its values.
import type { Dimension, ParamSpec } from '../../../../core/models/catalog'
import { CATALOG, LINK_KINDS, TECHNIQUES, techniquesFor } from '../../../../core/models/catalog'
import { isStorageKind } from '../../../../core/models/storage/storage-kinds'
import { VDISK_PARAMS } from '../../../../core/models/storage/vdisk/params'
import { isWorkloadKind, WORKLOAD_KINDS, workloadParamSpecs } from '../../../../core/models/workload-kinds'
import type { Project } from '../../../../core/project'

export interface PathOption {
  readonly path: string
  readonly label: string
  readonly group: string
  /** How to write values, e.g. "durations such as 10us, 1.5ms". */
  readonly hint: string
  /** The value the project gives it now (or the catalog default): a new sweep row starts from it. */
  readonly current?: string | number | boolean
}

const HINTS: Partial<Record<Dimension, string>> = {
  duration: 'durations such as 10us, 1.5ms (a bare number is ns)',
  bandwidth: 'bandwidths such as 100Mbps, 1Gbps',
  size: 'sizes such as 64B, 4KiB',
  frequency: 'frequencies such as 2.8GHz',
  cycles: 'CPU cycles, e.g. 1000, 2000',
  count: 'whole numbers, e.g. 1, 2, 4, 8',
  ratio: 'fractions from 0 to 1, e.g. 0.01, 0.1',
  factor: 'numbers, e.g. 0.5, 1, 2',
  boolean: 'true, false',
  string: 'texts'
}

export function hintOf(spec: Pick<ParamSpec, 'dimension' | 'options'>): string {
  if (spec.dimension === 'enum') return `one of ${(spec.options ?? []).join(', ')}`
  return HINTS[spec.dimension] ?? 'values'
}

const scalar = (v: unknown): string | number | boolean | undefined => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : undefined)

const isKind = <T extends object>(table: T, kind: string): kind is Extract<keyof T, string> => Object.hasOwn(table, kind)

function variableOptions(doc: Project): PathOption[] {
  return Object.entries(doc.variables ?? {}).map(([name, value]) => ({
    path: `variables.${name}`, label: `${name} (now ${String(value)})`, group: 'Variables', current: value,
    hint: typeof value === 'number' ? 'numbers, e.g. 1, 2, 4' : typeof value === 'boolean' ? 'true, false' : 'texts'
  }))
}

function nodeOptions(doc: Project): PathOption[] {
  return doc.topology.nodes.flatMap((n) => {
    if (!isKind(CATALOG, n.kind)) return []
    const spec = CATALOG[n.kind]
    return spec.params.map((p) => ({
      path: `topology.nodes.${n.id}.params.${p.key}`, label: `${n.name || n.id} · ${p.label}`, group: `${spec.label} ${n.id}`, hint: hintOf(p),
      current: scalar(n.params?.[p.key]) ?? p.default
    }))
  })
}

function linkOptions(doc: Project): PathOption[] {
  return doc.topology.links.flatMap((l) => {
    if (!isKind(LINK_KINDS, l.kind)) return []
    const spec = LINK_KINDS[l.kind]
    return spec.params.map((p) => ({
      path: `topology.links.${l.id}.params.${p.key}`, label: `${l.from}–${l.to} · ${p.label}`, group: `${spec.label} link ${l.id}`, hint: hintOf(p),
      current: scalar(l.params?.[p.key]) ?? p.default
    }))
  })
}

/** Each attachment's technique (the device kind's techniques as the hint); a virtual disk's parameters too. */
function attachmentOptions(doc: Project): PathOption[] {
  const kindOf = new Map(doc.topology.nodes.map((n) => [n.id, n.kind]))
  return doc.topology.attachments.flatMap((a) => {
    const kind = kindOf.get(a.device)
    const allowed = kind !== undefined && isKind(CATALOG, kind) ? techniquesFor(kind) : TECHNIQUES.map((t) => t.id)
    const technique: PathOption = {
      path: `topology.attachments.${a.id}.technique`, label: `${a.vm} → ${a.device} · technique`, group: 'Attachments', current: scalar(a.technique),
      hint: `techniques: ${allowed.join(', ')}`
    }
    if (!isStorageKind(kind)) return [technique]
    const params = (a.params ?? {}) as Record<string, unknown>
    return [technique, ...VDISK_PARAMS.map((p) => ({
      path: `topology.attachments.${a.id}.params.${p.key}`, label: `${a.vm} → ${a.device} · ${p.label}`, group: `Virtual disk ${a.id}`, hint: hintOf(p),
      current: scalar(params[p.key]) ?? p.default
    }))]
  })
}

function experimentOptions(doc: Project, id: string): PathOption[] {
  const exp = doc.experiments.find((e) => e.id === id)
  if (!exp) return []
  const group = `Experiment ${id}`
  const out: PathOption[] = [
    { path: `experiments.${id}.duration`, label: 'Duration', group, hint: HINTS.duration ?? '', current: scalar(exp.duration) },
    { path: `experiments.${id}.warmup`, label: 'Warm-up', group, hint: HINTS.duration ?? '', current: scalar(exp.warmup) }
  ]
  for (const w of exp.workloads ?? []) {
    const at = `experiments.${id}.workloads.${w.id}`
    const params = (w.params ?? {}) as Record<string, unknown>
    // a kind's catalog parameters, set or not (a block workload's queue depth, block size…); other keys as written
    const specs = isWorkloadKind(w.kind) ? workloadParamSpecs(w.kind) : []
    out.push(
      { path: `${at}.clients`, label: `${w.id} · clients`, group, hint: 'VM ids' },
      ...(isWorkloadKind(w.kind) && WORKLOAD_KINDS[w.kind].serverless && w.servers === undefined ? [] : [{ path: `${at}.servers`, label: `${w.id} · servers`, group, hint: 'VM ids' }]),
      ...specs.map((p) => ({ path: `${at}.params.${p.key}`, label: `${w.id} · ${p.label}`, group, hint: hintOf(p), current: scalar(params[p.key]) ?? p.default })),
      ...Object.entries(params).filter(([k]) => !specs.some((p) => p.key === k))
        .map(([k, v]) => ({ path: `${at}.params.${k}`, label: `${w.id} · ${k}`, group, hint: 'values with units, e.g. 64B, 100ms', current: scalar(v) }))
    )
  }
  return out
}

/** Every path a sweep of experiment `id` may vary, grouped for the picker. */
export function sweepPathOptions(doc: Project, id: string): PathOption[] {
  return [...variableOptions(doc), ...experimentOptions(doc, id), ...attachmentOptions(doc), ...nodeOptions(doc), ...linkOptions(doc)]
}

/** Options grouped in order, for <optgroup>s. */
export function groupOptions(options: readonly PathOption[]): { group: string; options: PathOption[] }[] {
  const groups = new Map<string, PathOption[]>()
  for (const o of options) groups.set(o.group, [...(groups.get(o.group) ?? []), o])
  return [...groups].map(([group, opts]) => ({ group, options: opts }))
}

/** "1, 2, 4" → [1, 2, 4]; "true" → true; anything else stays text ("10us", "self-virtualized"). */
export function parseValues(text: string): (string | number | boolean)[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => {
    if (s === 'true' || s === 'false') return s === 'true'
    const n = Number(s)
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s) && Number.isFinite(n) ? n : s
  })
}

export const formatValues = (values: readonly unknown[]): string => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')
