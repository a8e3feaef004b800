// A guest's own driver for a NIC queue pair it owns outright (a passed-through device or
// an SR-IOV VF): send = driver work in the guest and a doorbell (a posted MMIO write, no
// exit), then the device DMAs through the IOMMU; receive = the device's interrupt, routed
// by the hypervisor to the guest as a virtual interrupt (whose EOI traps) — or exitless
// (ELI, posted interrupts) — then the guest polls its ring NAPI-style: each poll takes what
// the ring holds (up to the NAPI budget), runs the driver on it and hands the frames to the
// stack; a poll that took less than the budget completes and re-enables the interrupt, and
// frames that landed meanwhile raise it at once (Linux's napi_complete). Linux polls in softirq context ahead of the process that copies the data, so under
// load the backlog sits in the socket, not in the ring: the ring empties between polls and
// the NIC interrupts again — as often as its interrupt moderation allows (ELI measured over
// 150K interrupts/s for one device-assigned guest with coalescing on, Gordon et al. §1).
import type { Domain } from '../../models/host/domain'
import type { NicModel, NicQueue } from '../../models/nic/nic-model'
import { num } from '../../models/param-read'
import type { AttachContext } from '../types'
import type { IrqTarget } from './irq-line'
import { VirtualIrq } from './virtual-irq'

/** Bytes of a doorbell (tail register) write. */
const DOORBELL_BYTES = 4
/** Frames one NAPI poll may take (Linux's default NAPI weight, 64). */
export const NAPI_BUDGET = 64

export class DirectNicDriver implements IrqTarget {
  readonly queue: NicQueue
  readonly virq: VirtualIrq
  onPacket: (pkt: number) => void = () => {}
  private readonly ctx: AttachContext
  private readonly domain: Domain
  private readonly nic: NicModel
  private readonly txNs: number
  private readonly rxNs: number
  private readonly txStage: number
  /** The guest vCPU that serves this queue (its interrupt, its ring, its sends): receive-side scaling gives each queue its own. */
  private readonly vcpu: number
  private readonly rxStage: number
  private readonly pollEndId: number
  private polling = false
  /** Frames taken off the ring whose driver work is queued (from `head`). */
  private readonly batch: number[] = []
  private head = 0

  constructor(ctx: AttachContext, nic: NicModel, queue: NicQueue, vcpu = 0) {
    const host = ctx.host
    this.ctx = ctx
    this.domain = ctx.domain
    this.nic = nic
    this.queue = queue
    this.vcpu = vcpu
    queue.dmaContext = ctx.domain.acct
    this.txNs = host.cyc(num(ctx.device.params, 'driverTxCycles'))
    this.rxNs = host.cyc(num(ctx.device.params, 'driverRxCycles'))
    this.txStage = ctx.stats.stages.id('driver_tx')
    this.rxStage = ctx.stats.stages.id('driver_rx')
    this.virq = new VirtualIrq(host, this.domain, vcpu, true, ctx.stats.counters, () => this.kick(), true)
    this.virq.onInject = () => this.kick()
    this.pollEndId = ctx.sim.register((n) => this.pollEnd(n), `${ctx.domain.name}/napi-poll`)
  }

  hasWork(): boolean {
    return this.queue.rx.length > 0
  }

  send(pkt: number): void {
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.domain.run(this.vcpu, this.txNs, this.doorbell, pkt)
  }

  private readonly doorbell = (pkt: number): void => {
    this.ctx.stats.stages.record(this.txStage, this.ctx.sim.now - this.ctx.pool.stageAt[pkt])
    this.ctx.stats.counters.pciWriteBytes += DOORBELL_BYTES
    this.nic.transmit(pkt, this.queue)
  }

  /** The interrupt (or the handler after its CPU work, for a merged one) schedules the poll. */
  private kick(): void {
    if (this.polling) return
    this.polling = true
    this.poll()
  }

  /**
   * One NAPI poll: the frames leave the ring now (the poll runs in softirq context, ahead of the
   * guest's other work), their driver work queues on the vCPU and hands them to the stack when
   * done; the poll ends when its frames' driver time has passed.
   */
  private poll(): void {
    const rx = this.queue.rx
    const n = Math.min(rx.length, NAPI_BUDGET)
    if (n === 0) return this.complete()
    const now = this.ctx.sim.now
    for (let i = 0; i < n; i++) {
      const pkt = rx.shift()
      this.ctx.pool.stageAt[pkt] = now
      this.batch.push(pkt)
    }
    this.domain.run(this.vcpu, n * this.rxNs, this.polled, n)
    this.ctx.sim.schedule(Math.round(n * this.rxNs), this.pollEndId, n) // whole ns: driverRxCycles need not divide the clock
  }

  /** The driver work for `n` frames is done: they go up the stack. */
  private readonly polled = (n: number): void => {
    const now = this.ctx.sim.now
    const pool = this.ctx.pool
    for (let i = 0; i < n; i++) {
      const pkt = this.batch[this.head++]
      this.ctx.stats.stages.record(this.rxStage, now - pool.stageAt[pkt])
      this.onPacket(pkt)
    }
    if (this.head === this.batch.length) {
      this.batch.length = 0
      this.head = 0
    }
  }

  /** A poll of `n` frames ended: under budget it completes, else it polls again. */
  private pollEnd(n: number): void {
    if (n < NAPI_BUDGET) this.complete()
    else this.poll()
  }

  /** napi_complete: the interrupt is re-enabled; frames that landed during the poll raise it at once. */
  private complete(): void {
    this.polling = false
    this.nic.reenable(this.queue)
  }
}
