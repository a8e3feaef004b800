// Automatic layout of the topology with ELK's layered algorithm (loaded on first use, in its own chunk):
// hosts above what they hold, links and attachments as edges; the result is one 'move' record.
import type { Project } from '../../../../core/project'
import type { NodeMove } from '../../model/changes'

export interface Size { width: number; height: number }

interface ElkNode { id: string; width: number; height: number; x?: number; y?: number }
interface ElkEdge { id: string; sources: string[]; targets: string[] }

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.spacing.nodeNode': '32',
  'elk.layered.spacing.nodeNodeBetweenLayers': '56',
  'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
  'elk.separateConnectedComponents': 'true'
}

/** The ELK graph of a topology: one node per component, one edge per link, attachment and placement. */
export function elkGraph(doc: Project, sizeOf: (id: string) => Size) {
  const t = doc.topology
  const ids = new Set(t.nodes.map((n) => n.id))
  const children: ElkNode[] = t.nodes.map((n) => ({ id: n.id, ...sizeOf(n.id) }))
  const edges: ElkEdge[] = []
  const add = (id: string, from: string, to: string): void => {
    if (ids.has(from) && ids.has(to) && from !== to) edges.push({ id, sources: [from], targets: [to] })
  }
  for (const n of t.nodes) if (n.host !== undefined) add(`placement:${n.id}`, n.host, n.id)
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
  const at = new Map((laid.children ?? []).map((c) => [c.id, { x: Math.round(origin.x + (c.x ?? 0)), y: Math.round(origin.y + (c.y ?? 0)) }]))
  return nodes.flatMap((n) => {
    const to = at.get(n.id)
    if (!to || (to.x === n.position.x && to.y === n.position.y)) return []
    return [{ id: n.id, from: { x: n.position.x, y: n.position.y }, to }]
  })
}
