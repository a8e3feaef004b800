// The shipped 004 example: it loads and validates, names the experiments of
// CONTRACTS.md, and every point of its sweeps builds and runs briefly.
import { describe, expect, it } from 'vitest'
import { loadProject } from '../../../core/project/node'
import { resolve } from 'node:path'
import { at, loadExample, run } from './helpers'

const FILE = resolve(import.meta.dirname, '../../../examples/raj2006-np-nic.iovlab.json')

describe('examples/raj2006-np-nic.iovlab.json', () => {
  it('loads with no problems', async () => {
    const r = await loadProject(FILE)
    expect(r.problems).toEqual([])
    expect(r.ok).toBe(true)
  })

  it('has the experiments CONTRACTS.md names', () => {
    const p = loadExample('raj2006-np-nic.iovlab.json')
    expect(p.experiments.map((e) => e.id)).toEqual(['latency-vs-guests', 'throughput-vs-guests', 'id-bits', 'irq-cost-vs-vifs'])
  })

  it('sweeps guests 1…32 against the four variants', () => {
    const p = loadExample('raj2006-np-nic.iovlab.json')
    for (const id of ['latency-vs-guests', 'throughput-vs-guests']) {
      const sweep = p.experiments.find((e) => e.id === id)!.sweep
      expect(sweep[0]['variables.guests']).toEqual([1, 2, 4, 8, 16, 32])
      expect(sweep[1]['variables.variant']).toEqual(['self-virtualized', 'driver-domain-up', 'driver-domain-smp', 'dom0'])
    }
  })

  it.each(['latency-vs-guests', 'throughput-vs-guests', 'id-bits', 'irq-cost-vs-vifs'])('%s runs and reports every contract metric', (id) => {
    const p = at(loadExample('raj2006-np-nic.iovlab.json'), { [`experiments.${id}.duration`]: '50ms', [`experiments.${id}.warmup`]: '10ms' })
    const m = run(p, id)
    for (const k of ['rtt_median_us', 'rtt_p99_us', 'goodput_mbps', 'cpu_util', 'vm_exits', 'irqs_physical', 'irqs_virtual',
      'signals_redundant', 'irq_virt_us', 'bytes_copied', 'pci_read_bytes', 'pci_write_bytes', 'credential_checks',
      'credential_denials', 'io_page_faults', 'drops', 'stage_us', 'me_egress_us', 'me_ingress_us']) expect(m, k).toHaveProperty(k)
    const cpu = m.cpu_util as Record<string, number>
    for (const k of ['cpu0', 'cpu1', 'cpu2', 'cpu3', 'dom0', 'guests', 'hypervisor']) expect(cpu[k], k).toBeGreaterThanOrEqual(0)
  })
})
