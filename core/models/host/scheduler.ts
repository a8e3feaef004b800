// The host's CPU scheduler, after Xen's credit scheduler: vCPUs in BOOST/UNDER/OVER
// run queues, placement by affinity, 30 ms slices, a boost for vCPUs woken by an event,
// domain-switch cost, the hypervisor's own context, and hyperthread siblings that slow
// each other down. Work is in ns at full speed; latency emerges from who waits for whom.
import type { Handler, Simulator } from '../../sim'
import { CpuAccounts, HYPERVISOR_ACCT } from './cpu-accounts'
import { CpuRunner, type CpuConfig } from './cpu-runner'
import { creditAccounting } from './credit'
import { BLOCKED, PRIO_BOOST, PRIO_OVER, PRIO_UNDER, RUNNABLE, RUNNING, Vcpu } from './vcpu'

export interface SchedulerConfig extends CpuConfig {
  timesliceNs: number
  tickNs: number
  boostOnWake: boolean
  contextSwitchNs: number
  /** A wake-up raised on one CPU for another (inter-processor interrupt, leaving the idle loop). */
  ipiNs: number
  /** A wake-up raised by a device or timer (interrupt delivery to the CPU). */
  irqNs: number
  /** Minimum run time before a woken vCPU may preempt the running one (0 = at once; hypervisor work is never held). */
  ratelimitNs?: number
}

export class CreditScheduler extends CpuRunner {
  readonly cfg: SchedulerConfig
  /** Domain switches since the last reset. */
  switches = 0
  private readonly runq: Vcpu[][] = [[], [], [], []]
  private readonly last: Int32Array
  private readonly dispatchAt: Float64Array
  private readonly hvCtx: Vcpu[] = []
  private readonly arriveId: number
  private readonly ratelimitId: number
  /** A rate-limited preemption check is pending on this CPU. */
  private readonly held: Uint8Array
  /** CPU whose work completion is being handled (-1: a device, timer or the network). */
  private executing = -1
  /** An interrupt is on its way to this CPU (it counts as taken until it lands). */
  private readonly incoming: Uint8Array

  constructor(sim: Simulator, cfg: SchedulerConfig, accounts: CpuAccounts) {
    super(sim, cfg, accounts)
    const n = cfg.cpus
    this.cfg = cfg
    this.last = new Int32Array(n).fill(-1)
    this.dispatchAt = new Float64Array(n)
    this.incoming = new Uint8Array(n)
    this.held = new Uint8Array(n)
    this.finishId = sim.register(this.finish, 'cpu')
    this.arriveId = sim.register(this.interruptArrives, 'ipi')
    this.ratelimitId = sim.register(this.ratelimitOver, 'ratelimit')
    for (let p = 0; p < n; p++) {
      const aff = new Uint8Array(n)
      aff[p] = 1
      this.hvCtx.push(this.addVcpu(`hv/cpu${p}`, HYPERVISOR_ACCT, aff, 256, 0, true))
    }
    creditAccounting(sim, this)
  }

  addVcpu(name: string, acct: number, affinity: Uint8Array, weight: number, cap: number, isHv = false): Vcpu {
    const v = new Vcpu(this.vcpus.length, name, acct, affinity, isHv, weight, cap)
    this.vcpus.push(v)
    return v
  }

  /** The hypervisor's context on logical CPU p: its work preempts any vCPU there. */
  hv(p: number): Vcpu {
    return this.hvCtx[p]
  }

  /** Queues `ns` of work (at full speed) on v; `done(arg)` runs when it completes. */
  submit(v: Vcpu, ns: number, done: Handler | undefined, arg: number, acct = v.acct): void {
    v.push(ns, done, arg, acct)
    if (v.state === BLOCKED) this.wake(v)
  }

  private wake(v: Vcpu): void {
    v.state = RUNNABLE
    if (this.cfg.boostOnWake && v.prio === PRIO_UNDER) v.prio = PRIO_BOOST
    this.runq[v.prio].push(v)
    this.tickle(v)
  }

  /** Finds v a CPU: an idle one in its affinity (its last one first), else preempts a less urgent vCPU. */
  kick(v: Vcpu): void {
    this.tickle(v)
  }

  private tickle(v: Vcpu): void {
    const lp = v.lastPcpu
    if (lp >= 0 && v.affinity[lp] === 1 && this.current[lp] < 0 && this.incoming[lp] === 0) {
      this.signal(lp)
      return
    }
    let victim = -1, worst = v.prio
    for (let p = 0; p < this.cfg.cpus; p++) {
      if (v.affinity[p] === 0 || this.incoming[p] === 1) continue
      const c = this.current[p]
      if (c < 0) {
        this.signal(p)
        return
      }
      const pr = this.vcpus[c].prio
      if (pr > worst) { worst = pr; victim = p }
    }
    if (victim >= 0) this.signal(victim)
  }

  /** Tells CPU p to reschedule: at once if it is the CPU doing this work, else by an interrupt. */
  private signal(p: number): void {
    if (p === this.executing) return this.reschedule(p)
    const delay = this.executing >= 0 ? this.cfg.ipiNs : this.cfg.irqNs
    if (delay <= 0) return this.reschedule(p)
    this.incoming[p] = 1
    this.sim.schedule(delay, this.arriveId, p)
  }

