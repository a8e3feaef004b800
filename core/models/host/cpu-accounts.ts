// Where CPU time goes: busy time per logical CPU and per account (the hypervisor, each
// domain), counted from the end of the warm-up; a run's cpu_util metric comes from here.

/** Account 0 is the hypervisor (interrupt handling, signals, domain switches). */
export const HYPERVISOR_ACCT = 0

export class CpuAccounts {
  readonly names: string[] = ['hypervisor']
  /** Role of each account: 'hypervisor', 'driver' or 'guest'. */
  readonly roles: string[] = ['hypervisor']
  busyByAcct = new Float64Array(8)
  readonly busyByCpu: Float64Array
  since = 0

  constructor(cpus: number) {
    this.busyByCpu = new Float64Array(cpus)
  }

  add(name: string, role: 'driver' | 'guest'): number {
    this.names.push(name)
    this.roles.push(role)
    if (this.names.length > this.busyByAcct.length) {
      const b = new Float64Array(this.busyByAcct.length * 2)
      b.set(this.busyByAcct)
      this.busyByAcct = b
    }
    return this.names.length - 1
  }

  /** Charges CPU time from `start` to `end` on `cpu` to `acct` (only the part after `since`). */
  charge(cpu: number, acct: number, start: number, end: number): void {
    const ns = end - (start > this.since ? start : this.since)
    if (ns <= 0) return
    this.busyByAcct[acct] += ns
    this.busyByCpu[cpu] += ns
  }

  reset(now: number): void {
    this.busyByAcct.fill(0)
    this.busyByCpu.fill(0)
    this.since = now
  }
}
