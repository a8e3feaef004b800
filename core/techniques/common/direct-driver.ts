// A guest's own driver for a NIC queue pair it owns outright (a passed-through device or
// an SR-IOV VF): send = driver work in the guest and a doorbell (a posted MMIO write, no
// exit), then the device DMAs through the IOMMU; receive = the device's interrupt, routed
// by the hypervisor to the guest as a virtual interrupt (whose EOI traps), then the guest
// drains its ring — the frames are already in its memory by DMA.
import type { Domain } from '../../models/host/domain'
import type { NicModel, NicQueue } from '../../models/nic/nic-model'
import { num } from '../../models/param-read'
import type { AttachContext } from '../types'
import type { IrqTarget } from './irq-line'
import { RxDrain } from './rx-drain'
import { VirtualIrq } from './virtual-irq'

/** Bytes of a doorbell (tail register) write. */
const DOORBELL_BYTES = 4

export class DirectNicDriver implements IrqTarget {
  readonly queue: NicQueue
  readonly virq: VirtualIrq
  onPacket: (pkt: number) => void = () => {}
  private readonly ctx: AttachContext
  private readonly domain: Domain
  private readonly nic: NicModel
  private readonly txNs: number
  private readonly txStage: number
  /** The guest vCPU that serves this queue (its interrupt, its ring, its sends): receive-side scaling gives each queue its own. */
  private readonly vcpu: number

  constructor(ctx: AttachContext, nic: NicModel, queue: NicQueue, vcpu = 0) {
    const host = ctx.host
    this.ctx = ctx
    this.domain = ctx.domain
    this.nic = nic
    this.queue = queue
    this.vcpu = vcpu
    queue.dmaContext = ctx.domain.acct
    this.txNs = host.cyc(num(ctx.device.params, 'driverTxCycles'))
    this.txStage = ctx.stats.stages.id('driver_tx')
    const rxNs = host.cyc(num(ctx.device.params, 'driverRxCycles'))
    const drain = new RxDrain(ctx.sim, ctx.pool, ctx.stats, {
      domain: this.domain, vcpu, queue: queue.rx, checkNs: 0, perPacketNs: () => rxNs, stage: 'driver_rx',
      onPacket: (pkt) => this.onPacket(pkt)
    })
    this.virq = new VirtualIrq(host, this.domain, vcpu, true, ctx.stats.counters, () => drain.kick())
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
}
