// Every edit of a project as a typed change record (Vue Flow's change-union style), and the pure
// functions that apply a record to a document and invert it — the ground undo/redo stands on.
import type { Attachment, ParamValue, Project, ProjectLink, ProjectNode } from '../../../core/project'
import { applyRename } from './rename'

export type ElementList = 'nodes' | 'links' | 'attachments'
export interface Position { x: number; y: number }
export interface Indexed<T> { index: number; item: T }

/** Nodes, links and attachments with the index each has (or had) in its list. */
export interface ElementSet {
  nodes: Indexed<ProjectNode>[]
  links: Indexed<ProjectLink>[]
  attachments: Indexed<Attachment>[]
}

export interface NodeMove { id: string; from: Position; to: Position }

export type Change =
  | { type: 'add-node'; node: ProjectNode; index: number }
  | { type: 'add-link'; link: ProjectLink; index: number }
  | { type: 'add-attachment'; attachment: Attachment; index: number }
  | { type: 'add-elements'; elements: ElementSet }
  | { type: 'remove-elements'; elements: ElementSet }
  | { type: 'move'; moves: NodeMove[] }
  /** A catalog parameter of a node or link; `undefined` means "not written" (the default applies). */
  | { type: 'set-param'; list: ElementList; id: string; key: string; from: ParamValue | undefined; to: ParamValue | undefined }
  /** A plain field of an element: name, host (placement), technique, a link's kind. */
  | { type: 'set-field'; list: ElementList; id: string; field: string; from: unknown; to: unknown }
  /** A new id for an element, with every reference to it (placement, links, attachments, workloads, sweep paths). */
  | { type: 'rename-id'; list: ElementList; from: string; to: string }
  /** Anything else, by its path in the project (core/project's getPath/setPath): project settings, experiments. */
  | { type: 'set-path'; path: string; from: unknown; to: unknown }
  | { type: 'batch'; label: string; changes: Change[] }

export type ChangeType = Change['type']

export const EMPTY_SET = (): ElementSet => ({ nodes: [], links: [], attachments: [] })

type Topology = Project['topology']
type Element = ProjectNode | ProjectLink | Attachment

function withTopology(doc: Project, topology: Topology): Project {
  return { ...doc, topology }
}

function mapList<T extends Element>(list: T[], id: string, fn: (item: T) => T): T[] {
  const at = list.findIndex((e) => e.id === id)
  if (at < 0) throw new Error(`there is no element "${id}"`)
  const copy = list.slice()
  copy[at] = fn(list[at])
  return copy
}

/** A copy of `obj` with `key` set to `value`, or removed when `value` is undefined. */
export function withKey<T extends object>(obj: T, key: string, value: unknown): T {
  const copy = { ...obj } as Record<string, unknown>
  if (value === undefined) delete copy[key]
  else copy[key] = value
  return copy as T
}

function insertAll<T>(list: T[], items: Indexed<T>[]): T[] {
  const copy = list.slice()
  for (const { index, item } of [...items].sort((a, b) => a.index - b.index)) copy.splice(Math.min(index, copy.length), 0, item)
  return copy
}

function removeAll<T extends Element>(list: T[], items: Indexed<T>[]): T[] {
  if (items.length === 0) return list
  const ids = new Set(items.map((i) => i.item.id))
  return list.filter((e) => !ids.has(e.id))
}

function addElements(t: Topology, set: ElementSet): Topology {
  return {
    ...t,
    nodes: insertAll(t.nodes, set.nodes),
    links: insertAll(t.links, set.links),
    attachments: insertAll(t.attachments, set.attachments)
  }
}

function removeElements(t: Topology, set: ElementSet): Topology {
  return {
    ...t,
    nodes: removeAll(t.nodes, set.nodes),
    links: removeAll(t.links, set.links),
    attachments: removeAll(t.attachments, set.attachments)
  }
}

function move(t: Topology, moves: NodeMove[], key: 'from' | 'to'): Topology {
  const byId = new Map(moves.map((m) => [m.id, m[key]]))
  return { ...t, nodes: t.nodes.map((n) => (byId.has(n.id) ? { ...n, position: { ...n.position, ...byId.get(n.id) } } : n)) }
}

function setIn(t: Topology, list: ElementList, id: string, fn: (e: Element) => Element): Topology {
  return { ...t, [list]: mapList(t[list] as Element[], id, fn) }
}

function setPathValue(doc: Project, path: string, value: unknown): Project {
  const segs = path.split('.')
  const walk = (node: unknown, i: number): unknown => {
    const seg = segs[i]
    const last = i === segs.length - 1
    if (Array.isArray(node)) {
      const at = node.findIndex((e) => (e as { id?: unknown })?.id === seg)
      const index = at >= 0 ? at : /^\d+$/.test(seg) ? Number(seg) : -1
      if (index < 0 || index >= node.length) throw new Error(`"${path}": there is no "${seg}"`)
      const copy = node.slice()
      copy[index] = last ? value : walk(node[index], i + 1)
      return copy
    }
    const obj = (node ?? {}) as Record<string, unknown>
    return withKey(obj, seg, last ? value : walk(obj[seg], i + 1))
  }
  return walk(doc, 0) as Project
}

