// From the project's topology to Vue Flow's nodes and edges: components become nodes named
// "<Kind> <name>", hosts boxes holding the components placed on them (Vue Flow parent nodes);
// links (labelled with kind and rate) and attachments (with their technique) become edges.
import { CATALOG, LINK_KINDS, TECHNIQUES } from '../../../../core/models/catalog'
import { formatBandwidth, type Attachment, type ProjectLink, type ProjectNode } from '../../../../core/project'
import type { Edge, Node } from '@vue-flow/core'
import type { ElementList } from '../../model/changes'
import { parentOf, type Rect } from './host-box'
import { NODE_SIZE } from './node-size'

export interface ComponentNodeData {
  kind: string
  /** The kind's label, e.g. "NP-NIC" ("?" for a kind the catalog does not know). */
  kindLabel: string
  name: string
  host?: string
  /** What the card says besides kind and name: a VM's role and copy count ("driver domain", "×32"). */
  badges?: string[]
}

export interface ElementEdgeData {
  list: ElementList
  /** The link's or attachment's id. */
  id: string
}

export { NODE_SIZE }
/** From this many components on, the canvas renders only what is in view. */
export const LARGE_TOPOLOGY = 250
/** Links and attachments show their label (kind and rate, technique) up to this many each (each label costs a layout). */
export const MAX_LABELLED_ATTACHMENTS = 150

const TECHNIQUE_IDS = new Set<string>(TECHNIQUES.map((t) => t.id))

export function kindLabel(kind: string): string {
  return Object.hasOwn(CATALOG, kind) ? CATALOG[kind as keyof typeof CATALOG].label : kind
}

/** The accessible name of a component on the canvas (CONTRACTS.md): "<Kind> <name>". */
export function nodeAriaLabel(node: Pick<ProjectNode, 'kind' | 'name'>): string {
  return `${kindLabel(node.kind)} ${node.name}`
}

type Variables = Readonly<Record<string, unknown>> | undefined

/** A VM's role and copy count as the card shows them: "driver domain", "×32" (a variable's value, or its name). */
export function nodeBadges(node: Pick<ProjectNode, 'kind' | 'params'>, variables?: Variables): string[] {
  if (node.kind !== 'vm') return []
  const out: string[] = []
  const p = node.params as Record<string, unknown>
  if (p.role === 'driver-domain') out.push('driver domain')
  let count = p.count
  if (count !== null && typeof count === 'object' && typeof (count as { var?: unknown }).var === 'string') {
    const name = (count as { var: string }).var
    const value = variables?.[name]
    count = typeof value === 'number' ? value : `$${name}`
  }
  if ((typeof count === 'number' && count !== 1) || typeof count === 'string') out.push(`×${count}`)
  return out
}

/**
 * The Vue Flow node of a component. `boxes`: the hosts' boxes (host-box.ts): a host is drawn as its box,
 * a component placed on a host as its child, at its position relative to the box.
 */
export function toFlowNode(node: ProjectNode, boxes: ReadonlyMap<string, Rect> = new Map(), variables?: Variables): Node<ComponentNodeData> {
  const box = node.kind === 'host' ? boxes.get(node.id) : undefined
  const parent = parentOf(node, boxes)
  const parentBox = parent !== undefined ? boxes.get(parent) : undefined
  const size = box ? { width: box.width, height: box.height } : { ...NODE_SIZE }
  return {
    // preset, so that nodes out of view need no measuring (and no rendering) to be placed and culled
    ...({ dimensions: size } as object),
    id: node.id,
    type: box ? 'host' : 'component',
    position: box ? { x: box.x, y: box.y } : parentBox ? { x: node.position.x - parentBox.x, y: node.position.y - parentBox.y } : { x: node.position.x, y: node.position.y },
    ...(box ? { style: { width: `${box.width}px`, height: `${box.height}px` }, zIndex: HOST_Z } : {}),
    ...(parent !== undefined ? { parentNode: parent } : {}),
    data: { kind: node.kind, kindLabel: kindLabel(node.kind), name: node.name, host: node.host, badges: nodeBadges(node, variables) },
    ariaLabel: nodeAriaLabel(node),
    class: `kind-${node.kind}${box ? ' host-box' : ''}`
  }
}

/**
 * Stacking: host boxes at -1 (under everything), links at 0 (above boxes, under cards), cards at 0
 * (in a box, 1), attachments at 3, above every card, so no card hides them or their technique; they
 * let the pointer through to the cards' handles (editor.css), and the inspector selects them.
 */
export const EDGE_Z = { link: 0, attachment: 3 }
export const HOST_Z = -1
/** How wide a band around a link takes clicks (Vue Flow's default is 20 px). */
export const LINK_HIT_WIDTH = 8

function rateText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return formatBandwidth(value)
  if (typeof value === 'string') return value
  if (value !== null && typeof value === 'object' && typeof (value as { var?: unknown }).var === 'string') return `$${(value as { var: string }).var}`
  return undefined
}

/** A link's label: its kind and rate, e.g. "Ethernet · 10Gbps" (the kind's default rate when not set). */
export function linkLabel(link: Pick<ProjectLink, 'kind' | 'params'>): string {
  const spec = Object.hasOwn(LINK_KINDS, link.kind) ? LINK_KINDS[link.kind as keyof typeof LINK_KINDS] : undefined
  const set = (link.params as Record<string, unknown>).bandwidth
  const rate = rateText(set) ?? rateText(spec?.params.find((p) => p.key === 'bandwidth')?.default)
  return rate ? `${spec?.label ?? link.kind} · ${rate}` : spec?.label ?? link.kind
}

export const edgeId = {
  link: (id: string): string => `link:${id}`,
  attachment: (id: string): string => `attachment:${id}`
}

export function linkEdge(link: ProjectLink, labelled = true): Edge<ElementEdgeData> {
  const kind = Object.hasOwn(LINK_KINDS, link.kind) ? LINK_KINDS[link.kind as keyof typeof LINK_KINDS].label : link.kind
  return {
    // a narrow hit band: links pass over host boxes, whose resize corner must stay reachable beside them
    id: edgeId.link(link.id), source: link.from, target: link.to, sourceHandle: 'out', targetHandle: 'in', zIndex: EDGE_Z.link, interactionWidth: LINK_HIT_WIDTH,
    ...(labelled ? { label: linkLabel(link) } : {}),
    data: { list: 'links', id: link.id }, class: `edge-link edge-${link.kind}`, ariaLabel: `${kind} link ${link.id}`
  }
}

export function attachmentEdge(att: Attachment, labelled = true): Edge<ElementEdgeData> {
  const technique = typeof att.technique === 'string' ? att.technique : `$${att.technique.var}`
  const known = typeof att.technique === 'string' && TECHNIQUE_IDS.has(att.technique) ? ` technique-${att.technique}` : ''
  return {
    id: edgeId.attachment(att.id), source: att.vm, target: att.device, sourceHandle: 'out', targetHandle: 'in', zIndex: EDGE_Z.attachment, interactionWidth: 10,
    ...(labelled ? { label: technique } : {}), data: { list: 'attachments', id: att.id }, class: `edge-attachment${known}`,
    ariaLabel: `Attachment ${att.id} (${technique})`
  }
}
