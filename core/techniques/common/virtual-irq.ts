// A virtual interrupt injected by the hypervisor into one vCPU of a domain: one pending
// bit (injections before the guest has taken the interrupt merge), the guest's interrupt
// entry on its vCPU (woken with the scheduler's boost), the end-of-interrupt write that
// traps for a hardware-virtualized guest (an APIC access exit), then the handler.
import type { Domain } from '../../models/host/domain'
import type { HostModel } from '../../models/host/host-model'
import type { RunCounters } from '../../models/run-stats'

export class VirtualIrq {
  private pending = false
  private readonly host: HostModel
  private readonly domain: Domain
  private readonly vcpu: number
  private readonly counters: RunCounters
  private readonly entryNs: number
  private readonly eoiNs: number
  private readonly handler: () => void

  /** `eoiTraps`: the guest acknowledges on an emulated APIC (HVM guest), which costs a VM exit. */
  constructor(host: HostModel, domain: Domain, vcpu: number, eoiTraps: boolean, counters: RunCounters, handler: () => void) {
    this.host = host
    this.domain = domain
    this.vcpu = vcpu
    this.counters = counters
    this.entryNs = host.hvCost('virqUpcallCycles')
    this.eoiNs = eoiTraps && host.virtualized ? host.cost('vmExitCycles') : 0
    this.handler = handler
  }

  /** The hypervisor injects the interrupt (call from hypervisor context, after its signalling work). */
  notify(): void {
    if (this.pending) return
    this.pending = true
    if (this.host.virtualized) this.counters.irqsVirtual++
    this.domain.run(this.vcpu, this.entryNs, this.entered, 0)
  }

  private readonly entered = (): void => {
    this.pending = false
    if (this.eoiNs === 0) return this.handler()
    this.counters.exit('apic_eoi')
    this.domain.runHv(this.vcpu, this.eoiNs, this.acked, 0)
  }

  private readonly acked = (): void => {
    this.handler()
  }
}
