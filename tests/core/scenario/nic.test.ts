// The commodity NIC path: the 004 topology with plain gigabit NICs instead of NP-NICs,
// reached natively by the driver domain and through it by paravirtual guests.
import { describe, expect, it } from 'vitest'
import type { Project } from '../../../core/project/index'
import { at, loadExample, num, run, variant } from './helpers'

function withNics(): Project {
  const p = structuredClone(loadExample('raj2006-np-nic.iovlab.json'))
  for (const n of p.topology.nodes) if (n.kind === 'np-nic') { n.kind = 'nic'; n.params = {} }
  return at(p, { 'experiments.latency-vs-guests.duration': '2s', 'experiments.throughput-vs-guests.duration': '500ms',
    'experiments.throughput-vs-guests.warmup': '200ms' })
}

describe('commodity NIC', () => {
  const p = withNics()
  const rtt = (v: 'driver-domain-up' | 'dom0'): number => num(run(at(p, variant('latency-vs-guests', 'ping', v)), 'latency-vs-guests'), 'rtt_median_us')

  it('the driver domain reaches it natively, and guests through netfront/netback, the latter slower', () => {
    const native = rtt('dom0'), pv = rtt('driver-domain-up')
    expect(native).toBeGreaterThan(10)
    expect(pv).toBeGreaterThan(native + 10)
  })

  it('carries TCP with DMA instead of programmed I/O (faster than the NP-NIC tunnel)', () => {
    const m = run(at(p, variant('throughput-vs-guests', 'iperf', 'dom0')), 'throughput-vs-guests')
    expect(num(m, 'goodput_mbps')).toBeGreaterThan(500)
    expect(num(m, 'irqs_physical')).toBeGreaterThan(0)
  })
})
