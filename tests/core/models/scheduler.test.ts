// The credit scheduler in SimPy's manner: a fresh simulator, a log of [what, when].
import { describe, expect, it } from 'vitest'
import { Simulator } from '../../../core/sim'
import { CpuAccounts } from '../../../core/models/host/cpu-accounts'
import { CreditScheduler, type SchedulerConfig } from '../../../core/models/host/scheduler'
import { pollResponseNs } from '../../../core/models/np-nic/sdram-poll'

const BASE: SchedulerConfig = {
  cpus: 2, threadsPerCore: 1, htSlowdown: 1.5, timesliceNs: 30e6, tickNs: 10e6,
  boostOnWake: true, contextSwitchNs: 0, ipiNs: 0, irqNs: 0
}

function setup(cfg: Partial<SchedulerConfig> = {}) {
  const sim = new Simulator()
  const c = { ...BASE, ...cfg }
  const acc = new CpuAccounts(c.cpus)
  const sched = new CreditScheduler(sim, c, acc)
  const log: [string, number][] = []
  const only = (p: number): Uint8Array => { const a = new Uint8Array(c.cpus); a[p] = 1; return a }
  return { sim, sched, log, acc, only }
}

describe('credit scheduler', () => {
  it('runs work of one vCPU back to back and of two vCPUs on one CPU in turn, charging domain switches', () => {
    const { sim, sched, log, only } = setup({ contextSwitchNs: 100 })
    const a = sched.addVcpu('a', 1, only(0), 256, 0)
    const b = sched.addVcpu('b', 2, only(0), 256, 0)
    sched.submit(a, 1000, () => log.push(['a1', sim.now]), 0)
    sched.submit(a, 1000, () => log.push(['a2', sim.now]), 0)
    sched.submit(b, 500, () => log.push(['b1', sim.now]), 0)
    sim.run({ until: 1e6 })
    expect(log).toEqual([['a1', 1100], ['a2', 2100], ['b1', 2700]])
    expect(sched.switches).toBe(2)
  })

  it('a vCPU woken by an event (BOOST) preempts a CPU-bound one at once (once a tick has demoted it)', () => {
    const { sim, sched, log, only } = setup()
    const hog = sched.addVcpu('hog', 1, only(0), 256, 0)
    const io = sched.addVcpu('io', 2, only(0), 256, 0)
    sched.submit(hog, 25e6, () => log.push(['hog', sim.now]), 0)
    sim.after(15e6, () => sched.submit(io, 1000, () => log.push(['io', sim.now]), 0))
    sim.run({ until: 40e6 })
    expect(log).toEqual([['io', 15_001_000], ['hog', 25_001_000]])
  })

  it('a freshly woken vCPU keeps its boost until a tick finds it running', () => {
    const { sim, sched, log, only } = setup()
    const hog = sched.addVcpu('hog', 1, only(0), 256, 0)
    const io = sched.addVcpu('io', 2, only(0), 256, 0)
    sched.submit(hog, 5e6, () => log.push(['hog', sim.now]), 0)
    sim.after(1e6, () => sched.submit(io, 1000, () => log.push(['io', sim.now]), 0))
    sim.run({ until: 20e6 })
    expect(log).toEqual([['hog', 5e6], ['io', 5_001_000]])
  })

  it('without boost the woken vCPU waits for the running one', () => {
    const { sim, sched, log, only } = setup({ boostOnWake: false })
    const hog = sched.addVcpu('hog', 1, only(0), 256, 0)
    const io = sched.addVcpu('io', 2, only(0), 256, 0)
    sched.submit(hog, 25e6, () => log.push(['hog', sim.now]), 0)
    sim.after(15e6, () => sched.submit(io, 1000, () => log.push(['io', sim.now]), 0))
    sim.run({ until: 40e6 })
    expect(log).toEqual([['hog', 25e6], ['io', 25_001_000]])
  })

  it('work stretches by the hyperthread slowdown while the sibling is busy', () => {
    const { sim, sched, log, only } = setup({ threadsPerCore: 2, htSlowdown: 2 })
    const a = sched.addVcpu('a', 1, only(0), 256, 0)
    const b = sched.addVcpu('b', 2, only(1), 256, 0)
    sched.submit(a, 1000, () => log.push(['a', sim.now]), 0)
    sched.submit(b, 400, () => log.push(['b', sim.now]), 0)
    sim.run({ until: 1e6 })
    // both at half speed until b ends at 800 (400 of work); a then has 600 left at full speed.
    expect(log).toEqual([['b', 800], ['a', 1400]])
  })

  it('two CPU-bound vCPUs share a CPU in 30 ms slices', () => {
    const { sim, sched, log, only } = setup()
    const a = sched.addVcpu('a', 1, only(0), 256, 0)
    const b = sched.addVcpu('b', 2, only(0), 256, 0)
    sched.submit(a, 60e6, () => log.push(['a', sim.now]), 0)
    sched.submit(b, 60e6, () => log.push(['b', sim.now]), 0)
    sim.run({ until: 200e6 })
    expect(log.map(([w]) => w)).toEqual(['a', 'b'])
    expect(log[0][1]).toBeGreaterThan(60e6) // a was preempted at least once for b
  })

  it('waking a vCPU on another, idle CPU costs the IPI latency', () => {
    const { sim, sched, log, only } = setup({ ipiNs: 700, irqNs: 1000 })
    const a = sched.addVcpu('a', 1, only(0), 256, 0)
    const b = sched.addVcpu('b', 2, only(1), 256, 0)
    sched.submit(a, 100, () => sched.submit(b, 100, () => log.push(['b', sim.now]), 0), 0)
    sim.run({ until: 1e6 })
    expect(log).toEqual([['b', 1000 + 100 + 700 + 100]])
  })

  it('charges CPU time to the accounts of the work done', () => {
    const { sim, sched, acc, only } = setup()
    const a = sched.addVcpu('a', 0, only(0), 256, 0)
    acc.add('dom', 'guest')
    sched.submit(a, 1000, undefined, 0, 1)
    sched.submit(a, 500, undefined, 0, 0)
    sim.run({ until: 1e6 })
    expect([acc.busyByAcct[1], acc.busyByAcct[0], acc.busyByCpu[0]]).toEqual([1000, 500, 1500])
  })
})

