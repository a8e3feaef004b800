// Mechanisms of the NP-NIC parameters made live in issue 9: MSI-X vectors per VIF (004
// §5.1's proposal), send-completion signals, and bounded send queues that block the driver.
import { describe, expect, it } from 'vitest'
import { at, loadExample, num, run } from '../scenario/helpers'

const RAJ = loadExample('raj2006-np-nic.iovlab.json')
const ids = (sets: Record<string, unknown>): ReturnType<typeof run> => run(at(RAJ, {
  'variables.guests': 8, 'variables.bits': 4, 'experiments.id-bits.duration': '200ms', 'experiments.id-bits.warmup': '20ms', ...sets
}), 'id-bits')
const both = (key: string, v: unknown): Record<string, unknown> => ({ [`topology.nodes.np-a.params.${key}`]: v, [`topology.nodes.np-b.params.${key}`]: v })

describe('NP-NIC interrupts: identifier register, MSI-X vectors, send completions', () => {
  it('with a vector per VIF no signal is redundant and no identifier register is read; interrupt virtualization gets cheaper', () => {
    const shared = ids({}), msi = ids(both('msiVectors', 16))
    expect(num(shared, 'signals_redundant')).toBeGreaterThan(0)
    expect(num(shared, 'pci_read_bytes')).toBeGreaterThan(0)
    expect(num(msi, 'signals_redundant')).toBe(0)
    expect(num(msi, 'pci_read_bytes')).toBe(0)
    expect(num(msi, 'irq_virt_us')).toBeLessThan(num(shared, 'irq_virt_us'))
  })

  it('fewer vectors than VIFs are shared: redundant signals come back', () => {
    expect(num(ids(both('msiVectors', 2)), 'signals_redundant')).toBeGreaterThan(0)
  })

  it('send-completion signals add a signal per transmission burst, each answered by a spurious check', () => {
    const off = ids({}), on = ids(both('txCompletionSignals', true))
    expect(num(on, 'signals')).toBeGreaterThan(num(off, 'signals') * 1.5)
    expect(num(on, 'irqs_physical')).toBeGreaterThan(num(off, 'irqs_physical'))
  })
})

describe('NP-NIC send queues', () => {
  // A slow egress (costly transmit work on the MEs) lets a sender's messages pile up in its send queue.
  const stream = (slots: number): ReturnType<typeof run> => run(at(RAJ, {
    'variables.guests': 1, 'experiments.throughput-vs-guests.duration': '100ms', 'experiments.throughput-vs-guests.warmup': '20ms',
    'experiments.throughput-vs-guests.workloads.iperf.params.window': '1MiB', ...both('mePktTxCycles', 30_000), ...both('sendQueueSlots', slots)
  }), 'throughput-vs-guests')

  it('a full send queue blocks the driver: messages wait before their PCI write instead of in SDRAM', () => {
    const small = stream(2), large = stream(512)
    // the egress is the bottleneck either way: goodput is bounded by it, not by the queue
    expect(Math.abs(num(small, 'goodput_mbps') - num(large, 'goodput_mbps')) / num(large, 'goodput_mbps')).toBeLessThan(0.1)
    // with a deep queue a message waits long in SDRAM for its context; with two slots it cannot
    expect(num(small, 'me_egress_us')).toBeLessThan(num(large, 'me_egress_us') / 2)
  })
})
