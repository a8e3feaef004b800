// Validation of an experiment's `storageMigrations` (core/project/check-storage-migration.ts): one
// problem per rule broken, at its JSON path.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateDocument } from '../../../core/project/index'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw project document, edited freely by the tests
type Doc = Record<string, any>
const base = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../examples/technique-shootout.iovlab.json'), 'utf8')) as Doc

/** nic-guests-a on host-a with virtual disk "vd" on ssd-a; ssd-a2 on host-a, ssd-b on host-b, array "arr" behind the switch. */
function doc(storageMigrations: unknown[], edit: (d: Doc) => void = () => {}): Doc {
  const d = structuredClone(base)
  d.variables.nicTechnique = 'paravirtual'
  const n = (id: string, kind: string, host?: string): Doc => ({ id, kind, name: id, position: { x: 0, y: 0 }, ...(host !== undefined ? { host } : {}), params: {} })
  d.topology.nodes.push(n('ssd-a', 'ssd', 'host-a'), n('ssd-a2', 'ssd', 'host-a'), n('ssd-b', 'ssd', 'host-b'), n('arr', 'storage-array'), n('arr2', 'storage-array'))
  d.topology.links.push({ id: 'sw-arr', kind: 'ethernet', from: 'sw', to: 'arr', params: {} })
  d.topology.attachments.push({ id: 'vd', vm: 'nic-guests-a', device: 'ssd-a', technique: 'paravirtual', params: {} })
  d.experiments = [{ id: 'sm', name: 'sm', duration: '1s', workloads: [], storageMigrations }]
  edit(d)
  return d
}

const problems = (d: unknown): { path: string; message: string }[] => {
  const r = validateDocument(d)
  return r.ok ? [] : r.problems.map((p) => ({ path: p.path.join('.'), message: p.message }))
}
const at = (j: number, key: string): string => `experiments.0.storageMigrations.${j}.${key}`

describe('storage migration validation', () => {
  it('accepts a disk moved to another local device of its host and to a storage array the host reaches', () => {
    expect(problems(doc([{ vm: 'nic-guests-a', to: 'ssd-a2', at: '10ms', size: '64MiB', chunk: '256KiB', outstanding: 8, rate: '800Mbps' }]))).toEqual([])
    expect(problems(doc([{ vm: 'nic-guests-a', to: 'arr', at: '10ms', size: '64MiB' }]))).toEqual([])
  })

  it('refuses a target that is not a storage device, is the disk\'s own device, or that the VM\'s host cannot reach', () => {
    const p = problems(doc([
      { vm: 'nic-guests-a', to: 'sw', at: '0ms', size: '1MiB' },
      { vm: 'nic-guests-a', disk: 'vd', to: 'nope', at: '0ms', size: '1MiB' }
    ]))
    expect(p.map((x) => x.path)).toEqual([at(0, 'to'), 'experiments.0.storageMigrations.1', at(1, 'to')])
    expect(p[0].message).toMatch(/"sw" is not a storage device .* it is a switch/)
    expect(p[1].message).toMatch(/one storage migration per virtual disk/)
    expect(problems(doc([{ vm: 'nic-guests-a', to: 'ssd-a', at: '0ms', size: '1MiB' }]))[0].message).toMatch(/already on "ssd-a"/)
    const far = problems(doc([{ vm: 'nic-guests-a', to: 'ssd-b', at: '0ms', size: '1MiB' }]))
    expect(far).toEqual([{ path: at(0, 'to'), message: expect.stringMatching(/in host "host-b", and the VM runs on host "host-a"; a local device serves only its own host/) }])
    const unreached = problems(doc([{ vm: 'nic-guests-a', to: 'arr2', at: '0ms', size: '1MiB' }]))
    expect(unreached).toEqual([{ path: at(0, 'to'), message: expect.stringMatching(/host "host-a" has no NIC with an Ethernet path to storage array "arr2"/) }])
  })

  it('refuses a VM that is not a VM, a missing or ambiguous disk, a disk of several members or one the hypervisor does not serve', () => {
    expect(problems(doc([{ vm: 'sw', to: 'arr', at: '0ms', size: '1MiB' }]))).toEqual([{ path: at(0, 'vm'), message: expect.stringMatching(/"sw" is not a VM/) }])
    const two = problems(doc([{ vm: 'nic-guests-a', to: 'arr', at: '0ms', size: '1MiB' }], (d) => {
      d.topology.attachments.push({ id: 'vd2', vm: 'nic-guests-a', device: 'ssd-a2', technique: 'paravirtual', params: {} })
    }))
    // (a VM has one virtual disk: the topology's own check says so too)
    expect(two).toContainEqual({ path: at(0, 'disk'), message: expect.stringMatching(/2 virtual disks \(vd, vd2\); name the one to move with "disk"/) })
    expect(problems(doc([{ vm: 'nic-guests-a', disk: 'nic-a-att', to: 'arr', at: '0ms', size: '1MiB' }]))[0].path).toBe(at(0, 'disk'))
    const raid = problems(doc([{ vm: 'nic-guests-a', to: 'arr', at: '0ms', size: '1MiB' }], (d) => {
      const a = d.topology.attachments.find((x: Doc) => x.id === 'vd')
      a.devices = ['ssd-a2']
      a.params = { raid: 'raid1' }
    }))
    expect(raid.some((x) => /devices$/.test(x.path) && /several members is not modelled/.test(x.message))).toBe(true)
    const direct = problems(doc([{ vm: 'nic-guests-a', to: 'ssd-a2', at: '0ms', size: '1MiB' }], (d) => {
      d.topology.attachments.find((x: Doc) => x.id === 'vd').technique = 'passthrough'
    }))
    expect(direct.some((x) => /technique$/.test(x.path) && /hypervisor is not on its data path/.test(x.message))).toBe(true)
  })

  it('refuses an extent that is not a size or does not fit, a bad chunk or rate, a start after the run', () => {
    const p = problems(doc([
      { vm: 'nic-guests-a', to: 'ssd-a2', at: '2s', size: 'lots', chunk: '1B', rate: 'fast' }
    ]))
    expect(p.map((x) => x.path).sort()).toEqual([at(0, 'at'), at(0, 'chunk'), at(0, 'rate'), at(0, 'size')].sort())
    const big = problems(doc([{ vm: 'nic-guests-a', to: 'ssd-a2', at: '0ms', size: '100GiB' }]))
    expect(big.map((x) => x.path)).toEqual([at(0, 'size'), at(0, 'size')]) // larger than the target and the source (80 GiB SSDs)
    expect(big[0].message).toMatch(/larger than the target device "ssd-a2"/)
  })
})
