// From the project's topology to Vue Flow's nodes and edges: components become nodes named
// "<Kind> <name>"; links, attachments and placements (host → component) become three edge styles.
import { CATALOG, LINK_KINDS, TECHNIQUES } from '../../../../core/models/catalog'
import type { Attachment, ProjectLink, ProjectNode } from '../../../../core/project'
import type { Edge, Node } from '@vue-flow/core'
import type { ElementList } from '../../model/changes'

export interface ComponentNodeData {
  kind: string
  /** The kind's label, e.g. "NP-NIC" ("?" for a kind the catalog does not know). */
  kindLabel: string
  name: string
  host?: string
}

export interface ElementEdgeData {
  list: ElementList | 'placement'
  /** The link's or attachment's id, or the placed node's id. */
  id: string
}

/** Every component node's size on the canvas (editor.css, .component-node), known before it is measured. */
export const NODE_SIZE = { width: 168, height: 48 }
/** From this many components on, the canvas renders only what is in view. */
export const LARGE_TOPOLOGY = 250
/** Attachments show their technique as a text label up to this many (each label costs a layout). */
export const MAX_LABELLED_ATTACHMENTS = 150

const TECHNIQUE_IDS = new Set<string>(TECHNIQUES.map((t) => t.id))

export function kindLabel(kind: string): string {
  return Object.hasOwn(CATALOG, kind) ? CATALOG[kind as keyof typeof CATALOG].label : kind
}

/** The accessible name of a component on the canvas (CONTRACTS.md): "<Kind> <name>". */
export function nodeAriaLabel(node: Pick<ProjectNode, 'kind' | 'name'>): string {
  return `${kindLabel(node.kind)} ${node.name}`
}

export function toFlowNode(node: ProjectNode): Node<ComponentNodeData> {
  return {
    // preset, so that nodes out of view need no measuring (and no rendering) to be placed and culled
    ...({ dimensions: { ...NODE_SIZE } } as object),
    id: node.id,
    type: 'component',
    position: { x: node.position.x, y: node.position.y },
    data: { kind: node.kind, kindLabel: kindLabel(node.kind), name: node.name, host: node.host },
    ariaLabel: nodeAriaLabel(node),
    class: `kind-${node.kind}`
  }
}

export const edgeId = {
  link: (id: string): string => `link:${id}`,
  attachment: (id: string): string => `attachment:${id}`,
  placement: (nodeId: string): string => `placement:${nodeId}`
}

export function linkEdge(link: ProjectLink): Edge<ElementEdgeData> {
  const kind = Object.hasOwn(LINK_KINDS, link.kind) ? LINK_KINDS[link.kind as keyof typeof LINK_KINDS].label : link.kind
  return {
    id: edgeId.link(link.id), source: link.from, target: link.to, sourceHandle: 'out', targetHandle: 'in',
    data: { list: 'links', id: link.id }, class: `edge-link edge-${link.kind}`, ariaLabel: `${kind} link ${link.id}`
  }
}

export function attachmentEdge(att: Attachment, labelled = true): Edge<ElementEdgeData> {
  const technique = typeof att.technique === 'string' ? att.technique : `$${att.technique.var}`
  const known = typeof att.technique === 'string' && TECHNIQUE_IDS.has(att.technique) ? ` technique-${att.technique}` : ''
  return {
    id: edgeId.attachment(att.id), source: att.vm, target: att.device, sourceHandle: 'out', targetHandle: 'in',
    ...(labelled ? { label: technique } : {}), data: { list: 'attachments', id: att.id }, class: `edge-attachment${known}`,
    ariaLabel: `Attachment ${att.id} (${technique})`
  }
}

export function placementEdge(node: ProjectNode & { host: string }): Edge<ElementEdgeData> {
  return {
    id: edgeId.placement(node.id), source: node.host, target: node.id, sourceHandle: 'holds', targetHandle: 'placed',
    data: { list: 'placement', id: node.id }, class: 'edge-placement', selectable: false, focusable: false, deletable: false,
    ariaLabel: `${node.id} placed on ${node.host}`
  }
}
