// The fio-like block workload (core/workloads/block.ts) against a fake virtual disk that
// completes every request after a fixed time: the closed loop keeps queueDepth requests
// outstanding per job, offsets stay in the working set (sequential per job slice, random
// block-aligned), the read share follows the pattern, think time spaces requests, and the
// metrics are null with a reason when nothing completed.
import { describe, expect, it } from 'vitest'
import { RngStreams, Simulator } from '../../../core/sim'
import { HostModel } from '../../../core/models/host/host-model'
import { defaultParams } from '../../../core/models/catalog'
import { makeRunStats } from '../../../core/models/run-stats'
import { PacketPool } from '../../../core/models/packet'
import { BlockOp, BlockPool, type BlockDone, type BlockPort } from '../../../core/models/storage/block'
import type { Domain } from '../../../core/models/host/domain'
import { BLOCK_PARAMS, type BlockKey } from '../../../core/models/workload-kinds'
import { BlockWorkload } from '../../../core/workloads/block'
import type { KindParams } from '../../../core/models/param-read'
import type { HostParamKey } from '../../../core/models/host/params'

interface Seen { op: number; offset: number; bytes: number; flow: number }

function setup(params: Record<string, unknown>, o: { ports?: number; serviceNs?: number; fail?: boolean; capacity?: number; vcpus?: number } = {}) {
  const sim = new Simulator()
  const stats = makeRunStats()
  const host = new HostModel(sim, 'h', { ...defaultParams('host'), virtualized: false } as KindParams<HostParamKey>, stats)
  const blocks = new BlockPool()
  const seen: Seen[] = []
  const inFlight: number[] = []
  let maxInFlight = 0
  const ports: BlockPort[] = []
  for (let i = 0; i < (o.ports ?? 1); i++) {
    const domain: Domain = host.addDomain({ name: `vm${i}`, role: 'guest', vcpus: o.vcpus ?? 1, weight: 256, cap: 0, placement: 'any', pinCpu: -1 })
    const doneId = sim.register((req) => port.onComplete(req, !(o.fail ?? false)), `done${i}`)
    const port: BlockPort & { onComplete: BlockDone } = {
      id: i, domain, host, capacityBytes: o.capacity ?? 1 << 20, onComplete: () => {},
      submit(req: number) {
        seen.push({ op: blocks.op[req], offset: blocks.offset[req], bytes: blocks.bytes[req], flow: blocks.flow[req] })
        inFlight[blocks.flow[req]] = (inFlight[blocks.flow[req]] ?? 0) + 1
        maxInFlight = Math.max(maxInFlight, inFlight[blocks.flow[req]])
        sim.schedule(o.serviceNs ?? 10_000, doneId, req)
      }
    }
    ports.push(port)
  }
  const p = Object.fromEntries(BLOCK_PARAMS.map((s) => [s.key, params[s.key] ?? s.default])) as Record<BlockKey, number | string | boolean>
  const ctx = { sim, pool: new PacketPool(), stats, rng: new RngStreams(42), id: 'fio', flowBase: 0, blocks }
  const wl = new BlockWorkload(ctx, ports, p)
  for (const port of ports) port.onComplete = (req, ok) => { inFlight[blocks.flow[req]]--; wl.blockDone(req, ok) }
  return { sim, wl, seen, blocks, host, max: () => maxInFlight }
}

