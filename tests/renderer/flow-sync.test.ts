// Tests how the canvas follows the document: nodes named "<Kind> <name>", edges for links,
// attachments and placements, and only what a change record changed is touched.
import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import type { VueFlowStore } from '@vue-flow/core'
import { applyChange } from '../../renderer/src/model/changes'
import { nodeAriaLabel, toFlowNode } from '../../renderer/src/features/editor/flow-mapping'
import { syncFlow } from '../../renderer/src/features/editor/useFlowSync'
import { sampleProject } from './sample-project'

interface N { id: string; position: { x: number; y: number }; selected?: boolean; [k: string]: unknown }
interface E { id: string; selected?: boolean; [k: string]: unknown }

function fakeFlow() {
  const nodes = ref<N[]>([])
  const edges = ref<E[]>([])
  const flow = {
    nodes, edges,
    setNodes: vi.fn((list: N[]) => { nodes.value = list.map((n) => ({ ...n })) }),
    addNodes: vi.fn((list: N[]) => { nodes.value = [...nodes.value, ...list.map((n) => ({ ...n }))] }),
    removeNodes: vi.fn((ids: string[]) => { nodes.value = nodes.value.filter((n) => !ids.includes(n.id)) }),
    updateNode: vi.fn((id: string, patch: object) => { Object.assign(nodes.value.find((n) => n.id === id)!, patch) }),
    findNode: (id: string) => nodes.value.find((n) => n.id === id),
    setEdges: vi.fn((list: E[]) => { edges.value = [...list] }),
    addEdges: vi.fn((list: E[]) => { edges.value = [...edges.value, ...list] }),
    removeEdges: vi.fn((ids: string[]) => { edges.value = edges.value.filter((e) => !ids.includes(e.id)) })
  }
  return flow
}

describe('syncFlow', () => {
  it('draws every component, link, attachment and placement', () => {
    const flow = fakeFlow()
    syncFlow(flow as unknown as VueFlowStore, sampleProject().topology, new Map(), new Map())
    expect(flow.nodes.value.map((n) => n.ariaLabel)).toEqual(['Host host-a', 'Host host-b', 'VM vm-1', 'NP-NIC np-1', 'VM vm-2', 'NIC nic-1', 'Switch sw'])
    expect(flow.edges.value.map((e) => e.id).sort()).toEqual([
      'attachment:a1', 'attachment:a2', 'link:l1', 'link:l2', 'placement:nic-1', 'placement:np-1', 'placement:vm-1', 'placement:vm-2'
    ])
    expect(flow.edges.value.find((e) => e.id === 'attachment:a1')).toMatchObject({ source: 'vm-1', target: 'np-1', label: 'self-virtualized' })
  })

  it('touches only what a change changed', () => {
    const flow = fakeFlow()
    const nodeCache = new Map()
    const edgeCache = new Map()
    let doc = sampleProject()
    syncFlow(flow as unknown as VueFlowStore, doc.topology, nodeCache, edgeCache)
    vi.clearAllMocks()
    doc = applyChange(doc, { type: 'move', moves: [{ id: 'sw', from: { x: 300, y: 300 }, to: { x: 10, y: 20 } }] })
    syncFlow(flow as unknown as VueFlowStore, doc.topology, nodeCache, edgeCache)
    expect(flow.updateNode).toHaveBeenCalledTimes(1)
    expect(flow.findNode('sw')?.position).toEqual({ x: 10, y: 20 })
    expect([flow.addNodes, flow.removeNodes, flow.addEdges, flow.removeEdges].map((f) => f.mock.calls.length)).toEqual([0, 0, 0, 0])
  })

  it('redraws a re-placed component\'s placement edge, and removes what was deleted', () => {
    const flow = fakeFlow()
    const nodeCache = new Map()
    const edgeCache = new Map()
    let doc = sampleProject()
    syncFlow(flow as unknown as VueFlowStore, doc.topology, nodeCache, edgeCache)
    doc = applyChange(doc, { type: 'set-field', list: 'nodes', id: 'vm-2', field: 'host', from: 'host-b', to: 'host-a' })
    syncFlow(flow as unknown as VueFlowStore, doc.topology, nodeCache, edgeCache)
    expect(flow.edges.value.find((e) => e.id === 'placement:vm-2')).toMatchObject({ source: 'host-a', target: 'vm-2' })
    doc = applyChange(doc, { type: 'remove-elements', elements: { nodes: [{ index: 6, item: doc.topology.nodes[6] }], links: doc.topology.links.map((item, index) => ({ index, item })), attachments: [] } })
    syncFlow(flow as unknown as VueFlowStore, doc.topology, nodeCache, edgeCache)
    expect(flow.findNode('sw')).toBeUndefined()
    expect(flow.edges.value.some((e) => e.id.startsWith('link:'))).toBe(false)
  })

  it('starts new nodes selected when the store has them selected (paste, rename)', () => {
    const flow = fakeFlow()
    syncFlow(flow as unknown as VueFlowStore, sampleProject().topology, new Map(), new Map(), { isSelected: (kind, id) => kind === 'node' && id === 'sw' })
    expect(flow.nodes.value.filter((n) => n.selected).map((n) => n.id)).toEqual(['sw'])
  })

  it('starts new nodes hidden in a large topology (culling reveals those in view), except selected ones', () => {
    const flow = fakeFlow()
    syncFlow(flow as unknown as VueFlowStore, sampleProject().topology, new Map(), new Map(), { isSelected: (kind, id) => id === 'sw', startHidden: () => true })
    expect(flow.nodes.value.filter((n) => !n.hidden).map((n) => n.id)).toEqual(['sw'])
  })

  it('labels attachments with their technique, except in topologies with very many', () => {
    const doc = sampleProject()
    const many = { ...doc.topology, attachments: Array.from({ length: 151 }, (_, i) => ({ ...doc.topology.attachments[0], id: `a${i}` })) }
    const flow = fakeFlow()
    syncFlow(flow as unknown as VueFlowStore, many, new Map(), new Map())
    expect(flow.edges.value.filter((e) => e.id.startsWith('attachment:')).every((e) => e.label === undefined)).toBe(true)
    expect(flow.edges.value.find((e) => e.id === 'attachment:a0')?.class).toBe('edge-attachment technique-self-virtualized')
  })

  it('names a node by its kind\'s label and its name', () => {
    expect(nodeAriaLabel({ kind: 'np-nic', name: 'IXP2400 A' })).toBe('NP-NIC IXP2400 A')
    expect(nodeAriaLabel({ kind: 'host-gateway', name: 'hg' })).toBe('Host Gateway hg')
    expect(toFlowNode({ id: 'x', kind: 'toaster', name: 'x', position: { x: 1, y: 2 }, params: {} })).toMatchObject({ ariaLabel: 'toaster x', data: { kindLabel: 'toaster' } })
  })
})
