// Validation of an experiment's `migrations` (core/project/check-migration.ts): one problem per
// rule broken, at its JSON path; a pass-through point of a technique sweep is refused unless the
// VM has a bonding failover.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateDocument } from '../../../core/project/index'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw project document, edited freely by the tests
type Doc = Record<string, any>
const base = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../examples/technique-shootout.iovlab.json'), 'utf8')) as Doc

function doc(migrations: unknown[], edit: (d: Doc) => void = () => {}): Doc {
  const d = structuredClone(base)
  d.variables.nicTechnique = 'paravirtual'
  d.experiments = [{ id: 'mig', name: 'mig', duration: '1s', workloads: [], migrations }]
  edit(d)
  return d
}

const problems = (d: unknown): { path: string; message: string }[] => {
  const r = validateDocument(d)
  return r.ok ? [] : r.problems.map((p) => ({ path: p.path.join('.'), message: p.message }))
}

describe('migration validation', () => {
  it('accepts a paravirtual guest migrated to the other host', () => {
    expect(problems(doc([{ vm: 'nic-guests-a', to: 'host-b', at: '100ms' }]))).toEqual([])
  })

  it('names the wrong VM, target, link and start with their paths', () => {
    const p = problems(doc([
      { vm: 'nope', to: 'host-b', at: '1ms' },
      { vm: 'nic-guests-a', to: 'host-a', at: '2s', link: 'hg-a-dc' }
    ]))
    expect(p.map((x) => x.path)).toEqual(expect.arrayContaining([
      'experiments.0.migrations.0.vm', 'experiments.0.migrations.1.to', 'experiments.0.migrations.1.link', 'experiments.0.migrations.1.at'
    ]))
    expect(p.find((x) => x.path === 'experiments.0.migrations.1.to')?.message).toMatch(/already on host "host-a"/)
    expect(p.find((x) => x.path === 'experiments.0.migrations.1.link')?.message).toMatch(/infiniband/)
  })

  it('refuses a pass-through or SR-IOV guest without a bonding failover, and explains why', () => {
    for (const t of ['passthrough', 'sriov']) {
      const p = problems(doc([{ vm: 'nic-guests-a', to: 'host-b', at: '1ms' }], (d) => { d.variables.nicTechnique = t }))
      expect(p).toHaveLength(1)
      expect(p[0].path).toBe('topology.attachments.0.technique')
      expect(p[0].message).toMatch(/state lives in the device.*bond-to-paravirtual/)
    }
    const failover = (d: Doc): void => {
      d.variables.nicTechnique = 'passthrough'
      d.topology.nodes.find((n: { id: string }) => n.id === 'nic-guests-a').params.migrationFailover = 'bond-to-paravirtual'
    }
    // after the switch-over the guest runs paravirtual on host-b (re-homing), which nic-b passed through to its peer cannot take
    const p = problems(doc([{ vm: 'nic-guests-a', to: 'host-b', at: '1ms' }], failover))
    expect(p.map((x) => x.path)).toEqual(['experiments.0.migrations.0.to'])
    expect(p[0].message).toMatch(/runs on "host-b" with a paravirtual interface on nic "nic-b", which VM "nic-guests-b" uses with "passthrough"/)
    const ok = doc([{ vm: 'nic-guests-a', to: 'host-b', at: '1ms' }], (d) => {
      failover(d)
      d.topology.attachments.find((a: { vm: string }) => a.vm === 'nic-guests-b').technique = 'sriov' // the peer on a VF of nic-b
    })
    expect(problems(ok)).toEqual([])
  })

  it('checks the pass-through point of a technique sweep', () => {
    const d = doc([{ vm: 'nic-guests-a', to: 'host-b', at: '1ms' }], (x) => { x.experiments[0].sweep = [{ 'variables.nicTechnique': ['paravirtual', 'passthrough'] }] })
    expect(problems(d).some((p) => /pass-through/.test(p.message))).toBe(true)
    // zipped with the failover, the same sweep is valid
    const z = doc([{ vm: 'nic-guests-a', to: 'host-b', at: '1ms' }], (x) => {
      x.experiments[0].sweep = [{ 'variables.nicTechnique': ['paravirtual', 'passthrough'], 'topology.nodes.nic-guests-a.params.migrationFailover': ['none', 'bond-to-paravirtual'] }]
      x.topology.attachments.find((a: { vm: string }) => a.vm === 'nic-guests-b').technique = 'sriov' // the target's NIC takes the re-homed paravirtual guest
    })
    expect(problems(z)).toEqual([])
  })

  it('refuses a guest whose virtual disk is on a local device the target host cannot reach', () => {
    const d = doc([{ vm: 'nic-guests-a', to: 'host-b', at: '1ms' }], (x) => {
      x.topology.nodes.push({ id: 'ssd-a', kind: 'ssd', name: 'ssd', position: { x: 0, y: 0 }, host: 'host-a', params: {} })
      x.topology.attachments.push({ id: 'vd', vm: 'nic-guests-a', device: 'ssd-a', technique: 'paravirtual', params: {} })
    })
    const p = problems(d)
    expect(p.some((x) => x.path === 'experiments.0.migrations.0.vm' && /storage migration/.test(x.message))).toBe(true)
  })

  it('accepts it when a storage migration of the same experiment moves the disk to a storage array the target host reaches', () => {
    const d = doc([{ vm: 'nic-guests-a', to: 'host-b', at: '1ms' }], (x) => {
      x.topology.nodes.push({ id: 'ssd-a', kind: 'ssd', name: 'ssd', position: { x: 0, y: 0 }, host: 'host-a', params: {} },
        { id: 'arr', kind: 'storage-array', name: 'arr', position: { x: 0, y: 0 }, params: {} })
      x.topology.links.push({ id: 'sw-arr', kind: 'ethernet', from: 'sw', to: 'arr', params: {} })
      x.topology.attachments.push({ id: 'vd', vm: 'nic-guests-a', device: 'ssd-a', technique: 'paravirtual', params: {} })
      x.experiments[0].storageMigrations = [{ vm: 'nic-guests-a', to: 'arr', at: '0ms', size: '64MiB' }]
    })
    expect(problems(d)).toEqual([])
  })
})
