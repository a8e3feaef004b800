// A virtual CPU as the credit scheduler sees it: its priority (hypervisor context,
// BOOST, UNDER, OVER), credits, placement, and the FIFO of CPU work it has to run.
import type { Handler } from '../../sim'

/** Priority levels, most urgent first. HV is the hypervisor's own context on one CPU. */
export const PRIO_HV = 0
export const PRIO_BOOST = 1
export const PRIO_UNDER = 2
export const PRIO_OVER = 3

export const BLOCKED = 0
export const RUNNABLE = 1
export const RUNNING = 2

/**
 * A cap's CPU budget, shared by the vCPUs of one domain (Xen credit2's caps, Xen 4.10): each
 * accounting period it is refilled to cap % of the period (an overrun is carried as debt, unused
 * budget is not), running consumes it, and when it is spent every vCPU of the domain is parked
 * until the next refill.
 */
export class CapBudget {
  /** Budget per accounting period, in ns of CPU time. */
  capNs = 0
  left = 0
  exhausted = false
  readonly vcpus: Vcpu[] = []
}

export class Vcpu {
  readonly id: number
  readonly name: string
  /** CPU account its work is charged to unless an item says otherwise. */
  readonly acct: number
  /** affinity[p] = 1 when the vCPU may run on logical CPU p. */
  readonly affinity: Uint8Array
  readonly isHv: boolean
  readonly weight: number
  /** Upper bound in percent of one CPU (0 = none). */
  readonly cap: number
  prio: number
  state = BLOCKED
  pcpu = -1
  lastPcpu = -1
  /** Credit in ns of CPU time; negative means OVER. */
  credit = 0
  /** CPU time used since the last accounting. */
  used = 0
  /** Over its cap until the next accounting. */
  parked = false
  /** Guaranteed CPU in percent of one CPU, credited before weights are applied (0 = none). */
  reservation = 0
  /** The cap's budget of this vCPU's domain (undefined: no cap). */
  budget: CapBudget | undefined = undefined

  // Work FIFO as a ring of parallel arrays: remaining ns at speed 1, callback, argument, account.
  ns = new Float64Array(8)
  done: (Handler | undefined)[] = new Array(8)
  arg = new Int32Array(8)
  acctOf = new Int32Array(8)
  head = 0
  count = 0

  constructor(id: number, name: string, acct: number, affinity: Uint8Array, isHv: boolean, weight: number, cap: number) {
    this.id = id
    this.name = name
    this.acct = acct
    this.affinity = affinity
    this.isHv = isHv
    this.weight = weight
    this.cap = cap
    this.prio = isHv ? PRIO_HV : PRIO_UNDER
  }

  push(ns: number, done: Handler | undefined, arg: number, acct: number): void {
    if (this.count === this.ns.length) this.grow()
    const i = (this.head + this.count) & (this.ns.length - 1)
    this.ns[i] = ns
    this.done[i] = done
    this.arg[i] = arg
    this.acctOf[i] = acct
    this.count++
  }

  /** Puts an item before the others: it runs next (the head must not be running). */
  pushFront(ns: number, done: Handler | undefined, arg: number, acct: number): void {
    if (this.count === this.ns.length) this.grow()
    this.head = (this.head - 1) & (this.ns.length - 1)
    this.ns[this.head] = ns
    this.done[this.head] = done
    this.arg[this.head] = arg
    this.acctOf[this.head] = acct
    this.count++
  }

  /** Drops the head item (done or cancelled). */
  pop(): void {
    this.done[this.head] = undefined
    this.head = (this.head + 1) & (this.ns.length - 1)
    this.count--
  }

  private grow(): void {
    const n = this.ns.length * 2
    const ns = new Float64Array(n), arg = new Int32Array(n), acct = new Int32Array(n)
    const done: (Handler | undefined)[] = new Array(n)
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & (this.ns.length - 1)
      ns[k] = this.ns[i]; arg[k] = this.arg[i]; acct[k] = this.acctOf[i]; done[k] = this.done[i]
    }
    this.ns = ns; this.arg = arg; this.acctOf = acct; this.done = done
    this.head = 0
  }
}
