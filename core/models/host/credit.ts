// Credit accounting of the credit scheduler: every tick the running vCPU loses its
// boost and may reach the end of its slice; every accounting period (3 ticks) credits
// are shared out — reservations first, the rest by weight — among active vCPUs, and each
// cap's budget is refilled (a domain that spent its budget is parked until then:
// scheduler.ts, as Xen credit2's caps).
import type { Simulator } from '../../sim'
import type { CreditScheduler } from './scheduler'
import { BLOCKED, PRIO_BOOST, PRIO_OVER, PRIO_UNDER, type CapBudget, type Vcpu } from './vcpu'

/** Ticks per accounting period (Xen's credit scheduler: 3 ticks of 10 ms = 30 ms). */
const TICKS_PER_ACCOUNTING = 3

/** Starts the periodic tick of `sched`. */
export function creditAccounting(sim: Simulator, sched: CreditScheduler): void {
  let ticks = 0
  const tickId = sim.register(() => {
    for (let p = 0; p < sched.cfg.cpus; p++) sched.sliceCheck(p)
    if (++ticks % TICKS_PER_ACCOUNTING === 0) account(sched, sched.cfg.tickNs * TICKS_PER_ACCOUNTING)
    sim.schedule(sched.cfg.tickNs, tickId)
  }, 'credit-tick')
  sim.schedule(sched.cfg.tickNs, tickId)
}

function active(v: Vcpu): boolean {
  return !v.isHv && (v.used > 0 || v.state !== BLOCKED)
}

/** The credit a vCPU's reservation guarantees per accounting period. */
function reserved(v: Vcpu, period: number): number {
  return Math.min(period, (period * v.reservation) / 100)
}

/**
 * Shares `period × cpus` of credit among active vCPUs — reservations first, the rest by
 * weight — and debits what each used.
 */
function account(sched: CreditScheduler, period: number): void {
  let weights = 0, reservations = 0
  for (const v of sched.vcpus) {
    if (!active(v)) continue
    weights += v.weight
    reservations += reserved(v, period)
  }
  const total = Math.max(0, period * sched.cfg.cpus - reservations)
  for (const v of sched.vcpus) {
    if (v.isHv) continue
    const share = active(v) && weights > 0 ? Math.min(period, reserved(v, period) + (total * v.weight) / weights) : 0
    v.credit = Math.max(-period, Math.min(period, v.credit + share - v.used))
    v.used = 0
    if (v.prio !== PRIO_BOOST) sched.requeue(v, v.credit >= 0 ? PRIO_UNDER : PRIO_OVER)
  }
  const refilled = new Set<CapBudget>()
  for (const v of sched.vcpus) {
    if (v.budget === undefined || refilled.has(v.budget)) continue
    refilled.add(v.budget)
    sched.refilled(v.budget)
  }
}
