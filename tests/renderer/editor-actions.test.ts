// Tests editor actions that need no canvas: C connects the two selected components, and dragging a
// host's box moves the host and everything placed on it as one record (a card moves by where it is on the plane).
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { GraphNode, VueFlowStore } from '@vue-flow/core'
import { createEditorActions } from '../../renderer/src/features/editor/editor-actions'
import { HOST_PAD, hostBoxes } from '../../renderer/src/features/editor/host-box'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { useUiStore } from '../../renderer/src/stores/ui'
import { sampleProject } from './sample-project'

type FakeNode = { id: string; position: { x: number; y: number }; parentNode?: string; data?: { kind: string } }

function actionsWith(nodes: FakeNode[]) {
  const flow = {
    nodes: { value: nodes }, edges: { value: [] },
    findNode: (id: string) => nodes.find((n) => n.id === id),
    getIntersectingNodes: () => []
  } as unknown as VueFlowStore
  return createEditorActions(flow)
}

describe('editor actions', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    useProjectStore().replace(sampleProject())
  })

  it('connects the two selected components with C, and says how when the selection is not two', () => {
    const project = useProjectStore()
    const actions = actionsWith([])
    project.select({ nodes: ['vm-1'] })
    actions.connectSelection()
    expect(useUiStore().notices.at(-1)?.message).toMatch(/Select two components/)
    project.select({ nodes: ['vm-1', 'nic-1'] })
    actions.connectSelection()
    expect(project.doc.topology.attachments.map((a) => `${a.vm}>${a.device}`)).toContain('vm-1>nic-1')
  })

  it('moves a host and what it holds by as much as its box was dragged, as one undoable record', () => {
    const project = useProjectStore()
    const history = useHistoryStore()
    const box = hostBoxes(project.doc.topology.nodes).get('host-a')!
    const actions = actionsWith([{ id: 'host-a', position: { x: box.x + 100, y: box.y + 40 }, data: { kind: 'host' } }])
    actions.dragStopped([{ id: 'host-a', position: { x: box.x + 100, y: box.y + 40 } } as GraphNode])
    const at = (id: string) => project.doc.topology.nodes.find((n) => n.id === id)!.position
    expect([at('host-a'), at('vm-1'), at('np-1'), at('vm-2')]).toEqual([{ x: 100, y: 40 }, { x: 100, y: 140 }, { x: 300, y: 140 }, { x: 400, y: 100 }])
    history.undo()
    expect([at('host-a'), at('vm-1')]).toEqual([{ x: 0, y: 0 }, { x: 0, y: 100 }])
  })

  it('takes a dragged card\'s place on the plane from its box', () => {
    const project = useProjectStore()
    const box = hostBoxes(project.doc.topology.nodes).get('host-a')!
    const nodes = [{ id: 'host-a', position: { x: box.x, y: box.y } }, { id: 'vm-1', parentNode: 'host-a', position: { x: HOST_PAD.side + 8, y: 132 } }]
    const actions = actionsWith(nodes)
    actions.dragStopped([nodes[1] as unknown as GraphNode])
    expect(project.doc.topology.nodes.find((n) => n.id === 'vm-1')!.position).toEqual({ x: box.x + HOST_PAD.side + 8, y: box.y + 132 })
  })
})
