// The one resolver for parameter paths (sweeps, `--set PATH=VALUE`, the UI): dot paths in
// which lists of objects with an `id` are addressed by id, read and written without mutation.
import { VDISK_PARAMS } from '../models/storage/vdisk/params'
import type { z } from 'zod'
import { CATALOG, LINK_KINDS } from '../models/catalog'
import type { ComponentKind, LinkKind } from '../models/catalog'
import { FORBIDDEN_KEYS, parseJsonText } from './json-text'
import { ProjectSchema, type Project } from './schema'

export type PathResult<T> = { ok: true; value: T } | { ok: false; message: string }

type Json = unknown
type Obj = Record<string, Json>
type Schema = z.core.$ZodType | undefined

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Singular nouns for the lists addressed by id, for messages. */
const NOUNS: Record<string, string> = {
  nodes: 'node', links: 'link', attachments: 'attachment', experiments: 'experiment', workloads: 'workload',
  sweep: 'sweep axis', results: 'stored result'
}

/** Splits "a.b.c" into segments; refuses empty segments and prototype keys. */
export function splitPath(path: string): PathResult<string[]> {
  const segs = path.split('.')
  if (path.trim() === '' || segs.some((s) => s === '')) {
    return { ok: false, message: `"${path}" is not a parameter path; write e.g. "variables.guests" or "experiments.ID.duration"` }
  }
  const bad = segs.find((s) => FORBIDDEN_KEYS.has(s))
  if (bad) return { ok: false, message: `"${bad}" cannot be part of a parameter path` }
  return { ok: true, value: segs }
}

function unwrap(schema: Schema): Schema {
  let s = schema
  while (s && ['optional', 'default', 'nullable', 'prefault', 'readonly'].includes(s._zod.def.type)) {
    s = (s._zod.def as unknown as { innerType: z.core.$ZodType }).innerType
  }
  return s
}

function childSchema(schema: Schema, key: string): Schema {
  const s = unwrap(schema)
  if (!s) return undefined
  const def = s._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType; valueType?: z.core.$ZodType }
  if (def.type === 'object') return def.shape && Object.hasOwn(def.shape, key) ? def.shape[key] : undefined
  if (def.type === 'array') return def.element
  if (def.type === 'record') return def.valueType
  return undefined
}

function isRecordSchema(schema: Schema): boolean {
  return unwrap(schema)?._zod.def.type === 'record'
}

function listIds(list: Json[]): string {
  const ids = list.filter(isObj).map((e) => e.id).filter((id): id is string => typeof id === 'string')
  if (ids.length === 0) return 'the list is empty'
  return `known: ${ids.slice(0, 12).join(', ')}${ids.length > 12 ? ', …' : ''}`
}

/** Positions by id per list, built once per list object; a hit is checked and a miss re-indexes (a list changed in place stays right). */
const idIndexes = new WeakMap<Json[], Map<string, number>>()

function buildIdIndex(list: Json[]): Map<string, number> {
  const map = new Map<string, number>()
  list.forEach((e, i) => {
    if (isObj(e) && typeof e.id === 'string' && !map.has(e.id)) map.set(e.id, i)
  })
  idIndexes.set(list, map)
  return map
}

/** The position of the first entry with id `id`, in O(1) after the first look-up in a list. */
function findById(list: Json[], id: string): number {
  let map = idIndexes.get(list) ?? buildIdIndex(list)
  let i = map.get(id)
  const stale = (k: number | undefined): boolean => k !== undefined && !(isObj(list[k]) && list[k].id === id)
  if (i === undefined || stale(i)) {
    map = buildIdIndex(list)
    i = map.get(id)
  }
  return i ?? -1
}

function indexIn(list: Json[], seg: string, parentKey: string): PathResult<number> {
  const byId = findById(list, seg)
  if (byId >= 0) return { ok: true, value: byId }
  if (/^\d+$/.test(seg) && Number(seg) < list.length) return { ok: true, value: Number(seg) }
  const noun = NOUNS[parentKey] ?? 'entry'
  return { ok: false, message: `there is no ${noun} "${seg}" in ${parentKey} (${listIds(list)})` }
}

/** Catalog parameter keys for a node's, link's or virtual disk's params, or undefined when any key goes. */
function knownParamKeys(owner: Json, ownerList: string): string[] | undefined {
  if (ownerList === 'attachments' && isObj(owner)) return VDISK_PARAMS.map((p) => p.key) // a virtual disk's (issue 11)
  if (!isObj(owner) || typeof owner.kind !== 'string') return undefined
  if (ownerList === 'nodes' && Object.hasOwn(CATALOG, owner.kind)) return CATALOG[owner.kind as ComponentKind].params.map((p) => p.key)
  if (ownerList === 'links' && Object.hasOwn(LINK_KINDS, owner.kind)) return LINK_KINDS[owner.kind as LinkKind].params.map((p) => p.key)
  return undefined
}

interface Step { container: Json; key: string | number; schema: Schema }

