// One physical host at run time: its logical CPUs under the credit scheduler, its
// domains and where they may run, and the hypervisor's costs turned into CPU work
// (cycles at the host clock) — the resource every technique's CPU stages consume.
import type { Handler, Simulator } from '../../sim'
import { num, str, bool, transferNs, type KindParams } from '../param-read'
import type { HostParamKey } from './params'
import type { RunStats } from '../run-stats'
import { CpuAccounts } from './cpu-accounts'
import { Domain, type DomainRole } from './domain'
import { CreditScheduler } from './scheduler'
import { PciBus } from './pci-bus'

export interface DomainSpec {
  name: string
  role: DomainRole
  vcpus: number
  weight: number
  cap: number
  /** 'first-hyperthreads' | 'second-hyperthreads' | 'any' */
  placement: string
  /** Pin every vCPU to this logical CPU (-1: use placement). */
  pinCpu: number
  /** Guaranteed CPU per vCPU in percent of one logical CPU (0 = none). */
  reservation?: number
}

export class HostModel {
  readonly id: string
  readonly sim: Simulator
  readonly params: KindParams<HostParamKey>
  readonly stats: RunStats
  readonly accounts: CpuAccounts
  readonly sched: CreditScheduler
  readonly domains: Domain[] = []
  readonly virtualized: boolean
  /** Logical CPU that takes the host's device interrupts. */
  readonly irqCpu: number
  /** The PCI bus every device of this host shares (one per direction). */
  readonly pci: PciBus
  private readonly hz: number
  private readonly copyBps: number
  /** Logical CPUs taken from the domains for an offload core (reserveCpu); 1 = reserved. */
  private reserved: Uint8Array | undefined

  constructor(sim: Simulator, id: string, params: KindParams<HostParamKey>, stats: RunStats) {
    this.sim = sim
    this.id = id
    this.params = params
    this.stats = stats
    this.hz = num(params, 'clock')
    this.copyBps = num(params, 'memCopyBandwidth')
    this.virtualized = bool(params, 'virtualized')
    const cpus = num(params, 'logicalCpus')
    this.irqCpu = Math.min(cpus - 1, Math.max(0, num(params, 'irqCpu')))
    this.accounts = new CpuAccounts(cpus)
    this.pci = new PciBus(params)
    this.sched = new CreditScheduler(sim, {
      cpus,
      threadsPerCore: Math.min(num(params, 'threadsPerCore'), cpus),
      htSlowdown: num(params, 'htSlowdown'),
      timesliceNs: num(params, 'schedulerTimeslice'),
      tickNs: num(params, 'schedulerTick'),
      boostOnWake: bool(params, 'boostOnWake'),
      contextSwitchNs: this.virtualized ? this.cyc(num(params, 'contextSwitchCycles')) : 0,
      ipiNs: num(params, 'ipiLatency'),
      irqNs: num(params, 'irqLatency'),
      ratelimitNs: num(params, 'schedulerRatelimit'),
      ipiSendNs: this.cyc(num(params, 'ipiSendCycles')),
      ipiReceiveNs: this.cyc(num(params, 'irqDeliveryCycles')),
      handoffNs: this.cyc(num(params, 'crossCpuHandoffLines') * num(params, 'cacheLineTransferCycles')),
      cacheRefillNs: this.virtualized ? this.cyc(num(params, 'domainCacheRefillCycles')) : 0,
      cacheWarmDomains: num(params, 'cacheWarmDomains')
    }, this.accounts)
  }

  /** Full-speed ns of `cycles` on this host's clock. */
  cyc(cycles: number): number {
    return (cycles * 1e9) / this.hz
  }

  /** Full-speed ns of the catalog cost `key` (in cycles). */
  cost(key: HostParamKey): number {
    return this.cyc(num(this.params, key))
  }

  /** ns a CPU spends copying `bytes` (cache-cold memcpy). */
  copyNs(bytes: number): number {
    return transferNs(bytes, this.copyBps)
  }

  /** Hypervisor-only costs vanish on a host without a hypervisor. */
  hvCost(key: HostParamKey): number {
    return this.virtualized ? this.cost(key) : 0
  }

