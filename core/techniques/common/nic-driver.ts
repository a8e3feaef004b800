// A domain's native driver for one queue of a commodity NIC: send = driver work and a
// doorbell (the NIC then DMAs the frame); receive = the queue's interrupt, taken by the
// hypervisor and forwarded to the domain as an event, then the driver drains the ring
// (frames are already in host memory by DMA: no copy).
import type { Domain } from '../../models/host/domain'
import type { NicModel, NicQueue } from '../../models/nic/nic-model'
import type { AttachContext } from '../types'
import { EventChannel } from './event-channel'
import { RxDrain } from './rx-drain'

export class NicDriver {
  readonly queue: NicQueue
  onPacket: (pkt: number) => void = () => {}
  private readonly ctx: AttachContext
  private readonly domain: Domain
  private readonly nic: NicModel
  private readonly txNs: number
  private readonly irqNs: number

  constructor(ctx: AttachContext, domain: Domain, nic: NicModel, queue: NicQueue) {
    const host = ctx.host
    this.ctx = ctx
    this.domain = domain
    this.nic = nic
    this.queue = queue
    this.txNs = host.cyc(Number(ctx.device.params.driverTxCycles))
    this.irqNs = host.cost('irqDeliveryCycles') + host.hvCost('eventSendCycles')
    const rxNs = host.cyc(Number(ctx.device.params.driverRxCycles))
    const drain = new RxDrain(ctx.sim, ctx.pool, ctx.stats, {
      domain, vcpu: 0, queue: queue.rx, checkNs: 0, perPacketNs: () => rxNs, stage: 'driver_rx',
      onPacket: (pkt) => this.onPacket(pkt)
    })
    const ch = new EventChannel(domain, 0, host.hvCost('virqUpcallCycles'), ctx.stats.counters, () => drain.kick())
    queue.onInterrupt = () => {
      ctx.stats.counters.irqsPhysical++
      ctx.stats.counters.exit('external_interrupt')
      host.hvRun(this.irqNs, () => ch.notify(), 0)
    }
  }

  send(pkt: number, vcpu = 0): void {
    this.domain.run(vcpu, this.txNs, this.doorbell, pkt)
  }

  private readonly doorbell = (pkt: number): void => {
    this.ctx.stats.counters.pciWriteBytes += 4
    this.nic.transmit(pkt)
  }
}
