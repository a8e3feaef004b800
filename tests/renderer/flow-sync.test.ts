// Tests how the canvas follows the document: nodes named "<Kind> <name>", hosts as boxes holding what
// is placed on them, edges for links (kind and rate) and attachments (technique, above the cards),
// and only what a change record changed is touched.
import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import type { VueFlowStore } from '@vue-flow/core'
import { applyChange } from '../../renderer/src/model/changes'
import { nodeAriaLabel, toFlowNode } from '../../renderer/src/features/editor/flow-mapping'
import { newSyncCache, syncFlow } from '../../renderer/src/features/editor/useFlowSync'
import { HOST_PAD, hostBoxes } from '../../renderer/src/features/editor/host-box'
import { EDGE_Z, linkLabel, nodeBadges } from '../../renderer/src/features/editor/flow-mapping'
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
  it('draws every component, link and attachment; hosts as boxes holding what is placed on them', () => {
    const flow = fakeFlow()
    syncFlow(flow as unknown as VueFlowStore, sampleProject().topology, newSyncCache())
    expect(flow.nodes.value.map((n) => n.ariaLabel)).toEqual(['Host host-a', 'Host host-b', 'VM vm-1', 'NP-NIC np-1', 'VM vm-2', 'NIC nic-1', 'Switch sw'])
    expect(flow.edges.value.map((e) => e.id).sort()).toEqual(['attachment:a1', 'attachment:a2', 'link:l1', 'link:l2'])
    expect(flow.edges.value.find((e) => e.id === 'attachment:a1')).toMatchObject({ source: 'vm-1', target: 'np-1', label: 'self-virtualized', zIndex: EDGE_Z.attachment })
    // host-a holds vm-1 (0,100) and np-1 (200,100): its box grows to hold both, and they sit in it, relative to it
    const hostA = flow.findNode('host-a')!
    expect(hostA).toMatchObject({ type: 'host', position: { x: -HOST_PAD.side, y: 0 } })
    expect(hostA.dimensions).toEqual({ width: 200 + 168 + 2 * HOST_PAD.side, height: 100 + 48 + HOST_PAD.bottom })
    expect(flow.findNode('vm-1')).toMatchObject({ parentNode: 'host-a', position: { x: HOST_PAD.side, y: 100 } })
    expect(flow.findNode('sw')).not.toHaveProperty('parentNode')
    // a card never leaves its box
    const boxes = hostBoxes(sampleProject().topology.nodes)
    for (const n of sampleProject().topology.nodes.filter((x) => x.host)) {
      const b = boxes.get(n.host!)!
      expect(n.position.x >= b.x && n.position.x + 168 <= b.x + b.width && n.position.y >= b.y + HOST_PAD.header && n.position.y + 48 <= b.y + b.height).toBe(true)
    }
  })

  it('moves a host\'s box with its contents and grows it when a component moves out to its edge', () => {
    const flow = fakeFlow()
    const cache = newSyncCache()
    let doc = sampleProject()
    syncFlow(flow as unknown as VueFlowStore, doc.topology, cache)
    doc = applyChange(doc, { type: 'move', moves: [{ id: 'np-1', from: { x: 200, y: 100 }, to: { x: 200, y: 300 } }] })
    syncFlow(flow as unknown as VueFlowStore, doc.topology, cache)
    expect(flow.findNode('host-a')!.dimensions).toMatchObject({ height: 300 + 48 + HOST_PAD.bottom })
    expect(flow.findNode('host-a')!.style).toMatchObject({ height: `${300 + 48 + HOST_PAD.bottom}px` })
    expect(flow.findNode('np-1')!.position).toEqual({ x: 200 + HOST_PAD.side, y: 300 })
    // a resized host (its size) is a bigger box
    doc = applyChange(doc, { type: 'set-field', list: 'nodes', id: 'host-b', field: 'size', from: undefined, to: { width: 900, height: 500 } })
    syncFlow(flow as unknown as VueFlowStore, doc.topology, cache)
    // vm-2 sits at the host's own x, so the box keeps its margin to the left of it
    expect(flow.findNode('host-b')!.dimensions).toEqual({ width: 900 + HOST_PAD.side, height: 500 })
  })

  it('shows a VM\'s role and copy count, and a link\'s kind and rate', () => {
    expect(nodeBadges({ kind: 'vm', params: { role: 'driver-domain' } })).toEqual(['driver domain'])
    expect(nodeBadges({ kind: 'vm', params: { count: 32 } })).toEqual(['×32'])
    expect(nodeBadges({ kind: 'vm', params: { count: { var: 'guests' } } }, { guests: 16 })).toEqual(['×16'])
    expect(nodeBadges({ kind: 'vm', params: { count: { var: 'n' } } }, {})).toEqual(['×$n'])
    expect(nodeBadges({ kind: 'vm', params: { count: 1 } })).toEqual([])
    expect(nodeBadges({ kind: 'nic', params: { count: 4 } })).toEqual([])
    expect(linkLabel({ kind: 'ethernet', params: { bandwidth: '10Gbps' } })).toBe('Ethernet · 10Gbps')
    expect(linkLabel({ kind: 'infiniband', params: {} })).toMatch(/^InfiniBand · \d+(\.\d+)?[GM]bps$/)
    const flow = fakeFlow()
    syncFlow(flow as unknown as VueFlowStore, sampleProject().topology, newSyncCache(), { variables: () => ({ guests: 32 }) })
    expect(flow.findNode('vm-1')!.data).toMatchObject({ badges: ['×32'] })
    expect(flow.edges.value.find((e) => e.id === 'link:l2')).toMatchObject({ label: 'Ethernet · 1Gbps', zIndex: EDGE_Z.link, interactionWidth: 8 })
  })

  it('touches only what a change changed', () => {
    const flow = fakeFlow()
    const cache = newSyncCache()
    let doc = sampleProject()
    syncFlow(flow as unknown as VueFlowStore, doc.topology, cache)
    vi.clearAllMocks()
    doc = applyChange(doc, { type: 'move', moves: [{ id: 'sw', from: { x: 300, y: 300 }, to: { x: 10, y: 20 } }] })
    syncFlow(flow as unknown as VueFlowStore, doc.topology, cache)
    expect(flow.updateNode).toHaveBeenCalledTimes(1)
    expect(flow.findNode('host-a')!.position).toEqual({ x: -HOST_PAD.side, y: 0 })
    expect(flow.findNode('sw')?.position).toEqual({ x: 10, y: 20 })
    expect([flow.addNodes, flow.removeNodes, flow.addEdges, flow.removeEdges].map((f) => f.mock.calls.length)).toEqual([0, 0, 0, 0])
  })

  it('moves a re-placed component into its new host\'s box, and removes what was deleted', () => {
    const flow = fakeFlow()
    const cache = newSyncCache()
    let doc = sampleProject()
    syncFlow(flow as unknown as VueFlowStore, doc.topology, cache)
    doc = applyChange(doc, { type: 'set-field', list: 'nodes', id: 'vm-2', field: 'host', from: 'host-b', to: 'host-a' })
    syncFlow(flow as unknown as VueFlowStore, doc.topology, cache)
    expect(flow.findNode('vm-2')?.parentNode).toBe('host-a')
    expect(flow.findNode('vm-2')?.position).toEqual({ x: 400 + HOST_PAD.side, y: 100 })
    doc = applyChange(doc, { type: 'remove-elements', elements: { nodes: [{ index: 6, item: doc.topology.nodes[6] }], links: doc.topology.links.map((item, index) => ({ index, item })), attachments: [] } })
    syncFlow(flow as unknown as VueFlowStore, doc.topology, cache)
    expect(flow.findNode('sw')).toBeUndefined()
    expect(flow.edges.value.some((e) => e.id.startsWith('link:'))).toBe(false)
  })

  it('starts new nodes selected when the store has them selected (paste, rename)', () => {
    const flow = fakeFlow()
    syncFlow(flow as unknown as VueFlowStore, sampleProject().topology, newSyncCache(), { isSelected: (kind, id) => kind === 'node' && id === 'sw' })
    expect(flow.nodes.value.filter((n) => n.selected).map((n) => n.id)).toEqual(['sw'])
  })

  it('starts new nodes hidden in a large topology (culling reveals those in view), except selected ones', () => {
    const flow = fakeFlow()
    syncFlow(flow as unknown as VueFlowStore, sampleProject().topology, newSyncCache(), { isSelected: (kind, id) => id === 'sw', startHidden: () => true })
    expect(flow.nodes.value.filter((n) => !n.hidden).map((n) => n.id)).toEqual(['sw'])
  })

  it('labels attachments with their technique, except in topologies with very many', () => {
    const doc = sampleProject()
    const many = { ...doc.topology, attachments: Array.from({ length: 151 }, (_, i) => ({ ...doc.topology.attachments[0], id: `a${i}` })) }
    const flow = fakeFlow()
    syncFlow(flow as unknown as VueFlowStore, many, newSyncCache())
    expect(flow.edges.value.filter((e) => e.id.startsWith('attachment:')).every((e) => e.label === undefined)).toBe(true)
    expect(flow.edges.value.find((e) => e.id === 'attachment:a0')?.class).toBe('edge-attachment technique-self-virtualized')
  })

  it('names a node by its kind\'s label and its name', () => {
    expect(nodeAriaLabel({ kind: 'np-nic', name: 'IXP2400 A' })).toBe('NP-NIC IXP2400 A')
    expect(nodeAriaLabel({ kind: 'host-gateway', name: 'hg' })).toBe('Host Gateway hg')
    expect(toFlowNode({ id: 'x', kind: 'toaster', name: 'x', position: { x: 1, y: 2 }, params: {} })).toMatchObject({ ariaLabel: 'toaster x', data: { kindLabel: 'toaster' } })
  })
})
