// A virtual interrupt injected by the hypervisor into one vCPU of a domain: one pending
// bit (injections before the guest has taken the interrupt merge), the guest's interrupt
// entry on its vCPU (woken with the scheduler's boost), the end-of-interrupt write that
// traps for a hardware-virtualized guest (an APIC access exit), then the handler.
// For a hardware-virtualized guest every exit has an indirect cost too (`vmExitIndirectCycles`,
// guest work): the injection enters the guest at a VM entry after an exit, and the EOI exit
// is another. With exitless delivery (`interruptDelivery` eli for an assigned device's
// interrupt, or posted) the guest takes the interrupt itself, like a native kernel
// (`irqDeliveryCycles` on its vCPU), and its EOI does not exit.
import type { Domain } from '../../models/host/domain'
import type { HostModel } from '../../models/host/host-model'
import type { RunCounters } from '../../models/run-stats'
import { exitCosts, exitless } from './exit-costs'

export class VirtualIrq {
  /** The interrupt reaches the guest without an exit (ELI or posted delivery). */
  readonly exitless: boolean
  /**
   * Paced mode, for a user whose interrupts the device already paces (a NAPI driver re-enables
   * its interrupt only after a poll): the guest takes each interrupt as it preempts — its entry
   * and EOI (with their exits) queue on the vCPU at once, no pending-bit merging — and
   * `onInject` runs at the moment of injection, so work the handler starts at once (the poll
   * taking the ring) happens now in time, its CPU work queued after the entry and EOI.
   */
  onInject: (() => void) | undefined = undefined
  private pending = false
  private readonly host: HostModel
  private readonly domain: Domain
  private readonly vcpu: number
  private readonly counters: RunCounters
  private readonly entryNs: number
  private readonly eoiNs: number
  private readonly eoiIndirectNs: number
  private readonly handler: () => void

  /**
   * `eoiTraps`: the guest acknowledges on an emulated APIC (HVM guest), which costs a VM exit.
   * `assignedDevice`: the interrupt is an assigned device's own vector (ELI can deliver it exitless).
   */
  constructor(host: HostModel, domain: Domain, vcpu: number, eoiTraps: boolean, counters: RunCounters, handler: () => void, assignedDevice = false) {
    this.host = host
    this.domain = domain
    this.vcpu = vcpu
    this.counters = counters
    const ex = exitCosts(host)
    const hvm = eoiTraps && host.virtualized
    this.exitless = hvm && exitless(host, ex.delivery, assignedDevice)
    if (this.exitless) {
      this.entryNs = assignedDevice ? host.cost('irqDeliveryCycles') : host.hvCost('virqUpcallCycles')
      this.eoiNs = 0
    } else {
      this.entryNs = host.hvCost('virqUpcallCycles') + (hvm ? ex.indirectNs : 0)
      this.eoiNs = hvm ? ex.directNs : 0
    }
    this.eoiIndirectNs = this.eoiNs > 0 ? ex.indirectNs : 0
    this.handler = handler
  }

  /** The hypervisor injects the interrupt (call from hypervisor context, after its signalling work) — or, exitless, the device interrupts the guest. */
  notify(): void {
    if (this.onInject !== undefined) return this.preempt(this.onInject)
    if (this.pending) return
    this.pending = true
    if (this.host.virtualized) this.counters.irqsVirtual++
    this.domain.run(this.vcpu, this.entryNs, this.entered, 0)
  }

  private preempt(start: () => void): void {
    if (this.host.virtualized) this.counters.irqsVirtual++
    this.domain.run(this.vcpu, this.entryNs, undefined, 0)
    if (this.eoiNs > 0) {
      this.counters.exit('apic_eoi')
      this.domain.runHv(this.vcpu, this.eoiNs, undefined, 0)
      if (this.eoiIndirectNs > 0) this.domain.run(this.vcpu, this.eoiIndirectNs, undefined, 0)
    }
    start()
  }

  private readonly entered = (): void => {
    this.pending = false
    if (this.eoiNs === 0) return this.handler()
    this.counters.exit('apic_eoi')
    this.domain.runHv(this.vcpu, this.eoiNs, this.eoiDone, 0)
  }

  private readonly eoiDone = (): void => {
    if (this.eoiIndirectNs === 0) return this.handler()
    this.domain.run(this.vcpu, this.eoiIndirectNs, this.acked, 0)
  }

  private readonly acked = (): void => {
    this.handler()
  }
}