describe('credit scheduler: cross-CPU costs and cache refill (issue 10)', () => {
  it('an IPI is CPU work: the sender pays the send, the receiver the interrupt entry before the woken vCPU runs', () => {
    const { sim, sched, log, acc, only } = setup({ ipiNs: 700, ipiSendNs: 200, ipiReceiveNs: 300 })
    const a = sched.addVcpu('a', 1, only(0), 256, 0)
    const b = sched.addVcpu('b', 2, only(1), 256, 0)
    acc.add('a', 'guest'); acc.add('b', 'guest')
    sched.submit(a, 100, () => sched.submit(b, 100, () => log.push(['b', sim.now]), 0), 0)
    sim.run({ until: 1e6 })
    expect(log).toEqual([['b', 100 + 700 + 300 + 100]])
    expect(sched.ipis).toBe(1)
    // hypervisor account: 200 on the sender's CPU, 300 on the receiver's
    expect(acc.busyByAcct[0]).toBe(500)
    expect([acc.busyByCpu[0], acc.busyByCpu[1]]).toEqual([300, 400])
  })

  it('a wake-up on the same CPU needs no IPI and costs nothing extra', () => {
    const { sim, sched, log, only } = setup({ ipiNs: 700, ipiSendNs: 200, ipiReceiveNs: 300 })
    const a = sched.addVcpu('a', 1, only(0), 256, 0)
    const b = sched.addVcpu('b', 2, only(0), 256, 0)
    sched.submit(a, 100, () => sched.submit(b, 100, () => log.push(['b', sim.now]), 0), 0)
    sim.run({ until: 1e6 })
    expect(log).toEqual([['b', 200]])
    expect(sched.ipis).toBe(0)
  })

  it('work handed to a vCPU that last ran on another core pays the line transfers; a hyperthread sibling shares the cache and does not', () => {
    const handed = (from: number, to: number): number => {
      const { sim, sched, log, only } = setup({ cpus: 4, threadsPerCore: 2, htSlowdown: 1, handoffNs: 250 })
      const a = sched.addVcpu('a', 1, only(from), 256, 0)
      const b = sched.addVcpu('b', 2, only(to), 256, 0)
      sched.submit(b, 10, undefined, 0) // b has run on its CPU once
      sim.run({ until: 1000 })
      sched.submit(a, 100, () => sched.submit(b, 100, () => log.push(['b', sim.now]), 0), 0)
      sim.run({ until: 1e6 })
      return log[0][1] - 1000
    }
    // CPUs 0 and 2 are the two hyperthreads of core 0; CPU 1 is core 1.
    expect(handed(0, 2)).toBe(200)
    expect(handed(0, 1)).toBe(200 + 250)
  })

  it('a domain switched back after one other pays the switch only; after more than cacheWarmDomains others, the full cache refill', () => {
    const run = (order: number[]): number[] => {
      const { sim, sched, log, only } = setup({ contextSwitchNs: 100, cacheRefillNs: 1000, cacheWarmDomains: 2 })
      const vs = [0, 1, 2, 3].map((i) => sched.addVcpu(`d${i}`, i + 1, only(0), 256, 0))
      let t = 0
      for (const d of order) {
        sim.after(t, () => sched.submit(vs[d], 10, () => log.push([`d${d}`, sim.now]), 0))
        t += 10_000
      }
      sim.run({ until: 1e6 })
      return log.map(([, at], i) => at - i * 10_000 - 10)
    }
    // the first run of each domain is cold (1100); A after one other: 100; after two others: 100 + 500; after three: 1100
    expect(run([0, 1, 0])).toEqual([1100, 1100, 100])
    expect(run([0, 1, 2, 0])).toEqual([1100, 1100, 1100, 600])
    expect(run([0, 1, 2, 3, 0])).toEqual([1100, 1100, 1100, 1100, 1100])
  })
})

