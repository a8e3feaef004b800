// The storage array (issue 11): a target behind Ethernet links with its controller, cache and
// striped disks, and the initiator's CPU on the host.
import { describe, expect, it } from 'vitest'
import { BlockOp } from '../../../../core/models/storage/block'
import { arrayInitiator } from '../../../../core/models/storage/array/initiator'
import { array, drive, env, hostWithDomain } from './harness'

const KiB = 1024, MiB = 1024 ** 2

const lastDone = new WeakMap<object, { t: number }>()
function probeArray(a: ReturnType<typeof array>, op: BlockOp, off: number, bytes: number): number {
  let last = lastDone.get(a.d)
  if (last === undefined) {
    const l = { t: -1 }
    lastDone.set(a.d, (last = l))
    a.d.openSession('h', { complete: (r) => { l.t = a.e.sim.now; a.e.blocks.release(r) }, interrupt: () => {} })
  }
  const start = a.e.sim.now
  a.d.submit(0, a.e.blocks.alloc(op, off, bytes, 0, start))
  a.e.sim.run()
  return last.t - start
}

describe('storage array', () => {
  it('request and data cross the link: a slower link adds the serialization of the message, more hops add theirs', () => {
    // write the data first so the read is a cache hit (no disk in the difference)
    const fast = array({}, { bps: 1e9 }), slow = array({}, { bps: 100e6 }), far = array({}, { bps: 1e9, hops: 3 })
    for (const a of [fast, slow, far]) probeArray(a, BlockOp.Write, 0, 64 * KiB)
    const [f, s, h] = [fast, slow, far].map((a) => probeArray(a, BlockOp.Read, 0, 64 * KiB))
    // 64 KiB + 88 header bytes in 44 frames of 38 framing bytes: ≈ 4.9 ms more at 100 Mb/s than at 1 Gb/s (9 × 0.54 ms)
    const wire = (64 * KiB + 88 + 44 * 38) * 8, request = (88 + 38) * 8
    expect(s - f).toBeCloseTo((wire + request) / 100e6 * 1e9 - (wire + request) / 1e9 * 1e9, -3)
    // two more store-and-forward hops each way: the request's header and the response's data twice more
    expect(h - f).toBeGreaterThan(2 * (wire / 1e9 * 1e9))
    expect(fast.d.cacheHits).toBe(1)
  })

  it('reads miss to the striped disks (milliseconds), then hit the controller cache', () => {
    const a = array()
    const far = 1800 * 1024 * MiB // on disk 0, near the end of its travel
    const miss = probeArray(a, BlockOp.Read, far, 4 * KiB)
    const hit = probeArray(a, BlockOp.Read, far, 4 * KiB)
    expect(miss).toBeGreaterThan(2_000_000)
    expect(hit).toBeLessThan(300_000)
    expect([a.d.cacheMisses, a.d.cacheHits]).toEqual([1, 1])
  })

  it('writes are acknowledged from the battery-backed cache and destaged to the disks', () => {
    const a = array()
    const w = probeArray(a, BlockOp.Write, 100 * MiB, 4 * KiB)
    expect(w).toBeLessThan(300_000)
    expect(a.d.dirty).toBe(0) // destaged while the probe ran to idle
    expect(a.d.disks.reduce((n, d) => n + d.completed, 0)).toBe(1)
  })

  it('a full cache makes writes wait for destages', () => {
    // a 10 Gb/s link so that the cache, not the link, decides (the host NIC's 533 MB/s DMA then caps the large cache)
    const small = array({ cacheSize: 64 * MiB }, { bps: 10e9 }), big = array({ cacheSize: 64 * 1024 * MiB }, { bps: 10e9 })
    const load = { pattern: 'randwrite' as const, bytes: 256 * KiB, depth: 8, sessions: true, durationNs: 1e9 }
    const s = drive(small.d, small.e, load), b = drive(big.d, big.e, load)
    expect(b.iops).toBeGreaterThan(s.iops * 1.5)
    expect(b.iops * 256 * KiB).toBeLessThan(4.264e9 / 8)
    expect(small.d.dirty).toBeGreaterThan(60 * MiB)
  })

  it('stripes a large request over several disks', () => {
    const a = array()
    probeArray(a, BlockOp.Read, 0, 512 * KiB)
    expect(a.d.disks.filter((d) => d.completed > 0).length).toBe(8)
  })

  it('throughput is bounded by the link: sequential 64 KiB cached reads stay under 1 Gb/s of payload', () => {
    const a = array({}, { bps: 1e9 })
    const r = drive(a.d, a.e, { pattern: 'read', bytes: 64 * KiB, depth: 8, workingSet: 4 * MiB, sessions: true, warmupNs: 2e8, durationNs: 2e8 })
    const payloadBps = r.iops * 64 * KiB * 8
    expect(payloadBps).toBeLessThan(1e9)
    expect(payloadBps).toBeGreaterThan(0.85e9)
  })

  it('the initiator charges its CPU on the domain and adds it to each command\'s latency', () => {
    const run = (cycles: number) => {
      const a = array({ initiatorSubmitCycles: cycles, initiatorCompleteCycles: cycles, initiatorCyclesPerKiB: 0 }, {}, env())
      const { host, domain } = hostWithDomain(a.e)
      const t = arrayInitiator({ blocks: a.e.blocks, stats: a.e.stats, host, domain, array: a.d })
      const r = drive(a.d, a.e, { pattern: 'randread', depth: 1, workingSet: 1 * MiB, targets: [t], warmupNs: 5e7, durationNs: 5e7 })
      return { r, busy: host.accounts, t }
    }
    const cheap = run(0), dear = run(28_000)
    // two × 28,000 cycles at 2.8 GHz = 20 µs more per command
    expect(dear.r.meanUs - cheap.r.meanUs).toBeCloseTo(20, 0)
    expect(dear.t.session).toBe(0)
    expect(dear.r.completions).toBeGreaterThan(100)
  })

  it('the initiator keeps at most the session depth outstanding; more wait in order', () => {
    const a = array({ queueDepth: 4 })
    const { host, domain } = hostWithDomain(a.e)
    const t = arrayInitiator({ blocks: a.e.blocks, stats: a.e.stats, host, domain, array: a.d })
    const done: number[] = []
    for (let i = 0; i < 10; i++) t.submit(a.e.blocks.alloc(BlockOp.Read, i * 4096, 4096, 0, 0), (r) => done.push(r))
    expect(t.backlog).toBe(6)
    a.e.sim.run({ until: 1e9 })
    expect(done.length).toBe(10)
    expect(t.backlog).toBe(0)
  })

  it('refuses a host without a path and more sessions than it accepts', () => {
    const a = array({ sessions: 1 })
    expect(() => a.d.openSession('other', { complete: () => {}, interrupt: () => {} })).toThrow(/cannot be reached from host "other"/)
    a.d.openSession('h', { complete: () => {}, interrupt: () => {} })
    expect(() => a.d.openSession('h', { complete: () => {}, interrupt: () => {} })).toThrow(/accepts 1 sessions/)
  })

  it('is deterministic', () => {
    const x = array(), y = array()
    const run = (a: typeof x) => drive(a.d, a.e, { pattern: 'randrw', depth: 8, workingSet: 64 * MiB, sessions: true, durationNs: 2e8, seed: 4 })
    expect(run(x)).toEqual(run(y))
  })
})
