// Memory overcommit under device assignment (issue 12; core/models/host/io-page-fault.ts,
// core/techniques/common/guest-dma.ts): end-to-end mechanisms on the isolation example's
// pass-through guest and on a pass-through NVMe disk.
import { describe, expect, it } from 'vitest'
import type { Project } from '../../../core/project/index'
import { runScenario, type Metrics } from '../../../core/scenario/index'
import { at, loadExample } from '../scenario/helpers'
import { blockProject } from '../scenario/block-fixture'

const BASE = loadExample('isolation-and-mobility.iovlab.json')

/** The overcommit experiment at one point: the pass-through guest's DMA memory settings (and host-a's). */
function nicRun(vm: Record<string, unknown>, host: Record<string, unknown> = {}, seed = 12): Metrics {
  const sets: Record<string, unknown> = { 'topology.nodes.nic-p.params.ringSlots': 64 }
  for (const [k, v] of Object.entries(vm)) sets[`topology.nodes.rogue-vm.params.${k}`] = v
  for (const [k, v] of Object.entries(host)) sets[`topology.nodes.host-a.params.${k}`] = v
  const p: Project = at(BASE, sets)
  return runScenario({ project: p, experimentId: 'overcommit', seed }).metrics
}

const n = (m: Metrics, k: string): number => m[k] as number
const stage = (m: Metrics, s: string): number => (m.stage_us as Record<string, number>)[s] ?? 0
const exits = (m: Metrics, r: string): number => (m.vm_exits_by_reason as Record<string, number>)[r] ?? 0

describe('I/O page faults on a pass-through NIC', () => {
  const pinned = nicRun({})
  const r = [0.9, 0.7, 0.5].map((residentFraction) => nicRun({ dmaMemory: 'io-page-faults', residentFraction }))

  it('pinned memory never faults', () => {
    expect(n(pinned, 'io_page_faults')).toBe(0)
    expect(stage(pinned, 'io_page_fault')).toBe(0)
    expect(exits(pinned, 'ept_violation')).toBe(0)
  })

  it('fewer resident pages: more faults (device and CPU), a longer mean and tail', () => {
    const faults = r.map((m) => n(m, 'io_page_faults') + exits(m, 'ept_violation'))
    expect(faults[0]).toBeLessThan(faults[1])
    expect(faults[1]).toBeLessThan(faults[2])
    const mean = r.map((m) => n(m, 'rtt_mean_us'))
    expect(mean[0]).toBeLessThan(mean[1])
    expect(mean[1]).toBeLessThan(mean[2])
    expect(n(r[2], 'rtt_p99_us')).toBeGreaterThan(n(pinned, 'rtt_p99_us') + 50) // a fault costs ~107 µs
    expect(n(r[0], 'rtt_p99_us')).toBeLessThan(n(r[2], 'rtt_p99_us'))
  })

  it('a fault stalls the receive queue for 3 PCIe round trips, the handler\'s work and the page-in', () => {
    // 3 × 700 ns + 14 000 cycles at 2.8 GHz + 100 µs swap-in, when faults do not queue
    expect(stage(r[2], 'io_page_fault')).toBeGreaterThanOrEqual(107.1 - 0.01)
    expect(stage(r[2], 'io_page_fault')).toBeLessThan(107.1 * 1.5)
    const zero = nicRun({ dmaMemory: 'io-page-faults', residentFraction: 0.5 }, { pageInSource: 'zero-fill' })
    expect(stage(zero, 'io_page_fault')).toBeLessThan(15)
  })

  it('a NIC that cannot hold a faulting frame drops it; TCP recovers the segment', () => {
    // a stream into the guest (a ping has no timeout: one lost probe would end it)
    const run = (rx: string): Metrics => {
      const p = at(BASE, {
        'topology.nodes.nic-p.params.ringSlots': 64, 'topology.nodes.rogue-vm.params.dmaMemory': 'io-page-faults',
        'topology.nodes.rogue-vm.params.residentFraction': 0.5, 'topology.nodes.host-a.params.ioPageFaultRx': rx
      })
      const e = p.experiments.find((x) => x.id === 'overcommit')!
      e.sweep = []
      e.duration = '100ms'
      e.workloads = [{ id: 'st', kind: 'stream', pattern: 'n,n:1x1', clients: 'echo-b', servers: 'rogue-vm', params: { minRto: '1ms' } }] as typeof e.workloads
      return runScenario({ project: p, experimentId: 'overcommit', seed: 12 }).metrics
    }
    const stall = run('stall'), drop = run('drop')
    expect(n(stall, 'drops')).toBe(0)
    expect(n(drop, 'drops')).toBeGreaterThan(0)
    expect(n(drop, 'drops')).toBeGreaterThanOrEqual(n(drop, 'io_page_faults'))
    expect(stage(drop, 'io_page_fault')).toBe(0)
    expect(stage(stall, 'io_page_fault')).toBeGreaterThan(10) // frames stalled behind a fault wait out its remainder
  })
})

