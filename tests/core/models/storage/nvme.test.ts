// The NVMe model (issue 11): command fetch over PCI, queue pairs that are independent, SR-IOV
// VFs as further queue pairs, MSI-X per queue with aggregation, and the datasheet envelope.
import { describe, expect, it } from 'vitest'
import { BlockOp } from '../../../../core/models/storage/block'
import { SQE_BYTES } from '../../../../core/models/storage/nvme/nvme-model'
import { setBlockDmaContext } from '../../../../core/models/storage/device-base'
import { Iommu } from '../../../../core/models/host/iommu'
import { defaultParams } from '../../../../core/models/catalog'
import { drive, env, nvme, prober } from './harness'

/** A host whose PCI(e) fabric is no bottleneck (the catalog's 2006 host has a 533 MB/s PCI bus). */
const PCIE_HOST = { pciBusBandwidth: 64e9 }

describe('nvme', () => {
  it('a random 4 KiB read at queue depth 1 takes ≈ 110 µs (AnandTech measured ≈ 112 µs on a P3700; tR was set from it)', () => {
    const { d, e } = nvme()
    const r = drive(d, e, { pattern: 'randread', depth: 1, durationNs: 1e8 })
    expect(r.meanUs).toBeGreaterThan(100)
    expect(r.meanUs).toBeLessThan(125)
  })

  it('4 KiB random reads over 4 queues at depth 32 reach the datasheet\'s 460 K IOPS envelope (±25 %)', () => {
    const { d, e } = nvme({}, env(PCIE_HOST))
    const r = drive(d, e, { pattern: 'randread', depth: 32, queues: [0, 1, 2, 3], durationNs: 5e7 })
    expect(r.iops / 460_000).toBeGreaterThan(0.75)
    expect(r.iops / 460_000).toBeLessThan(1.25)
    // on the catalog's 2006 host the 533 MB/s PCI bus caps it: 4,112 bytes per read
    const old = nvme()
    const o = drive(old.d, old.e, { pattern: 'randread', depth: 32, queues: [0, 1, 2, 3], durationNs: 5e7 })
    expect(o.iops).toBeLessThan(4.264e9 / 8 / 4112 * 1.01)
    expect(o.iops).toBeGreaterThan(4.264e9 / 8 / 4112 * 0.8)
  })

  it('fetches each command over the PCI bus after its doorbell (64 bytes towards the device)', () => {
    const { d, e } = nvme()
    const probe = prober(d, e)
    probe(BlockOp.Read, 0, 4096)
    expect(e.stats.counters.pciReadBytes).toBe(SQE_BYTES)
    expect(e.stats.counters.pciWriteBytes).toBe(4096 + 16)
    probe(BlockOp.Write, 0, 4096)
    expect(e.stats.counters.pciReadBytes).toBe(2 * SQE_BYTES + 4096)
  })

  it('queue pairs are independent: each its own sink, depth and interrupts; a full queue does not block another', () => {
    const { d, e } = nvme({ queueDepth: 4 })
    const seen = [0, 0]
    const irqs = [0, 0]
    for (const q of [0, 1]) d.bindQueue(q, { complete: (r) => { seen[q]++; e.blocks.release(r) }, interrupt: () => { irqs[q]++ } })
    for (let i = 0; i < 4; i++) d.submit(0, e.blocks.alloc(BlockOp.Read, i * 65536, 4096, 0, 0))
    expect(() => d.submit(0, e.blocks.alloc(BlockOp.Read, 0, 4096, 0, 0))).toThrow(/depth/)
    d.submit(1, e.blocks.alloc(BlockOp.Read, 1 << 20, 4096, 1, 0))
    e.sim.run()
    expect(seen).toEqual([4, 1])
    expect(irqs).toEqual([4, 1])
    expect(Array.from(d.interrupts.slice(0, 2))).toEqual([4, 1])
    // the same load on one or two queues moves the same work (the flash is shared)
    const one = nvme(), two = nvme()
    const a = drive(one.d, one.e, { pattern: 'randread', depth: 16, queues: [0], durationNs: 2e7 })
    const b = drive(two.d, two.e, { pattern: 'randread', depth: 8, queues: [0, 1], durationNs: 2e7 })
    expect(b.iops).toBeCloseTo(a.iops, -4)
    expect(b.perQueue[0]).toBeCloseTo(b.perQueue[1], -4)
  })

  it('SR-IOV VFs are further queue pairs a VF owner binds, sharing the controller and flash', () => {
    const { d, e } = nvme({ vfCount: 4 })
    expect(d.queueCount).toBe(31 + 4)
    expect(d.vfQueue(0)).toBe(31)
    expect(d.vfQueue(3)).toBe(34)
    expect(() => d.vfQueue(4)).toThrow(/4 virtual functions/)
    expect(() => nvme().d.vfQueue(0)).toThrow(/raise its "vfCount"/)
    const r = drive(d, e, { pattern: 'randread', depth: 8, queues: [0, d.vfQueue(0), d.vfQueue(1)], durationNs: 2e7 })
    expect(r.perQueue.every((x) => x > 0)).toBe(true)
    expect(() => d.bindQueue(d.vfQueue(0), { complete: () => {}, interrupt: () => {} })).toThrow(/already owned/)
  })

  it('interrupt aggregation (Feature 08h) fires one MSI-X interrupt per threshold completions, or at the time limit', () => {
    const off = nvme(), on = nvme({ irqCoalesceCount: 8, irqCoalesceTime: 100_000 })
    const a = drive(off.d, off.e, { pattern: 'randread', depth: 32, durationNs: 2e7 })
    const b = drive(on.d, on.e, { pattern: 'randread', depth: 32, durationNs: 2e7 })
    expect(a.interrupts).toBe(a.completions)
    expect(b.interrupts).toBeLessThan(b.completions / 7)
    // at depth 1 the threshold is never reached: the time limit fires each interrupt
    const lone = nvme({ irqCoalesceCount: 8, irqCoalesceTime: 100_000 })
    let irqAt = -1
    lone.d.bindQueue(0, { complete: () => {}, interrupt: () => { irqAt = lone.e.sim.now } })
    lone.d.submit(0, lone.e.blocks.alloc(BlockOp.Read, 0, 4096, 0, 0))
    lone.e.sim.run()
    expect(irqAt).toBeGreaterThan(100_000 + 90_000)
  })

  it('writes are acknowledged from the power-loss-protected buffer; sustained they go at the program rate', () => {
    const { d, e } = nvme()
    expect(prober(d, e)(BlockOp.Write, 0, 4096)).toBeLessThan(15_000)
    const s = nvme({ writeBuffer: 8 * 1024 * 1024 }, env(PCIE_HOST))
    const r = drive(s.d, s.e, { pattern: 'randwrite', depth: 32, queues: [0, 1, 2, 3], warmupNs: 1e8, durationNs: 1e8 })
    // 54 dies × 16 KiB pages / 1.2 ms ≈ 180 K writes/s of 4 KiB (datasheet: 175 K)
    expect(r.iops / 180_000).toBeGreaterThan(0.85)
    expect(r.iops / 180_000).toBeLessThan(1.02)
  })

  it('a guest-owned queue\'s DMA goes through the IOMMU: command, data and completion pages miss, then hit the IOTLB', () => {
    const { d, e } = nvme({ vfCount: 1 })
    d.iommu = new Iommu({ ...defaultParams('host'), iotlbEntries: 64 }, e.stats.counters)
    const q = d.vfQueue(0)
    setBlockDmaContext(d, q, 7)
    const probe = prober(d, e, q)
    const first = probe(BlockOp.Read, 0, 4096)
    expect(e.stats.counters.iotlbMisses).toBe(3) // SQ entry, data page, CQ entry
    // the driver domain's queue 0 is not translated
    const plain = nvme()
    const base = prober(plain.d, plain.e)(BlockOp.Read, 0, 4096)
    expect(first - base).toBe(3 * Number(defaultParams('host').iotlbMissLatency))
    expect(plain.e.stats.counters.iotlbMisses).toBe(0)
    expect(() => setBlockDmaContext(d, 99, 1)).toThrow(/no queue 99/)
  })

  it('is deterministic', () => {
    const x = nvme(), y = nvme()
    const run = (m: typeof x) => drive(m.d, m.e, { pattern: 'randrw', depth: 16, queues: [0, 1], durationNs: 1e7, seed: 5 })
    expect(run(x)).toEqual(run(y))
  })
})
