// Tests where new components go: into a free slot of a host's box (never over a card already there,
// wherever it was moved), or the free spot nearest the drop; and that the examples open with nothing
// on top of anything (cards inside their host's box, boxes apart).
import { describe, expect, it } from 'vitest'
import type { Project, ProjectNode } from '../../core/project'
import { applyChange } from '../../renderer/src/model/changes'
import { planAddNode } from '../../renderer/src/model/topology-edit'
import { HOST_PAD, hostBoxes, overlaps, rectsOf } from '../../renderer/src/features/editor/host-box'
import { NODE_SIZE } from '../../renderer/src/features/editor/node-size'
import { freeSpot, slotOnHost } from '../../renderer/src/features/editor/placement'
import { sampleProject } from './sample-project'

/** Pairs of elements drawn on top of each other: cards with cards, boxes with boxes, boxes with cards not theirs. */
function overlapping(nodes: readonly ProjectNode[]): string[] {
  const boxes = hostBoxes(nodes)
  const rects = rectsOf(nodes, boxes)
  const out: string[] = []
  for (let i = 0; i < nodes.length; i++) {
    for (let j = i + 1; j < nodes.length; j++) {
      const a = nodes[i]
      const b = nodes[j]
      if (a.host === b.id || b.host === a.id) continue // a card in its own host's box
      if (overlaps(rects.get(a.id)!, rects.get(b.id)!)) out.push(`${a.id} × ${b.id}`)
    }
  }
  return out
}

function addOn(doc: Project, host: string, kind: 'vm' | 'nic'): Project {
  const h = doc.topology.nodes.find((n) => n.id === host)!
  return applyChange(doc, planAddNode(doc, kind, slotOnHost(doc, h), host))
}

describe('placement', () => {
  it('puts a fifth component on a host beside the four there, even when one of them was moved off the grid', () => {
    let doc = sampleProject()
    doc = addOn(doc, 'host-a', 'vm')
    // the user nudged it by a few pixels: a slot test by equal positions would land the next one on it
    const moved = doc.topology.nodes.at(-1)!
    doc = applyChange(doc, { type: 'move', moves: [{ id: moved.id, from: moved.position, to: { x: moved.position.x + 10, y: moved.position.y + 6 } }] })
    doc = addOn(doc, 'host-a', 'nic')
    doc = addOn(doc, 'host-a', 'vm')
    expect(doc.topology.nodes.filter((n) => n.host === 'host-a')).toHaveLength(5)
    // the box grew to hold them (in this small sample it now reaches host-b's: only cards are compared)
    expect(overlapping(doc.topology.nodes.filter((n) => n.kind !== 'host'))).toEqual([])
    const box = hostBoxes(doc.topology.nodes).get('host-a')!
    for (const n of doc.topology.nodes.filter((x) => x.host === 'host-a')) expect(n.position.y).toBeGreaterThanOrEqual(box.y + HOST_PAD.header)
  })

  it('drops a component on the free spot nearest to where it was dropped', () => {
    const doc = sampleProject()
    const sw = doc.topology.nodes.find((n) => n.id === 'sw')!
    const p = freeSpot(doc, { x: sw.position.x + 20, y: sw.position.y + 10 })
    expect(p).not.toEqual({ x: sw.position.x + 20, y: sw.position.y + 10 })
    const next = applyChange(doc, planAddNode(doc, 'switch', p))
    expect(overlapping(next.topology.nodes)).toEqual([])
    expect(Math.hypot(p.x - sw.position.x, p.y - sw.position.y)).toBeLessThan(NODE_SIZE.width + 64)
    // in free space it stays where it was dropped
    expect(freeSpot(doc, { x: 2000, y: 2000 })).toEqual({ x: 2000, y: 2000 })
    // a new host's box keeps off the others
    const h = freeSpot(doc, { x: 10, y: 10 }, { width: 232, height: 108 })
    expect(overlapping(applyChange(doc, planAddNode(doc, 'host', h)).topology.nodes)).toEqual([])
  })

  it('keeps slots and boxes on the 16-px grid (Vue Flow snaps a node where it mounts)', () => {
    let doc = sampleProject()
    doc = applyChange(doc, { ...planAddNode(doc, 'host', { x: 800, y: 480 }) })
    const host = doc.topology.nodes.at(-1)!.id
    for (let i = 0; i < 5; i++) doc = addOn(doc, host, 'vm')
    for (const n of doc.topology.nodes.filter((x) => x.host === host)) expect([n.position.x % 16, n.position.y % 16]).toEqual([0, 0])
    const b = hostBoxes(doc.topology.nodes).get(host)!
    expect([b.x % 16, b.y % 16]).toEqual([0, 0])
  })
})

describe('the examples', () => {
  const files = import.meta.glob<Project>('../../examples/*.iovlab.json', { eager: true, import: 'default' })
  it('are all here', () => expect(Object.keys(files).length).toBeGreaterThanOrEqual(4))
  for (const [file, doc] of Object.entries(files)) {
    it(`${file.split('/').pop()} opens with nothing on top of anything`, () => {
      expect(overlapping(doc.topology.nodes)).toEqual([])
    })
  }
})