/** The document after `change` (a new object; `doc` is not touched). Throws if the record does not fit the document. */
export function applyChange(doc: Project, change: Change): Project {
  const t = doc.topology
  switch (change.type) {
    case 'add-node':
      return withTopology(doc, { ...t, nodes: insertAll(t.nodes, [{ index: change.index, item: change.node }]) })
    case 'add-link':
      return withTopology(doc, { ...t, links: insertAll(t.links, [{ index: change.index, item: change.link }]) })
    case 'add-attachment':
      return withTopology(doc, { ...t, attachments: insertAll(t.attachments, [{ index: change.index, item: change.attachment }]) })
    case 'add-elements':
      return withTopology(doc, addElements(t, change.elements))
    case 'remove-elements':
      return withTopology(doc, removeElements(t, change.elements))
    case 'move':
      return withTopology(doc, move(t, change.moves, 'to'))
    case 'set-param':
      // Nodes and links carry params; attachments have none since schemaVersion 2.
      return withTopology(doc, setIn(t, change.list, change.id, (e) => withKey(e, 'params', withKey((e as { params?: Record<string, ParamValue> }).params ?? {}, change.key, change.to))))
    case 'set-field':
      return withTopology(doc, setIn(t, change.list, change.id, (e) => withKey(e, change.field, change.to)))
    case 'rename-id':
      return applyRename(doc, change.list, change.from, change.to)
    case 'set-path':
      return setPathValue(doc, change.path, change.to)
    case 'batch':
      return change.changes.reduce(applyChange, doc)
  }
}

/** The record that undoes `change`. */
export function invertChange(change: Change): Change {
  switch (change.type) {
    case 'add-node':
      return { type: 'remove-elements', elements: { ...EMPTY_SET(), nodes: [{ index: change.index, item: change.node }] } }
    case 'add-link':
      return { type: 'remove-elements', elements: { ...EMPTY_SET(), links: [{ index: change.index, item: change.link }] } }
    case 'add-attachment':
      return { type: 'remove-elements', elements: { ...EMPTY_SET(), attachments: [{ index: change.index, item: change.attachment }] } }
    case 'add-elements':
      return { type: 'remove-elements', elements: change.elements }
    case 'remove-elements':
      return { type: 'add-elements', elements: change.elements }
    case 'move':
      return { type: 'move', moves: change.moves.map((m) => ({ id: m.id, from: m.to, to: m.from })) }
    case 'set-param':
      return { ...change, from: change.to, to: change.from }
    case 'set-field':
      return { ...change, from: change.to, to: change.from }
    case 'rename-id':
      return { ...change, from: change.to, to: change.from }
    case 'set-path':
      return { ...change, from: change.to, to: change.from }
    case 'batch':
      return { type: 'batch', label: change.label, changes: change.changes.map(invertChange).reverse() }
  }
}

/** Two records of the same kind on the same target merged into one (a drag, typing in one field), or null. */
export function coalesce(first: Change, next: Change): Change | null {
  if (first.type === 'move' && next.type === 'move') {
    const ids = (c: typeof first) => c.moves.map((m) => m.id).sort().join('\n')
    if (ids(first) !== ids(next)) return null
    const to = new Map(next.moves.map((m) => [m.id, m.to]))
    return { type: 'move', moves: first.moves.map((m) => ({ ...m, to: to.get(m.id) ?? m.to })) }
  }
  if (first.type === 'set-param' && next.type === 'set-param' && first.list === next.list && first.id === next.id && first.key === next.key) {
    return { ...first, to: next.to }
  }
  if (first.type === 'set-path' && next.type === 'set-path' && first.path === next.path) return { ...first, to: next.to }
  return null
}

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`

/** A short description for Undo/Redo tooltips: "Move 3 nodes", "Set clock". */
export function describeChange(change: Change): string {
  switch (change.type) {
    case 'add-node': return `Add ${change.node.id}`
    case 'add-link': return `Link ${change.link.from}–${change.link.to}`
    case 'add-attachment': return `Attach ${change.attachment.vm} to ${change.attachment.device}`
    case 'add-elements': return `Add ${plural(change.elements.nodes.length + change.elements.links.length + change.elements.attachments.length, 'element')}`
    case 'remove-elements': return `Delete ${plural(change.elements.nodes.length + change.elements.links.length + change.elements.attachments.length, 'element')}`
    case 'move': return change.moves.length === 1 ? `Move ${change.moves[0].id}` : `Move ${plural(change.moves.length, 'node')}`
    case 'set-param': return `Set ${change.key} of ${change.id}`
    case 'set-field': return `Set ${change.field} of ${change.id}`
    case 'rename-id': return `Rename ${change.from} to ${change.to}`
    case 'set-path': return `Set ${change.path}`
    case 'batch': return change.label
  }
}
