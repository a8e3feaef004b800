// The SATA SSD model (issue 11): one NCQ queue, channels × dies parallelism, the write buffer.
import { describe, expect, it } from 'vitest'
import { BlockOp } from '../../../../core/models/storage/block'
import { drive, prober, ssd } from './harness'

const MiB = 1024 ** 2

describe('ssd', () => {
  it('IOPS rises with queue depth until the channels × dies saturate', () => {
    // a fast controller and link so that the flash is the limit: 20 dies, 50 µs sensing + 4 KiB over a 40 MB/s channel
    const fast = { controllerTime: 1000, interfaceRate: 24e9 }
    const at = (depth: number, p: Record<string, number> = {}) => { const { d, e } = ssd({ ...fast, ...p }); return drive(d, e, { pattern: 'randread', depth, durationNs: 3e8 }).iops }
    const q1 = at(1), q4 = at(4), q16 = at(16), q32 = at(32)
    expect(q4).toBeGreaterThan(2.5 * q1)
    expect(q16).toBeGreaterThan(2 * q4)
    expect(q32).toBeGreaterThan(q16)
    // bound: two dies share each channel; a channel moves one 4 KiB page per 102 µs → 10 channels ≈ 98 K/s
    const channelBound = 10 / ((4096 * 8) / 320e6)
    expect(q32).toBeLessThan(channelBound * 1.01)
    expect(q32).toBeGreaterThan(channelBound * 0.8)
    // fewer dies: the same single-request latency, a lower ceiling
    expect(at(1, { channels: 2 })).toBeCloseTo(q1, -2)
    expect(at(32, { channels: 2 })).toBeLessThan(q32 / 3)
    // with the real 300 MB/s SATA link the link caps it first: 2.4 Gb/s / 4 KiB ≈ 73 K/s
    const { d, e } = ssd({ controllerTime: 1000 })
    const linkBound = 2.4e9 / (4096 * 8)
    expect(drive(d, e, { pattern: 'randread', depth: 32, durationNs: 3e8 }).iops).toBeCloseTo(linkBound, -3)
  })

  it('the controller caps IOPS at one command per controllerTime', () => {
    const { d, e } = ssd({ controllerTime: 40_000 })
    const r = drive(d, e, { pattern: 'randread', depth: 32, durationNs: 3e8 })
    expect(r.iops).toBeLessThanOrEqual(25_000 * 1.001)
    expect(r.iops).toBeGreaterThan(24_000)
  })

  it('the write buffer absorbs writes until it is full, then writes go at the program rate', () => {
    const a = ssd(), b = ssd({ writeBuffer: 0 })
    const probeA = prober(a.d, a.e), probeB = prober(b.d, b.e)
    const buffered = probeA(BlockOp.Write, 0, 4096)
    const through = probeB(BlockOp.Write, 0, 4096)
    expect(buffered).toBeLessThan(100_000) // controller + link, no program
    expect(through).toBeGreaterThan(900_000) // a page program
    // sustained random writes: fast while the buffer fills, then bound by 20 dies × 4 KiB / 0.9 ms ≈ 91 MB/s
    const early = ssd(), late = ssd()
    const e1 = drive(early.d, early.e, { pattern: 'randwrite', depth: 8, durationNs: 20e6 })
    const l1 = drive(late.d, late.e, { pattern: 'randwrite', depth: 8, warmupNs: 1e9, durationNs: 5e8 })
    expect(e1.iops).toBeGreaterThan(2 * l1.iops)
    const programBound = (20 * 4096) / 900e-6 / 4096
    expect(l1.iops).toBeLessThan(programBound * 1.02)
    expect(l1.iops).toBeGreaterThan(programBound * 0.85)
    expect(late.d.flash.used).toBeGreaterThan(16 * MiB - 64 * 1024)
  })

  it('a flush completes once the buffer has been programmed', () => {
    const { d, e } = ssd()
    let flushedAt = -1
    d.bindQueue(0, { complete: (r) => { if (e.blocks.op[r] === BlockOp.Flush) flushedAt = e.sim.now }, interrupt: () => {} })
    for (let i = 0; i < 8; i++) d.submit(0, e.blocks.alloc(BlockOp.Write, i * 4096, 4096, 0, 0))
    d.submit(0, e.blocks.alloc(BlockOp.Flush, 0, 0, 0, 0))
    e.sim.run()
    expect(flushedAt).toBeGreaterThan(900_000)
    expect(d.flash.used).toBe(0)
    expect(d.flash.pagesProgrammed).toBe(8)
  })

  it('is deterministic and counts its PCI traffic', () => {
    const x = ssd(), y = ssd()
    expect(drive(x.d, x.e, { pattern: 'randrw', depth: 16, durationNs: 1e8, seed: 9 })).toEqual(drive(y.d, y.e, { pattern: 'randrw', depth: 16, durationNs: 1e8, seed: 9 }))
    expect(x.e.stats.counters.pciWriteBytes).toBeGreaterThan(0)
    expect(x.e.stats.stages.meansUs().ssd_device).toBeGreaterThan(0)
  })
})
