// Steps from the pre-release format (schemaVersion 0: `format: "iovlab"`, flat `nodes` with
// `type`, `label`, `x`/`y`, `on`; `vars` referenced as "$name"; sweeps as one object) to v1.
import { formatDuration } from '../units'
import type { JsonObject, Migration } from './types'

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)
const objects = (v: unknown): JsonObject[] => (Array.isArray(v) ? v.filter(isObj) : [])

/** Renames `from` to `to` in place, keeping the key's position; no-op when `from` is absent. */
function renameKey(obj: JsonObject, from: string, to: string): void {
  if (!Object.hasOwn(obj, from)) return
  const entries = Object.entries(obj).map(([k, v]) => (k === from ? [to, v] : [k, v]) as [string, unknown])
  for (const k of Object.keys(obj)) delete obj[k]
  for (const [k, v] of entries) obj[k] = v
}

/** v0 wrote a variable reference as the text "$name"; v1 writes {"var": "name"}. */
function convertRefs(params: unknown): void {
  if (!isObj(params)) return
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' && /^\$[A-Za-z_][A-Za-z0-9_-]*$/.test(v)) params[k] = { var: v.slice(1) }
  }
}

const formatName: Migration = {
  id: 'v0-to-v1-format-name',
  from: 0,
  to: 1,
  up: (doc) => {
    doc.format = 'iovlab-project'
    renameKey(doc, 'version', 'schemaVersion')
    return doc
  }
}

const varsToVariables: Migration = {
  id: 'v0-to-v1-vars-to-variables',
  from: 0,
  to: 1,
  up: (doc) => {
    renameKey(doc, 'vars', 'variables')
    for (const n of objects(doc.nodes)) convertRefs(n.params)
    for (const l of objects(doc.links)) convertRefs(l.params)
    for (const a of objects(doc.attachments)) {
      convertRefs(a.params)
      if (typeof a.technique === 'string' && a.technique.startsWith('$')) a.technique = { var: a.technique.slice(1) }
    }
    for (const e of objects(doc.experiments)) {
      for (const w of objects(e.workloads)) convertRefs(w.params)
      if (isObj(e.sweep)) {
        for (const key of Object.keys(e.sweep)) if (key.startsWith('vars.')) renameKey(e.sweep, key, `variables.${key.slice(5)}`)
      }
    }
    return doc
  }
}

const topologySection: Migration = {
  id: 'v0-to-v1-topology-section',
  from: 0,
  to: 1,
  up: (doc) => {
    const { nodes, links, attachments, ...rest } = doc
    const out: JsonObject = {}
    // Keep the document's key order, with `topology` where `nodes` used to be.
    for (const [k, v] of Object.entries(rest)) {
      if (k === 'experiments' && !('topology' in out)) out.topology = { nodes, links, attachments }
      out[k] = v
    }
    if (!('topology' in out)) out.topology = { nodes, links, attachments }
    const topo = out.topology as JsonObject
    for (const k of ['nodes', 'links', 'attachments']) if (topo[k] === undefined) topo[k] = []
    return out
  }
}

const nodeTypeToKind: Migration = {
  id: 'v0-to-v1-node-type-to-kind',
  from: 0,
  to: 1,
  up: (doc) => {
    for (const n of objects(isObj(doc.topology) ? doc.topology.nodes : undefined)) {
      renameKey(n, 'type', 'kind')
      renameKey(n, 'label', 'name')
      renameKey(n, 'on', 'host')
      if ('x' in n || 'y' in n) {
        renameKey(n, 'x', 'position')
        n.position = { x: n.position ?? 0, y: n.y ?? 0 }
        delete n.y
      }
    }
    return doc
  }
}

const linkEndpoints: Migration = {
  id: 'v0-to-v1-link-endpoints',
  from: 0,
  to: 1,
  up: (doc) => {
    for (const l of objects(isObj(doc.topology) ? doc.topology.links : undefined)) {
      renameKey(l, 'type', 'kind')
      renameKey(l, 'a', 'from')
      renameKey(l, 'b', 'to')
    }
    return doc
  }
}

const experimentDurations: Migration = {
  id: 'v0-to-v1-experiment-durations',
  from: 0,
  to: 1,
  up: (doc) => {
    // v0 stored nanoseconds under names ending in "Ns"; v1 names the field and writes the unit.
    for (const e of objects(doc.experiments)) {
      for (const [from, to] of [['durationNs', 'duration'], ['warmupNs', 'warmup']]) {
        renameKey(e, from, to)
        const v = e[to]
        if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) e[to] = formatDuration(v)
      }
    }
    return doc
  }
}

const sweepAxes: Migration = {
  id: 'v0-to-v1-sweep-axes',
  from: 0,
  to: 1,
  up: (doc) => {
    // v0 swept every key of one object as a cartesian product; v1 lists axes (one key each here).
    for (const e of objects(doc.experiments)) {
      if (isObj(e.sweep)) e.sweep = Object.entries(e.sweep).map(([path, values]) => ({ [path]: values }))
    }
    return doc
  }
}

/** In order; append new steps, never edit released ones. */
export const V0_TO_V1: readonly Migration[] = [
  formatName, varsToVariables, topologySection, nodeTypeToKind, linkEndpoints, experimentDurations, sweepAxes
]
