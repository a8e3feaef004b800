// Network I/O controls (issue 12) as mechanisms: a victim VM pings while noisy VMs stream
// through the same driver domain (paravirtual) or the same NIC (SR-IOV). Each workload's
// metrics are read from its own workload object (a per-workload metric would do the same).
import { describe, expect, it } from 'vitest'
import { Simulator } from '../../../../core/sim'
import { PacketPool } from '../../../../core/models/packet'
import { NotifyQueue } from '../../../../core/models/notify-queue'
import { VifCredit, VifScheduler, type QosVif } from '../../../../core/techniques/common/vif-qos'

import { n, project, run } from './noisy-helpers'

describe('netback transmit credit (Xen vif "rate")', () => {
  it('credits rate × interval per interval and holds a request that exceeds it until the next interval', () => {
    const c = new VifCredit(8e6, 10e6) // 8 Mbit/s over 10 ms: 10,000 bytes per interval
    expect(c.creditBytes).toBe(10_000)
    expect(c.take(6000, 0)).toBe(0)
    expect(c.take(6000, 1e6)).toBe(10e6) // 4,000 left: waits for the next interval
    expect(c.take(6000, 10e6)).toBe(0) // refilled (capped at the burst, 10,000)
    expect(c.remaining).toBe(4000)
  })

  it('allows a burst of one request up to 128 KiB when the credit per interval is smaller', () => {
    const c = new VifCredit(80e3, 10e6) // 100 bytes per interval
    expect(c.take(1500, 0)).toBe(10e6)
    // each later interval adds 100 bytes, up to the request's size: 15 intervals to send 1,500 bytes
    let t = 10e6, waits = 0
    while (c.take(1500, t) > 0) { t += 10e6; waits++ }
    expect(waits).toBe(13)
  })
})

describe('netback WFQ', () => {
  it('serves backlogged VIFs in proportion to their shares (self-clocked fair queueing)', () => {
    const sim = new Simulator()
    const pool = new PacketPool()
    const mk = (shares: number): QosVif => ({ txRing: new NotifyQueue(512), qos: { rateBps: 0, intervalNs: 50e6, shares } })
    const a = mk(100), b = mk(50)
    for (let i = 0; i < 300; i++) for (const v of [a, b]) { const p = pool.alloc(); pool.bytes[p] = 1500; v.txRing.push(p) }
    const s = new VifScheduler<QosVif>(sim, pool, true, () => {}, 't')
    const list = [a, b], served = new Map<QosVif, number>([[a, 0], [b, 0]])
    for (let i = 0; i < 300; i++) {
      const v = s.next(list)!
      v.txRing.shift()
      served.set(v, served.get(v)! + 1)
    }
    expect(served.get(a)).toBe(200)
    expect(served.get(b)).toBe(100)
  })
})

describe('noisy neighbour through the driver domain (paravirtual)', () => {
  it('a rate limit on the noisy VM lowers the victim\'s p99 RTT and holds the noisy stream near its limit', () => {
    const free = run(project('paravirtual', [{}]))
    const limited = run(project('paravirtual', [{ netRateLimitMbps: 50 }]))
    const p99Free = n(free.victim.rtt_p99_us), p99Lim = n(limited.victim.rtt_p99_us)
    const gFree = n(free.noisy1.goodput_mbps), gLim = n(limited.noisy1.goodput_mbps)
    console.log(`paravirtual noisy neighbour: victim p99 ${p99Free.toFixed(1)} → ${p99Lim.toFixed(1)} µs; noisy goodput ${gFree.toFixed(1)} → ${gLim.toFixed(1)} Mb/s`)
    expect(gFree).toBeGreaterThan(100)
    expect(gLim).toBeLessThan(55) // payload under the 50 Mb/s limit on frames
    expect(gLim).toBeGreaterThan(30)
    expect(p99Lim).toBeLessThan(0.8 * p99Free)
  })

  it('with WFQ, two streams sharing netback divide its service by their shares', () => {
    const sets = { 'topology.nodes.host-a.params.netbackScheduler': 'wfq', 'topology.nodes.host-a.params.netbackSkbCycles': 40_000 }
    const equal = run(project('paravirtual', [{ netShares: 50 }, { netShares: 50 }], sets, false))
    const weighted = run(project('paravirtual', [{ netShares: 100 }, { netShares: 25 }], sets, false))
    const rEq = n(equal.noisy1.goodput_mbps) / n(equal.noisy2.goodput_mbps)
    const rW = n(weighted.noisy1.goodput_mbps) / n(weighted.noisy2.goodput_mbps)
    console.log(`paravirtual WFQ: goodput ratio ${rEq.toFixed(2)} (50:50) → ${rW.toFixed(2)} (100:25); ${n(weighted.noisy1.goodput_mbps).toFixed(1)} / ${n(weighted.noisy2.goodput_mbps).toFixed(1)} Mb/s`)
    expect(Math.abs(rEq - 1)).toBeLessThan(0.15)
    expect(rW).toBeGreaterThan(3)
    expect(rW).toBeLessThan(5)
  })
})

describe('SR-IOV per-VF transmit rate limit', () => {
  it('caps a VF\'s stream at its rate and leaves the other VF alone', () => {
    const free = run(project('sriov', [{}, {}], {}, false))
    const limited = run(project('sriov', [{ netRateLimitMbps: 100 }, {}], {}, false))
    console.log(`SR-IOV VF limit: noisy1 ${n(free.noisy1.goodput_mbps).toFixed(1)} → ${n(limited.noisy1.goodput_mbps).toFixed(1)} Mb/s; noisy2 ${n(free.noisy2.goodput_mbps).toFixed(1)} → ${n(limited.noisy2.goodput_mbps).toFixed(1)} Mb/s`)
    expect(n(limited.noisy1.goodput_mbps)).toBeLessThan(100)
    expect(n(limited.noisy1.goodput_mbps)).toBeGreaterThan(85)
    expect(n(limited.noisy2.goodput_mbps)).toBeGreaterThan(n(free.noisy2.goodput_mbps))
  })

  it('a limit on the noisy VF lowers the victim\'s p99 RTT on the shared NIC', () => {
    const free = run(project('sriov', [{}]))
    const limited = run(project('sriov', [{ netRateLimitMbps: 100 }]))
    console.log(`SR-IOV noisy neighbour: victim p99 ${n(free.victim.rtt_p99_us).toFixed(1)} → ${n(limited.victim.rtt_p99_us).toFixed(1)} µs`)
    expect(n(limited.victim.rtt_p99_us)).toBeLessThan(n(free.victim.rtt_p99_us))
  })
})

describe('network QoS parameters are validated like every catalog parameter', () => {
  it('a negative limit or zero shares is refused with the JSON path of the value', async () => {
    const { validateProject } = await import('../../../../core/project/index')
    const p = structuredClone(project('paravirtual', [{ netRateLimitMbps: -5, netShares: 0 }]))
    const r = validateProject(p)
    expect(r.ok).toBe(false)
    const problems = r.ok ? [] : r.problems.map((x) => `${x.path.join('.')} ${x.message}`)
    const at = `topology.nodes.${p.topology.nodes.findIndex((x) => x.id === 'noisy1-a')}.params`
    expect(problems.filter((m) => m.startsWith(`${at}.netRateLimitMbps `))).toHaveLength(1)
    expect(problems.filter((m) => m.startsWith(`${at}.netShares `))).toHaveLength(1)
    expect(problems).toHaveLength(2)
  })
})
