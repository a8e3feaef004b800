// The host's CPU scheduler, after Xen's credit scheduler: vCPUs in BOOST/UNDER/OVER
// run queues, placement by affinity, 30 ms slices, a boost for vCPUs woken by an event,
// domain-switch cost, the hypervisor's own context, and hyperthread siblings that slow
// each other down. Work is in ns at full speed; latency emerges from who waits for whom.
import type { Handler, Simulator } from '../../sim'
import { CpuAccounts, HYPERVISOR_ACCT } from './cpu-accounts'
import { CpuRunner, type CpuConfig } from './cpu-runner'
import { creditAccounting } from './credit'
import { BLOCKED, CapBudget, PRIO_BOOST, PRIO_HV, PRIO_OVER, PRIO_UNDER, RUNNABLE, RUNNING, Vcpu } from './vcpu'

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
  /** CPU work of sending an IPI (APIC command write), charged to the hypervisor on the sending CPU. */
  ipiSendNs?: number
  /** CPU work of taking an IPI (interrupt entry, acknowledge, return), charged to the hypervisor on the receiving CPU. */
  ipiReceiveNs?: number
  /** Extra work of a piece of work handed to a vCPU that last ran on another core: the lines it must pull over (ring index, descriptor, event bits). */
  handoffNs?: number
  /** Cache refill of a domain switched in cold (its working set evicted), on top of contextSwitchNs. */
  cacheRefillNs?: number
  /** Other domains that may run on a CPU before a domain's working set there counts as evicted (refill grows linearly up to that). */
  cacheWarmDomains?: number
}

