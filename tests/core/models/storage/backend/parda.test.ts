// PARDA's control loop against a fake array whose latency grows with load (one server of 1 ms:
// latency ≈ outstanding × 1 ms): two backlogged hosts' windows and throughputs divide as their
// β's and the array's latency settles near the threshold.
import { describe, expect, it } from 'vitest'
import { Simulator } from '../../../../../core/sim'
import { BlockPool } from '../../../../../core/models/storage/block'
import { PardaHost, type PardaSpec } from '../../../../../core/models/storage/backend/parda'
import { closedLoop, FakeTarget } from './fake-target'

const SPEC: PardaSpec = { latencyThresholdNs: 25e6, gamma: 0.2, alpha: 0.5, periodNs: 1e9, beta: 8, windowMin: 4, windowMax: 256 }

function run(betas: number[], secs = 60, spec: Partial<PardaSpec> = {}) {
  const sim = new Simulator()
  const pool = new BlockPool()
  const array = new FakeTarget(sim, 1e6)
  const hosts = betas.map((beta, i) => new PardaHost(sim, pool, array, { ...SPEC, ...spec, beta }, `h${i}`))
  const loops = hosts.map((h) => closedLoop(sim, pool, h, 200))
  sim.run({ until: (secs - 20) * 1e9 })
  const before = loops.map((l) => l.done)
  sim.run({ until: secs * 1e9 })
  return { hosts, iops: loops.map((l, i) => (l.done - before[i]) / 20) }
}

describe('PARDA (Gulati et al. FAST 2009)', () => {
  it('equal β: equal windows and throughputs, latency at the control law\'s equilibrium above the threshold', () => {
    const { hosts, iops } = run([8, 8])
    expect(Math.abs(iops[0] / iops[1] - 1)).toBeLessThan(0.1)
    expect(iops[0] + iops[1]).toBeGreaterThan(990) // the array stays busy
    // equilibrium: w = β L / (L − 𝓛) per host and L = Σw × 1 ms, so L = 𝓛 + Σβ × 1 ms = 25 + 16 = 41 ms
    for (const h of hosts) {
      expect(h.latency! / 1e6).toBeGreaterThan(37)
      expect(h.latency! / 1e6).toBeLessThan(45)
    }
  })

  it('β 2 : 1 divides the array ≈ 2 : 1 without the array\'s help', () => {
    const { hosts, iops } = run([16, 8])
    const r = iops[0] / iops[1]
    expect(r).toBeGreaterThan(1.7)
    expect(r).toBeLessThan(2.3)
    expect(hosts[0].window / hosts[1].window).toBeGreaterThan(1.7)
  })

  it('without PARDA (windows at their maximum) the same hosts split the array by their own queue depth, not by share', () => {
    const { iops } = run([16, 8], 30, { windowMin: 200, windowMax: 200 })
    expect(Math.abs(iops[0] / iops[1] - 1)).toBeLessThan(0.1)
  })

  it('a lower threshold gives lower latency at the array', () => {
    const hi = run([8, 8], 60).hosts[0].latency!
    const lo = run([8, 8], 60, { latencyThresholdNs: 10e6 }).hosts[0].latency!
    expect(lo).toBeLessThan(0.7 * hi)
  })

  it('paths through one host (a session per virtual disk) share its window and reach their own target', () => {
    const sim = new Simulator()
    const pool = new BlockPool()
    const array = new FakeTarget(sim, 1e6)
    const a = new FakeTarget(sim, 1e6), b = new FakeTarget(sim, 1e6)
    // two sessions in front of one array: each fake forwards to the shared array
    const via = (t: FakeTarget) => ({ capacityBytes: t.capacityBytes, submit: (req: number, done: (r: number, ok: boolean) => void) => { t.served++; array.submit(req, done) } })
    const host = new PardaHost(sim, pool, array, { ...SPEC, beta: 0, windowMin: 4, windowMax: 4 })
    const la = closedLoop(sim, pool, host.client(via(a)), 16)
    const lb = closedLoop(sim, pool, host.client(via(b)), 16)
    let peak = 0
    const sample = (): void => {
      peak = Math.max(peak, host.outstanding)
      sim.after(100_000, sample)
    }
    sample()
    sim.run({ until: 2e9 })
    expect(peak).toBe(4)
    // every request went down its own session; at most the window's 4 are still out at the end
    expect(a.served - la.done).toBeGreaterThanOrEqual(0)
    expect(b.served - lb.done).toBeGreaterThanOrEqual(0)
    expect(a.served + b.served - la.done - lb.done).toBeLessThanOrEqual(4)
    expect(la.done + lb.done).toBeGreaterThan(1900) // the array (1 ms per I/O) stayed busy
    expect(host.waiting).toBeGreaterThan(0)
  })

  it('tells a listener every new window and counts only the periods after a reset', () => {
    const sim = new Simulator()
    const pool = new BlockPool()
    const host = new PardaHost(sim, pool, new FakeTarget(sim, 1e6), { ...SPEC, periodNs: 100e6 })
    const seen: number[] = []
    host.onWindow((w) => seen.push(w))
    closedLoop(sim, pool, host, 200)
    sim.run({ until: 1.05e9 })
    expect(seen).toHaveLength(11) // now, then 10 periods
    expect(seen[0]).toBe(4)
    expect(host.periods).toBe(10)
    host.resetStats()
    sim.run({ until: 1.35e9 })
    expect(host.periods).toBe(3)
    expect(host.windowSum / host.periods).toBeCloseTo((seen[11] + seen[12] + seen[13]) / 3, 9)
    expect(host.latencySum / 3).toBeGreaterThan(0)
  })

  it('refuses window bounds out of order', () => {
    const sim = new Simulator()
    expect(() => new PardaHost(sim, new BlockPool(), new FakeTarget(sim, 1e6), { ...SPEC, windowMin: 8, windowMax: 4 })).toThrow(/w_min ≤ w_max/)
  })
})
