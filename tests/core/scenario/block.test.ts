// End to end on the block-I/O path (issue 11) with a fake NVMe device (block-fixture.ts): the
// fio-like workload on a virtual disk built by native (bare metal / driver domain), pass-through
// and SR-IOV. The techniques' order follows from their mechanisms: bare metal has no exits, no
// interrupt routing and no IOMMU; a guest owning the device pays the interrupt's external-interrupt
// exit, its injection and EOI exit, and IOTLB misses.
import { describe, expect, it } from 'vitest'
import { blockProject, runBlock } from './block-fixture'
import type { Metrics } from '../../../core/scenario/types'

const n = (m: Metrics, k: string): number => {
  const v = m[k]
  if (typeof v !== 'number') throw new Error(`${k} is ${JSON.stringify(v)}`)
  return v
}

describe('block workload end to end', () => {
  const bare = runBlock(blockProject({ technique: 'native', virtualized: false, driverDomain: true, workload: { queueDepth: 1 } })).result.metrics
  const pt = runBlock(blockProject({ technique: 'passthrough', workload: { queueDepth: 1 } })).result.metrics
  const vf = runBlock(blockProject({ technique: 'sriov', workload: { queueDepth: 1 } })).result.metrics

  it('measures every block metric', () => {
    for (const m of [bare, pt, vf]) {
      for (const k of ['iops', 'io_mbps', 'io_latency_median_us', 'io_latency_p99_us', 'cpu_per_io_us']) expect(n(m, k)).toBeGreaterThan(0)
      expect(n(m, 'io_mbps')).toBeCloseTo((n(m, 'iops') * 4096 * 8) / 1e6, 6)
      const st = m.stage_us as Record<string, number>
      for (const s of ['blk_submit', 'nvme_device', 'blk_complete']) expect(st[s]).toBeGreaterThan(0)
      expect(st.nvme_device).toBeCloseTo(20, 6) // the fake device's fixed service time at queue depth 1
    }
  })

  it('orders bare metal ahead of pass-through and SR-IOV at queue depth 1 (IOPS, latency, CPU per I/O)', () => {
    expect(n(bare, 'iops')).toBeGreaterThan(n(pt, 'iops'))
    expect(n(bare, 'io_latency_median_us')).toBeLessThan(n(pt, 'io_latency_median_us'))
    expect(n(bare, 'cpu_per_io_us')).toBeLessThan(n(pt, 'cpu_per_io_us'))
    // the device (20 µs) dominates: a direct technique stays within a few µs of bare metal
    expect(n(pt, 'io_latency_median_us') - n(bare, 'io_latency_median_us')).toBeLessThan(10)
    // pass-through and an SR-IOV VF run the same guest driver and interrupt path
    expect(Math.abs(n(pt, 'iops') - n(vf, 'iops')) / n(pt, 'iops')).toBeLessThan(0.05)
  })

  it('counts the direct techniques\' exits and IOTLB use; bare metal has none', () => {
    expect(n(bare, 'vm_exits')).toBe(0)
    expect(n(bare, 'iotlb_hits') + n(bare, 'iotlb_misses')).toBe(0)
    expect(n(pt, 'vm_exits')).toBeGreaterThan(0)
    expect(n(pt, 'iotlb_hits') + n(pt, 'iotlb_misses')).toBeGreaterThan(0)
    expect(n(pt, 'irqs_virtual')).toBeGreaterThan(0)
    const st = (m: Metrics): Record<string, number> => m.stage_us as Record<string, number>
    expect(st(pt).blk_iommu).toBeGreaterThanOrEqual(0)
    expect(st(bare).blk_iommu).toBeUndefined()
  })

  it('is deterministic: the same seed gives identical metrics', () => {
    const p = blockProject({ technique: 'passthrough', workload: { pattern: 'randrw', queueDepth: 8, jobs: 2 }, vcpus: 2 })
    const a = runBlock(p, 7).result
    const b = runBlock(p, 7).result
    expect(JSON.stringify(b.metrics)).toBe(JSON.stringify(a.metrics))
    expect(b.events).toBe(a.events)
  })

  it('the driver keeps at most the device queue\'s depth outstanding and queues the rest in software', () => {
    const r = runBlock(blockProject({ technique: 'sriov', workload: { queueDepth: 64 } }), 1, { depth: 8, units: 4 })
    const dev = r.devices.get('ssd')!
    expect(Math.max(...dev.peak)).toBe(8)
    // deeper queues raise IOPS well past queue depth 1, bounded by the device's parallelism (4 units
    // of 20 µs: 200 K IOPS) and here by the guest's one vCPU (≈ 6.5 µs of CPU per I/O: ≈ 150 K IOPS)
    expect(n(r.result.metrics, 'iops')).toBeGreaterThan(3 * n(vf, 'iops'))
    expect(n(r.result.metrics, 'iops')).toBeLessThanOrEqual(200_000 * 1.01)
    const cpu0 = (r.result.metrics.cpu_util as Record<string, number>)['h/cpu0']
    expect(cpu0).toBeGreaterThan(0.99) // the vCPU is the bottleneck
  })

  it('serves a driver domain\'s own disk natively on a virtualized host (event-channel interrupt)', () => {
    const m = runBlock(blockProject({ technique: 'native', driverDomain: true, workload: { queueDepth: 2 } })).result.metrics
    expect(n(m, 'iops')).toBeGreaterThan(0)
    expect(n(m, 'irqs_physical')).toBeGreaterThan(0)
  })

  it('bare metal spreads its jobs over one hardware queue per vCPU (blk-mq), as a pass-through guest does: at load it keeps up with pass-through', () => {
    const load = { pattern: 'randread', queueDepth: 32, jobs: 4 }
    const bm = runBlock(blockProject({ technique: 'native', virtualized: false, driverDomain: true, vcpus: 4, workload: load }), 1, { units: 64 })
    const p4 = runBlock(blockProject({ technique: 'passthrough', vcpus: 4, workload: load }), 1, { units: 64 })
    expect(bm.devices.get('ssd')!.sinks.map((x) => x !== undefined)).toEqual([true, true, true, true, false, false])
    const cpu = bm.result.metrics.cpu_util as Record<string, number>
    for (const c of ['h/cpu0', 'h/cpu1', 'h/cpu2', 'h/cpu3']) expect(cpu[c]).toBeGreaterThan(0.5)
    expect(n(bm.result.metrics, 'iops')).toBeGreaterThanOrEqual(n(p4.result.metrics, 'iops'))
    expect(n(p4.result.metrics, 'iops') / n(bm.result.metrics, 'iops')).toBeGreaterThan(0.7)
  })

  it('gives each SR-IOV guest its own VF queue pair (after the PF\'s), and refuses one past the last VF', () => {
    const r = runBlock(blockProject({ technique: 'sriov', count: 2 }), 1, { queues: 4, vfs: 2 })
    const dev = r.devices.get('ssd')!
    expect(dev.sinks.map((s) => s !== undefined)).toEqual([false, false, false, false, true, true])
    expect(() => runBlock(blockProject({ technique: 'sriov', count: 3 }), 1, { queues: 4, vfs: 2 })).toThrow(/no free virtual function for VM "vm\[2\]".*raise its "vfCount"/)
    expect(() => runBlock(blockProject({ technique: 'sriov' }), 1, { vfs: 0 })).toThrow(/exports no SR-IOV virtual function/)
  })

  it('passes every PF queue of the device to the guest, one per vCPU', () => {
    const r = runBlock(blockProject({ technique: 'passthrough', vcpus: 2, workload: { jobs: 2 } }), 1, { queues: 4, vfs: 2 })
    expect(r.devices.get('ssd')!.sinks.map((s) => s !== undefined)).toEqual([true, true, false, false, false, false])
    expect(n(r.result.metrics, 'iops')).toBeGreaterThan(0)
  })

  it('a working set beyond the virtual disk is a clear scenario error', () => {
    expect(() => runBlock(blockProject({ technique: 'passthrough', workload: { workingSet: '2GiB' } }))).toThrow(/workingSet.*larger than the .* virtual disk/)
  })
})

describe('block metrics per workload and per VM', () => {
  it('breaks the run totals down: the VM\'s copies add up to the total, CPU per I/O stays a run total with its reason', () => {
    const r = runBlock(blockProject({ technique: 'sriov', count: 2, workload: { queueDepth: 4 } }), 1, { queues: 4, vfs: 2 })
    const m = r.result.metrics as Record<string, number | null>
    const vm = Object.keys(m).find((k) => k.startsWith('byVm.') && k.endsWith('.iops'))!
    expect(vm).toBeDefined()
    expect(m[vm]).toBeCloseTo(m.iops as number, 6)
    const wl = Object.keys(m).find((k) => k.startsWith('byWorkload.') && k.endsWith('.io_latency_p99_us'))!
    expect(m[wl]).toBe(m.io_latency_p99_us)
    const cpu = vm.replace(/\.iops$/, '.cpu_per_io_us')
    expect(m[cpu]).toBeNull()
    expect(r.result.missing?.[cpu]).toMatch(/not attributed to one VM/)
  })
})