describe('block workload', () => {
  it('keeps queueDepth requests outstanding per job (closed loop)', () => {
    const s = setup({ queueDepth: 8, jobs: 3 }, { ports: 2 })
    s.wl.start()
    expect([...s.wl.outstanding]).toEqual([8, 8, 8, 8, 8, 8])
    s.sim.run({ until: 5_000_000 })
    expect([...s.wl.outstanding]).toEqual([8, 8, 8, 8, 8, 8])
    expect(s.max()).toBe(8)
    expect(s.blocks.live).toBe(48)
  })

  it('random offsets are block-aligned and inside the working set; sequential ones walk each job\'s slice', () => {
    const r = setup({ pattern: 'randread', blockSize: 4096, workingSet: 256 * 1024, queueDepth: 4 })
    r.wl.start()
    r.sim.run({ until: 2_000_000 })
    expect(r.seen.length).toBeGreaterThan(100)
    for (const x of r.seen) {
      expect(x.offset % 4096).toBe(0)
      expect(x.offset).toBeGreaterThanOrEqual(0)
      expect(x.offset + x.bytes).toBeLessThanOrEqual(256 * 1024)
      expect(x.op).toBe(BlockOp.Read)
    }
    expect(new Set(r.seen.map((x) => x.offset)).size).toBeGreaterThan(40) // spread over the 64 blocks
    const q = setup({ pattern: 'write', blockSize: 8192, workingSet: 64 * 1024, jobs: 2, queueDepth: 1 })
    q.wl.start()
    q.sim.run({ until: 1_000_000 })
    const job0 = q.seen.filter((x) => x.flow === 0).map((x) => x.offset / 8192)
    const job1 = q.seen.filter((x) => x.flow === 1).map((x) => x.offset / 8192)
    expect(job0.slice(0, 6)).toEqual([0, 1, 2, 3, 0, 1]) // blocks 0–3, then wraps
    expect(job1.slice(0, 6)).toEqual([4, 5, 6, 7, 4, 5])
    expect(q.seen.every((x) => x.op === BlockOp.Write)).toBe(true)
  })

  it('a mixed pattern reads readRatio of its requests', () => {
    const s = setup({ pattern: 'randrw', readRatio: 0.7, queueDepth: 4 })
    s.wl.start()
    s.sim.run({ until: 20_000_000 })
    const reads = s.seen.filter((x) => x.op === BlockOp.Read).length / s.seen.length
    expect(s.seen.length).toBeGreaterThan(2000)
    expect(reads).toBeGreaterThan(0.66)
    expect(reads).toBeLessThan(0.74)
  })

  it('think time spaces a job\'s requests', () => {
    const fast = setup({ queueDepth: 1 })
    const slow = setup({ queueDepth: 1, thinkTime: 40_000 })
    for (const s of [fast, slow]) { s.wl.start(); s.sim.run({ until: 10_000_000 }); s.wl.resetStats(); s.sim.run({ until: 20_000_000 }) }
    const iops = (s: typeof fast): number => s.wl.metrics(10_000_000).values.iops as number
    expect(iops(slow)).toBeLessThan(iops(fast) * 0.35) // ≈ 10 µs + CPU vs + 40 µs think
  })

  it('measures IOPS, throughput, latency percentiles and CPU per I/O', () => {
    const s = setup({ queueDepth: 1, blockSize: 4096 })
    s.wl.start()
    s.sim.run({ until: 1_000_000 })
    s.host.resetStats()
    s.wl.resetStats()
    s.sim.run({ until: 11_000_000 })
    s.host.sched.flush()
    const m = s.wl.metrics(10_000_000)
    expect(m.missing).toEqual({})
    const v = m.values as Record<string, number>
    // one request at a time: 10 µs of disk + the submit call, wake-up and reap on the vCPU
    const h = s.host
    const cpuUs = (h.cost('blockSubmitSyscallCycles') + h.cost('processWakeCycles') + h.cost('blockReapCycles')) / 1000
    expect(v.io_latency_median_us).toBeGreaterThan(10 + cpuUs - 0.01)
    expect(v.io_latency_median_us).toBeLessThan(10 + cpuUs + 2) // plus the idle vCPU's wake-up latency
    expect(v.iops).toBeCloseTo(1e6 / v.io_latency_median_us, -3)
    expect(v.io_mbps).toBeCloseTo((v.iops * 4096 * 8) / 1e6, 6)
    expect(v.cpu_per_io_us).toBeCloseTo(cpuUs, 1)
    expect(v.io_latency_p99_us).toBeGreaterThanOrEqual(v.io_latency_median_us)
  })

  it('every metric is null with a reason when nothing completed', () => {
    const none = setup({}, { ports: 0 })
    const m0 = none.wl.metrics(1e6)
    expect(m0.values.iops).toBeNull()
    expect(m0.missing.iops).toMatch(/no client/)
    const failing = setup({ queueDepth: 2 }, { fail: true })
    failing.wl.start()
    failing.sim.run({ until: 1_000_000 })
    const m1 = failing.wl.metrics(1e6)
    for (const k of ['iops', 'io_mbps', 'io_latency_median_us', 'io_latency_p99_us', 'cpu_per_io_us']) {
      expect(m1.values[k]).toBeNull()
      expect(m1.missing[k]).toMatch(/failed/)
    }
    const slow = setup({ queueDepth: 1 }, { serviceNs: 5_000_000 })
    slow.wl.start()
    slow.sim.run({ until: 1_000_000 })
    expect(slow.wl.metrics(1e6).missing.iops).toMatch(/no I\/O completed in the 1 ms/)
  })

  it('refuses a working set larger than the virtual disk', () => {
    expect(() => setup({ workingSet: 2 << 20 })).toThrow(/larger than the 1048576 B virtual disk of "vm0"/)
  })
})