describe('an SR-IOV virtual function', () => {
  it('faults the same way: a VF\'s queue is the guest\'s own, its DMA translated in the guest\'s context', () => {
    const shootout = loadExample('technique-shootout.iovlab.json')
    const run = (mode: string): Metrics => {
      const sets: Record<string, unknown> = { 'variables.nicTechnique': 'sriov', 'topology.nodes.nic-a.params.ringSlots': 8, 'topology.nodes.nic-b.params.ringSlots': 8 }
      for (const side of ['a', 'b']) {
        sets[`topology.nodes.nic-guests-${side}.params.dmaMemory`] = mode
        sets[`topology.nodes.nic-guests-${side}.params.residentFraction`] = mode === 'pinned' ? 1 : 0.5
        sets[`topology.nodes.nic-guests-${side}.params.memorySize`] = '1MiB'
      }
      const p = at(shootout, sets)
      p.experiments.push({
        id: 'x', name: 'x', replications: 1, stop: {}, sweep: [], duration: '50ms', warmup: '5ms',
        workloads: [{ id: 'ping', kind: 'ping', pattern: 'n,n:1x1', clients: 'nic-guests-a', servers: 'nic-guests-b', params: { probeBytes: '64B', waitMax: '1ms' } }]
      } as Project['experiments'][number])
      return runScenario({ project: p, experimentId: 'x', seed: 4 }).metrics
    }
    const pinned = run('pinned'), faulting = run('io-page-faults'), viommu = run('viommu')
    expect(n(pinned, 'io_page_faults')).toBe(0)
    expect(n(faulting, 'io_page_faults')).toBeGreaterThan(0)
    expect(n(faulting, 'rtt_mean_us')).toBeGreaterThan(n(pinned, 'rtt_mean_us'))
    expect(n(viommu, 'io_page_faults')).toBe(0)
    expect(exits(viommu, 'viommu')).toBeGreaterThan(0)
  })
})

describe('the vIOMMU', () => {
  const pinned = nicRun({})
  const modes = ['strict', 'deferred', 'optimistic'].map((viommuMode) => nicRun({ dmaMemory: 'viommu', residentFraction: 0.5, viommuMode }))

  it('never takes an I/O page fault: the device only ever sees mapped, pinned buffers', () => {
    for (const m of modes) expect(n(m, 'io_page_faults')).toBe(0)
  })

  it('pays a trapped map per buffer (strict: and an unmap), fewer with optimistic teardown', () => {
    const per = modes.map((m) => exits(m, 'viommu') / n(m, 'probes'))
    // one transmit and one receive buffer per probe answered
    expect(per[0]).toBeGreaterThan(3.9)
    expect(per[0]).toBeLessThan(4.1)
    expect(per[1]).toBeGreaterThan(1.95)
    expect(per[1]).toBeLessThan(2.1)
    expect(per[2]).toBeLessThan(per[1])
    const median = modes.map((m) => n(m, 'rtt_median_us'))
    expect(median[0]).toBeGreaterThan(median[1])
    expect(median[1]).toBeGreaterThan(n(pinned, 'rtt_median_us'))
    // deferred: two trapped maps on the guest's path per round trip, each a VM exit (1 000 cycles),
    // the emulation (8 400) and the exit's indirect cost (2 000) at 2.8 GHz: ≈ 8.1 µs
    expect(median[1] - n(pinned, 'rtt_median_us')).toBeGreaterThan(8.1 - 1.5)
    expect(median[1] - n(pinned, 'rtt_median_us')).toBeLessThan(8.1 + 1.5)
  })
})

describe('I/O page faults and the vIOMMU on a pass-through NVMe disk', () => {
  // a 1 MiB guest touching 1 GB/s of its memory: its four request buffers are reclaimed between uses
  const run = (vm: Record<string, unknown>): Metrics => {
    const p = blockProject({ technique: 'passthrough', duration: '50ms', workload: { queueDepth: 4 } })
    const node = p.topology.nodes.find((x) => x.id === 'vm')!
    node.params = { ...node.params, memorySize: '1MiB', memoryTouchRate: '8000Mbps', ...vm }
    return runScenario({ project: p, experimentId: 'b', seed: 3 }).metrics
  }
  const pinned = run({})
  const faulting = run({ dmaMemory: 'io-page-faults', residentFraction: 0.5 })
  const viommu = run({ dmaMemory: 'viommu', residentFraction: 0.5, viommuMode: 'strict' })

  it('a request whose buffer was reclaimed waits for its page before the device moves data', () => {
    expect(n(pinned, 'io_page_faults')).toBe(0)
    expect(n(faulting, 'io_page_faults')).toBeGreaterThan(20)
    expect(stage(faulting, 'io_page_fault')).toBeGreaterThan(50) // requests stalled behind a fault wait out its remainder
    expect(n(faulting, 'io_latency_p99_us')).toBeGreaterThan(n(pinned, 'io_latency_p99_us') + 50)
    expect(n(faulting, 'iops')).toBeLessThan(n(pinned, 'iops'))
  })

  it('with the vIOMMU each request maps and unmaps its buffer (strict: two traps) and never faults', () => {
    expect(n(viommu, 'io_page_faults')).toBe(0)
    const ops = n(viommu, 'iops') * 0.048 // the measured 48 ms
    expect(exits(viommu, 'viommu') / ops).toBeGreaterThan(1.9)
    expect(exits(viommu, 'viommu') / ops).toBeLessThan(2.1)
  })
})
