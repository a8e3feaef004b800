// The world build of storage devices (issue 11): one model per disk / ssd / nvme node on its
// host's PCI bus, a storage array with a path from every host whose NIC reaches it, and the
// parameters through the same effective-value path as every kind.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseProject, type Project } from '../../../core/project/index'
import { buildWorld } from '../../../core/scenario/index'
import { DiskModel } from '../../../core/models/storage/disk/disk-model'
import { NvmeModel } from '../../../core/models/storage/nvme/nvme-model'
import { SsdModel } from '../../../core/models/storage/ssd/ssd-model'
import { StorageArrayModel } from '../../../core/models/storage/array/array-model'
import { BlockOp } from '../../../core/models/storage/block'
import { WIRES } from '../../../core/scenario/build-storage'

function project(): Project {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const doc: any = JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/v1/two-host-np-nic.iovlab.json'), 'utf8'))
  doc.topology.nodes.push(
    { id: 'nic-a', kind: 'nic', name: 'NIC A', position: { x: 0, y: 0 }, host: 'host-a', params: {} },
    { id: 'nvme-a', kind: 'nvme', name: 'NVMe A', position: { x: 0, y: 0 }, host: 'host-a', params: { vfCount: 2, flashReadTime: '60us' } },
    { id: 'ssd-a', kind: 'ssd', name: 'SSD A', position: { x: 0, y: 0 }, host: 'host-a', params: {} },
    { id: 'disk-b', kind: 'disk', name: 'Disk B', position: { x: 0, y: 0 }, host: 'host-b', params: { rpm: 15000 } },
    { id: 'san', kind: 'storage-array', name: 'SAN', position: { x: 0, y: 0 }, params: { protocol: 'nfs' } }
  )
  doc.topology.links.push(
    { id: 'nic-a-sw', kind: 'ethernet', from: 'nic-a', to: 'sw', params: {} },
    { id: 'san-sw', kind: 'ethernet', from: 'san', to: 'sw', params: {} }
  )
  const r = parseProject(JSON.stringify(doc), 'storage.iovlab.json')
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'))
  return r.project
}

describe('buildStorage', () => {
  it('builds a device model per storage node with its parameters, local ones on their host\'s bus', () => {
    const p = project()
    const { world } = buildWorld({ project: p, experimentId: p.experiments[0].id, seed: 1 })
    const d = world.blockDevices
    expect([...d.keys()].sort()).toEqual(['disk-b', 'nvme-a', 'san', 'ssd-a'])
    expect(d.get('nvme-a')).toBeInstanceOf(NvmeModel)
    expect(d.get('ssd-a')).toBeInstanceOf(SsdModel)
    expect(d.get('disk-b')).toBeInstanceOf(DiskModel)
    const nvme = d.get('nvme-a') as NvmeModel
    expect(nvme.queueCount).toBe(31 + 2)
    expect((d.get('disk-b') as DiskModel).geometry.revNs).toBe(4e6)
    const san = d.get('san') as StorageArrayModel
    expect(san.protocol).toBe('nfs')
    expect(san.reachableFrom('host-a')).toBe(true)
    expect(san.reachableFrom('host-b')).toBe(false) // host-b has only an NP-NIC
  })

  it('the array serves a host over its NIC and the switch, and local devices move data over their host\'s PCI bus', () => {
    const p = project()
    const { world } = buildWorld({ project: p, experimentId: p.experiments[0].id, seed: 1 })
    const san = world.blockDevices.get('san') as StorageArrayModel
    let done = -1
    san.openSession('host-a', { complete: () => { done = world.sim.now }, interrupt: () => {} })
    san.submit(0, world.blocks.alloc(BlockOp.Read, 0, 4096, 0, 0))
    world.sim.run({ until: 1e9 })
    expect(done).toBeGreaterThan(0)
    expect(world.stats.counters.pciWriteBytes).toBeGreaterThan(4096) // response DMA'd by nic-a
    // the storage messages crossed the network's own wire from nic-a to the switch (shared with its frames)
    expect(world.shared.find(WIRES, 'nic-a-sw/nic-a')!.tx.completed).toBeGreaterThan(0)
    const nvme = world.blockDevices.get('nvme-a') as NvmeModel
    nvme.bindQueue(nvme.vfQueue(1), { complete: () => {}, interrupt: () => {} })
    const before = world.stats.counters.pciReadBytes
    nvme.submit(nvme.vfQueue(1), world.blocks.alloc(BlockOp.Write, 0, 8192, 0, world.sim.now))
    world.sim.run({ until: 2e9 })
    expect(world.stats.counters.pciReadBytes - before).toBe(64 + 8192)
  })
})
