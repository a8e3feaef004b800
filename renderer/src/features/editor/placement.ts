// Where a component placed on a host goes on the canvas: the next free slot in rows under the host.
import type { Project, ProjectNode } from '../../../../core/project'
import type { Position } from '../../model/changes'

export const SLOT = { columns: 3, dx: 240, dy: 72, below: 96 }

/** The position of the next component placed on `host`, after those already there. */
export function slotOnHost(doc: Project, host: Pick<ProjectNode, 'id' | 'position'>): Position {
  const taken = new Set(doc.topology.nodes.map((n) => `${n.position.x},${n.position.y}`))
  for (let i = 0; ; i++) {
    const p = {
      x: host.position.x + (i % SLOT.columns) * SLOT.dx,
      y: host.position.y + SLOT.below + Math.floor(i / SLOT.columns) * SLOT.dy
    }
    if (!taken.has(`${p.x},${p.y}`)) return p
  }
}
