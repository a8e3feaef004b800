// Copy and paste of a part of the topology: the selected components with the links, attachments
// and placements among them, pasted under fresh ids at an offset.
import type { Attachment, Project, ProjectLink, ProjectNode } from '../../../core/project'
import type { Change } from './changes'
import { freeId, idsOf, nextId, type Selection } from './topology-edit'

/** What Ctrl+C keeps: plain JSON, also written to the system clipboard. */
export interface Fragment {
  format: 'iovlab-fragment'
  nodes: ProjectNode[]
  links: ProjectLink[]
  attachments: Attachment[]
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T

/** The selected nodes and everything joining only selected nodes (links and attachments). */
export function copyFragment(doc: Project, selection: Selection): Fragment | null {
  const ids = new Set(selection.nodes)
  if (ids.size === 0) return null
  const t = doc.topology
  return clone({
    format: 'iovlab-fragment',
    nodes: t.nodes.filter((n) => ids.has(n.id)),
    links: t.links.filter((l) => ids.has(l.from) && ids.has(l.to)),
    attachments: t.attachments.filter((a) => ids.has(a.vm) && ids.has(a.device))
  })
}

export function isFragment(v: unknown): v is Fragment {
  const f = v as Fragment | null
  return typeof f === 'object' && f !== null && f.format === 'iovlab-fragment' &&
    Array.isArray(f.nodes) && Array.isArray(f.links) && Array.isArray(f.attachments)
}

/** The paste as one record (fresh ids, positions shifted by `offset`) and the ids of the new nodes. */
export function planPaste(doc: Project, fragment: Fragment, offset: { x: number; y: number }): { change: Change; nodeIds: string[] } | null {
  if (fragment.nodes.length === 0) return null
  const t = doc.topology
  const takenNodes = idsOf(t.nodes)
  const rename = new Map<string, string>()
  for (const n of fragment.nodes) {
    const base = n.id.replace(/-\d+$/, '')
    const id = takenNodes.has(n.id) ? nextId(base, takenNodes) : n.id
    takenNodes.add(id)
    rename.set(n.id, id)
  }
  const ref = (id: string): string => rename.get(id) ?? id
  const nodes = fragment.nodes.map((n, i) => {
    const node: ProjectNode = { ...clone(n), id: ref(n.id), name: n.name === n.id ? ref(n.id) : n.name,
      position: { ...n.position, x: n.position.x + offset.x, y: n.position.y + offset.y } }
    if (n.host !== undefined) node.host = ref(n.host)
    return { index: t.nodes.length + i, item: node }
  })
  const takenLinks = idsOf(t.links)
  const links = fragment.links.map((l, i) => {
    const id = freeId(l.id, takenLinks)
    takenLinks.add(id)
    return { index: t.links.length + i, item: { ...clone(l), id, from: ref(l.from), to: ref(l.to) } }
  })
  const takenAtts = idsOf(t.attachments)
  const attachments = fragment.attachments.map((a, i) => {
    const id = freeId(`${ref(a.vm)}-${ref(a.device)}`, takenAtts)
    takenAtts.add(id)
    return { index: t.attachments.length + i, item: { ...clone(a), id, vm: ref(a.vm), device: ref(a.device) } }
  })
  return { change: { type: 'add-elements', elements: { nodes, links, attachments } }, nodeIds: nodes.map((n) => n.item.id) }
}