/** Walks `segs`; the last segment may be absent when the schema or catalog allows that key. */
function resolve(project: Json, segs: string[]): PathResult<Step[]> {
  const steps: Step[] = []
  let cur: Json = project
  let schema: Schema = ProjectSchema
  const trail: string[] = []
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]
    const here = trail.length === 0 ? 'the project' : `"${trail.join('.')}"`
    if (Array.isArray(cur)) {
      const idx = indexIn(cur, seg, trail[trail.length - 1] ?? '')
      if (!idx.ok) return idx
      steps.push({ container: cur, key: idx.value, schema })
      cur = cur[idx.value]
    } else if (isObj(cur)) {
      const exists = Object.hasOwn(cur, seg)
      const last = i === segs.length - 1
      if (!exists && !(last && mayCreate(cur, seg, schema, steps, trail))) return unknownKey(cur, seg, schema, steps, trail, here)
      steps.push({ container: cur, key: seg, schema })
      cur = exists ? cur[seg] : undefined
    } else {
      return { ok: false, message: `${here} is a single value; it has no "${seg}"` }
    }
    schema = childSchema(schema, seg)
    trail.push(seg)
  }
  return { ok: true, value: steps }
}

function paramOwner(steps: Step[], trail: string[]): { owner: Json; list: string } | undefined {
  if (trail[trail.length - 1] !== 'params' || steps.length < 2) return undefined
  const ownerStep = steps[steps.length - 2]
  const list = trail[trail.length - 3] ?? ''
  return { owner: (ownerStep.container as Json[])[ownerStep.key as number], list }
}

function mayCreate(obj: Obj, seg: string, schema: Schema, steps: Step[], trail: string[]): boolean {
  if (trail.length === 1 && trail[0] === 'variables') return false
  const owner = paramOwner(steps, trail)
  if (owner) return knownParamKeys(owner.owner, owner.list)?.includes(seg) ?? true
  if (isRecordSchema(schema)) return true
  return childSchema(schema, seg) !== undefined && isObj(obj)
}

function unknownKey(obj: Obj, seg: string, schema: Schema, steps: Step[], trail: string[], here: string): PathResult<never> {
  const owner = paramOwner(steps, trail)
  const ownerKeys = owner ? knownParamKeys(owner.owner, owner.list) : undefined
  const unwrapped = unwrap(schema)
  const shapeKeys = unwrapped?._zod.def.type === 'object'
    ? Object.keys((unwrapped._zod.def as unknown as { shape: Obj }).shape) : []
  const known = ownerKeys ?? [...new Set([...Object.keys(obj), ...shapeKeys])]
  const what = trail[0] === 'variables' && trail.length === 1 ? `there is no variable "${seg}"` : `${here} has no "${seg}"`
  return { ok: false, message: `${what} (known: ${known.slice(0, 40).join(', ') || 'none'})` }
}

/** The value at `path`, or undefined when the path is valid but the key is not written (a default applies). */
export function getPath(project: Project | Json, path: string): PathResult<unknown> {
  const segs = splitPath(path)
  if (!segs.ok) return segs
  const r = resolve(project, segs.value)
  if (!r.ok) return r
  const lastStep = r.value[r.value.length - 1]
  const c = lastStep.container
  return { ok: true, value: Array.isArray(c) ? c[lastStep.key as number] : (c as Obj)[lastStep.key as string] }
}

/** True if `path` names a value in `project` (present, or absent with a default). */
export function hasPath(project: Project | Json, path: string): boolean {
  return getPath(project, path).ok
}

/** A new project with `value` at `path`; the original is not touched (copy-on-write along the path). */
export function setPath<T extends Project | Json>(project: T, path: string, value: unknown): PathResult<T> {
  const segs = splitPath(path)
  if (!segs.ok) return segs
  const r = resolve(project, segs.value)
  if (!r.ok) return r
  let next: Json = value
  for (let i = r.value.length - 1; i >= 0; i--) {
    const { container, key } = r.value[i]
    if (Array.isArray(container)) {
      const copy = container.slice()
      copy[key as number] = next
      next = copy
    } else {
      next = { ...(container as Obj), [key]: next }
    }
  }
  return { ok: true, value: next as T }
}

/** Reads a `--set` value: JSON when it parses (16, true, "x", [1,2]), otherwise the text itself ("5s"). */
export function parseCliValue(text: string): unknown {
  const parsed = parseJsonText(text)
  return parsed.ok ? parsed.value : text
}

/** Splits a `--set PATH=VALUE` argument. */
export function parseSetArgument(arg: string): PathResult<{ path: string; value: unknown }> {
  const eq = arg.indexOf('=')
  if (eq <= 0) return { ok: false, message: `"${arg}" is not PATH=VALUE; write e.g. experiments.latency-vs-guests.duration=5s` }
  const path = arg.slice(0, eq).trim()
  const split = splitPath(path)
  if (!split.ok) return split
  return { ok: true, value: { path, value: parseCliValue(arg.slice(eq + 1)) } }
}
