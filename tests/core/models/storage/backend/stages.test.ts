// Mechanism tests of the virtual disk's back-end stages (issue 11) over fake member devices with a
// fixed service time: each stage's CPU lands on the back end's CPU, its extra I/O on the members.
import { describe, expect, it } from 'vitest'
import { BlockOp } from '../../../../../core/models/storage/block'
import { busy, drive, GiB, KiB, MiB, once, rig } from './helpers'

const MS = 1e6
const DISK = 20_000 // ns per request on a fake member

describe('raw and image file', () => {
  it('raw passes a request straight to the device: its latency is the device\'s and no back-end CPU is charged', () => {
    const r = rig()
    expect(once(r, BlockOp.Read, 0, 4 * KiB)).toBeCloseTo(DISK, 6)
    expect(busy(r, r.dom0.vcpus[0].acct)).toBe(0)
  })

  it('an image file charges file-system CPU per request and per byte; the first write to a cluster allocates it with metadata writes', () => {
    const r = rig({ backend: 'image' })
    const perReq = r.host.cyc(Number(r.vdisk.fsCyclesPerRequest) + Number(r.vdisk.fsCyclesPerByte) * 4096)
    const first = once(r, BlockOp.Write, 0, 4 * KiB)
    // data write, then the L2 and refcount writes in parallel on a one-at-a-time disk
    expect(r.disks[0].writes).toBe(1 + Number(r.vdisk.imageMetadataWrites))
    const again = once(r, BlockOp.Write, 8 * KiB, 4 * KiB) // same 64 KiB cluster: allocated
    expect(r.disks[0].writes).toBe(2 + Number(r.vdisk.imageMetadataWrites))
    expect(again).toBeGreaterThanOrEqual(DISK + perReq - 1)
    expect(first).toBeGreaterThan(again + 2 * DISK - 1)
    const pre = rig({ backend: 'image', imagePreallocated: 1 })
    once(pre, BlockOp.Write, 0, 4 * KiB)
    expect(pre.disks[0].writes).toBe(1)
  })
})

