// The rotating disk model (issue 11): seek curve, rotation, media rate, NCQ reordering,
// read-ahead, the write cache, PCI accounting and determinism, driven directly on the device.
import { describe, expect, it } from 'vitest'
import { RngStreams } from '../../../../core/sim'
import { BlockOp } from '../../../../core/models/storage/block'
import { defaultParams } from '../../../../core/models/catalog'
import { diskGeometry } from '../../../../core/models/storage/disk/disk-model'
import { disk, drive, prober } from './harness'

const GiB = 1024 ** 3, MiB = 1024 ** 2

describe('disk mechanics', () => {
  it('seek time grows with distance along a + b·√(d / C) and averages the datasheet figure over random seeks', () => {
    const { d } = disk()
    const g = d.geometry
    const seeks = [1, 10, 100, 1000, g.cylinders - 1].map((c) => d.seekNs(c))
    for (let i = 1; i < seeks.length; i++) expect(seeks[i]).toBeGreaterThan(seeks[i - 1])
    expect(d.seekNs(0)).toBe(0)
    expect(seeks[0]).toBeCloseTo(1e6 + g.seekB * Math.sqrt(1 / g.cylinders), 0)
    // Monte Carlo over uniform head positions: the mean is the datasheet's 8.5 ms average (±2 %)
    const rng = new RngStreams(7).stream('seek')
    let sum = 0
    const n = 20_000
    for (let i = 0; i < n; i++) {
      d.headCyl = rng.below(g.cylinders)
      sum += d.seekNs(rng.below(g.cylinders))
    }
    expect(sum / n / 8.5e6).toBeGreaterThan(0.98)
    expect(sum / n / 8.5e6).toBeLessThan(1.02)
  })

  it('a far request seeks longer than a near one (through the model, from the head at cylinder 0)', () => {
    const near = disk(), far = disk()
    prober(near.d, near.e)(BlockOp.Read, 10 * MiB, 4096)
    prober(far.d, far.e)(BlockOp.Read, 400 * GiB, 4096)
    expect(far.d.seekNsTotal).toBeGreaterThan(near.d.seekNsTotal * 3)
  })

  it('rotational latency averages half a revolution for random requests (8.33 ms at 7,200 rpm)', () => {
    const { d, e } = disk()
    const r = drive(d, e, { pattern: 'randread', depth: 1, durationNs: 3e9 })
    const meanRot = d.rotationNsTotal / (r.completions + 1)
    expect(meanRot / (60e9 / 7200 / 2)).toBeGreaterThan(0.9)
    expect(meanRot / (60e9 / 7200 / 2)).toBeLessThan(1.1)
    // a random 4 KiB read costs ≈ overhead + seek + half a turn ≈ 0.1 + 8.5 + 4.2 ms
    expect(r.meanUs).toBeGreaterThan(11_500)
    expect(r.meanUs).toBeLessThan(14_500)
  })

  it('random reads are far slower than sequential ones, which stream at the media rate through read-ahead', () => {
    const rand = disk(), seq = disk(), big = disk()
    const r = drive(rand.d, rand.e, { pattern: 'randread', depth: 1, durationNs: 1e9 })
    const s = drive(seq.d, seq.e, { pattern: 'read', depth: 1, durationNs: 1e9 })
    expect(s.iops).toBeGreaterThan(50 * r.iops)
    expect(seq.d.readAheadHits).toBeGreaterThan(s.completions * 0.9)
    // 1 MiB sequential reads: close to the 125 MB/s media rate
    const b = drive(big.d, big.e, { pattern: 'read', bytes: MiB, depth: 2, durationNs: 1e9 })
    const mbps = (b.iops * MiB) / 1e6
    expect(mbps).toBeGreaterThan(100)
    expect(mbps).toBeLessThanOrEqual(126)
  })

  it('queued commands are reordered: shortest access time first beats shortest seek, which beats arrival order', () => {
    const run = (scheduling: string) => { const { d, e } = disk({ scheduling }); return drive(d, e, { pattern: 'randread', depth: 32, durationNs: 2e9 }).iops }
    const satf = run('satf'), sstf = run('sstf'), fifo = run('fifo')
    expect(satf).toBeGreaterThan(sstf)
    expect(sstf).toBeGreaterThan(fifo * 1.3)
    expect(satf).toBeGreaterThan(fifo * 2)
    // and queue depth helps a reordering disk (NCQ), not a FIFO one much
    const { d, e } = disk()
    const qd1 = drive(d, e, { pattern: 'randread', depth: 1, durationNs: 2e9 }).iops
    expect(satf).toBeGreaterThan(2 * qd1)
  })

  it('the write cache completes writes from the buffer, destages them later, and a flush waits for them', () => {
    const off = disk(), on = disk({ writeCache: true })
    const slow = drive(off.d, off.e, { pattern: 'randwrite', depth: 1, durationNs: 1e9 })
    const fast = drive(on.d, on.e, { pattern: 'randwrite', depth: 1, durationNs: 20e6 })
    expect(fast.meanUs).toBeLessThan(slow.meanUs / 20)
    expect(on.d.dirty).toBeGreaterThan(0)
    // a flush now waits until everything is on the platters
    const { d, e } = disk({ writeCache: true })
    const probe = prober(d, e)
    probe(BlockOp.Write, 0, 4096)
    probe(BlockOp.Write, 300 * GiB, 4096)
    expect(d.dirty).toBe(0) // drained while the probe ran to idle
    const d2 = disk({ writeCache: true })
    let flushed = -1
    d2.d.bindQueue(0, { complete: (r) => { if (d2.e.blocks.op[r] === BlockOp.Flush) flushed = d2.e.sim.now }, interrupt: () => {} })
    for (let i = 0; i < 4; i++) d2.d.submit(0, d2.e.blocks.alloc(BlockOp.Write, i * 100 * GiB, 4096, 0, 0))
    d2.d.submit(0, d2.e.blocks.alloc(BlockOp.Flush, 0, 0, 0, 0))
    d2.e.sim.run()
    expect(flushed).toBeGreaterThan(4 * 5e6) // four random destages of several ms each
    // with the cache off a flush is only the command overhead
    const d3 = disk()
    expect(prober(d3.d, d3.e)(BlockOp.Flush, 0, 0)).toBe(Number(defaultParams('disk').commandOverhead))
  })

  it('a full write cache makes writes wait for destages', () => {
    const small = disk({ writeCache: true, cacheSize: 1 * MiB }), large = disk({ writeCache: true, cacheSize: 64 * MiB })
    const a = drive(small.d, small.e, { pattern: 'randwrite', depth: 4, durationNs: 1e9 })
    const b = drive(large.d, large.e, { pattern: 'randwrite', depth: 4, durationNs: 1e9 })
    expect(b.iops).toBeGreaterThan(a.iops * 2)
  })

  it('moves data over the host PCI bus and counts it, and is deterministic', () => {
    const x = disk(), y = disk()
    const a = drive(x.d, x.e, { pattern: 'randrw', depth: 8, durationNs: 5e8, seed: 3 })
    const b = drive(y.d, y.e, { pattern: 'randrw', depth: 8, durationNs: 5e8, seed: 3 })
    expect(a).toEqual(b)
    expect(x.e.stats.counters.pciWriteBytes).toBeGreaterThan(0)
    expect(x.e.stats.counters.pciReadBytes).toBeGreaterThan(0)
    expect(x.e.stats.counters.pciWriteBytes % 4096).toBe(0)
  })

  it('refuses a second owner of its queue and commands beyond its depth', () => {
    const { d, e } = disk({ queueDepth: 2 })
    d.bindQueue(0, { complete: () => {}, interrupt: () => {} })
    expect(() => d.bindQueue(0, { complete: () => {}, interrupt: () => {} })).toThrow(/already owned/)
    expect(() => d.bindQueue(1, { complete: () => {}, interrupt: () => {} })).toThrow(/no queue 1/)
    d.submit(0, e.blocks.alloc(BlockOp.Read, 0, 4096, 0, 0))
    d.submit(0, e.blocks.alloc(BlockOp.Read, 0, 4096, 0, 0))
    expect(() => d.submit(0, e.blocks.alloc(BlockOp.Read, 0, 4096, 0, 0))).toThrow(/depth/)
  })

  it('derives its geometry from the parameters', () => {
    const g = diskGeometry(defaultParams('disk') as never)
    expect(g.revNs).toBeCloseTo(60e9 / 7200, 3)
    expect(g.trackBytes).toBe(Math.round(125e6 * (60 / 7200)))
    expect(g.seekA + g.seekB * (8 / 15)).toBeCloseTo(8.5e6, 0)
  })
})
