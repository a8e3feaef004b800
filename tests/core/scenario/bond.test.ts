// Several NICs per VM (issue 10): a VM attached to two NICs gets a bond of the two interfaces
// (transmit load balancing: each flow leaves through the member its hash picks, frames for
// the VM arrive on the first). Validation accepts one attachment per device and refuses a
// second attachment to the same device, and a DC in a bond.
import { describe, expect, it } from 'vitest'
import { validateProject, type Project } from '../../../core/project/index'
import { loadExample, num, run } from './helpers'

const BASE = loadExample('literature/dong2010-sriov.iovlab.json')
type Doc = Project

/** Host A's VM "c" on nic-a (and nic-a2 when `bonded`) streams to s1 and s2 on host B, one NIC each; every port 1 Gb/s. */
function project(bonded: boolean): Doc {
  const p = structuredClone(BASE)
  const t = p.topology
  t.nodes = t.nodes.filter((n) => !n.id.startsWith('guests'))
  for (const n of t.nodes) if (n.kind === 'nic' || n.kind === 'switch') n.params = { ...n.params, lineRate: '1Gbps' }
  const nic = (id: string, host: string): Doc['topology']['nodes'][number] => ({ id, kind: 'nic', name: id, position: { x: 0, y: 0 }, host, params: { lineRate: '1Gbps', sriovEnabled: true } })
  const vm = (id: string, host: string): Doc['topology']['nodes'][number] => ({ id, kind: 'vm', name: id, position: { x: 0, y: 0 }, host, params: {} })
  t.nodes.push(nic('nic-a2', 'host-a'), nic('nic-b2', 'host-b'), vm('c', 'host-a'), vm('s1', 'host-b'), vm('s2', 'host-b'))
  t.links = [
    ...['nic-a', 'nic-a2', 'nic-b', 'nic-b2'].map((d) => ({ id: `${d}-sw`, kind: 'ethernet', from: d, to: 'sw', params: { bandwidth: '1Gbps' } }))
  ] as Doc['topology']['links']
  t.attachments = [
    { id: 'c-a', vm: 'c', device: 'nic-a', technique: 'sriov' },
    ...(bonded ? [{ id: 'c-a2', vm: 'c', device: 'nic-a2', technique: 'sriov' }] : []),
    { id: 's1-b', vm: 's1', device: 'nic-b', technique: 'sriov' },
    { id: 's2-b2', vm: 's2', device: 'nic-b2', technique: 'sriov' }
  ] as Doc['topology']['attachments']
  p.experiments = [{
    id: 'x', name: 'x', replications: 1, stop: {}, sweep: [], duration: '60ms', warmup: '20ms',
    workloads: [1, 2].map((i) => ({ id: `s${i}`, kind: 'stream', pattern: 'n,n:1x1', clients: 'c', servers: `s${i}`, params: {} }))
  }] as Doc['experiments']
  return p
}

describe('several NICs per VM (a bond)', () => {
  it('a VM with two NICs sends two flows through both: about twice one NIC\'s goodput when the wire is the limit', () => {
    const one = run(project(false), 'x'), two = run(project(true), 'x')
    expect(num(one, 'goodput_mbps')).toBeLessThan(1000) // two flows share one 1 Gb/s port
    expect(num(two, 'goodput_mbps')).toBeGreaterThan(num(one, 'goodput_mbps') * 1.7)
  })

  it('validation accepts a VM on two devices, and refuses a second attachment to the same device', () => {
    expect(validateProject(project(true)).ok).toBe(true)
    const twice = project(true)
    twice.topology.attachments.push({ id: 'c-a-again', vm: 'c', device: 'nic-a', technique: 'sriov' } as Doc['topology']['attachments'][number])
    const r = validateProject(twice)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((x) => x.message).join('\n')).toMatch(/attachment "c-a-again": VM "c" is already attached by "c-a" to "nic-a"; a VM has one interface per device/)
  })

  it('a bonded client must reach the server from every member NIC', () => {
    const p = project(true)
    p.topology.links = p.topology.links.filter((l) => l.id !== 'nic-a2-sw')
    const r = validateProject(p)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems.map((x) => x.message).join('\n')).toMatch(/client "c" cannot reach server "s\d": NIC "nic-a2" has no Ethernet link/)
  })
})