describe('buffer cache and durability', () => {
  const wl = { op: BlockOp.Write, depth: 4, durationNs: 50 * MS, workingSet: 1 * GiB }

  it('write-through keeps writes at risk at 0 and completes writes when the device does', () => {
    const r = rig({ cache: 'write-through' })
    const res = drive(r, wl)
    expect(res.completed).toBeGreaterThan(100)
    expect(res.meanLatencyNs).toBeGreaterThan(DISK)
    const m = r.registry.metrics(r.sim.now).metrics
    expect(m.writes_at_risk_mean).toBe(0)
    expect(m.writes_at_risk_peak).toBe(0)
  })

  it('write-back lowers write latency and raises writes at risk above 0 (bounded by the dirty limit)', () => {
    const wt = drive(rig({ cache: 'write-through' }), wl)
    const r = rig({ cache: 'write-back', cacheBytes: 64 * MiB })
    const wb = drive(r, { ...wl, durationNs: 5 * MS })
    expect(wb.meanLatencyNs).toBeLessThan(wt.meanLatencyNs / 3)
    const m = r.registry.metrics(r.sim.now).metrics
    expect(m.writes_at_risk_mean!).toBeGreaterThan(0)
    expect(m.writes_at_risk_peak!).toBeGreaterThan(0)
    // never more dirty than the dirty limit: 20 % of 64 MiB in 4 KiB writes
    expect(m.writes_at_risk_peak!).toBeLessThanOrEqual((0.2 * 64 * MiB) / (4 * KiB))
  })

  it('write-back at the dirty limit throttles writes to the device\'s pace, and the flusher writes them all', () => {
    const r = rig({ cache: 'write-back', cacheBytes: 4 * MiB, cacheFlushDepth: 1 })
    const res = drive(r, { ...wl, durationNs: 200 * MS })
    // 200 ms at one 20 µs write at a time below: ≈ 10 000 writes reach the disk; the guest may be ahead by the dirty set only
    expect(r.disks[0].writes).toBeGreaterThan(9000)
    expect(res.completed - r.disks[0].writes).toBeLessThanOrEqual((0.2 * 4 * MiB) / (4 * KiB) + 4)
  })

  it('a crash reports the writes acknowledged and not yet durable at that instant (none with write-through, null without a crash)', () => {
    const wb = rig({ cache: 'write-back' }, [DISK], { crashAtNs: 3 * MS })
    drive(wb, { ...wl, durationNs: 10 * MS })
    const lost = wb.registry.metrics(wb.sim.now).metrics.writes_lost!
    expect(lost).toBeGreaterThan(0)
    const wt = rig({ cache: 'write-through' }, [DISK], { crashAtNs: 3 * MS })
    drive(wt, { ...wl, durationNs: 10 * MS })
    expect(wt.registry.metrics(wt.sim.now).metrics.writes_lost).toBe(0)
    const none = rig({ cache: 'write-back' })
    drive(none, { ...wl, durationNs: 2 * MS })
    const out = none.registry.metrics(none.sim.now)
    expect(out.metrics.writes_lost).toBeNull()
    expect(out.missing.writes_lost).toMatch(/crashAt/)
  })

  it('write-back flushes dirty data that expired at the next writeback wake-up, without a guest flush', () => {
    const r = rig({ cache: 'write-back', cacheDirtyBackgroundRatio: 0.2, cacheDirtyExpire: 1e9, cacheWritebackInterval: 1e9 })
    for (let i = 0; i < 5; i++) once(r, BlockOp.Write, i * 4096, 4096)
    r.sim.run({ until: 0.9e9 })
    expect(r.disks[0].writes).toBe(0)
    expect(r.registry.atRisk.current).toBe(5)
    r.sim.run({ until: 2.5e9 }) // the wake-up at 1 s finds them younger than 1 s; at 2 s they have expired
    expect(r.disks[0].writes).toBe(5)
    expect(r.registry.atRisk.current).toBe(0)
  })

  it('a guest flush on write-back completes only once every earlier write is durable', () => {
    const r = rig({ cache: 'write-back', cacheDirtyBackgroundRatio: 0.2 })
    for (let i = 0; i < 10; i++) once(r, BlockOp.Write, i * 4096, 4096)
    expect(r.disks[0].writes).toBe(0) // below the background threshold, nothing flushed yet
    const lat = once(r, BlockOp.Flush, 0, 0)
    expect(r.disks[0].writes).toBe(10)
    expect(r.disks[0].flushes).toBe(1)
    expect(lat).toBeGreaterThanOrEqual(11 * DISK)
    expect(r.registry.atRisk.current).toBe(0)
  })

  it('a write larger than the whole dirty limit is still admitted when nothing else is dirty', () => {
    const r = rig({ cache: 'write-back', cacheBytes: 64 * KiB })
    const lat = once(r, BlockOp.Write, 0, 64 * KiB)
    const through = once(rig({ cache: 'write-through', cacheBytes: 64 * KiB }), BlockOp.Write, 0, 64 * KiB)
    expect(lat).toBeGreaterThan(0)
    expect(lat).toBeCloseTo(through - DISK, 6) // the copy into the cache, without the device
    once(r, BlockOp.Flush, 0, 0)
    expect(r.disks[0].writes).toBe(1)
  })

  it('the end of the warm-up forgets hits and the at-risk history but keeps what is at risk now', () => {
    const r = rig({ cache: 'write-back', cacheDirtyBackgroundRatio: 0.2 })
    for (let i = 0; i < 5; i++) once(r, BlockOp.Write, i * 4096, 4096)
    once(r, BlockOp.Read, 0, 4096)
    r.registry.resetStats(r.sim.now)
    r.sim.run({ until: r.sim.now + 1e6 })
    const out = r.registry.metrics(r.sim.now)
    expect(out.metrics.writes_at_risk_mean).toBe(5)
    expect(out.metrics.writes_at_risk_peak).toBe(5)
    expect(out.metrics.cache_hit_ratio).toBeNull()
    expect(out.missing.cache_hit_ratio).toMatch(/no read/)
  })

  it('the read hit ratio grows with the cache size; null with a reason without a cache', () => {
    const ratio = (cacheBytes: number): number => {
      const r = rig({ cache: 'write-through', cacheBytes })
      drive(r, { op: BlockOp.Read, depth: 4, durationNs: 200 * MS, workingSet: 32 * MiB })
      return r.registry.metrics(r.sim.now).metrics.cache_hit_ratio!
    }
    const small = ratio(4 * MiB), large = ratio(24 * MiB)
    expect(small).toBeGreaterThan(0)
    expect(large).toBeGreaterThan(small + 0.3)
    const none = rig()
    drive(none, { op: BlockOp.Read, durationNs: 1 * MS })
    const out = none.registry.metrics(none.sim.now)
    expect(out.metrics.cache_hit_ratio).toBeNull()
    expect(out.missing.cache_hit_ratio).toMatch(/no virtual disk has a buffer cache/)
  })
})

