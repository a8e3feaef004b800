// Guest scaling, signalling and cross-CPU costs (issue 10) on seed 004's topology: IPIs and
// cache lines handed between cores are CPU work; a domain switched in cold pays its cache
// refill; redundant signals wake domains that are scheduled, find nothing and block; each
// signal pulls the signalled domain's structures over to the interrupt CPU.
import { describe, expect, it } from 'vitest'
import type { Project } from '../../../core/project/index'
import { at, loadExample, num, run, variant } from '../scenario/helpers'

const RAJ = loadExample('raj2006-np-nic.iovlab.json')
type Metrics = ReturnType<typeof run>
const hosts = (key: string, v: unknown): Record<string, unknown> => ({ [`topology.nodes.host-a.params.${key}`]: v, [`topology.nodes.host-b.params.${key}`]: v })

/** Driver-domain ping with one guest pair, dom0 pinned to CPU 0 and the guests to `guestCpu` (0: the same CPU; 2: its hyperthread sibling; 1: the other package). */
function ddPing(guestCpu: number, sets: Record<string, unknown> = {}): Metrics {
  const p: Project = structuredClone(at(RAJ, {
    ...variant('latency-vs-guests', 'ping', 'driver-domain-up'), 'variables.guests': 1,
    'experiments.latency-vs-guests.duration': '500ms', 'experiments.latency-vs-guests.warmup': '20ms',
    'experiments.latency-vs-guests.workloads.ping.params.waitMax': '1ms', ...sets
  }))
  for (const n of p.topology.nodes) {
    if (n.id.startsWith('dom0')) n.params = { ...n.params, pinCpu: 0 }
    if (n.id.startsWith('guests')) n.params = { ...n.params, pinCpu: guestCpu }
  }
  return run(p, 'latency-vs-guests')
}

/** CPU time of host-a per probe (utilization summed over its logical CPUs, per probe: same duration in every run). */
function cpuPerProbe(m: Metrics): number {
  const u = m.cpu_util as Record<string, number>
  const busy = Object.keys(u).filter((k) => k.startsWith('host-a/cpu')).reduce((s, k) => s + u[k], 0)
  return busy / num(m, 'probes')
}

const svPing = (guests: number, sets: Record<string, unknown> = {}): Metrics => run(at(RAJ, {
  'variables.guests': guests, 'experiments.irq-cost-vs-vifs.duration': '2s', 'experiments.irq-cost-vs-vifs.warmup': '100ms', ...sets
}), 'irq-cost-vs-vifs')

describe('cross-CPU communication is CPU work', () => {
  const same = ddPing(0), sibling = ddPing(2), other = ddPing(1)

  it('a driver domain on the other package costs more CPU per probe than on the guest\'s hyperthread sibling: the lines handed between cores', () => {
    expect(cpuPerProbe(other)).toBeGreaterThan(cpuPerProbe(sibling) * 1.01)
    const noLines = [ddPing(2, hosts('crossCpuHandoffLines', 0)), ddPing(1, hosts('crossCpuHandoffLines', 0))].map(cpuPerProbe)
    expect(Math.abs(noLines[1] - noLines[0]) / noLines[0]).toBeLessThan(0.005)
  })

  it('IPIs cost the sender and the receiver: a dearer IPI send raises the CPU per probe across CPUs, not on one CPU', () => {
    const dear = hosts('ipiSendCycles', 5000)
    expect(cpuPerProbe(ddPing(1, dear))).toBeGreaterThan(cpuPerProbe(other) * 1.02)
    expect(cpuPerProbe(ddPing(0, dear))).toBeCloseTo(cpuPerProbe(same), 12)
  })

  it('on the same CPU the driver domain and the guest pay domain switches instead (none across CPUs)', () => {
    expect(num(same, 'context_switches')).toBeGreaterThan(num(same, 'probes'))
    expect(num(sibling, 'context_switches')).toBe(0)
    expect(num(other, 'context_switches')).toBe(0)
  })
})

describe('guest scaling: cold domains, redundant signals, per-domain structures', () => {
  it('redundant signals (32 VIFs on 8 identifier bits) make woken domains switch in, find nothing and block: more switches and more latency than a vector per VIF', () => {
    const shared = svPing(32), msi = svPing(32, { 'topology.nodes.np-a.params.msiVectors': 32, 'topology.nodes.np-b.params.msiVectors': 32 })
    expect(num(shared, 'signals_redundant')).toBeGreaterThan(0)
    expect(num(msi, 'signals_redundant')).toBe(0)
    expect(num(shared, 'context_switches')).toBeGreaterThan(num(msi, 'context_switches') * 1.2)
    expect(num(shared, 'rtt_median_us')).toBeGreaterThan(num(msi, 'rtt_median_us'))
  })

  it('a domain switched in cold pays its cache refill: latency grows more from 1 to 32 guests with the refill than without', () => {
    const growth = (sets: Record<string, unknown>): number => num(svPing(32, sets), 'rtt_median_us') - num(svPing(1, sets), 'rtt_median_us')
    expect(growth({})).toBeGreaterThan(growth(hosts('domainCacheRefillCycles', 0)) + 3)
  })

  it('each signal pulls the signalled domain\'s structures over from its core: interrupt virtualization costs more per interrupt at 32 VIFs, not with one VIF on the interrupt CPU\'s core', () => {
    const none = hosts('signalDomainLines', 0)
    expect(num(svPing(32), 'irq_virt_us')).toBeGreaterThan(num(svPing(32, none), 'irq_virt_us') + 0.5)
    expect(num(svPing(1), 'irq_virt_us')).toBeCloseTo(num(svPing(1, none), 'irq_virt_us'), 9)
  })
})

describe('determinism', () => {
  it('the same seed gives identical metrics with IPIs, hand-offs, refills and per-signal lines in play', () => {
    const a = svPing(16, { 'experiments.irq-cost-vs-vifs.duration': '300ms' }), b = svPing(16, { 'experiments.irq-cost-vs-vifs.duration': '300ms' })
    expect(JSON.stringify(a)).toBe(JSON.stringify(b))
  })
})
