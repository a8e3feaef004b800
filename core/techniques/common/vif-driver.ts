// The host-side driver of one NP-NIC interface (a guest's VIF, or the driver domain's
// tunnel interface): send = fixed work plus a CPU-stalling PCI write of the message into
// the send queue in NP SDRAM (004 "message send"); receive = signal → upcall → drain
// the bounce-buffer queue, copying each message out (004 "message receive"). A full send
// queue (sendQueueSlots, bounded by the NP's SDRAM) blocks the driver: the send waits
// until the NP has read a message out, then resumes on the same vCPU.
import type { Domain } from '../../models/host/domain'
import type { NpNicModel } from '../../models/np-nic/np-nic-model'
import { ETH_HEADER_BYTES } from '../../models/np-nic/np-nic-model'
import type { Vif } from '../../models/np-nic/vif'
import { PciDir } from '../../models/host/pci-bus'
import { num, transferNs, type KindParams } from '../../models/param-read'
import type { NpNicParamKey } from '../../models/np-nic/params'
import type { AttachContext } from '../types'
import { EventChannel } from './event-channel'
import { RxDrain } from './rx-drain'

export class VifDriver {
  readonly vif: Vif
  /** Called on the domain's vCPU once a message has been copied out of the bounce buffer. */
  onPacket: (pkt: number) => void = () => {}
  private readonly ctx: AttachContext
  private readonly domain: Domain
  private readonly np: NpNicModel
  private readonly sendFixedNs: number
  private readonly pciWriteBps: number
  private readonly landId: number
  private readonly busId: number
  /** Sends blocked on a full send queue: packet and vCPU, in order. */
  private readonly blocked: number[] = []
  private readonly sendStage: number

  constructor(ctx: AttachContext, domain: Domain, np: NpNicModel, npParams: KindParams<NpNicParamKey>, vif: Vif) {
    const host = ctx.host
    const hp = host.params
    this.ctx = ctx
    this.domain = domain
    this.np = np
    this.vif = vif
    this.sendFixedNs = host.cyc(num(npParams, 'vifSendFixedCycles'))
    this.pciWriteBps = num(hp, 'pciWriteBandwidth')
    const landNs = num(hp, 'pciWriteLatency') + num(npParams, 'bridgeHops') * num(hp, 'bridgeHopLatency')
    const land = ctx.sim.register((pkt) => np.egress(vif, pkt), `${domain.name}/vif-land`)
    this.landId = land
    this.sendStage = ctx.stats.stages.id('host_msg_send')
    this.landed = (pkt) => ctx.sim.schedule(Math.round(landNs), land, pkt)
    this.busId = ctx.sim.register((pkt) => this.landed(pkt), `${domain.name}/vif-bus`)
    const recvFixedNs = host.cyc(num(npParams, 'vifRecvFixedCycles'))
    const drain = new RxDrain(ctx.sim, ctx.pool, ctx.stats, {
      domain, vcpu: 0, queue: vif.rx,
      checkNs: host.cyc(num(npParams, 'vifSpuriousCheckCycles')),
      perPacketNs: (pkt) => recvFixedNs + host.copyNs(ctx.pool.bytes[pkt] + ETH_HEADER_BYTES),
      stage: 'host_msg_recv',
      onPacket: (pkt) => {
        ctx.stats.counters.bytesCopied += ctx.pool.bytes[pkt] + ETH_HEADER_BYTES
        this.onPacket(pkt)
      }
    })
    const ch = new EventChannel(domain, 0, host.hvCost('virqUpcallCycles'), ctx.stats.counters, () => drain.kick())
    vif.owner = domain.vcpus[0]
    vif.onSignal = () => ch.notify()
    vif.onSendSpace = () => this.resume()
  }

  /** Writes the message into the send queue (on vCPU `vcpu` of the domain); blocks while the queue is full. */
  send(pkt: number, vcpu = 0): void {
    if (this.blocked.length > 0 || this.vif.sendUsed >= this.vif.sendSlots) {
      this.blocked.push(pkt, vcpu)
      return
    }
    this.write(pkt, vcpu)
  }

  /** A send-queue slot is free: the oldest blocked send goes on. */
  private resume(): void {
    if (this.blocked.length === 0) return
    const pkt = this.blocked.shift()!, vcpu = this.blocked.shift()!
    this.write(pkt, vcpu)
  }

  private write(pkt: number, vcpu: number): void {
    this.vif.sendUsed++
    const bytes = this.ctx.pool.bytes[pkt] + ETH_HEADER_BYTES
    this.ctx.stats.counters.pciWriteBytes += bytes
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.domain.run(vcpu, this.sendFixedNs + transferNs(bytes, this.pciWriteBps), this.written, pkt)
  }

  private readonly written = (pkt: number): void => {
    this.ctx.stats.stages.record(this.sendStage, this.ctx.sim.now - this.ctx.pool.stageAt[pkt])
    // The CPU's writes also crossed the host's PCI bus (towards the device), shared with other transfers.
    const bytes = this.ctx.pool.bytes[pkt] + ETH_HEADER_BYTES
    const d = this.ctx.host.pci.delay(PciDir.ToDevice, bytes, transferNs(bytes, this.pciWriteBps), this.ctx.sim.now)
    if (d > 0) this.ctx.sim.schedule(d, this.busId, pkt)
    else this.landed(pkt)
  }

  private readonly landed: (pkt: number) => void
}