describe('credit scheduler: rate limit and reservations', () => {
  it('with a rate limit, a boosted wake-up preempts only once the running vCPU has run that long', () => {
    const { sim, sched, log, only } = setup({ ratelimitNs: 20e6 })
    const hog = sched.addVcpu('hog', 1, only(0), 256, 0)
    const io = sched.addVcpu('io', 2, only(0), 256, 0)
    sched.submit(hog, 25e6, () => log.push(['hog', sim.now]), 0)
    sim.after(15e6, () => sched.submit(io, 1000, () => log.push(['io', sim.now]), 0))
    sim.run({ until: 40e6 })
    expect(log).toEqual([['io', 20_001_000], ['hog', 25_001_000]])
  })

  /** CPU time (ms of 1 ms work items) each of four CPU-bound vCPUs on two CPUs gets in 600 ms; vCPU 0 reserves `pct` %. */
  function share(pct: number): number[] {
    const { sim, sched } = setup()
    const done = [0, 0, 0, 0]
    const all = new Uint8Array([1, 1])
    const vs = done.map((_, i) => sched.addVcpu(`v${i}`, i + 1, all, 256, 0))
    vs[0].reservation = pct
    vs.forEach((v, i) => {
      const loop = (): void => { done[i]++; sched.submit(v, 1e6, loop, 0) }
      sched.submit(v, 1e6, loop, 0)
    })
    sim.run({ until: 600e6 })
    return done
  }

  it('a reservation is credited before weights: the reserving vCPU gets more than an equal share', () => {
    const equal = share(0), reserved = share(80)
    expect(Math.max(...equal) - Math.min(...equal)).toBeLessThanOrEqual(0.1 * equal[0])
    expect(reserved[0]).toBeGreaterThan(1.3 * equal[0])
    expect(reserved[1]).toBeLessThan(equal[1])
  })
})

describe('SDRAM polling contention (004 §4.3.1)', () => {
  const costs = { meNs: 30, channelNs: 50, latencyNs: 300 }
  it('one poller sees the bare access time', () => {
    expect(pollResponseNs(1, costs)).toBeCloseTo(380, 6)
  })
  it('poll time grows with the number of polling contexts', () => {
    const r = [1, 2, 4, 8].map((k) => pollResponseNs(k, costs))
    for (let i = 1; i < r.length; i++) expect(r[i]).toBeGreaterThan(r[i - 1])
  })
})
