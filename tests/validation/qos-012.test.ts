// Validation of the QoS controls of issue 12 against the behaviour their papers state: mClock's
// reservations are met under contention (Gulati et al. OSDI 2010), PARDA divides an array among
// hosts in proportion to their β without the array's help (Gulati et al. FAST 2009), and a
// netback rate limit on a noisy neighbour lowers a victim's tail latency through the shared
// driver domain. These are mechanisms of the model (claims.ts): fake devices for the storage
// schedulers, shortened technique-shootout runs for the network.
import { describe, expect } from 'vitest'
import { Simulator } from '../../core/sim'
import { BlockPool } from '../../core/models/storage/block'
import { MClockScheduler, type MClockSpec } from '../../core/models/storage/backend/mclock'
import { PardaHost } from '../../core/models/storage/backend/parda'
import { closedLoop, FakeTarget } from '../core/models/storage/backend/fake-target'
import { n, project, run } from '../core/techniques/common/noisy-helpers'
import { claim, fmt } from './claims'

/** IOPS of backlogged disks under mClock on a 1,000-IOPS device, over 5 s after 1 s. */
function mclockIops(specs: MClockSpec[]): number[] {
  const sim = new Simulator()
  const pool = new BlockPool()
  const m = new MClockScheduler(sim, pool, new FakeTarget(sim, 1e6), 1)
  const loops = specs.map((s) => closedLoop(sim, pool, m.client(s), 16))
  sim.run({ until: 1e9 })
  const at1 = loops.map((l) => l.done)
  sim.run({ until: 6e9 })
  return loops.map((l, i) => (l.done - at1[i]) / 5)
}

describe('issue 12: QoS controls', () => {
  claim({
    id: 'mclock-reservation-met', kind: 'mechanism', source: 'Gulati et al., mClock, OSDI 2010 §3',
    claim: 'a virtual disk with a reservation gets its reservation under contention although its shares alone would give it far less (1 : 10 shares, 300 IOPS reserved, a 1,000-IOPS device)',
    published: 'reservation met', tolerance: '[1.0, 1.05] × the reservation'
  }, () => {
    const [without] = mclockIops([{ shares: 100, reservation: 0, limit: 0 }, { shares: 1000, reservation: 0, limit: 0 }])
    const [withRes] = mclockIops([{ shares: 100, reservation: 300, limit: 0 }, { shares: 1000, reservation: 0, limit: 0 }])
    return { value: withRes / 300, lo: 1.0, hi: 1.05, model: `${fmt(withRes, 'IOPS')} (${fmt(without, 'IOPS')} without the reservation)` }
  })

  claim({
    id: 'parda-beta-proportional', kind: 'mechanism', source: 'Gulati et al., PARDA, FAST 2009 §3.1 (eq. 2)',
    claim: 'two backlogged hosts whose β are 2 : 1 divide an array that gives no help in proportion, by the latency-driven window alone',
    published: 'throughput ∝ β (2 : 1)', tolerance: '[1.8, 2.2]'
  }, () => {
    const sim = new Simulator()
    const pool = new BlockPool()
    const array = new FakeTarget(sim, 1e6)
    const spec = { latencyThresholdNs: 25e6, gamma: 0.2, alpha: 0.5, periodNs: 1e9, windowMin: 4, windowMax: 256 }
    const hosts = [16, 8].map((beta, i) => new PardaHost(sim, pool, array, { ...spec, beta }, `h${i}`))
    const loops = hosts.map((h) => closedLoop(sim, pool, h, 200))
    sim.run({ until: 40e9 })
    const b = loops.map((l) => l.done)
    sim.run({ until: 60e9 })
    const iops = loops.map((l, i) => (l.done - b[i]) / 20)
    return { value: iops[0] / iops[1], lo: 1.8, hi: 2.2, model: `${fmt(iops[0] / iops[1], ':1')} (${fmt(iops[0], 'IOPS')} / ${fmt(iops[1], 'IOPS')})` }
  })

  claim({
    id: '012-netback-limit-victim-p99', kind: 'mechanism', source: 'issue 12; Xen netback tx_credit_exceeded (vif rate)',
    claim: 'a 50 Mb/s netback rate limit on a streaming neighbour lowers a pinging victim\'s p99 RTT through the shared driver domain, and holds the neighbour under its limit',
    published: 'victim p99 falls', tolerance: 'limited p99 < 0.8 × unlimited; neighbour < 50 Mb/s'
  }, () => {
    const free = run(project('paravirtual', [{}]))
    const limited = run(project('paravirtual', [{ netRateLimitMbps: 50 }]))
    const a = n(free.victim.rtt_p99_us), b = n(limited.victim.rtt_p99_us), g = n(limited.noisy1.goodput_mbps)
    return {
      model: `p99 ${fmt(a, 'µs')} → ${fmt(b, 'µs')}; neighbour ${fmt(g, 'Mb/s')}`,
      check: () => { expect(b).toBeLessThan(0.8 * a); expect(g).toBeLessThan(50) }
    }
  }, 60_000)
})
