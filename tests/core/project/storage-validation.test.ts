// Validation of virtual disks (issue 11): an attachment to a storage device may carry `params`
// (checked against VDISK_PARAMS like a node's) and `devices` (RAID members); a network
// attachment may not; a storage device is reached only by a technique with attachBlock; direct
// techniques refuse back-end stages; a block workload's clients need a virtual disk. Every
// problem is one line with its JSON path. The storage node kinds join the catalog on another
// branch (stdevices): problems about the node kinds themselves are left out here.
import { describe, expect, it } from 'vitest'
import { validateProject } from '../../../core/project/validate'
import { formatPath, type Problem } from '../../../core/project/problems'
import { VDISK_PARAMS } from '../../../core/models/storage/vdisk/params'
import { BLOCK_TECHNIQUES } from '../../../core/models/storage/storage-kinds'
import { TECHNIQUES } from '../../../core/models/catalog'
import { technique } from '../../../core/techniques/registry'
import { setPath } from '../../../core/project/paths'

type Doc = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

function doc(attachments: Doc[], workloads: Doc[] = [], extraNodes: Doc[] = []): Doc {
  const node = (id: string, kind: string, host?: string, params: Doc = {}): Doc => ({ id, kind, name: id, position: { x: 0, y: 0 }, ...(host ? { host } : {}), params })
  return {
    format: 'iovlab-project', schemaVersion: 2, name: 't', seed: 1, variables: { big: 999999, mode: 'raid1' },
    topology: {
      nodes: [
        node('h', 'host', undefined, { iommuEnabled: true }), node('vm', 'vm', 'h'), node('vm2', 'vm', 'h'), node('nic', 'nic', 'h'),
        node('ssd', 'nvme', 'h'), node('ssd2', 'nvme', 'h'), ...extraNodes
      ],
      links: [],
      attachments
    },
    experiments: [{ id: 'e', name: 'e', duration: '10ms', warmup: '1ms', replications: 1, stop: {}, sweep: [], workloads }]
  }
}

/** Problems at `path` (formatted), excluding those about the storage node kinds the catalog does not know on this branch. */
function at(d: Doc, path: string): Problem[] {
  const r = validateProject(d)
  if (r.ok) return []
  return r.problems.filter((p) => formatPath(p.path) === path)
}

function all(d: Doc): Problem[] {
  const r = validateProject(d)
  return r.ok ? [] : r.problems.filter((p) => !/topology\.nodes\[\d\]\.kind/.test(formatPath(p.path)))
}