  /** Runs hypervisor work on the interrupt CPU, preempting whatever runs there. */
  hvRun(ns: number, done: Handler | undefined, arg: number): void {
    this.sched.submit(this.sched.hv(this.irqCpu), ns, done, arg, 0)
  }

  addDomain(spec: DomainSpec): Domain {
    const acct = this.accounts.add(spec.name, spec.role)
    const vcpus = []
    for (let i = 0; i < spec.vcpus; i++) {
      const aff = this.affinity(spec, i)
      const v = this.sched.addVcpu(`${spec.name}/v${i}`, acct, aff, spec.weight, spec.cap)
      v.reservation = spec.reservation ?? 0
      vcpus.push(v)
    }
    if (spec.cap > 0) this.sched.capTogether(vcpus, spec.cap) // Xen's cap is per domain, over all its vCPUs
    const d = new Domain(spec.name, spec.role, acct, vcpus, this.sched)
    this.domains.push(d)
    return d
  }

  /**
   * Takes one logical CPU away from every domain (present and future) and gives it to a new
   * single-vCPU domain named `name` (an I/O offload core, issue 11: offloading to cores leaves fewer
   * for VMs). The CPU is the highest-numbered one that is not the interrupt CPU and that no vCPU is
   * pinned to alone; throws a user-facing Error when there is none.
   */
  reserveCpu(name: string): Domain {
    const cpus = this.sched.cfg.cpus
    const guests = this.sched.vcpus.filter((v) => !v.isHv)
    const taken = this.reserved ?? new Uint8Array(cpus)
    let p = cpus - 1
    for (; p >= 0; p--) {
      if (p === this.irqCpu || taken[p] === 1) continue
      if (guests.every((v) => v.affinity[p] === 0 || v.affinity.some((a, q) => a === 1 && q !== p && taken[q] === 0))) break
    }
    if (p < 0) throw new Error(`host "${this.id}" has no logical CPU left to dedicate to an offload core (it has ${cpus}; the interrupt CPU and CPUs a vCPU is pinned to alone cannot be taken)`)
    taken[p] = 1
    this.reserved = taken
    for (const v of guests) v.affinity[p] = 0
    const acct = this.accounts.add(name, 'driver')
    const aff = new Uint8Array(cpus)
    aff[p] = 1
    const d = new Domain(name, 'driver', acct, [this.sched.addVcpu(`${name}/v0`, acct, aff, 256, 0)], this.sched)
    this.domains.push(d)
    return d
  }

  /** Logical CPUs vCPU i of a domain may use: first hyperthreads are CPUs 0…cores−1. */
  private affinity(spec: DomainSpec, i: number): Uint8Array {
    const cpus = this.sched.cfg.cpus
    const cores = cpus / this.sched.cfg.threadsPerCore
    const aff = new Uint8Array(cpus)
    if (spec.pinCpu >= 0) {
      aff[spec.pinCpu % cpus] = 1
    } else if (spec.placement === 'first-hyperthreads' && spec.role === 'driver') {
      aff[i % cores] = 1 // Xen's default: the driver domain's vCPU i on the first hyperthread of core i
    } else if (spec.placement === 'first-hyperthreads') {
      for (let p = 0; p < cores; p++) aff[p] = 1
    } else if (spec.placement === 'second-hyperthreads' && cores < cpus) {
      for (let p = cores; p < 2 * cores; p++) aff[p] = 1
    } else aff.fill(1)
    // An offload core (reserveCpu) is no domain's to use, unless it is all the placement allows.
    if (this.reserved !== undefined && aff.some((a, p) => a === 1 && this.reserved![p] === 0)) {
      for (let p = 0; p < cpus; p++) if (this.reserved[p] === 1) aff[p] = 0
    }
    return aff
  }

  /** The host's placement default for a role. */
  defaultPlacement(role: DomainRole): string {
    return str(this.params, role === 'driver' ? 'driverDomainPlacement' : 'guestPlacement')
  }

  resetStats(): void {
    this.sched.flush()
    this.accounts.reset(this.sim.now)
    this.sched.switches = 0
    this.sched.ipis = 0
    this.sched.handoffs = 0
  }
}
