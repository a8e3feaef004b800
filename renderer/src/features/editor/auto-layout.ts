// Automatic layout of the topology with ELK's layered algorithm (loaded on first use, in its own chunk):
// a host is a compound node laid out around what it holds (the box the canvas draws), links and
// attachments are edges across the hierarchy; the result is one 'move' record.
import type { Project } from '../../../../core/project'
import type { NodeMove } from '../../model/changes'
import { HOST_PAD, hostBoxes, parentOf } from './host-box'
import { NODE_SIZE } from './node-size'

export interface Size { width: number; height: number }

interface ElkNode { id: string; width?: number; height?: number; x?: number; y?: number; children?: ElkNode[]; layoutOptions?: Record<string, string> }
interface ElkEdge { id: string; sources: string[]; targets: string[] }

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '32',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.separateConnectedComponents': 'true',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN'
}

/** Inside a host's box: its header on top, a margin around (host-box.ts). */
const HOST_OPTIONS: Record<string, string> = {
  'elk.padding': `[top=${HOST_PAD.header},left=${HOST_PAD.side},bottom=${HOST_PAD.bottom},right=${HOST_PAD.side}]`,
  'elk.direction': 'RIGHT',
  'elk.spacing.nodeNode': '24',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48'
}

/** The ELK graph of a topology: hosts holding their components, one edge per link and attachment. */
export function elkGraph(doc: Project, sizeOf: (id: string) => Size) {
  const t = doc.topology
  const ids = new Set(t.nodes.map((n) => n.id))
  const boxes = hostBoxes(t.nodes)
  const held = new Map<string, ElkNode[]>()
  for (const n of t.nodes) {
    const parent = parentOf(n, boxes)
    if (parent !== undefined) held.set(parent, [...(held.get(parent) ?? []), { id: n.id, ...NODE_SIZE }])
  }
  const children: ElkNode[] = t.nodes.flatMap((n): ElkNode[] => {
    if (parentOf(n, boxes) !== undefined) return []
    const inner = held.get(n.id)
    return inner ? [{ id: n.id, children: inner, layoutOptions: HOST_OPTIONS }] : [{ id: n.id, ...sizeOf(n.id) }]
  })
  const edges: ElkEdge[] = []
  const add = (id: string, from: string, to: string): void => {
    if (ids.has(from) && ids.has(to) && from !== to) edges.push({ id, sources: [from], targets: [to] })
  }
  for (const a of t.attachments) add(`attachment:${a.id}`, a.vm, a.device)
  for (const l of t.links) add(`link:${l.id}`, l.from, l.to)
  return { id: 'root', layoutOptions: LAYOUT_OPTIONS, children, edges }
}

/** The moves that lay the topology out, keeping its top-left corner where it was. */
export async function autoLayoutMoves(doc: Project, sizeOf: (id: string) => Size): Promise<NodeMove[]> {
  const nodes = doc.topology.nodes
  if (nodes.length === 0) return []
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js')
  const laid = await new ELK().layout(elkGraph(doc, sizeOf))
  const origin = { x: Math.min(...nodes.map((n) => n.position.x)), y: Math.min(...nodes.map((n) => n.position.y)) }
  const at = new Map<string, { x: number; y: number }>()
  for (const c of laid.children ?? []) {
    const p = { x: origin.x + (c.x ?? 0), y: origin.y + (c.y ?? 0) }
    at.set(c.id, { x: Math.round(p.x), y: Math.round(p.y) })
    // a component in a host is laid out relative to the host's box
    for (const k of c.children ?? []) at.set(k.id, { x: Math.round(p.x + (k.x ?? 0)), y: Math.round(p.y + (k.y ?? 0)) })
  }
  return nodes.flatMap((n) => {
    const to = at.get(n.id)
    if (!to || (to.x === n.position.x && to.y === n.position.y)) return []
    return [{ id: n.id, from: { x: n.position.x, y: n.position.y }, to }]
  })
}
