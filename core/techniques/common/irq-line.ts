// A device's physical interrupt (an MSI-X vector or a line) as the hypervisor routes it:
// delivery on the interrupt CPU (preempting whatever runs there), then one injection per
// guest on the vector — a shared vector signals all of them, those with nothing pending
// redundantly — or a custom dispatch (VPIO's device model). With software coalescing of
// virtual interrupts (001 "Challenges", the host's virqCoalesceDelay) the injection waits
// out the window, so frames arriving meanwhile share it. An interrupt raised while the
// previous one is being routed is latched and routed once more afterwards.
// On a host with a hypervisor the interrupt is an external-interrupt exit of whatever guest
// runs on the interrupt CPU: its direct cost (`vmExitCycles`) is hypervisor work beside the
// delivery. With exitless delivery (ELI or posted interrupts) an unshared line whose guest
// takes the interrupt itself skips the hypervisor altogether; a shared vector (several SR-IOV
// VFs) still goes through the hypervisor, which must find the guests with work.
import type { HostModel } from '../../models/host/host-model'
import { num } from '../../models/param-read'
import type { RunStats } from '../../models/run-stats'
import type { VirtualIrq } from './virtual-irq'

export interface IrqTarget {
  readonly virq: VirtualIrq
  /** The guest has work for this interrupt (otherwise the signal is redundant). */
  hasWork(): boolean
}

export class IrqLine {
  readonly targets: IrqTarget[] = []
  /** Replaces the per-target signalling: called in hypervisor context after delivery. */
  dispatch: (() => void) | undefined = undefined
  private readonly host: HostModel
  private readonly stats: RunStats
  private readonly deliveryNs: number
  private readonly signalNs: number
  private readonly stage: number
  private readonly coalesceNs: number
  private readonly coalescedId: number
  private busy = false
  private again = false
  private next = 0
  private startedAt = 0

  /** `extraNs`: hypervisor work per interrupt beyond delivery (e.g. a device-model update). */
  constructor(host: HostModel, stats: RunStats, extraNs = 0) {
    this.host = host
    this.stats = stats
    this.deliveryNs = host.cost('irqDeliveryCycles') + extraNs + host.hvCost('vmExitCycles')
    this.signalNs = host.hvCost('eventSendCycles')
    this.stage = stats.stages.id('irq_route')
    this.coalesceNs = host.virtualized ? num(host.params, 'virqCoalesceDelay') : 0
    this.coalescedId = this.coalesceNs > 0 ? host.sim.register(() => this.inject(), 'virq-coalesce') : -1
  }

  /** The device raised the interrupt. */
  raise(): void {
    if (this.busy) {
      this.again = true
      return
    }
    const c = this.stats.counters
    c.irqsPhysical++
    if (this.dispatch === undefined && this.targets.length === 1 && this.targets[0].virq.exitless) {
      // straight into the guest (shadow IDT / posted interrupt): no exit, no hypervisor routing
      this.targets[0].virq.notify()
      return
    }
    this.busy = true
    if (this.host.virtualized) c.exit('external_interrupt')
    this.host.hvRun(0, this.entered, 0)
  }

  /** The interrupt has reached the CPU (after its delivery latency): routing starts. */
  private readonly entered = (): void => {
    this.startedAt = this.host.sim.now
    this.host.hvRun(this.deliveryNs, this.route, 0)
  }

  private readonly route = (): void => {
    if (this.coalesceNs > 0) this.host.sim.schedule(this.coalesceNs, this.coalescedId, 0)
    else this.inject()
  }

  private inject(): void {
    if (this.dispatch !== undefined) {
      this.dispatch()
      return this.finish()
    }
    this.next = 0
    this.signalNext()
  }

  private readonly signalNext = (): void => {
    if (this.next > 0) this.deliver(this.targets[this.next - 1])
    if (this.next < this.targets.length) {
      this.next++
      this.host.hvRun(this.signalNs, this.signalNext, 0)
      return
    }
    this.finish()
  }

  private deliver(t: IrqTarget): void {
    const c = this.stats.counters
    c.signals++
    if (this.targets.length > 1 && !t.hasWork()) c.signalsRedundant++
    t.virq.notify()
  }

  private finish(): void {
    const spent = this.host.sim.now - this.startedAt
    this.stats.stages.record(this.stage, spent)
    this.stats.counters.irqVirt.record(spent)
    this.busy = false
    if (this.again) {
      this.again = false
      this.raise()
    }
  }
}
