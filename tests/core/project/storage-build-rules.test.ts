// Validation refuses what the storage build could not make (found by the storage property test,
// tests/core/project/valid-runs-storage.property.test.ts): each case one problem with its JSON path.
import { describe, expect, it } from 'vitest'
import { formatPath } from '../../../core/project/problems'
import { validateProject } from '../../../core/project/validate'
import { blockScenario, type BlockScenario } from '../models/block-cases'

type Doc = { topology: { nodes: Record<string, unknown>[]; links: Record<string, unknown>[]; attachments: Record<string, unknown>[] } }

function doc(s: BlockScenario, edit: (d: Doc) => void = () => {}): Doc {
  const d = JSON.parse(JSON.stringify(blockScenario(s))) as Doc
  edit(d)
  return d
}

function problems(d: Doc): string[] {
  const r = validateProject(d)
  return r.ok ? [] : r.problems.map((p) => `${formatPath(p.path)} ${p.message}`)
}

describe('storage rules the build depends on', () => {
  it('the scenarios themselves validate', () => {
    expect(problems(doc({ kind: 'nvme', technique: 'paravirtual', guests: 2 }))).toEqual([])
    expect(problems(doc({ kind: 'storage-array', guests: 2 }))).toEqual([])
    expect(problems(doc({ kind: 'ssd', technique: 'scalable-io' }))).toEqual([])
  })

  it('scalable-io on a local device needs a Host Gateway linked to a DC', () => {
    const p = problems(doc({ kind: 'ssd', technique: 'scalable-io' }, (d) => { d.topology.links = d.topology.links.filter((l) => l.id !== 'hg-dc') }))
    expect(p.some((x) => /attachments\[0\]\.technique.*no Host Gateway linked to a DC/.test(x)), p.join('\n')).toBe(true)
  })

  it('a storage array that is a member must be reachable from the VM\'s host', () => {
    const p = problems(doc({ kind: 'nvme', technique: 'paravirtual', vdisk: { raid: 'raid1' } }, (d) => {
      d.topology.nodes.push({ id: 'arr', kind: 'storage-array', name: 'arr', position: { x: 0, y: 0 }, params: {} })
      d.topology.attachments[0].devices = ['arr']
    }))
    expect(p.some((x) => /attachments\[0\]\.devices\[0\].*cannot be reached from host "h"/.test(x)), p.join('\n')).toBe(true)
  })

  it('a device passed through to one guest is no member of another\'s virtual disk', () => {
    const p = problems(doc({ kind: 'disk', technique: 'passthrough' }, (d) => {
      d.topology.nodes.push({ id: 'd2', kind: 'disk', name: 'd2', host: 'h', position: { x: 0, y: 0 }, params: {} },
        { id: 'vm2', kind: 'vm', name: 'vm2', host: 'h', position: { x: 0, y: 0 }, params: {} })
      d.topology.attachments.push({ id: 'vd2', vm: 'vm2', device: 'd2', technique: 'emulated', params: { raid: 'raid1' }, devices: ['dev'] })
    }))
    expect(p.some((x) => /passed through to VM "vm"/.test(x)), p.join('\n')).toBe(true)
  })

  it('a disk\'s one hardware queue has one owner: the driver domain or a DC, not both', () => {
    const p = problems(doc({ kind: 'disk', technique: 'scalable-io', guests: 2 }, (d) => { d.topology.attachments[1].technique = 'emulated' }))
    expect(p.some((x) => /attachments\[1\]\.technique.*has 1 hardware queue/.test(x)), p.join('\n')).toBe(true)
  })

  it('an array accepts its `sessions`: one per virtual disk copy', () => {
    const p = problems(doc({ kind: 'storage-array', guests: 2, dev: { sessions: 1 } }))
    expect(p.some((x) => /attachments\[1\]\.device.*accepts 1 initiator session/.test(x)), p.join('\n')).toBe(true)
  })
})
