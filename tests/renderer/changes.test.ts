// Tests the change records: each type applies without touching the original document, and its
// inverse brings the document back exactly; renames follow every reference.
import { describe, expect, it } from 'vitest'
import { validateProject } from '../../core/project'
import { applyChange, coalesce, describeChange, invertChange, type Change } from '../../renderer/src/model/changes'
import { sampleProject } from './sample-project'

const doc = sampleProject()
const frozen = JSON.stringify(doc)
const t = doc.topology

const CASES: [string, Change][] = [
  ['add-node', { type: 'add-node', node: { id: 'dc-1', kind: 'dc', name: 'dc-1', position: { x: 1, y: 2 }, params: {} }, index: 7 }],
  ['add-link', { type: 'add-link', link: { id: 'l3', kind: 'ethernet', from: 'np-1', to: 'nic-1', params: {} }, index: 2 }],
  ['add-attachment', { type: 'add-attachment', attachment: { id: 'a3', vm: 'vm-1', device: 'np-1', technique: 'paravirtual' }, index: 1 }],
  ['add-elements', { type: 'add-elements', elements: { nodes: [{ index: 0, item: { id: 'x', kind: 'switch', name: 'x', position: { x: 0, y: 0 }, params: {} } }], links: [], attachments: [] } }],
  ['remove-elements', { type: 'remove-elements', elements: { nodes: [{ index: 3, item: t.nodes[3] }], links: [{ index: 0, item: t.links[0] }], attachments: [{ index: 0, item: t.attachments[0] }] } }],
  ['move', { type: 'move', moves: [{ id: 'sw', from: { x: 300, y: 300 }, to: { x: 320, y: 280 } }] }],
  ['set-param (new key)', { type: 'set-param', list: 'nodes', id: 'host-b', key: 'clock', from: undefined, to: '3GHz' }],
  ['set-param (remove key)', { type: 'set-param', list: 'links', id: 'l2', key: 'bandwidth', from: '1Gbps', to: undefined }],
  ['set-field', { type: 'set-field', list: 'attachments', id: 'a2', field: 'technique', from: 'paravirtual', to: 'passthrough' }],
  ['set-field (unplace)', { type: 'set-field', list: 'nodes', id: 'vm-2', field: 'host', from: 'host-b', to: undefined }],
  ['rename-id', { type: 'rename-id', list: 'nodes', from: 'host-a', to: 'host-x' }],
  ['set-path', { type: 'set-path', path: 'experiments.e1.duration', from: '1s', to: '5s' }],
  ['batch', { type: 'batch', label: 'Two', changes: [
    { type: 'move', moves: [{ id: 'vm-1', from: { x: 0, y: 100 }, to: { x: 10, y: 110 } }] },
    { type: 'set-field', list: 'nodes', id: 'vm-1', field: 'host', from: 'host-a', to: 'host-b' }
  ] }]
]

describe('change records', () => {
  it.each(CASES)('%s applies to a new document and its inverse restores the old one exactly', (_name, change) => {
    const next = applyChange(doc, change)
    expect(JSON.stringify(next)).not.toBe(frozen)
    expect(JSON.stringify(doc)).toBe(frozen)
    expect(applyChange(next, invertChange(change))).toEqual(doc)
    expect(describeChange(change)).not.toBe('')
  })

  it('starts from a valid project', () => {
    expect(validateProject(doc)).toMatchObject({ ok: true })
  })

  it('keeps unchanged nodes as the same objects, so the canvas can find what changed', () => {
    const next = applyChange(doc, { type: 'move', moves: [{ id: 'sw', from: { x: 300, y: 300 }, to: { x: 0, y: 0 } }] })
    expect(next.topology.nodes.filter((n, i) => n !== t.nodes[i]).map((n) => n.id)).toEqual(['sw'])
    expect(next.topology.links).toBe(t.links)
  })

  it('renames a node in placements, links, attachments, workloads and swept paths', () => {
    const next = applyChange(doc, { type: 'rename-id', list: 'nodes', from: 'vm-1', to: 'guest' })
    expect(next.topology.attachments[0].vm).toBe('guest')
    expect(next.experiments[0].workloads[0].clients).toEqual(['guest'])
    const host = applyChange(doc, { type: 'rename-id', list: 'nodes', from: 'host-a', to: 'h' })
    expect(host.topology.nodes.filter((n) => n.host === 'h').map((n) => n.id)).toEqual(['vm-1', 'np-1'])
    expect(Object.keys(host.experiments[0].sweep[0])).toEqual(['topology.nodes.h.params.clock'])
    expect(validateProject(host).ok).toBe(true)
  })

  it('keeps unknown fields of the file through every edit', () => {
    const withExtra = { ...doc, 'x-lab-notes': 'keep me', topology: { ...t, nodes: t.nodes.map((n) => ({ ...n, 'x-color': 'red' })) } }
    const next = applyChange(withExtra, { type: 'set-param', list: 'nodes', id: 'sw', key: 'ports', from: undefined, to: 8 })
    expect(next['x-lab-notes']).toBe('keep me')
    expect(next.topology.nodes.every((n) => n['x-color'] === 'red')).toBe(true)
  })

  it('refuses a record that does not fit the document', () => {
    expect(() => applyChange(doc, { type: 'set-param', list: 'nodes', id: 'nope', key: 'k', from: undefined, to: 1 })).toThrow(/nope/)
  })

  it('merges consecutive moves of the same nodes and edits of the same field, nothing else', () => {
    const m1: Change = { type: 'move', moves: [{ id: 'sw', from: { x: 0, y: 0 }, to: { x: 16, y: 0 } }] }
    const m2: Change = { type: 'move', moves: [{ id: 'sw', from: { x: 16, y: 0 }, to: { x: 32, y: 0 } }] }
    expect(coalesce(m1, m2)).toEqual({ type: 'move', moves: [{ id: 'sw', from: { x: 0, y: 0 }, to: { x: 32, y: 0 } }] })
    const other: Change = { type: 'move', moves: [{ id: 'vm-1', from: { x: 0, y: 0 }, to: { x: 1, y: 1 } }] }
    expect(coalesce(m1, other)).toBeNull()
    const p1: Change = { type: 'set-path', path: 'name', from: 'a', to: 'b' }
    expect(coalesce(p1, { type: 'set-path', path: 'name', from: 'b', to: 'c' })).toEqual({ type: 'set-path', path: 'name', from: 'a', to: 'c' })
    expect(coalesce(p1, m1)).toBeNull()
  })
})
