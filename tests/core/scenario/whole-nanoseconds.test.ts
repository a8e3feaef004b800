// Valid means it runs: time in the kernel is whole nanoseconds, and costs in cycles at a clock that
// does not divide them (a profile's 2.93 GHz, a cycle scale), or periods from a rate that does not
// divide a second (a 333 Hz guest timer, a 3,000/s interrupt throttle), must be rounded by the model
// before they are scheduled — a fractional delay is an internal error that would reach the user.
import { describe, expect, it } from 'vitest'
import { at, loadExample, num, run } from './helpers'

const GORDON = loadExample('literature/gordon2012-eli.iovlab.json')
const ASSIGNED = {
  'variables.variant': 'device-assignment', 'variables.technique': 'passthrough', 'variables.virtualizedA': false, 'variables.virtualizedB': true,
  'experiments.netperf.workloads.iperf.clients': 'dom0-a', 'experiments.netperf.workloads.iperf.servers': 'guests-b',
  'experiments.netperf.duration': '20ms', 'experiments.netperf.warmup': '5ms'
}

describe('rates and clocks that do not divide a second or a cycle count', () => {
  it('a device-assigned guest on a 2.93 GHz profile, with a 333 Hz guest timer and a 3,000/s interrupt throttle, runs', () => {
    const p = at(GORDON, {
      ...ASSIGNED,
      'topology.nodes.host-b.params.guestTimerHz': 333,
      'topology.nodes.nic-b.params.irqThrottleRate': 3000
    })
    const m = run(p, 'netperf')
    expect(num(m, 'goodput_mbps')).toBeGreaterThan(0)
  })

  it('the same on every host profile', () => {
    for (const profile of ['piii-733-2001', 'xeon-2003-pcix', 'nehalem-2010', 'sandybridge-2012', 'current-server']) {
      const p = at(GORDON, { ...ASSIGNED, 'topology.nodes.host-a.params.profile': profile, 'topology.nodes.host-b.params.profile': profile })
      expect(num(run(p, 'netperf'), 'goodput_mbps'), profile).toBeGreaterThan(0)
    }
  })
})

describe('bare metal', () => {
  it('counts no VM exits: a host without a hypervisor takes its NIC interrupts natively', () => {
    // the variant axis starts at bare metal; without receive coalescing the busy ring still interrupts
    const p = at(GORDON, { 'experiments.netperf.duration': '20ms', 'experiments.netperf.warmup': '5ms',
      'topology.nodes.nic-a.params.lroEnabled': false, 'topology.nodes.nic-b.params.lroEnabled': false })
    const m = run(p, 'netperf')
    expect(num(m, 'goodput_mbps')).toBeGreaterThan(0)
    expect(num(m, 'irqs_physical')).toBeGreaterThan(0)
    expect(num(m, 'vm_exits')).toBe(0)
  })
})