describe('virtual-disk validation', () => {
  it('keeps BLOCK_TECHNIQUES equal to the techniques that have attachBlock', () => {
    const withBlock = TECHNIQUES.map((t) => t.id).filter((id) => technique(id)?.attachBlock !== undefined)
    expect([...BLOCK_TECHNIQUES].sort()).toEqual([...withBlock].sort())
  })

  it('refuses params and devices on a network attachment, one line each with its path', () => {
    const d = doc([{ id: 'n', vm: 'vm', device: 'nic', technique: 'sriov', params: { cache: 'none' }, devices: ['ssd'] }])
    const p = at(d, '$.topology.attachments[0].params')
    expect(p).toHaveLength(1)
    expect(p[0].message).toMatch(/only an attachment to a storage device \(a virtual disk\) has parameters/)
    expect(at(d, '$.topology.attachments[0].devices')[0].message).toMatch(/only a virtual disk .* has RAID members/)
  })

  it('checks a virtual disk\'s params against VDISK_PARAMS: unknown keys', () => {
    const p = at(doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'passthrough', params: { bogus: 1 } }]), '$.topology.attachments[0].params.bogus')
    expect(p).toHaveLength(1)
    expect(p[0].code).toBe('unknown-param')
    expect(p[0].message).toMatch(/^virtual disk "disk" has no parameter "bogus"/)
  })

  const numeric = VDISK_PARAMS.find((s) => typeof s.default === 'number' && s.max !== undefined && s.dimension !== 'enum')
  const enumSpec = VDISK_PARAMS.find((s) => s.dimension === 'enum')
  // These run once the front/back-end parameters exist (stfront's and stback's branches merged).
  it.runIf(numeric !== undefined)('checks a virtual disk\'s params: ranges, units and undefined variables', () => {
    const key = numeric!.key
    const over = at(doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'native', params: { [key]: numeric!.max! * 10 + 10 } }]), `$.topology.attachments[0].params.${key}`)
    expect(over).toHaveLength(1)
    expect(over[0].code).toBe('bad-param')
    const undef = at(doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'native', params: { [key]: { var: 'nope' } } }]), `$.topology.attachments[0].params.${key}`)
    expect(undef[0].code).toBe('undefined-variable')
  })
  it.runIf(enumSpec !== undefined)('checks a virtual disk\'s params: enum values', () => {
    const p = at(doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'native', params: { [enumSpec!.key]: 'no-such-option' } }]), `$.topology.attachments[0].params.${enumSpec!.key}`)
    expect(p).toHaveLength(1)
    expect(p[0].code).toBe('bad-param')
  })

  it('checks RAID members: they exist, are storage devices, appear once', () => {
    const d = doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'native', devices: ['ghost', 'nic', 'ssd', 'ssd2', 'ssd2'] }])
    expect(at(d, '$.topology.attachments[0].devices[0]')[0].message).toMatch(/RAID member "ghost" is not a node/)
    expect(at(d, '$.topology.attachments[0].devices[1]')[0].message).toMatch(/"nic" is a nic, not a storage device/)
    expect(at(d, '$.topology.attachments[0].devices[2]')[0].message).toMatch(/its "device" already/)
    expect(at(d, '$.topology.attachments[0].devices[3]')).toHaveLength(0)
    expect(at(d, '$.topology.attachments[0].devices[4]')[0].message).toMatch(/listed twice/)
    expect(at(doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'native', devices: 'ssd2' }]), '$.topology.attachments[0].devices')[0].message).toMatch(/list of storage device ids/)
  })

  it('refuses a technique that does not serve storage devices on one, in one line', () => {
    // the attach rules list no storage kind for self-virtualized, so check-domain says it (and check-vdisk stays quiet)
    const p = at(doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'self-virtualized' }]), '$.topology.attachments[0].technique')
    expect(p).toHaveLength(1)
    expect(p[0].message).toMatch(/cannot reach .*"self-virtualized"/)
  })

  it('refuses RAID on pass-through and SR-IOV (no back end), and gives a passed-through disk one guest (one line)', () => {
    const d = doc([
      { id: 'disk', vm: 'vm', device: 'ssd', technique: 'passthrough', params: { raid: 'raid1' }, devices: ['ssd2'] },
      { id: 'disk2', vm: 'vm2', device: 'ssd', technique: 'sriov', params: { raid: 'none' } }
    ])
    expect(at(d, '$.topology.attachments[0].params.raid').some((x) => /cannot aggregate devices/.test(x.message))).toBe(true)
    expect(at(d, '$.topology.attachments[1].params.raid').filter((x) => x.code === 'technique-not-allowed')).toHaveLength(0)
    const r = validateProject(d)
    expect(r.ok ? [] : r.problems.filter((x) => x.code === 'passthrough-shared')).toHaveLength(1)
  })

  it('gives a VM one virtual disk', () => {
    const d = doc([
      { id: 'disk', vm: 'vm', device: 'ssd', technique: 'sriov' },
      { id: 'disk2', vm: 'vm', device: 'ssd2', technique: 'sriov' }
    ])
    expect(at(d, '$.topology.attachments[1].vm')[0].message).toMatch(/already has the virtual disk "disk"/)
  })

  it('a block workload needs clients with a virtual disk, no servers, and whole sectors', () => {
    const d = doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'sriov' }, { id: 'n', vm: 'vm2', device: 'nic', technique: 'sriov' }],
      [{ id: 'fio', kind: 'block', clients: ['vm', 'vm2'], servers: 'vm', params: { blockSize: 1000 } }])
    expect(at(d, '$.experiments[0].workloads[0].clients[0]')).toHaveLength(0)
    expect(at(d, '$.experiments[0].workloads[0].clients[1]')[0].message).toMatch(/VM "vm2" has no virtual disk/)
    expect(at(d, '$.experiments[0].workloads[0].servers')[0].message).toMatch(/has no servers/)
    expect(at(d, '$.experiments[0].workloads[0].params.blockSize')[0].message).toMatch(/1000 B is not a whole number of 512-byte sectors/)
    const bad = at(doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'sriov' }], [{ id: 'fio', kind: 'block', clients: 'vm', params: { pattern: 'sideways', queueDepth: 0 } }]), '$.experiments[0].workloads[0].params.pattern')
    expect(bad[0].code).toBe('bad-param')
  })

  it('refuses a working set smaller than a block, and passes a disk through to one VM copy only (one line)', () => {
    const d = doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'sriov' }], [{ id: 'fio', kind: 'block', clients: 'vm', params: { blockSize: '8KiB', workingSet: '4KiB' } }])
    expect(at(d, '$.experiments[0].workloads[0].params.workingSet')[0].message).toMatch(/working set \(4096 B\) holds no 8192-byte block/)
    const c = doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'passthrough' }])
    c.topology.nodes[1].params = { count: 3 }
    const r = validateProject(c)
    const shared = r.ok ? [] : r.problems.filter((x) => x.code === 'passthrough-shared')
    expect(shared).toHaveLength(1)
    expect(shared[0].message).toMatch(/3 guests use it/)
  })

  it('a sweep or --set path into a virtual disk\'s params accepts only its parameters', () => {
    const d = doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'native', params: {} }])
    const bad = setPath(d, 'topology.attachments.disk.params.bogus', 1)
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.message).toMatch(/has no "bogus"/)
    const key = VDISK_PARAMS[0]?.key
    if (key !== undefined) expect(setPath(d, `topology.attachments.disk.params.${key}`, VDISK_PARAMS[0].default).ok).toBe(true)
  })

  it('a network workload ignores a VM\'s virtual disk when it looks for its interface', () => {
    const d = doc([{ id: 'disk', vm: 'vm', device: 'ssd', technique: 'sriov' }, { id: 'n', vm: 'vm', device: 'nic', technique: 'sriov' }, { id: 'n2', vm: 'vm2', device: 'nic', technique: 'sriov' }],
      [{ id: 'p', kind: 'ping', clients: 'vm', servers: 'vm2', params: {} }])
    // the NIC is the VM's interface (its frames loop only through a switch: the usual no-path problem names the NIC, not the disk)
    const p = all(d).filter((x) => formatPath(x.path).startsWith('$.experiments'))
    expect(p.every((x) => !/nvme|"ssd"/.test(x.message))).toBe(true)
  })
})
