// Hosts are containers on the canvas: a host is drawn as a box holding the components placed on it.
// The box is the host's own rectangle (its position and optional `size`) grown to hold every component
// placed on it with a margin, so it always contains them; components keep absolute positions in the file.
import type { ProjectNode } from '../../../../core/project'
import type { Position } from '../../model/changes'
import { NODE_SIZE } from './node-size'

export interface Rect { x: number; y: number; width: number; height: number }

/**
 * Room inside a host's box: the header (kind and name) on top, a margin on the other sides. Multiples of
 * the 16-px snap grid: Vue Flow snaps a node's place when it mounts, so a box or slot off the grid would
 * be drawn elsewhere after reopening than while editing.
 */
export const HOST_PAD = { header: 48, side: 16, bottom: 16 }
/** An empty host's box. */
export const HOST_MIN = { width: 2 * HOST_PAD.side + NODE_SIZE.width, height: HOST_PAD.header + NODE_SIZE.height + HOST_PAD.bottom }

type Placed = Pick<ProjectNode, 'id' | 'kind' | 'position' | 'host'> & { size?: { width: number; height: number } }

/** The rectangle a host itself claims (before its components grow it). */
export function ownRect(host: Placed): Rect {
  const size = host.size && host.size.width > 0 && host.size.height > 0 ? host.size : HOST_MIN
  return { x: host.position.x, y: host.position.y, width: Math.max(size.width, HOST_MIN.width), height: Math.max(size.height, HOST_MIN.height) }
}

/** The box of every host, by id: its own rectangle grown to hold what is placed on it. */
export function hostBoxes(nodes: readonly Placed[]): Map<string, Rect> {
  const bounds = new Map<string, { x0: number; y0: number; x1: number; y1: number }>()
  for (const n of nodes) {
    if (n.kind !== 'host' || bounds.has(n.id)) continue
    const r = ownRect(n)
    bounds.set(n.id, { x0: r.x, y0: r.y, x1: r.x + r.width, y1: r.y + r.height })
  }
  for (const n of nodes) {
    if (n.host === undefined || n.kind === 'host') continue
    const b = bounds.get(n.host)
    if (!b) continue
    b.x0 = Math.min(b.x0, n.position.x - HOST_PAD.side)
    b.y0 = Math.min(b.y0, n.position.y - HOST_PAD.header)
    b.x1 = Math.max(b.x1, n.position.x + NODE_SIZE.width + HOST_PAD.side)
    b.y1 = Math.max(b.y1, n.position.y + NODE_SIZE.height + HOST_PAD.bottom)
  }
  const out = new Map<string, Rect>()
  for (const [id, b] of bounds) out.set(id, { x: b.x0, y: b.y0, width: b.x1 - b.x0, height: b.y1 - b.y0 })
  return out
}

/** Whether a node is drawn inside a host's box (placed on a host that exists). */
export function parentOf(node: Placed, boxes: ReadonlyMap<string, Rect>): string | undefined {
  return node.kind !== 'host' && node.host !== undefined && boxes.has(node.host) ? node.host : undefined
}

export function overlaps(a: Rect, b: Rect, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap
}

/** The rectangle every node takes on the canvas: a host its box, a component its card. */
export function rectsOf(nodes: readonly Placed[], boxes = hostBoxes(nodes)): Map<string, Rect> {
  const out = new Map<string, Rect>()
  for (const n of nodes) out.set(n.id, boxes.get(n.id) ?? { x: n.position.x, y: n.position.y, ...NODE_SIZE })
  return out
}

export const origin = (r: Rect): Position => ({ x: r.x, y: r.y })
