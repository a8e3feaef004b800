// Tests the automatic layout with hosts as containers: ELK lays each host out around what it holds,
// so after the layout every component sits inside its host's box and nothing covers anything.
import { describe, expect, it } from 'vitest'
import { autoLayoutMoves } from '../../renderer/src/features/editor/auto-layout'
import { hostBoxes, HOST_PAD, overlaps, rectsOf } from '../../renderer/src/features/editor/host-box'
import { NODE_SIZE } from '../../renderer/src/features/editor/node-size'
import { applyChange } from '../../renderer/src/model/changes'
import { sampleProject } from './sample-project'

describe('auto layout', () => {
  it('keeps components in their host\'s box, with nothing on top of anything', { timeout: 60_000 }, async () => {
    let doc = sampleProject()
    const moves = await autoLayoutMoves(doc, () => NODE_SIZE)
    expect(moves.length).toBeGreaterThan(0)
    doc = applyChange(doc, { type: 'move', moves })
    const nodes = doc.topology.nodes
    const boxes = hostBoxes(nodes)
    const rects = rectsOf(nodes, boxes)
    for (const n of nodes) {
      if (!n.host) continue
      const host = nodes.find((h) => h.id === n.host)!
      // the box is the host's own rectangle: the layout did not stretch it
      expect(boxes.get(n.host)!.x).toBe(host.position.x)
      expect(n.position.y - host.position.y).toBeGreaterThanOrEqual(HOST_PAD.header)
    }
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        const [a, b] = [nodes[i], nodes[j]]
        if (a.host === b.id || b.host === a.id) continue
        expect(overlaps(rects.get(a.id)!, rects.get(b.id)!), `${a.id} × ${b.id}`).toBe(false)
      }
    }
  })
})