describe('interposition', () => {
  it('encryption adds CPU per byte on the back end\'s CPU; AES instructions cost less', () => {
    const cpuOf = (over: Record<string, string | boolean>): number => {
      const r = rig(over)
      drive(r, { op: BlockOp.Write, bytes: 64 * KiB, durationNs: 100 * MS, maxRequests: 100 })
      return busy(r, r.dom0.vcpus[0].acct)
    }
    const plain = cpuOf({})
    const ni = cpuOf({ interpose: 'encryption', aesInstructions: true })
    const soft = cpuOf({ interpose: 'encryption', aesInstructions: false })
    const r = rig()
    // the per-byte work, to within the domain's switch-in costs (< 0.1 %)
    expect((ni - plain) / (100 * r.host.cyc(1.3 * 64 * 1024))).toBeCloseTo(1, 2)
    expect((soft - plain) / (100 * r.host.cyc(15 * 64 * 1024))).toBeCloseTo(1, 2)
    expect(soft).toBeGreaterThan(5 * ni)
  })

  it('replication completes a write when the slowest copy does, and reads from the primary', () => {
    const r = rig({ interpose: 'replication', replicas: 2 }, [DISK, 5 * DISK])
    const w = once(r, BlockOp.Write, 0, 4 * KiB)
    expect(w).toBeGreaterThanOrEqual(5 * DISK)
    expect(r.disks[0].writes).toBe(1)
    expect(r.disks[1].writes).toBe(1)
    const rd = once(r, BlockOp.Read, 0, 4 * KiB)
    expect(rd).toBeLessThan(2 * DISK)
    expect(r.disks[1].reads).toBe(0)
  })

  it('a copy-on-write snapshot turns the first write to a chunk into read + copy + metadata + write; later writes are plain', () => {
    const r = rig({ interpose: 'snapshot-cow' })
    const first = once(r, BlockOp.Write, 0, 4 * KiB)
    expect([r.disks[0].reads, r.disks[0].writes]).toEqual([1, 3])
    const second = once(r, BlockOp.Write, 0, 4 * KiB)
    expect([r.disks[0].reads, r.disks[0].writes]).toEqual([1, 4])
    expect(first).toBeGreaterThanOrEqual(4 * DISK)
    expect(second).toBeLessThan(2 * DISK)
    // the copy goes to the snapshot store (upper half), the exported capacity is the lower half
    expect(r.disks[0].log[1][1]).toBeGreaterThanOrEqual(r.target.capacityBytes)
  })

  it('a redirect-on-write snapshot writes a first write elsewhere with a metadata update, and later reads are remapped there', () => {
    const r = rig({ interpose: 'snapshot-row' })
    once(r, BlockOp.Write, 8192, 4 * KiB)
    expect([r.disks[0].reads, r.disks[0].writes]).toEqual([0, 2])
    const moved = r.disks[0].log.find(([op, off]) => op === BlockOp.Write && off >= r.target.capacityBytes && off !== r.target.capacityBytes - 4096)
    expect(moved).toBeDefined()
    once(r, BlockOp.Read, 8192, 4 * KiB)
    const read = r.disks[0].log.at(-1)!
    expect(read[0]).toBe(BlockOp.Read)
    expect(read[1]).toBe(moved![1])
    once(r, BlockOp.Write, 8192, 4 * KiB)
    expect(r.disks[0].writes).toBe(3) // no metadata the second time
  })

  it('undo logging reads the old data and appends it to the log before the write', () => {
    const r = rig({ interpose: 'undo-log' })
    const lat = once(r, BlockOp.Write, 0, 4 * KiB)
    expect(r.disks[0].log.map(([op]) => op)).toEqual([BlockOp.Read, BlockOp.Write, BlockOp.Write])
    expect(lat).toBeGreaterThanOrEqual(3 * DISK)
  })

  it('compression writes fewer bytes below for its CPU per byte; dedup skips duplicate blocks', () => {
    const c = rig({ interpose: 'compression', compressionRatio: 0.5 })
    drive(c, { op: BlockOp.Write, bytes: 64 * KiB, durationNs: 20 * MS, maxRequests: 50 })
    expect(c.disks[0].bytesWritten).toBe(50 * 32 * KiB)
    expect(busy(c, c.dom0.vcpus[0].acct) / (50 * c.host.cyc(6.3 * 64 * KiB))).toBeCloseTo(1, 2)
    const d = rig({ interpose: 'dedup', dedupRatio: 0.25 })
    drive(d, { op: BlockOp.Write, bytes: 16 * KiB, durationNs: 20 * MS, maxRequests: 40 })
    expect(d.disks[0].bytesWritten).toBe(40 * 16 * KiB * 0.75)
  })
})

