// CPU resource controls of the credit scheduler (issue 12): a weight divides contended CPU,
// a cap limits a domain's CPU share (a budget per accounting period shared by its vCPUs,
// as Xen credit2's caps), a reservation guarantees a minimum.
import { describe, expect, it } from 'vitest'
import { Simulator } from '../../../../core/sim'
import { CpuAccounts } from '../../../../core/models/host/cpu-accounts'
import { CreditScheduler, type SchedulerConfig } from '../../../../core/models/host/scheduler'
import type { Vcpu } from '../../../../core/models/host/vcpu'

const BASE: SchedulerConfig = {
  cpus: 2, threadsPerCore: 1, htSlowdown: 1.5, timesliceNs: 30e6, tickNs: 10e6,
  boostOnWake: true, contextSwitchNs: 0, ipiNs: 0, irqNs: 0
}

interface Spec { weight?: number; cap?: number; reservation?: number; cpus?: number[]; itemNs?: number }

/** CPU time (ms) each CPU-bound vCPU gets in `untilNs` on a `cpus`-CPU host; `together` puts vCPUs under one domain cap. */
function cpuTime(specs: Spec[], untilNs = 900e6, cpus = 2, together?: { vcpus: number[]; cap: number }): number[] {
  const sim = new Simulator()
  const cfg = { ...BASE, cpus }
  const sched = new CreditScheduler(sim, cfg, new CpuAccounts(cpus))
  const used = specs.map(() => 0)
  const vs: Vcpu[] = specs.map((s, i) => {
    const aff = new Uint8Array(cpus)
    for (const p of s.cpus ?? [...Array(cpus).keys()]) aff[p] = 1
    const v = sched.addVcpu(`v${i}`, i + 1, aff, s.weight ?? 256, s.cap ?? 0)
    v.reservation = s.reservation ?? 0
    return v
  })
  if (together !== undefined) sched.capTogether(together.vcpus.map((i) => vs[i]), together.cap)
  vs.forEach((v, i) => {
    const item = specs[i].itemNs ?? 1e6
    const loop = (): void => { used[i] += item / 1e6; sched.submit(v, item, loop, 0) }
    sched.submit(v, item, loop, 0)
  })
  sim.run({ until: untilNs })
  return used
}

describe('CPU controls of the credit scheduler', () => {
  it('a weight divides a contended CPU in proportion (512 : 256 → ≈ 2 : 1; credit is per host, so both on a one-CPU host)', () => {
    const equal = cpuTime([{ cpus: [0] }, { cpus: [0] }], 900e6, 1)
    const weighted = cpuTime([{ cpus: [0], weight: 512 }, { cpus: [0], weight: 256 }], 900e6, 1)
    expect(Math.abs(equal[0] / equal[1] - 1)).toBeLessThan(0.1)
    expect(weighted[0] / weighted[1]).toBeGreaterThan(1.7)
    expect(weighted[0] / weighted[1]).toBeLessThan(2.3)
  })

  it('a cap limits a vCPU to its percentage of one CPU even on an idle CPU (25 % → ≈ 25 %)', () => {
    const [capped] = cpuTime([{ cpus: [0], cap: 25 }], 900e6)
    expect(capped / 900).toBeGreaterThan(0.23)
    expect(capped / 900).toBeLessThan(0.27)
    const [free] = cpuTime([{ cpus: [0] }], 900e6)
    expect(free / 900).toBeGreaterThan(0.99)
  })

  it('a cap bounds work items longer than the budget too (checked every tick)', () => {
    const [capped] = cpuTime([{ cpus: [0], cap: 10, itemNs: 20e6 }], 900e6)
    // a 20 ms item overruns a 3 ms budget; the debt is carried, so the long-run share stays near 10 %
    expect(capped / 900).toBeLessThan(0.2)
  })

  it('a domain cap is shared by its vCPUs: two vCPUs under one 50 % cap get ≈ 50 % together', () => {
    const t = cpuTime([{ cpus: [0] }, { cpus: [1] }], 900e6, 2, { vcpus: [0, 1], cap: 50 })
    expect((t[0] + t[1]) / 900).toBeGreaterThan(0.45)
    expect((t[0] + t[1]) / 900).toBeLessThan(0.55)
  })

  it('a reservation guarantees a minimum against heavier weights: 60 % reserved against three weight-1024 vCPUs on one CPU', () => {
    const none = cpuTime([{ cpus: [0], weight: 64 }, { cpus: [0], weight: 1024 }, { cpus: [0], weight: 1024 }, { cpus: [0], weight: 1024 }], 900e6, 1)
    const reserved = cpuTime([{ cpus: [0], weight: 64, reservation: 60 }, { cpus: [0], weight: 1024 }, { cpus: [0], weight: 1024 }, { cpus: [0], weight: 1024 }], 900e6, 1)
    expect(none[0] / 900).toBeLessThan(0.15)
    expect(reserved[0] / 900).toBeGreaterThan(0.5)
  })
})
