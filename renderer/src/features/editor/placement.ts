// Where a new component goes on the canvas: never on top of another. A component placed on a host
// takes the first free slot in the host's box (rows of cards under its header); anything else the
// free spot nearest to where it was dropped.
import type { Project, ProjectNode } from '../../../../core/project'
import type { Position } from '../../model/changes'
import { HOST_PAD, hostBoxes, ownRect, overlaps, rectsOf, type Rect } from './host-box'
import { NODE_SIZE } from './node-size'

/** Cards in a host: this many columns at least, this far apart (multiples of the 16-px grid). */
export const SLOT = { columns: 3, dx: 192, dy: 80 }
/** Space kept between a new component and the others. */
export const GAP = 8

/** The rectangles a new element must not overlap: every card, and the boxes of hosts (but `inside`'s). */
function obstacles(doc: Project, inside?: string): Rect[] {
  const boxes = hostBoxes(doc.topology.nodes)
  const rects = rectsOf(doc.topology.nodes, boxes)
  const out: Rect[] = []
  for (const n of doc.topology.nodes) {
    if (n.id === inside) continue
    const r = rects.get(n.id)
    if (r) out.push(r)
  }
  return out
}

const free = (r: Rect, taken: readonly Rect[]): boolean => !taken.some((t) => overlaps(r, t, GAP))

/** The position of the next component placed on `host`: the first slot of its box that no card covers. */
export function slotOnHost(doc: Project, host: Pick<ProjectNode, 'id' | 'kind' | 'position' | 'host'> & { size?: { width: number; height: number } }): Position {
  const own = ownRect(host)
  const columns = Math.max(SLOT.columns, Math.floor((own.width - 2 * HOST_PAD.side + 24) / SLOT.dx))
  const taken = obstacles(doc, host.id).filter((r) => !(r.width > NODE_SIZE.width || r.height > NODE_SIZE.height)) // cards, not other boxes
  for (let i = 0; ; i++) {
    const p = { x: own.x + HOST_PAD.side + (i % columns) * SLOT.dx, y: own.y + HOST_PAD.header + Math.floor(i / columns) * SLOT.dy }
    if (free({ ...p, ...NODE_SIZE }, taken)) return p
  }
}

/**
 * The free top-left corner nearest to `want` for an element of `size` (a card, or a new host's box):
 * candidates on rings of `step` around it, the first free one by distance. Falls back to `want`.
 */
export function freeSpot(doc: Project, want: Position, size: { width: number; height: number } = NODE_SIZE, step = 16): Position {
  const taken = obstacles(doc)
  if (free({ ...want, ...size }, taken)) return want
  const candidates: { p: Position; d: number }[] = []
  for (let ring = 1; ring <= 64; ring++) {
    candidates.length = 0
    for (let i = -ring; i <= ring; i++) {
      for (const [dx, dy] of [[i, -ring], [i, ring], [-ring, i], [ring, i]] as const) {
        candidates.push({ p: { x: want.x + dx * step, y: want.y + dy * step }, d: dx * dx + dy * dy })
      }
    }
    candidates.sort((a, b) => a.d - b.d)
    const found = candidates.find((c) => free({ ...c.p, ...size }, taken))
    if (found) return found.p
  }
  return want
}