  private readonly interruptArrives = (p: number): void => {
    this.incoming[p] = 0
    this.reschedule(p)
  }

  /** CPU p picks again: idle, it takes the best waiting vCPU; busy, a more urgent one preempts. */
  private reschedule(p: number): void {
    const c = this.current[p]
    if (c < 0) return this.dispatch(p)
    const prio = this.vcpus[c].prio
    if (prio > 0 && this.waiting(p, prio - 1)) {
      const ran = this.sim.now - this.dispatchAt[p]
      const limit = this.cfg.ratelimitNs ?? 0
      if (limit > 0 && ran < limit && this.hvCtx[p].state !== RUNNABLE) {
        if (this.held[p] === 0) {
          this.held[p] = 1
          this.sim.schedule(limit - ran, this.ratelimitId, p)
        }
        return
      }
      this.preempt(p, true)
    }
  }

  /** The rate limit of the vCPU on p has run out: a waiting, more urgent vCPU may now preempt it. */
  private readonly ratelimitOver = (p: number): void => {
    this.held[p] = 0
    this.reschedule(p)
  }

  /** Takes the most urgent runnable vCPU allowed on p, or undefined. */
  private pick(p: number): Vcpu | undefined {
    for (let pr = 0; pr < 4; pr++) {
      const q = this.runq[pr]
      for (let i = 0; i < q.length; i++) {
        const v = q[i]
        if (v.affinity[p] === 1 && !v.parked) {
          q.splice(i, 1)
          return v
        }
      }
    }
    return undefined
  }

  /** True when a vCPU at least as urgent as `prio` waits for p. */
  private waiting(p: number, prio: number): boolean {
    for (let pr = 0; pr <= prio; pr++) for (const v of this.runq[pr]) if (v.affinity[p] === 1 && !v.parked) return true
    return false
  }

  private dispatch(p: number): void {
    const v = this.pick(p)
    if (v === undefined) {
      this.current[p] = -1
      this.setBusy(p, false)
      return
    }
    v.state = RUNNING
    v.pcpu = p
    v.lastPcpu = p
    this.current[p] = v.id
    this.dispatchAt[p] = this.sim.now
    if (!v.isHv && this.last[p] !== v.id) {
      this.last[p] = v.id
      if (this.cfg.contextSwitchNs > 0) {
        this.switchLeft[p] = this.cfg.contextSwitchNs
        this.switches++
      }
    }
    this.setBusy(p, true)
    this.plan(p)
  }

  protected readonly finish = (p: number): void => {
    const v = this.vcpus[this.current[p]]
    this.endEvent[p] = -1
    const now = this.sim.now
    v.used += now - this.itemStart[p]
    if (this.switchLeft[p] > 0) {
      this.accounts.charge(p, HYPERVISOR_ACCT, this.itemStart[p], now)
      this.switchLeft[p] = 0
      this.plan(p)
      return
    }
    this.accounts.charge(p, v.acctOf[v.head], this.itemStart[p], now)
    const done = v.done[v.head]
    const arg = v.arg[v.head]
    v.pop()
    this.executing = p
    if (done !== undefined) done(arg)
    this.executing = -1
    if (this.current[p] !== v.id || this.endEvent[p] >= 0) return // preempted or re-planned meanwhile
    if (v.count > 0) this.plan(p)
    else this.block(p, v)
  }

  private block(p: number, v: Vcpu): void {
    v.state = BLOCKED
    v.pcpu = -1
    if (!v.isHv) v.prio = v.credit >= 0 ? PRIO_UNDER : PRIO_OVER
    this.dispatch(p)
  }

  /** Stops the vCPU on p (keeping its remaining work) and runs the next; `toHead` keeps its place. */
  private preempt(p: number, toHead: boolean): void {
    const v = this.vcpus[this.current[p]]
    if (this.endEvent[p] >= 0) this.stopRun(p, v)
    v.pcpu = -1
    this.current[p] = -1
    this.switchLeft[p] = 0
    if (v.count === 0) {
      this.block(p, v)
      return
    }
    v.state = RUNNABLE
    if (toHead) this.runq[v.prio].unshift(v)
    else this.runq[v.prio].push(v)
    this.dispatch(p)
  }

  /** Periodic tick (credit.ts): the running vCPU loses its boost; its slice may end. */
  sliceCheck(p: number): void {
    const c = this.current[p]
    if (c < 0) return
    const v = this.vcpus[c]
    if (v.isHv) return
    if (v.prio === PRIO_BOOST) v.prio = PRIO_UNDER
    if (this.sim.now - this.dispatchAt[p] >= this.cfg.timesliceNs && this.waiting(p, v.prio)) this.preempt(p, false)
  }

  /** Re-files a vCPU whose priority changed at accounting. */
  requeue(v: Vcpu, prio: number): void {
    if (v.state !== RUNNABLE || v.prio === prio) {
      v.prio = prio
      return
    }
    const q = this.runq[v.prio]
    q.splice(q.indexOf(v), 1)
    v.prio = prio
    this.runq[prio].push(v)
  }


}
