// A domain (driver domain or guest) on a host: its CPU account and its vCPUs, and the
// way work is run "in" it — everything a domain does is work on one of its vCPUs.
import type { Handler } from '../../sim'
import type { CreditScheduler } from './scheduler'
import type { Vcpu } from './vcpu'

export type DomainRole = 'driver' | 'guest'

export class Domain {
  readonly name: string
  readonly role: DomainRole
  readonly acct: number
  readonly vcpus: readonly Vcpu[]
  private readonly sched: CreditScheduler

  constructor(name: string, role: DomainRole, acct: number, vcpus: Vcpu[], sched: CreditScheduler) {
    this.name = name
    this.role = role
    this.acct = acct
    this.vcpus = vcpus
    this.sched = sched
  }

  /** Runs `ns` of work (full-speed ns) on vCPU `i` (modulo the vCPU count); then `done(arg)`. */
  run(i: number, ns: number, done: Handler | undefined, arg: number): void {
    this.sched.submit(this.vcpus[i % this.vcpus.length], ns, done, arg, this.acct)
  }

  /** Runs hypervisor work on behalf of this domain on its vCPU (a hypercall): charged to the hypervisor. */
  runHv(i: number, ns: number, done: Handler | undefined, arg: number): void {
    this.sched.submit(this.vcpus[i % this.vcpus.length], ns, done, arg, 0)
  }
}
