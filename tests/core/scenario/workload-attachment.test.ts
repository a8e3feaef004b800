// A workload choosing one of a VM's interfaces (issue 10: several NICs per VM): a VM attached to
// two NICs is a bond unless a workload names one of its attachments (clientAttachment /
// serverAttachment), whose interface it then uses alone. Validation refuses an attachment that
// is not one of that side's VMs', at the parameter's JSON path.
import { describe, expect, it } from 'vitest'
import { validateProject, type Project } from '../../../core/project/index'
import { loadExample, num, run } from './helpers'

const BASE = loadExample('literature/dong2010-sriov.iovlab.json')

/** VM "c" on host A (nic-a, nic-a2) streams twice to VM "s" on host B (nic-b, nic-b2), each workload with `params`; every port 1 Gb/s. */
function project(params: [Record<string, string>, Record<string, string>] = [{}, {}]): Project {
  const p = structuredClone(BASE)
  const t = p.topology
  t.nodes = t.nodes.filter((n) => !n.id.startsWith('guests'))
  for (const n of t.nodes) if (n.kind === 'nic' || n.kind === 'switch') n.params = { ...n.params, lineRate: '1Gbps' }
  const nic = (id: string, host: string): Project['topology']['nodes'][number] => ({ id, kind: 'nic', name: id, position: { x: 0, y: 0 }, host, params: { lineRate: '1Gbps', sriovEnabled: true } })
  const vm = (id: string, host: string): Project['topology']['nodes'][number] => ({ id, kind: 'vm', name: id, position: { x: 0, y: 0 }, host, params: {} })
  t.nodes.push(nic('nic-a2', 'host-a'), nic('nic-b2', 'host-b'), vm('c', 'host-a'), vm('s', 'host-b'))
  t.links = ['nic-a', 'nic-a2', 'nic-b', 'nic-b2'].map((d) => ({ id: `${d}-sw`, kind: 'ethernet', from: d, to: 'sw', params: { bandwidth: '1Gbps' } })) as Project['topology']['links']
  t.attachments = [
    { id: 'c-a', vm: 'c', device: 'nic-a', technique: 'sriov' },
    { id: 'c-a2', vm: 'c', device: 'nic-a2', technique: 'sriov' },
    { id: 's-b', vm: 's', device: 'nic-b', technique: 'sriov' },
    { id: 's-b2', vm: 's', device: 'nic-b2', technique: 'sriov' }
  ] as Project['topology']['attachments']
  p.experiments = [{
    id: 'x', name: 'x', replications: 1, stop: {}, sweep: [], duration: '60ms', warmup: '20ms',
    workloads: params.map((q, i) => ({ id: `w${i + 1}`, kind: 'stream', pattern: 'n,n:1x1', clients: 'c', servers: 's', params: q }))
  }] as Project['experiments']
  return p
}

const goodput = (p: Project): number => num(run(p, 'x'), 'goodput_mbps')

describe('a workload choosing one of a VM\'s interfaces', () => {
  it('frames for a bonded server arrive on its first interface; naming its second for one flow doubles what the server receives', () => {
    const bond = goodput(project())
    expect(bond).toBeLessThan(1000) // both flows arrive on nic-b
    const split = goodput(project([{}, { serverAttachment: 's-b2' }]))
    expect(split).toBeGreaterThan(bond * 1.7)
  })

  it('a client that names one interface for both flows sends through it alone', () => {
    const split = goodput(project([{ serverAttachment: 's-b' }, { serverAttachment: 's-b2' }]))
    const oneNic = goodput(project([{ clientAttachment: 'c-a', serverAttachment: 's-b' }, { clientAttachment: 'c-a', serverAttachment: 's-b2' }]))
    expect(split).toBeGreaterThan(1700) // the bond spreads the two flows over nic-a and nic-a2 (their hash differs)
    expect(oneNic).toBeLessThan(1000) // both leave through nic-a
  })

  it('validation refuses an attachment of another VM and an unknown one, at the parameter\'s path', () => {
    expect(validateProject(project([{ clientAttachment: 'c-a2' }, { serverAttachment: 's-b2' }])).ok).toBe(true)
    const r = validateProject(project([{ clientAttachment: 's-b' }, { serverAttachment: 'nope' }]))
    expect(r.ok).toBe(false)
    if (r.ok) return
    const wrong = r.problems.find((x) => x.path.join('.') === 'experiments.0.workloads.0.params.clientAttachment')
    expect(wrong?.message).toMatch(/clientAttachment "s-b" attaches VM "s", which is not a client of the workload \("c"\)/)
    const unknown = r.problems.find((x) => x.path.join('.') === 'experiments.0.workloads.1.params.serverAttachment')
    expect(unknown?.code).toBe('dangling-reference')
  })
})
