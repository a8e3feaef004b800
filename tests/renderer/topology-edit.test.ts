// Tests the editor's intents turned into change records: what a drawn connection means by the
// catalog (and why one is refused), deleting with everything that depends on it, copy and paste.
import { describe, expect, it } from 'vitest'
import { validateProject } from '../../core/project'
import { applyChange } from '../../renderer/src/model/changes'
import { copyFragment, planPaste } from '../../renderer/src/model/clipboard'
import { decideConnection, defaultTechnique } from '../../renderer/src/model/connect-rules'
import { nextId, planAddNode, planConnect, planPlacements, planRemove } from '../../renderer/src/model/topology-edit'
import { newProject } from '../../renderer/src/model/new-project'
import { sampleProject } from './sample-project'

const doc = sampleProject()

describe('connections by the catalog', () => {
  it('attaches a VM to a device with the technique the device is built for', () => {
    expect(decideConnection({ id: 'v', kind: 'vm' }, { id: 'n', kind: 'np-nic' })).toEqual({ action: 'attach', vm: 'v', device: 'n', technique: 'self-virtualized' })
    expect(decideConnection({ id: 'n', kind: 'nic' }, { id: 'v', kind: 'vm' })).toMatchObject({ action: 'attach', vm: 'v', device: 'n', technique: 'paravirtual' })
    expect(defaultTechnique('dc')).toBe('scalable-io')
  })

  it('places a component on a host, links what a link kind joins, and refuses the rest with a reason', () => {
    expect(decideConnection({ id: 'h', kind: 'host' }, { id: 'g', kind: 'host-gateway' })).toEqual({ action: 'place', child: 'g', host: 'h' })
    expect(decideConnection({ id: 'a', kind: 'nic' }, { id: 'b', kind: 'switch' })).toEqual({ action: 'link', kind: 'ethernet', from: 'a', to: 'b' })
    expect(decideConnection({ id: 'g', kind: 'host-gateway' }, { id: 'd', kind: 'dc' })).toMatchObject({ action: 'link', kind: 'infiniband' })
    const refusals = [
      decideConnection({ id: 'v', kind: 'vm' }, { id: 's', kind: 'switch' }),
      decideConnection({ id: 'h', kind: 'host' }, { id: 's', kind: 'switch' }),
      decideConnection({ id: 'v', kind: 'vm' }, { id: 'w', kind: 'vm' }),
      decideConnection({ id: 'x', kind: 'nic' }, { id: 'x', kind: 'nic' }),
      decideConnection({ id: 'g', kind: 'host-gateway' }, { id: 's', kind: 'switch' })
    ]
    for (const r of refusals) expect(r.action).toBe('refuse')
    expect(refusals.map((r) => (r.action === 'refuse' ? r.reason : ''))).toEqual([
      'A VM reaches devices through attachments: connect it to NIC, NP-NIC, DC, Disk, SSD, NVMe SSD or Storage array, not to a Switch.',
      'Switches are not placed on hosts: place a NIC or NP-NIC on the host and link that to the Switch.',
      'Two VMs cannot be connected directly: attach each to a device (a NIC, NP-NIC, DC or storage device).',
      'A component cannot be connected to itself.',
      'No link kind joins a Host Gateway to a Switch.'
    ])
  })

  it('plans the change a connection makes, and refuses duplicates', () => {
    const attach = planConnect(doc, 'vm-2', 'nic-1')
    expect(attach).toEqual({ ok: false, reason: 'vm-2 is already attached to nic-1.' })
    const r = planConnect(doc, 'np-1', 'nic-1')
    expect(r).toMatchObject({ ok: true, change: { type: 'add-link', link: { id: 'link-1', kind: 'ethernet', from: 'np-1', to: 'nic-1' } } })
    expect(planConnect(doc, 'sw', 'np-1')).toEqual({ ok: false, reason: 'sw and np-1 are already linked.' })
    expect(planConnect(doc, 'host-b', 'vm-1')).toMatchObject({ ok: true, change: { type: 'set-field', field: 'host', from: 'host-a', to: 'host-b' } })
  })
})