/** Longest per-CPU history of recently run domains kept for the cache-refill estimate. */
const MAX_RECENT = 16

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
  private readonly ipiArriveId: number
  private readonly ipiSendNs: number
  private readonly ipiReceiveNs: number
  private readonly handoffNs: number
  private readonly refillNs: number
  private readonly warmDomains: number
  /** Per CPU, the domains (accounts) that ran there, most recent first (MAX_RECENT slots, −1 = empty). */
  private readonly recent: Int32Array
  /** Core of each logical CPU (siblings share their caches). */
  private readonly coreOf: Int32Array
  /** IPIs sent since the last reset. */
  ipis = 0
  /** Work handed to a vCPU on another core since the last reset. */
  handoffs = 0

  constructor(sim: Simulator, cfg: SchedulerConfig, accounts: CpuAccounts) {
    super(sim, cfg, accounts)
    const n = cfg.cpus
    this.cfg = cfg
    this.last = new Int32Array(n).fill(-1)
    this.dispatchAt = new Float64Array(n)
    this.incoming = new Uint8Array(n)
    this.held = new Uint8Array(n)
    this.finishId = sim.register(this.finish, 'cpu')
    this.arriveId = sim.register(this.interruptArrives, 'irq')
    this.ratelimitId = sim.register(this.ratelimitOver, 'ratelimit')
    this.ipiArriveId = sim.register(this.ipiArrives, 'ipi')
    this.ipiSendNs = cfg.ipiSendNs ?? 0
    this.ipiReceiveNs = cfg.ipiReceiveNs ?? 0
    this.handoffNs = cfg.handoffNs ?? 0
    this.refillNs = cfg.cacheRefillNs ?? 0
    this.warmDomains = Math.max(1, Math.min(MAX_RECENT - 1, Math.round(cfg.cacheWarmDomains ?? 1)))
    this.recent = new Int32Array(n * MAX_RECENT).fill(-1)
    this.coreOf = new Int32Array(n)
    const cores = n / Math.max(1, cfg.threadsPerCore)
    for (let p = 0; p < n; p++) this.coreOf[p] = cfg.threadsPerCore > 1 ? p % cores : p
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
    if (cap > 0 && !isHv) this.capTogether([v], cap)
    return v
  }

  /** Puts `vcpus` (one domain's) under one cap of `cap` % of one CPU, shared among them. */
  capTogether(vcpus: readonly Vcpu[], cap: number): void {
    const b = new CapBudget()
    b.capNs = (this.cfg.tickNs * 3 * cap) / 100
    b.left = b.capNs
    for (const v of vcpus) {
      v.budget = b
      b.vcpus.push(v)
    }
  }

  /** A cap's budget is spent: every vCPU of its domain stops (the running ones are preempted) until the refill. */
  private exhaust(b: CapBudget): void {
    b.exhausted = true
    for (const u of b.vcpus) {
      u.parked = true
      if (u.pcpu >= 0 && this.current[u.pcpu] === u.id) this.preempt(u.pcpu, false)
    }
  }

  /** Accounting refilled a cap's budget: its domain's vCPUs may run again. */
  refilled(b: CapBudget): void {
    b.left = Math.min(b.capNs, b.left + b.capNs)
    if (!b.exhausted || b.left <= 0) return
    b.exhausted = false
    for (const u of b.vcpus) {
      u.parked = false
      if (u.state === RUNNABLE) this.kick(u)
    }
  }

  /** The hypervisor's context on logical CPU p: its work preempts any vCPU there. */
  hv(p: number): Vcpu {
    return this.hvCtx[p]
  }

  /** Queues `ns` of work (at full speed) on v; `done(arg)` runs when it completes. */
  submit(v: Vcpu, ns: number, done: Handler | undefined, arg: number, acct = v.acct): void {
    if (this.handoffNs > 0 && this.crossCore(v)) {
      // Handed over from another core: the lines the sender wrote move to this vCPU's cache when it starts.
      ns += this.handoffNs
      this.handoffs++
    }
    v.push(ns, done, arg, acct)
    if (v.state === BLOCKED) this.wake(v)
  }

  private wake(v: Vcpu): void {
    v.state = RUNNABLE
    if (this.cfg.boostOnWake && v.prio === PRIO_UNDER) v.prio = PRIO_BOOST
    this.runq[v.prio].push(v)
    this.tickle(v)
  }

  /** True when work handed to v now crosses cores: the CPU completing work is on another core than v last ran on (siblings share caches). */
  crossCore(v: Vcpu): boolean {
    const from = this.executing
    return from >= 0 && v.lastPcpu >= 0 && this.coreOf[v.lastPcpu] !== this.coreOf[from]
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
    const from = this.executing
    if (p === from) return this.reschedule(p)
    if (from >= 0) {
      // An inter-processor interrupt: the sender writes the APIC command register (CPU work on its
      // CPU, in the hypervisor), the receiver takes the interrupt before it reschedules.
      this.ipis++
      if (this.ipiSendNs > 0) {
        const c = this.current[from]
        // Between two pieces of work of the vCPU on the sender: the send is the next thing it runs
        // (hypervisor time); otherwise it preempts as hypervisor work.
        if (c >= 0 && this.endEvent[from] < 0 && this.switchLeft[from] === 0) this.vcpus[c].pushFront(this.ipiSendNs, undefined, 0, HYPERVISOR_ACCT)
        else {
          this.hvWork(from, this.ipiSendNs)
          this.reschedule(from)
        }
      }
      const delay = this.cfg.ipiNs
      if (delay <= 0) return this.ipiArrives(p)
      this.incoming[p] = 1
      this.sim.schedule(delay, this.ipiArriveId, p)
      return
    }
    const delay = this.cfg.irqNs
    if (delay <= 0) return this.reschedule(p)
    this.incoming[p] = 1
    this.sim.schedule(delay, this.arriveId, p)
  }

  private readonly interruptArrives = (p: number): void => {
    this.incoming[p] = 0
    this.reschedule(p)
  }

  private readonly ipiArrives = (p: number): void => {
    this.incoming[p] = 0
    if (this.ipiReceiveNs > 0) this.hvWork(p, this.ipiReceiveNs)
    this.reschedule(p)
  }

  /** Queues hypervisor work on CPU p's hypervisor context without another interrupt (the caller reschedules p). */
  private hvWork(p: number, ns: number): void {
    const h = this.hvCtx[p]
    h.push(ns, undefined, 0, HYPERVISOR_ACCT)
    if (h.state === BLOCKED) {
      h.state = RUNNABLE
      this.runq[PRIO_HV].push(h)
    }
  }

  /**
   * Records that domain `acct` runs on p and returns its cache refill: none when at most one other
   * domain ran there since it last did, growing linearly to the full refill after `cacheWarmDomains`
   * others (or when it never ran there). Netburst has no tagged TLB: the TLB refill is in every switch.
   */
  private refill(p: number, acct: number): number {
    const r = this.recent, base = p * MAX_RECENT
    let i = 0
    while (i < MAX_RECENT && r[base + i] !== acct && r[base + i] >= 0) i++
    const found = i < MAX_RECENT && r[base + i] === acct
    const last = found ? i : MAX_RECENT - 1
    for (let k = last; k > 0; k--) r[base + k] = r[base + k - 1]
    r[base] = acct
    if (this.refillNs <= 0) return 0
    const others = found ? i : this.warmDomains + 1
    return this.refillNs * Math.min(1, Math.max(0, others - 1) / this.warmDomains)
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
      const cost = this.cfg.contextSwitchNs > 0 ? this.cfg.contextSwitchNs + this.refill(p, v.acct) : 0
      if (cost > 0) {
        this.switchLeft[p] = cost
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
    if (v.budget !== undefined) v.budget.left -= now - this.itemStart[p]
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
    if (v.budget !== undefined && v.budget.left <= 0) return this.exhaust(v.budget)
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
    if (v.budget !== undefined && this.endEvent[p] >= 0) {
      // the cap's budget is checked on every tick too (a long piece of work would overrun it)
      this.stopRun(p, v)
      if (v.budget.left <= 0) return this.exhaust(v.budget)
      this.plan(p)
    }
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
