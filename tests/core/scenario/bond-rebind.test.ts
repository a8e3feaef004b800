// A bond's failover with software back ends (core/scenario/bond-rebind.ts): the bond's address
// moves to the new active member, whose paravirtual (netback's bridge) or emulated back end must
// deliver the bond's frames to it — every slave of an active-backup bond carries the bond's MAC.
// Before the fix those back ends dropped them and the stream stopped at the failover.
import { describe, expect, it } from 'vitest'
import type { Project } from '../../../core/project/index'
import { runScenario } from '../../../core/scenario/index'
import { loadExample, num } from './helpers'

type Doc = Project

/** VM "c" on host A bonds nic-a and nic-a2 (active-backup, 5 ms MII monitor) with `tech`; it streams to "s" on nic-b; nic-a's link goes down at 52 ms. */
function project(tech: string): Doc {
  const p = structuredClone(loadExample('literature/dong2010-sriov.iovlab.json'))
  const t = p.topology
  t.nodes = t.nodes.filter((n) => !n.id.startsWith('guests'))
  const nic = (id: string, host: string): Doc['topology']['nodes'][number] => ({ id, kind: 'nic', name: id, position: { x: 0, y: 0 }, host, params: { lineRate: '1Gbps', sriovEnabled: true } })
  const vm = (id: string, host: string, params = {}): Doc['topology']['nodes'][number] => ({ id, kind: 'vm', name: id, position: { x: 0, y: 0 }, host, params })
  for (const n of t.nodes) if (n.kind === 'nic' || n.kind === 'switch') n.params = { ...n.params, lineRate: '1Gbps' }
  t.nodes.push(nic('nic-a2', 'host-a'), vm('c', 'host-a', { bondMode: 'active-backup', bondMiimon: '5ms' }), vm('s', 'host-b'))
  t.links = ['nic-a', 'nic-a2', 'nic-b'].map((d) => ({ id: `${d}-sw`, kind: 'ethernet', from: d, to: 'sw', params: { bandwidth: '1Gbps' } })) as Doc['topology']['links']
  t.attachments = [
    { id: 'c-a', vm: 'c', device: 'nic-a', technique: tech },
    { id: 'c-a2', vm: 'c', device: 'nic-a2', technique: tech },
    { id: 's-b', vm: 's', device: 'nic-b', technique: tech }
  ] as Doc['topology']['attachments']
  p.experiments = [{
    id: 'x', name: 'x', replications: 1, stop: {}, sweep: [], duration: '100ms', warmup: '20ms', timeseries: { interval: '10ms' },
    workloads: [{ id: 'st', kind: 'stream', pattern: 'n,n:1x1', clients: 'c', servers: 's', params: { minRto: '1ms' } }],
    faults: [{ at: '52ms', kind: 'link-down', target: 'nic-a-sw' }]
  }] as Doc['experiments']
  return p
}

describe('bond failover with software back ends', () => {
  it.each(['paravirtual', 'emulated'])('%s: the new member receives the bond\'s frames; the stream goes on after a short outage', (tech) => {
    const r = runScenario({ project: project(tech), experimentId: 'x', seed: 1 })
    const s = r.series!.metrics['byWorkload.st.goodput_mbps'].map((v) => v ?? 0)
    expect(num(r.metrics, 'bond_failovers')).toBe(1)
    // the loss at 52 ms is seen at the 55 ms poll; TCP's 1 ms retransmission timer does the rest
    expect(num(r.metrics, 'outage_ms')).toBeGreaterThanOrEqual(2.9)
    expect(num(r.metrics, 'outage_ms')).toBeLessThan(10)
    expect(s.at(-1)!).toBeGreaterThan(s[0] * 0.9) // as fast as before the failure
  })
})
