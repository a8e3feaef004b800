// A Xen event channel into one vCPU of a domain: one pending bit, so signals that arrive
// before the upcall has run merge; the upcall is work on the vCPU (which wakes it, with
// the scheduler's boost) and then runs the handler in the domain.
import type { Domain } from '../../models/host/domain'
import type { RunCounters } from '../../models/run-stats'

export class EventChannel {
  private pending = false
  private readonly domain: Domain
  private readonly vcpu: number
  private readonly upcallNs: number
  private readonly counters: RunCounters
  private readonly handler: () => void

  constructor(domain: Domain, vcpu: number, upcallNs: number, counters: RunCounters, handler: () => void) {
    this.domain = domain
    this.vcpu = vcpu
    this.upcallNs = upcallNs
    this.counters = counters
    this.handler = handler
  }

  notify(): void {
    if (this.pending) return
    this.pending = true
    this.counters.irqsVirtual++
    this.domain.run(this.vcpu, this.upcallNs, this.fire, 0)
  }

  private readonly fire = (): void => {
    this.pending = false
    this.handler()
  }
}
