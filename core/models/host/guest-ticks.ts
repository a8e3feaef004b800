// Per-VM fixed overhead (issue 10): every running guest costs host CPU even when it moves no
// data. Its kernel takes a timer interrupt `guestTimerHz` times a second, so its vCPU must be
// scheduled for every tick (a wake-up and domain switch when it was idle), and
// - a hardware-virtualized guest: the host timer's external-interrupt exit (direct cost plus
//   the hypervisor's timer handling), the injection and the guest's tick handler (plus the
//   exit's indirect cost), then the EOI exit (none with posted delivery: APICv virtualizes
//   EOI), and, idle, the HLT exit with which it goes back to sleep;
// - a paravirtual guest: the hypervisor's timer handling, an event upcall and the tick
//   handler, and, idle, the block hypercall.
// One timer event per tick per guest; the work goes through the credit scheduler like all
// CPU work, charged to the hypervisor or the guest as it would be.
import type { Simulator } from '../../sim'
import type { RunCounters } from '../run-stats'
import { num, str } from '../param-read'
import type { Domain } from './domain'
import type { HostModel } from './host-model'
import { BLOCKED } from './vcpu'

/** Golden-ratio phase spreading: guests' ticks start at different, deterministic offsets. */
const PHASE_STEP = 0.6180339887498949

export class GuestTicks {
  /** The guest is hardware-virtualized (its exits are VM exits); set before the run starts. */
  hvm = false
  private readonly sim: Simulator
  private readonly domain: Domain
  private readonly counters: RunCounters
  private readonly periodNs: number
  private readonly timerNs: number
  private readonly exitNs: number
  private readonly indirectNs: number
  private readonly handlerNs: number
  private readonly upcallNs: number
  private readonly blockNs: number
  private readonly eoiExits: boolean
  private readonly timerId: number
  private stopped = false

  /** `index`: the guest's position on its host (spreads the ticks' phases). */
  constructor(host: HostModel, domain: Domain, index: number, counters: RunCounters) {
    this.sim = host.sim
    this.domain = domain
    this.counters = counters
    const hz = num(host.params, 'guestTimerHz')
    this.periodNs = hz > 0 ? Math.round(1e9 / hz) : 0
    this.timerNs = host.cost('irqDeliveryCycles')
    this.exitNs = host.cost('vmExitCycles')
    this.indirectNs = host.cost('vmExitIndirectCycles')
    this.handlerNs = host.cost('guestTickCycles')
    this.upcallNs = host.cost('virqUpcallCycles')
    this.blockNs = host.cost('hypercallCycles')
    this.eoiExits = str(host.params, 'interruptDelivery') !== 'posted'
    this.timerId = this.sim.register(() => this.tick(), `${domain.name}/timer-tick`)
    if (this.periodNs > 0 && host.virtualized) {
      const phase = ((index + 1) * PHASE_STEP) % 1
      this.sim.schedule(Math.round(phase * this.periodNs), this.timerId, 0)
    }
  }

  /** The guest left this host (a live migration's switch-over): no more ticks from the next one on. */
  stop(): void {
    this.stopped = true
  }

  /** One tick: its pieces queue on the vCPU at once, in order (no callbacks: fewer events). */
  private tick(): void {
    if (this.stopped) return
    this.sim.schedule(this.periodNs, this.timerId, 0)
    const v = this.domain.vcpus[0]
    const idle = v.state === BLOCKED && v.count === 0
    const c = this.counters
    if (this.hvm) {
      // the host timer's external-interrupt exit and timer handling; injection, refill, handler
      c.exit('external_interrupt')
      this.domain.runHv(0, this.exitNs + this.timerNs, undefined, 0)
      this.domain.run(0, this.indirectNs + this.upcallNs + this.handlerNs + (this.eoiExits ? this.indirectNs : 0), undefined, 0)
      // the EOI exit (its refill is in the guest's share above) and, idle, the HLT exit
      if (this.eoiExits) c.exit('apic_eoi')
      if (idle) c.exit('hlt')
      const hv = (this.eoiExits ? this.exitNs : 0) + (idle ? this.exitNs : 0)
      if (hv > 0) this.domain.runHv(0, hv, undefined, 0)
    } else {
      this.domain.runHv(0, this.timerNs, undefined, 0)
      this.domain.run(0, this.upcallNs + this.handlerNs, undefined, 0)
      if (idle) {
        c.exit('hypercall') // SCHEDOP_block: back to sleep
        this.domain.runHv(0, this.blockNs, undefined, 0)
      }
    }
  }
}