describe('adding and deleting', () => {
  it('gives new components the first free id of their kind, placed when a host is given', () => {
    expect(nextId('vm', new Set(['vm-1', 'vm-3']))).toBe('vm-2')
    const c = planAddNode(doc, 'vm', { x: 10.4, y: 20.6 }, 'host-b')
    expect(c).toMatchObject({ type: 'add-node', index: 7, node: { id: 'vm-3', kind: 'vm', name: 'vm-3', host: 'host-b', position: { x: 10, y: 21 } } })
    expect(planAddNode(newProject(), 'switch', { x: 0, y: 0 }, 'host-b')).toMatchObject({ node: { id: 'switch-1' } })
    expect((planAddNode(newProject(), 'switch', { x: 0, y: 0 }, 'h') as { node: object }).node).not.toHaveProperty('host')
  })

  it('deletes a host with what is placed on it, their links and attachments', () => {
    const c = planRemove(doc, { nodes: ['host-a'], links: [], attachments: [] })
    const next = applyChange(doc, c!)
    expect(next.topology.nodes.map((n) => n.id)).toEqual(['host-b', 'vm-2', 'nic-1', 'sw'])
    expect(next.topology.links.map((l) => l.id)).toEqual(['l2'])
    expect(next.topology.attachments.map((a) => a.id)).toEqual(['a2'])
    // what the experiment still names is reported, not silently rewritten
    const r = validateProject(next)
    expect(r.ok ? [] : r.problems.map((p) => p.path[0])).toEqual(['experiments', 'experiments'])
    expect(planRemove(doc, { nodes: [], links: [], attachments: [] })).toBeNull()
  })

  it('places only components that live on hosts, and only where it changes', () => {
    expect(planPlacements(doc, [{ id: 'vm-1', host: 'host-b' }, { id: 'vm-2', host: 'host-b' }, { id: 'sw', host: 'host-a' }]))
      .toEqual([{ type: 'set-field', list: 'nodes', id: 'vm-1', field: 'host', from: 'host-a', to: 'host-b' }])
  })
})

describe('copy and paste', () => {
  it('copies the selection with the links and attachments among it, and pastes it under fresh ids', () => {
    const fragment = copyFragment(doc, { nodes: ['host-b', 'vm-2', 'nic-1'], links: [], attachments: [] })!
    expect(fragment.links).toEqual([])
    expect(fragment.attachments.map((a) => a.id)).toEqual(['a2'])
    const pasted = planPaste(doc, fragment, { x: 32, y: 32 })!
    const next = applyChange(doc, pasted.change)
    expect(pasted.nodeIds).toEqual(['host-b-1', 'vm-3', 'nic-2'])
    const byId = new Map(next.topology.nodes.map((n) => [n.id, n]))
    expect(byId.get('vm-3')).toMatchObject({ host: 'host-b-1', position: { x: 432, y: 132 } })
    expect(next.topology.attachments.at(-1)).toMatchObject({ id: 'vm-3-nic-2', vm: 'vm-3', device: 'nic-2', technique: 'paravirtual' })
    expect(validateProject(next).ok).toBe(true)
  })

  it('keeps a pasted component on its host when the host was not copied', () => {
    const fragment = copyFragment(doc, { nodes: ['vm-1'], links: [], attachments: [] })!
    const next = applyChange(doc, planPaste(doc, fragment, { x: 0, y: 0 })!.change)
    expect(next.topology.nodes.at(-1)).toMatchObject({ id: 'vm-3', host: 'host-a', params: { count: { var: 'guests' } } })
    expect(copyFragment(doc, { nodes: [], links: ['l1'], attachments: [] })).toBeNull()
  })
})
