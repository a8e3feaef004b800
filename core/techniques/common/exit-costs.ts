// The costs of a hardware-virtualized guest's VM exits, read once per user: the direct round
// trip (`vmExitCycles`, hypervisor work on the guest's vCPU) and the indirect cost
// (`vmExitIndirectCycles`, guest work afterwards: TLB and cache refill), and how the host
// delivers interrupts to such guests (`interruptDelivery`: every interrupt and EOI exits,
// ELI's exitless delivery of assigned-device interrupts, or posted interrupts with APICv).
import type { HostModel } from '../../models/host/host-model'
import { str } from '../../models/param-read'

export type InterruptDelivery = 'exit' | 'eli' | 'posted'

export interface ExitCosts {
  /** ns of hypervisor work per exit (0 on a host without hypervisor). */
  readonly directNs: number
  /** ns of guest work after each exit (0 on a host without hypervisor). */
  readonly indirectNs: number
  readonly delivery: InterruptDelivery
}

export function exitCosts(host: HostModel): ExitCosts {
  return {
    directNs: host.hvCost('vmExitCycles'),
    indirectNs: host.hvCost('vmExitIndirectCycles'),
    delivery: str(host.params, 'interruptDelivery') as InterruptDelivery
  }
}

/**
 * An interrupt of this kind reaches a hardware-virtualized guest without an exit: with ELI only
 * an assigned device's own (unshared) vector, with posted interrupts any device interrupt.
 */
export function exitless(host: HostModel, delivery: InterruptDelivery, assignedDevice: boolean): boolean {
  if (!host.virtualized) return false
  return delivery === 'posted' || (delivery === 'eli' && assignedDevice)
}
