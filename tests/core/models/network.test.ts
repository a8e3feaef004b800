// Mechanisms of the switch and Ethernet link parameters: cut-through forwarding, MTU
// segmentation, port counts, and the host's shared PCI bus.
import { describe, expect, it } from 'vitest'
import { runScenario } from '../../../core/scenario/index'
import { at, num, run } from '../scenario/helpers'
import { pingProject, SHOOTOUT, variant } from '../techniques/helpers'

const ping = (extra: Record<string, unknown>): number =>
  num(run(pingProject('passthrough', { 'experiments.latency-one-guest.workloads.ping.params.probeBytes': '1500B', ...extra }, '300ms'), 'latency-one-guest'), 'rtt_median_us')
const stream = (extra: Record<string, unknown>): number => num(run(at(SHOOTOUT, { ...variant('throughput-one-guest', 'iperf', 'passthrough'),
  'experiments.throughput-one-guest.duration': '100ms', 'experiments.throughput-one-guest.warmup': '50ms', ...extra }), 'throughput-one-guest'), 'goodput_mbps')

describe('switch and Ethernet', () => {
  it('cut-through forwarding saves about one frame serialization per switch crossing (two per round trip)', () => {
    const saf = ping({}), ct = ping({ 'topology.nodes.sw.params.mode': 'cut-through' })
    const frameUs = ((1500 + 38 - 22) * 8) / 1e9 * 1e6 // 12.1 µs at 1 Gbps
    expect(saf - ct).toBeGreaterThan(2 * frameUs * 0.9)
    expect(saf - ct).toBeLessThan(2 * frameUs * 1.1)
  })

  it('a smaller MTU splits each segment into more frames: more framing, less goodput', () => {
    const mtu = (bytes: number): Record<string, unknown> => Object.fromEntries(['nic-a-sw', 'nic-b-sw'].map((l) => [`topology.links.${l}.params.mtu`, bytes]))
    const full = stream({}), half = stream(mtu(750))
    expect(half).toBeLessThan(full * 0.99)
    expect(half).toBeGreaterThan(full * 0.9)
  })

  it('a switch with fewer ports than Ethernet links is refused with its counts', () => {
    expect(() => runScenario({ project: at(SHOOTOUT, { 'topology.nodes.sw.params.ports': 4 }), experimentId: 'latency-one-guest', seed: 1 }))
      .toThrow(/switch "sw" has 6 Ethernet links but only 4 ports/)
  })
})

describe('the host\'s PCI bus', () => {
  it('is shared by every transfer: a bus slower than the traffic bounds goodput; at its default it costs nothing measurable', () => {
    const bus = (bw: string): Record<string, unknown> => ({ 'topology.nodes.host-a.params.pciBusBandwidth': bw, 'topology.nodes.host-b.params.pciBusBandwidth': bw })
    const base = stream({}), slow = stream(bus('400Mbps'))
    expect(slow).toBeLessThan(400)
    expect(stream(bus('8.528Gbps'))).toBeCloseTo(base, 0)
  })
})
