// No technique's latency is a constant: on the technique-shootout topology, every
// technique not covered on the 004 topology (tests/core/scenario/mechanisms.test.ts) must
// see its RTT move with the CPU clock, with the wire speed and with a cost of its own path.
import { describe, expect, it } from 'vitest'
import { modelledTechniques } from '../../../core/techniques/registry'
import { rtt } from './helpers'

/** Covered on the 004 topology by tests/core/scenario/mechanisms.test.ts. */
const ON_004 = ['self-virtualized', 'paravirtual', 'native']

/** A cost on each technique's own path, and a value that must raise its RTT by at least `minUs`. */
const OWN_COST: Record<string, { set: Record<string, unknown>; minUs: number }> = {
  emulated: { set: { 'topology.nodes.nic-a.params.emulModelCycles': 6000, 'topology.nodes.nic-b.params.emulModelCycles': 6000 }, minUs: 50 },
  passthrough: { set: { 'topology.nodes.host-a.params.iotlbMissLatency': '5us', 'topology.nodes.host-b.params.iotlbMissLatency': '5us' }, minUs: 3 },
  sriov: { set: { 'topology.nodes.nic-a.params.l2DemuxLatency': '10us', 'topology.nodes.nic-b.params.l2DemuxLatency': '10us' }, minUs: 15 },
  vpio: { set: { 'topology.nodes.nic-a.params.pioAccessLatency': '2us', 'topology.nodes.nic-b.params.pioAccessLatency': '2us' }, minUs: 100 },
  'scalable-io': { set: { 'topology.nodes.dc-a.params.perProgramCycles': 56000, 'topology.nodes.dc-b.params.perProgramCycles': 56000 }, minUs: 15 }
}

const SLOW_CPU = { 'topology.nodes.host-a.params.clock': '1.4GHz', 'topology.nodes.host-b.params.clock': '1.4GHz' }
const SLOW_WIRE = Object.fromEntries(['nic-a-sw', 'nic-b-sw', 'np-a-sw', 'np-b-sw', 'dc-a-sw', 'dc-b-sw']
  .map((l) => [`topology.links.${l}.params.bandwidth`, '10Mbps']))

describe('no technique has a constant latency (technique-shootout)', () => {
  it('every registered technique is covered here or on the 004 topology', () => {
    for (const t of modelledTechniques()) expect(ON_004.includes(t) || t in OWN_COST, t).toBe(true)
  })

  it.each(Object.keys(OWN_COST))('%s: RTT moves with the CPU clock, the wire speed and a cost of its own path', (t) => {
    const base = rtt(t)
    expect(rtt(t, SLOW_CPU)).toBeGreaterThan(base * 1.1) // VPIO's port I/O does not scale with the clock
    expect(rtt(t, SLOW_WIRE)).toBeGreaterThan(base + 50) // 4 × 64-byte frames at 10 Mbps ≈ 4 × 80 µs of serialization alone
    expect(rtt(t, OWN_COST[t].set)).toBeGreaterThan(base + OWN_COST[t].minUs)
  })
})
