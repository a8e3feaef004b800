// The execution side of the host's logical CPUs: which vCPU each runs, the planned end
// of the current piece of work, partial runs when preempted, per-CPU speed, and the
// coupling of sibling hyperthreads (a busy sibling slows a CPU down). The credit policy
// (queues, priorities, wake-ups) is in scheduler.ts.
import type { Simulator } from '../../sim'
import { CpuAccounts, HYPERVISOR_ACCT } from './cpu-accounts'
import type { Vcpu } from './vcpu'

export interface CpuConfig {
  cpus: number
  threadsPerCore: number
  /** Stretch factor of work while the sibling hyperthread is busy. */
  htSlowdown: number
}

export abstract class CpuRunner {
  readonly accounts: CpuAccounts
  readonly vcpus: Vcpu[] = []
  protected readonly sim: Simulator
  protected readonly ncpu: number
  protected readonly threads: number
  protected readonly htSlowdown: number
  protected readonly current: Int32Array
  protected readonly itemStart: Float64Array
  protected readonly speed: Float64Array
  protected readonly busy: Uint8Array
  protected readonly switchLeft: Float64Array
  protected readonly endEvent: Float64Array
  protected finishId = -1

  constructor(sim: Simulator, cfg: CpuConfig, accounts: CpuAccounts) {
    const n = cfg.cpus
    this.sim = sim
    this.ncpu = n
    this.threads = cfg.threadsPerCore
    this.htSlowdown = cfg.htSlowdown
    this.accounts = accounts
    this.current = new Int32Array(n).fill(-1)
    this.itemStart = new Float64Array(n)
    this.speed = new Float64Array(n).fill(1)
    this.busy = new Uint8Array(n)
    this.switchLeft = new Float64Array(n)
    this.endEvent = new Float64Array(n).fill(-1)
  }

  /** The sibling hyperthread of logical CPU p (first hyperthreads of all cores come first). */
  sibling(p: number): number {
    const cores = this.ncpu / this.threads
    return this.threads > 1 ? (p + cores) % this.ncpu : -1
  }

  protected plan(p: number): void {
    const v = this.vcpus[this.current[p]]
    const w = this.switchLeft[p] > 0 ? this.switchLeft[p] : v.ns[v.head]
    const sp = this.speed[p]
    this.itemStart[p] = this.sim.now
    this.endEvent[p] = this.sim.schedule(Math.ceil(sp === 1 ? w : w / sp), this.finishId, p)
  }

  /** Cancels the planned end of the run on p, charging the part done. */
  protected stopRun(p: number, v: Vcpu): void {
    const now = this.sim.now
    const ran = now - this.itemStart[p]
    const work = ran * this.speed[p]
    this.sim.cancel(this.endEvent[p])
    this.endEvent[p] = -1
    v.used += ran
    if (v.budget !== undefined) v.budget.left -= ran
    if (this.switchLeft[p] > 0) {
      this.accounts.charge(p, HYPERVISOR_ACCT, this.itemStart[p], now)
      this.switchLeft[p] = Math.max(0, this.switchLeft[p] - work)
    } else {
      this.accounts.charge(p, v.acctOf[v.head], this.itemStart[p], now)
      v.ns[v.head] = Math.max(0, v.ns[v.head] - work)
    }
    this.itemStart[p] = now
  }

  /** A CPU starts or stops working: its sibling hyperthread slows down or speeds up. */
  protected setBusy(p: number, busy: boolean): void {
    const b = busy ? 1 : 0
    if (this.busy[p] === b) return
    this.busy[p] = b
    const s = this.sibling(p)
    if (s < 0) return
    const sp = busy ? 1 / this.htSlowdown : 1
    if (this.speed[s] === sp) return
    if (this.endEvent[s] >= 0) {
      this.stopRun(s, this.vcpus[this.current[s]])
      this.speed[s] = sp
      this.plan(s)
    } else this.speed[s] = sp
  }

  /** Charges runs in progress up to now (before reading the accounts). */
  flush(): void {
    for (let p = 0; p < this.ncpu; p++) {
      if (this.endEvent[p] < 0) continue
      const v = this.vcpus[this.current[p]]
      this.stopRun(p, v)
      this.plan(p)
    }
  }}
