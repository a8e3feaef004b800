// Turns editor intents (add a component, delete a selection, connect two nodes, place on a host)
// into change records for the current document; refusals come back as sentences.
import { CATALOG } from '../../../core/models/catalog'
import type { ComponentKind } from '../../../core/models/catalog'
import type { Project, ProjectNode } from '../../../core/project'
import { EMPTY_SET, type Change, type ElementSet, type Position } from './changes'
import { isStorageKind } from '../../../core/models/storage/storage-kinds'
import { decideConnection } from './connect-rules'

export interface Selection { nodes: string[]; links: string[]; attachments: string[] }

export const emptySelection = (): Selection => ({ nodes: [], links: [], attachments: [] })

export function isComponentKind(kind: string): kind is ComponentKind {
  return Object.hasOwn(CATALOG, kind)
}

/** The first free id `<prefix>-<n>` (n = 1, 2, …) among `taken`. */
export function nextId(prefix: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${prefix}-${n}`
    if (!taken.has(id)) return id
  }
}

/** `base` itself when free, otherwise the first free `<base>-<n>`. */
export function freeId(base: string, taken: ReadonlySet<string>): string {
  return taken.has(base) ? nextId(base, taken) : base
}

export function idsOf(list: readonly { id: string }[]): Set<string> {
  return new Set(list.map((e) => e.id))
}

/** Whether `kind` lives on a host (VM, NIC, NP-NIC, Host Gateway). */
export function isPlaceable(kind: string): boolean {
  return isComponentKind(kind) && (CATALOG[kind].placedOn?.includes('host') ?? false)
}

/** A new component of `kind` at `position`, optionally placed on `host`. */
export function planAddNode(doc: Project, kind: ComponentKind, position: Position, host?: string): Change {
  const id = nextId(kind, idsOf(doc.topology.nodes))
  const node: ProjectNode = { id, kind, name: id, position: { x: Math.round(position.x), y: Math.round(position.y) }, params: {} }
  if (host !== undefined && isPlaceable(kind)) node.host = host
  return { type: 'add-node', node, index: doc.topology.nodes.length }
}

/** The selection plus everything that cannot stay without it: components placed on deleted hosts, links and attachments of deleted nodes. */
export function planRemove(doc: Project, selection: Selection): Change | null {
  const t = doc.topology
  const nodeIds = new Set(selection.nodes)
  for (const n of t.nodes) if (n.host !== undefined && nodeIds.has(n.host)) nodeIds.add(n.id)
  const linkIds = new Set(selection.links)
  const attIds = new Set(selection.attachments)
  const set: ElementSet = {
    nodes: t.nodes.flatMap((item, index) => (nodeIds.has(item.id) ? [{ index, item }] : [])),
    links: t.links.flatMap((item, index) => (linkIds.has(item.id) || nodeIds.has(item.from) || nodeIds.has(item.to) ? [{ index, item }] : [])),
    attachments: t.attachments.flatMap((item, index) =>
      (attIds.has(item.id) || nodeIds.has(item.vm) || nodeIds.has(item.device) ? [{ index, item }] : []))
  }
  if (set.nodes.length + set.links.length + set.attachments.length === 0) return null
  return { type: 'remove-elements', elements: set }
}

export type ConnectResult = { ok: true; change: Change; message: string } | { ok: false; reason: string }

/** The change a connection drawn from `sourceId` to `targetId` makes, or why it is refused. */
export function planConnect(doc: Project, sourceId: string, targetId: string): ConnectResult {
  const t = doc.topology
  const a = t.nodes.find((n) => n.id === sourceId)
  const b = t.nodes.find((n) => n.id === targetId)
  if (!a || !b || !isComponentKind(a.kind) || !isComponentKind(b.kind)) return { ok: false, reason: 'Connect two components of the catalog.' }
  const role = (n: ProjectNode): string | undefined => (n.kind === 'vm' && typeof n.params.role === 'string' ? n.params.role : undefined)
  const d = decideConnection({ id: a.id, kind: a.kind, role: role(a) }, { id: b.id, kind: b.kind, role: role(b) })
  switch (d.action) {
    case 'refuse':
      return { ok: false, reason: d.reason }
    case 'place': {
      const child = t.nodes.find((n) => n.id === d.child) as ProjectNode
      if (child.host === d.host) return { ok: false, reason: `${child.id} is already placed on ${d.host}.` }
      return { ok: true, change: { type: 'set-field', list: 'nodes', id: child.id, field: 'host', from: child.host, to: d.host }, message: `Placed ${child.id} on ${d.host}` }
    }
    case 'attach': {
      if (t.attachments.some((x) => x.vm === d.vm && x.device === d.device)) return { ok: false, reason: `${d.vm} is already attached to ${d.device}.` }
      const device = t.nodes.find((n) => n.id === d.device)
      const disk = device && isStorageKind(device.kind) ? t.attachments.find((x) => x.vm === d.vm && isStorageKind(t.nodes.find((n) => n.id === x.device)?.kind)) : undefined
      if (disk) return { ok: false, reason: `${d.vm} already has the virtual disk ${disk.id} (to ${disk.device}); a VM has one virtual disk — add ${d.device} to its RAID members in the inspector instead.` }
      const id = freeId(`${d.vm}-${d.device}`.slice(0, 120), idsOf(t.attachments))
      const attachment = { id, vm: d.vm, device: d.device, technique: d.technique }
      return { ok: true, change: { type: 'add-attachment', attachment, index: t.attachments.length }, message: `Attached ${d.vm} to ${d.device} (${d.technique})` }
    }
    case 'link': {
      if (t.links.some((l) => (l.from === d.from && l.to === d.to) || (l.from === d.to && l.to === d.from))) {
        return { ok: false, reason: `${d.from} and ${d.to} are already linked.` }
      }
      const link = { id: nextId('link', idsOf(t.links)), kind: d.kind, from: d.from, to: d.to, params: {} }
      return { ok: true, change: { type: 'add-link', link, index: t.links.length }, message: `Linked ${d.from} and ${d.to} (${d.kind})` }
    }
  }
}

/** Placement of dragged components onto the host they were dropped on (only where it changes). */
export function planPlacements(doc: Project, drops: { id: string; host: string }[]): Change[] {
  const byId = new Map(doc.topology.nodes.map((n) => [n.id, n]))
  return drops.flatMap(({ id, host }) => {
    const node = byId.get(id)
    if (!node || !isPlaceable(node.kind) || node.host === host) return []
    return [{ type: 'set-field', list: 'nodes', id, field: 'host', from: node.host, to: host } satisfies Change]
  })
}

export { EMPTY_SET }
