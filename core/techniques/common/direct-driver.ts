// A guest's own driver for a NIC queue pair it owns outright (a passed-through device or
// an SR-IOV VF): send = driver work in the guest and a doorbell (a posted MMIO write, no
// exit), then the device DMAs through the IOMMU; receive = the device's interrupt, routed
// by the hypervisor to the guest as a virtual interrupt (whose EOI traps) — or exitless
// (ELI, posted interrupts) — whose handler schedules the NAPI poll (napi.ts), the same
// receive loop as bare metal's native driver: up to 64 frames per poll, GRO merging a flow's
// segments within a poll, the interrupt re-enabled when a poll finds the ring drained. Under
// load the NIC interrupts again as often as its interrupt moderation and the poll loop allow
// (ELI measured over 150K interrupts/s for one device-assigned guest with coalescing on,
// Gordon et al. §1).
import type { Domain } from '../../models/host/domain'
import type { NicModel, NicQueue } from '../../models/nic/nic-model'
import { num } from '../../models/param-read'
import type { AttachContext } from '../types'
import type { IrqTarget } from './irq-line'
import { NapiPoll } from './napi'
import { VirtualIrq } from './virtual-irq'
import { dmaGateOf } from '../../models/host/io-page-fault'
import { guestDmaOf, type GuestDmaBuffers } from './guest-dma'

/** Bytes of a doorbell (tail register) write. */
const DOORBELL_BYTES = 4

export class DirectNicDriver implements IrqTarget {
  readonly queue: NicQueue
  readonly virq: VirtualIrq
  private readonly napi: NapiPoll
  private readonly ctx: AttachContext
  private readonly domain: Domain
  private readonly nic: NicModel
  private readonly txNs: number
  private readonly txStage: number
  /** The guest vCPU that serves this queue (its interrupt, its ring, its sends): receive-side scaling gives each queue its own. */
  private readonly vcpu: number
  /** Its buffers when the guest's memory is not pinned: CPU faults on transmit, vIOMMU maps (guest-dma.ts). */
  private readonly guestDma: GuestDmaBuffers | undefined

  constructor(ctx: AttachContext, nic: NicModel, queue: NicQueue, vcpu = 0) {
    const host = ctx.host
    this.ctx = ctx
    this.domain = ctx.domain
    this.nic = nic
    this.queue = queue
    this.vcpu = vcpu
    queue.dmaContext = ctx.domain.acct
    queue.dmaGate = dmaGateOf(ctx) // memory overcommit (issue 12): DMA to a reclaimed page faults
    this.guestDma = guestDmaOf(ctx, queue.rx.capacity, queue.index)
    this.txNs = host.cyc(num(ctx.device.params, 'driverTxCycles'))
    this.txStage = ctx.stats.stages.id('driver_tx')
    this.napi = new NapiPoll(ctx, this.domain, vcpu, nic, queue, host.cyc(num(ctx.device.params, 'driverRxCycles')))
    this.virq = new VirtualIrq(host, this.domain, vcpu, true, ctx.stats.counters, () => this.napi.kick(), true)
    this.virq.onInject = () => this.napi.kick() // the interrupt preempts: its entry and EOI queue, then the poll takes the ring
  }

  /** Set by the technique: a received packet (merged by GRO or not) reaches the guest's stack. */
  set onPacket(f: (pkt: number) => void) {
    const g = this.guestDma
    this.napi.onPacket = g === undefined ? f : (pkt) => { g.received(this.vcpu); f(pkt); g.refilled(this.vcpu) }
  }

  hasWork(): boolean {
    return this.queue.rx.length > 0
  }

  send(pkt: number): void {
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.guestDma?.transmit(this.vcpu)
    this.domain.run(this.vcpu, this.txNs, this.doorbell, pkt)
  }

  private readonly doorbell = (pkt: number): void => {
    this.ctx.stats.stages.record(this.txStage, this.ctx.sim.now - this.ctx.pool.stageAt[pkt])
    this.ctx.stats.counters.pciWriteBytes += DOORBELL_BYTES
    this.nic.transmit(pkt, this.queue)
  }
}