describe('aggregation', () => {
  it('RAID-0 raises throughput over its members', () => {
    const load = { op: BlockOp.Read, depth: 8, durationNs: 50 * MS, workingSet: 1 * GiB }
    const one = drive(rig(), load).iops
    const r = rig({ raid: 'raid0', raidStripeBytes: 4 * KiB }, [DISK, DISK])
    const two = drive(r, load).iops
    expect(two / one).toBeGreaterThan(1.7)
    expect(two / one).toBeLessThan(2.05)
    expect(r.disks[0].reads).toBeGreaterThan(0.4 * (r.disks[0].reads + r.disks[1].reads))
  })

  it('RAID-0 splits a request at stripe boundaries onto consecutive members', () => {
    const r = rig({ raid: 'raid0', raidStripeBytes: 4 * KiB }, [DISK, DISK])
    once(r, BlockOp.Write, 4 * KiB, 12 * KiB)
    expect(r.disks[1].log.map(([, off, b]) => [off, b])).toEqual([[0, 4096], [4096, 4096]])
    expect(r.disks[0].log.map(([, off, b]) => [off, b])).toEqual([[4096, 4096]])
  })

  it('RAID-1 writes to both members and balances reads', () => {
    const r = rig({ raid: 'raid1' }, [DISK, DISK])
    drive(r, { op: BlockOp.Write, depth: 4, durationNs: 10 * MS })
    expect(r.disks[0].writes).toBe(r.disks[1].writes)
    expect(r.disks[0].writes).toBeGreaterThan(100)
    drive(r, { op: BlockOp.Read, depth: 4, durationNs: 10 * MS })
    expect(Math.abs(r.disks[0].reads - r.disks[1].reads)).toBeLessThanOrEqual(4)
  })
})

