// Mechanism tests of the e1000-style emulated NIC (issue 10): with descriptor rings in guest
// memory the guest traps on a doorbell per packet sent and a few register accesses per
// interrupt, instead of NE2K's port I/O per 2 bytes of data — so far fewer exits per packet,
// more throughput, and the per-interrupt accesses amortised over a batch.
import { describe, expect, it } from 'vitest'
import { at, num, run } from '../scenario/helpers'
import { SHOOTOUT, variant } from './helpers'

type Metrics = ReturnType<typeof run>

function stream(style: string, extra: Record<string, unknown> = {}): Metrics {
  return run(at(SHOOTOUT, {
    ...variant('throughput-one-guest', 'iperf', 'emulated'), 'variables.driverStyle': style,
    'experiments.throughput-one-guest.duration': '60ms', 'experiments.throughput-one-guest.warmup': '20ms', ...extra
  }), 'throughput-one-guest')
}

/** VM exits per data segment delivered in the 40 ms measured. */
const exitsPerSegment = (m: Metrics): number => num(m, 'vm_exits') / ((num(m, 'goodput_mbps') * 1e6 * 0.04) / 8 / 1448)

describe('emulated e1000-style NIC (DMA rings) against NE2K (port I/O)', () => {
  const ne2k = stream('ne2k'), e1000 = stream('e1000')

  it('makes far fewer VM exits per packet than NE2K', () => {
    expect(exitsPerSegment(e1000)).toBeLessThan(exitsPerSegment(ne2k) / 50)
    // a doorbell per frame sent and e1000IrqAccesses per interrupt (about one interrupt per frame
    // while the receiver keeps up), counting both guests and the ACKs: tens, not thousands, per segment
    expect(exitsPerSegment(e1000)).toBeLessThan(25)
    expect(exitsPerSegment(e1000)).toBeGreaterThan(2)
  })

  it('reaches more goodput than NE2K', () => {
    expect(num(e1000, 'goodput_mbps')).toBeGreaterThan(num(ne2k, 'goodput_mbps') * 2)
  })

  it('the accesses per interrupt cost exits (and goodput when they are dear)', () => {
    const few = stream('e1000', { 'topology.nodes.nic-a.params.e1000IrqAccesses': 1, 'topology.nodes.nic-b.params.e1000IrqAccesses': 1 })
    expect(num(few, 'vm_exits')).toBeLessThan(num(e1000, 'vm_exits'))
  })
})
