// mClock over a fake device of 1,000 IOPS (one request at a time, 1 ms each): shares divide
// what is left after reservations, a reservation is met under contention, a limit caps a disk.
import { describe, expect, it } from 'vitest'
import { Simulator } from '../../../../../core/sim'
import { BlockPool } from '../../../../../core/models/storage/block'
import { MClockScheduler, type MClockSpec } from '../../../../../core/models/storage/backend/mclock'
import { closedLoop, FakeTarget } from './fake-target'

/** IOPS each backlogged disk gets over `secs` s (after 1 s of warm-up is excluded by counting from there). */
function iops(specs: MClockSpec[], secs = 5, depth = 1, startNs: number[] = []): number[] {
  const sim = new Simulator()
  const pool = new BlockPool()
  const dev = new FakeTarget(sim, 1e6)
  const m = new MClockScheduler(sim, pool, dev, depth)
  const loops = specs.map((s, i) => closedLoop(sim, pool, m.client(s), 16, startNs[i] ?? 0))
  sim.run({ until: 1e9 })
  const at1 = loops.map((l) => l.done)
  sim.run({ until: (1 + secs) * 1e9 })
  return loops.map((l, i) => (l.done - at1[i]) / secs)
}

const S = (shares: number, reservation = 0, limit = 0): MClockSpec => ({ shares, reservation, limit })

describe('mClock (Gulati et al. OSDI 2010)', () => {
  it('divides a backlogged device by shares (2 : 1 → ≈ 667 / 333 IOPS)', () => {
    const [a, b] = iops([S(2000), S(1000)])
    expect(a + b).toBeGreaterThan(990)
    expect(a / b).toBeGreaterThan(1.9)
    expect(a / b).toBeLessThan(2.1)
  })

  it('meets a reservation under contention that shares alone would not give (300 IOPS reserved, 1 : 10 shares)', () => {
    const [noRes] = iops([S(100), S(1000)])
    const [res, other] = iops([S(100, 300), S(1000)])
    expect(noRes).toBeLessThan(100) // ≈ 1/11 of 1,000
    expect(res).toBeGreaterThan(295)
    expect(res).toBeLessThan(330) // the reservation, plus at most a small share of the rest
    expect(res + other).toBeGreaterThan(990)
  })

  it('caps a disk at its limit, and the other takes the rest (work-conserving)', () => {
    const [lim, other] = iops([S(1000, 0, 200), S(1000)])
    expect(lim).toBeGreaterThan(195)
    expect(lim).toBeLessThanOrEqual(201)
    expect(other).toBeGreaterThan(790)
  })

  it('a limited disk alone leaves the device idle beyond its limit', () => {
    const [lim] = iops([S(1000, 0, 250)])
    expect(lim).toBeGreaterThan(245)
    expect(lim).toBeLessThanOrEqual(251)
  })

  it('a disk that wakes up late gets its share at once, with no credit for its idle time', () => {
    // b starts after 3 s; from then on both are backlogged with equal shares
    const sim = new Simulator()
    const pool = new BlockPool()
    const m = new MClockScheduler(sim, pool, new FakeTarget(sim, 1e6), 1)
    const a = closedLoop(sim, pool, m.client(S(1000)), 16)
    const b = closedLoop(sim, pool, m.client(S(1000)), 16, 3e9)
    sim.run({ until: 3.2e9 })
    const a0 = a.done, b0 = b.done
    sim.run({ until: 4.2e9 })
    expect(b0).toBeGreaterThan(80) // ≈ 100 in the first 200 ms: neither starved nor a burst of 200
    expect(b0).toBeLessThan(120)
    expect(Math.abs((a.done - a0) - (b.done - b0))).toBeLessThan(20)
  })

  it('keeps at most `depth` requests at the device', () => {
    const sim = new Simulator()
    const pool = new BlockPool()
    const dev = new FakeTarget(sim, 1e6, 8)
    const m = new MClockScheduler(sim, pool, dev, 4)
    closedLoop(sim, pool, m.client(S(1000)), 32)
    let max = 0
    const probe = (): void => { max = Math.max(max, m.outstanding); if (sim.now < 1e8) sim.after(1e5, probe) }
    probe()
    sim.run({ until: 1e9 })
    expect(max).toBe(4)
    expect(dev.served).toBeGreaterThan(3900) // 4 of 8 servers busy: ≈ 4,000 IOPS
  })
})