describe('where the back end runs', () => {
  it('a hypervisor thread charges the hypervisor, not the driver domain', () => {
    const r = rig({ interpose: 'encryption', backendWhere: 'hypervisor-thread' })
    drive(r, { op: BlockOp.Write, bytes: 64 * KiB, durationNs: 5 * MS, maxRequests: 10 })
    expect(busy(r, r.dom0.vcpus[0].acct)).toBe(0)
    expect(busy(r, 0)).toBeGreaterThan(10 * r.host.cyc(64 * KiB))
  })

  it('an offload core takes a logical CPU from every domain and runs the back end there alone', () => {
    const r = rig({ interpose: 'encryption', backendWhere: 'offload-core' })
    const off = r.host.domains.find((d) => d.name === 'h/io-offload')!
    expect(off).toBeDefined()
    const cpu = off.vcpus[0].affinity.indexOf(1)
    expect(cpu).toBe(3) // the highest logical CPU that is not the interrupt CPU
    expect(r.dom0.vcpus[0].affinity[cpu]).toBe(0)
    const guest = r.host.addDomain({ name: 'g', role: 'guest', vcpus: 2, weight: 256, cap: 0, placement: 'any', pinCpu: -1 })
    for (const v of guest.vcpus) expect(v.affinity[cpu]).toBe(0)
    drive(r, { op: BlockOp.Write, bytes: 64 * KiB, durationNs: 5 * MS, maxRequests: 10 })
    r.host.sched.flush()
    expect(r.host.accounts.busyByCpu[cpu]).toBeGreaterThan(10 * r.host.cyc(64 * KiB))
    expect(busy(r, r.dom0.vcpus[0].acct)).toBe(0)
    // a second offloaded disk on the same host shares the core
    expect(() => r.host.reserveCpu('x')).not.toThrow()
    expect(() => rig({ backendWhere: 'offload-core' }, [DISK], { host: { logicalCpus: 1, threadsPerCore: 1 } })).toThrow(/no logical CPU left/)
  })
})

describe('the chain', () => {
  it('puts the cache above interposition: a read hit costs no decryption, a miss decrypts once even over a mirror', () => {
    const r = rig({ cache: 'write-through', interpose: 'encryption', aesInstructions: false }, [DISK])
    const acct = r.dom0.vcpus[0].acct
    once(r, BlockOp.Read, 0, 64 * KiB)
    const miss = busy(r, acct)
    once(r, BlockOp.Read, 0, 64 * KiB)
    const hit = busy(r, acct) - miss
    expect(miss).toBeGreaterThan(r.host.cyc(15 * 64 * KiB))
    // the hit: 16 page lookups and the copy out of the cache, no decryption
    expect(hit / (16 * r.host.cyc(600) + r.host.copyNs(64 * KiB))).toBeCloseTo(1, 2)
    const m = rig({ interpose: 'encryption', aesInstructions: false, raid: 'raid1' }, [DISK, DISK])
    once(m, BlockOp.Write, 0, 64 * KiB)
    expect(m.disks.map((d) => d.writes)).toEqual([1, 1])
    expect(busy(m, m.dom0.vcpus[0].acct)).toBeLessThan(1.5 * m.host.cyc(15 * 64 * KiB))
  })

  it('puts a disk without RAID or replication on its first member, and refuses replication with RAID', () => {
    expect(() => rig({}, [DISK, DISK])).not.toThrow()
    expect(() => rig({ interpose: 'replication', raid: 'raid0' }, [DISK, DISK])).toThrow(/choose one/)
    expect(() => rig({ interpose: 'replication', replicas: 3 }, [DISK, DISK])).toThrow(/one per member/)
    expect(() => rig({ raid: 'raid0' }, [DISK])).toThrow(/at least 2/)
  })
})

describe('determinism', () => {
  it('the same back end and load give identical latencies', () => {
    const go = (): number[] => {
      const r = rig({ cache: 'write-back', interpose: 'encryption', raid: 'raid1', cacheBytes: 8 * MiB }, [DISK, 2 * DISK], { crashAtNs: 7 * MS })
      const res = drive(r, { readRatio: 0.5, depth: 8, durationNs: 20 * MS, workingSet: 64 * MiB })
      const m = r.registry.metrics(r.sim.now).metrics
      return [...res.latencies, m.writes_at_risk_mean!, m.writes_at_risk_peak!, m.writes_lost!, m.cache_hit_ratio!]
    }
    expect(go()).toEqual(go())
  })
})
