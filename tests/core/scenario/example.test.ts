// The shipped 004 example: it loads and validates, names the experiments of
// CONTRACTS.md, and every point of its sweeps builds and runs briefly.
import { describe, expect, it } from 'vitest'
import { loadProject } from '../../../core/project/node'
import { resolve } from 'node:path'
import { runScenario } from '../../../core/scenario/index'
import { at, loadExample, num } from './helpers'

const FILE = resolve(import.meta.dirname, '../../../examples/raj2006-np-nic.iovlab.json')

describe('examples/raj2006-np-nic.iovlab.json', () => {
  it('loads with no problems', async () => {
    const r = await loadProject(FILE)
    expect(r.problems).toEqual([])
    expect(r.ok).toBe(true)
  })

  it('has the experiments CONTRACTS.md names, then interrupt virtualization under concurrent streams (issue 10)', () => {
    const p = loadExample('raj2006-np-nic.iovlab.json')
    expect(p.experiments.map((e) => e.id)).toEqual(['latency-vs-guests', 'throughput-vs-guests', 'id-bits', 'irq-cost-vs-vifs', 'irq-cost-concurrent'])
  })

  it('sweeps guests 1…32 against the four variants', () => {
    const p = loadExample('raj2006-np-nic.iovlab.json')
    for (const id of ['latency-vs-guests', 'throughput-vs-guests']) {
      const sweep = p.experiments.find((e) => e.id === id)!.sweep
      expect(sweep[0]['variables.guests']).toEqual([1, 2, 4, 8, 16, 32])
      expect(sweep[1]['variables.variant']).toEqual(['self-virtualized', 'driver-domain-up', 'driver-domain-smp', 'dom0'])
    }
  })

  const COUNTERS = ['cpu_util', 'vm_exits', 'irqs_physical', 'irqs_virtual', 'signals_redundant', 'bytes_copied', 'pci_read_bytes',
    'pci_write_bytes', 'credential_checks', 'credential_denials', 'io_page_faults', 'drops', 'stage_us']
  const RTT = ['rtt_median_us', 'rtt_p25_us', 'rtt_p75_us', 'rtt_p99_us', 'rtt_mean_us']

  it.each([
    ['latency-vs-guests', 'ping'], ['throughput-vs-guests', 'stream'], ['id-bits', 'ping'], ['irq-cost-vs-vifs', 'ping'], ['irq-cost-concurrent', 'stream']
  ] as const)('%s measures the metrics of its %s workload, and none of the other workloads', (id, kind) => {
    const p = at(loadExample('raj2006-np-nic.iovlab.json'), { [`experiments.${id}.duration`]: '50ms', [`experiments.${id}.warmup`]: '10ms' })
    const { metrics: m, missing } = runScenario({ project: p, experimentId: id, seed: 1 })
    expect(missing).toBeUndefined()
    for (const k of COUNTERS) expect(m, k).toHaveProperty(k)
    // The NP-NIC's microengine paths and its virtual interrupts were measured, not pre-filled.
    for (const k of ['me_egress_us', 'me_ingress_us', 'irq_virt_us']) expect(num(m, k), k).toBeGreaterThan(0)
    const own = kind === 'ping' ? RTT : ['goodput_mbps']
    const other = kind === 'ping' ? ['goodput_mbps', 'retransmits'] : [...RTT, 'probes', 'rtt_cdf_us']
    for (const k of own) expect(num(m, k), k).toBeGreaterThan(0)
    if (kind === 'ping') {
      // The RTT distribution read from the histogram's buckets: 21 percentiles, non-decreasing, agreeing with the quartiles.
      const cdf = m.rtt_cdf_us as Record<string, number>
      const qs = Object.entries(cdf).map(([k, v]) => [Number(k.slice(1)), v]).sort((a, b) => a[0] - b[0])
      expect(qs).toHaveLength(21)
      expect(qs[0][0]).toBe(0)
      expect(qs[20][0]).toBe(100)
      for (let i = 1; i < qs.length; i++) expect(qs[i][1]).toBeGreaterThanOrEqual(qs[i - 1][1])
      expect(cdf.p25).toBe(m.rtt_p25_us)
      expect(cdf.p75).toBe(m.rtt_p75_us)
      expect(cdf.p99).toBe(m.rtt_p99_us)
    }
    for (const k of other) expect(m, k).not.toHaveProperty(k)
    expect(m).not.toHaveProperty('dc_util')
    const cpu = m.cpu_util as Record<string, number>
    for (const k of ['cpu0', 'cpu1', 'cpu2', 'cpu3', 'dom0', 'guests', 'hypervisor']) expect(cpu[k], k).toBeGreaterThanOrEqual(0)
  })

  it('gives null with a reason, never 0, when no probe completes', () => {
    // 20 µs measured: shorter than any round trip, so no probe completes in it.
    const p = at(loadExample('raj2006-np-nic.iovlab.json'), { 'experiments.latency-vs-guests.duration': '20us', 'experiments.latency-vs-guests.warmup': '0' })
    const { metrics: m, missing } = runScenario({ project: p, experimentId: 'latency-vs-guests', seed: 1 })
    for (const k of [...RTT, 'rtt_cdf_us']) {
      expect(m[k], k).toBeNull()
      expect(missing?.[k], k).toBe('no probe completed in the 20 µs measured after warm-up')
    }
    expect(m.probes).toBe(0)
  })

  it('gives null with a reason for a workload without flows', () => {
    const p = at(loadExample('raj2006-np-nic.iovlab.json'), {
      'experiments.throughput-vs-guests.duration': '10ms', 'experiments.throughput-vs-guests.warmup': '0',
      'experiments.throughput-vs-guests.workloads.iperf.clients': [], 'experiments.throughput-vs-guests.workloads.iperf.servers': []
    })
    const { metrics: m, missing } = runScenario({ project: p, experimentId: 'throughput-vs-guests', seed: 1 })
    expect(m.goodput_mbps).toBeNull()
    expect(missing?.goodput_mbps).toBe('the workload has no client/server pair to measure')
  })
})
