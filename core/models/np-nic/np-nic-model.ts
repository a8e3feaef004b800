// The IXP2400 NP-NIC at run time (004 §2–§3): egress contexts polling VIF send queues in
// SDRAM, the transmit port, the receive ME, the ingress pool demultiplexing by MAC and
// PCI-writing into host bounce buffers, and the identifier register. Host-side work
// (drivers, Xen's interrupt routing) belongs to the techniques and np-nic/irq-virt.ts.
import { Server, type RandomStream, type Simulator } from '../../sim'
import type { Wire } from '../link/wire'
import type { PacketPool } from '../packet'
import { bool, num, str, transferNs, type KindParams } from '../param-read'
import type { NpNicParamKey } from './params'
import type { RunStats } from '../run-stats'
import { IdRegister } from './id-register'
import { PciDir, type PciBus } from '../host/pci-bus'
import { pollResponseNs } from './sdram-poll'
import { Vif } from './vif'

/** Bytes of the identifier write that follows each packet (004 §4.3.1: "a pair of PCI write transactions"). */
const ID_WRITE_BYTES = 4
/** Bytes of NP SDRAM one send-queue slot takes (one Ethernet frame with its descriptor; assumption, as the 2 KiB receive slot). */
const SEND_SLOT_BYTES = 2048
/** Ethernet header carried in a VIF message besides the IP packet. */
export const ETH_HEADER_BYTES = 14

export interface HostPciSide {
  /** Host-side bridge hop latency, ns. */
  bridgeHopNs: number
  /** The host's PCI bus the NP's writes into host memory cross. */
  bus?: PciBus
}

export class NpNicModel {
  readonly id: string
  readonly vifs: Vif[] = []
  /** The tunnel-mode interface (004 §2 non-self-virtualized mode): receives every frame no VIF claims. */
  tunnel: Vif | undefined
  readonly idReg: IdRegister
  /** Per-VIF MSI-X vectors instead of the identifier register (msiVectors > 0). */
  readonly msi: boolean
  private readonly txSignals: boolean
  /** Physical transmit port (set when the topology is wired). */
  port: Wire | undefined
  readonly egressMe: Server
  readonly rxMe: Server
  readonly ingressMe: Server
  /** NP → host PCI writes (programmed I/O through the bridge window): the ingress bottleneck. */
  readonly toHost: Server
  private readonly sim: Simulator
  private readonly pool: PacketPool
  private readonly stats: RunStats
  private readonly rng: RandomStream
  private readonly p: KindParams<NpNicParamKey>
  private readonly byEndpoint = new Map<number, Vif>()
  private readonly ctxQueue: number[][] = []
  private readonly ctxQueueVif: Vif[][] = []
  private readonly ctxVif: number[][] = []
  private readonly ctxBusy: Uint8Array
  private readonly ctxPolled: Int32Array
  private readonly meNs: (cycles: number) => number
  private readonly landNs: number
  /** Hot-path parameters, read once: ME work in ns, the NP → host write rate, the landing time of a message's writes. */
  private readonly c: { msgRecv: number; pktTx: number; pktRx: number; demux: number; msgSend: number; toHostBps: number; landWritesNs: number }
  private readonly bus: PciBus | undefined
  private pollNs = 0
  private readonly st: Record<string, number>
  private readonly ids: Record<string, number>

  constructor(sim: Simulator, pool: PacketPool, stats: RunStats, rng: RandomStream, id: string, p: KindParams<NpNicParamKey>, host: HostPciSide) {
    this.sim = sim; this.pool = pool; this.stats = stats; this.rng = rng; this.id = id; this.p = p
    const meHz = num(p, 'meClock')
    this.meNs = (c) => (c * 1e9) / meHz
    const msi = num(p, 'msiVectors')
    this.msi = msi > 0
    this.txSignals = bool(p, 'txCompletionSignals')
    this.idReg = this.msi ? new IdRegister(msi, 'modulo', false) : new IdRegister(num(p, 'identifierBits'), str(p, 'idSharing') === 'block' ? 'block' : 'modulo', this.txSignals)
    this.egressMe = new Server(sim, { name: `${id}/egress-me`, servers: num(p, 'egressMes') })
    // The physical-port MEs: one transmits (its work is in the egress contexts' pkt_tx), the others receive.
    this.rxMe = new Server(sim, { name: `${id}/rx-me`, servers: Math.max(1, num(p, 'phyMes') - 1) })
    this.ingressMe = new Server(sim, { name: `${id}/ingress-me`, servers: num(p, 'ingressMes') })
    this.toHost = new Server(sim, { name: `${id}/pci-to-host` })
    const contexts = num(p, 'egressMes') * num(p, 'contextsPerMe')
    this.ctxBusy = new Uint8Array(contexts)
    this.ctxPolled = new Int32Array(contexts)
    for (let c = 0; c < contexts; c++) { this.ctxQueue.push([]); this.ctxQueueVif.push([]); this.ctxVif.push([]) }
    this.landNs = num(p, 'npPciWriteLatency') + num(p, 'bridgeHops') * host.bridgeHopNs
    this.c = {
      msgRecv: this.meNs(num(p, 'meMsgRecvCycles')), pktTx: this.meNs(num(p, 'mePktTxCycles')), pktRx: this.meNs(num(p, 'mePktRxCycles')),
      demux: this.meNs(num(p, 'meDemuxCycles')), msgSend: this.meNs(num(p, 'meMsgSendCycles')),
      toHostBps: num(p, 'npPciWriteBandwidth'), landWritesNs: num(p, 'msgSendPciWrites') * this.landNs
    }
    this.bus = host.bus
    const s = stats.stages
    this.st = {
      msgRecv: s.id('msg_recv'), pktTx: s.id('pkt_tx'), pktRx: s.id('pkt_rx'), demux: s.id('channel_demux'), msgSend: s.id('msg_send')
    }
    this.ids = {
      poll: sim.register((c) => this.pollFound(c), `${id}/poll`),
      landed: sim.register((pkt) => this.landed(pkt), `${id}/landed`)
    }
  }

  /** Creates a VIF receiving for endpoint `ep` (contexts assigned round robin, 004 §2); refuses one past vifLimit. */
  addVif(ep: number, guest = true): Vif {
    const limit = num(this.p, 'vifLimit')
    if (guest && this.vifs.filter((v) => v !== this.tunnel).length >= limit) throw new Error(`NP-NIC "${this.id}" creates at most ${limit} VIFs (vifLimit); one more was requested`)
    const v = new Vif(this.vifs.length, ep, 1)
    v.context = v.index % this.ctxBusy.length
    this.vifs.push(v)
    this.byEndpoint.set(ep, v)
    return v
  }

  /** The tunnel-mode interface a driver domain uses (created once; it behaves like one VIF). */
  tunnelVif(ep: number): Vif {
    if (this.tunnel === undefined) this.tunnel = this.addVif(ep, false)
    return this.tunnel
  }

  /** After all VIFs exist: identifier bits, receive-queue sizes and the polling cost. */
  finalize(): void {
    const n = this.vifs.length
    const entrySize = num(this.p, 'bounceEntrySize')
    const slotsPerEntry = Math.floor(entrySize / num(this.p, 'bounceSlotBytes'))
    // The bounce-buffer entries map host memory inside the NP's host window: no more than fit.
    const mapped = Math.min(num(this.p, 'bounceBufferEntries'), Math.floor(num(this.p, 'hostWindow') / entrySize))
    const entries = Math.max(1, Math.floor(mapped / Math.max(1, n)))
    // Send queues partition NP SDRAM among the VIFs: no more slots than fit.
    const sendSlots = Math.max(1, Math.min(num(this.p, 'sendQueueSlots'), Math.floor(num(this.p, 'sdramSize') / (Math.max(1, n) * SEND_SLOT_BYTES))))
    for (const v of this.vifs) {
      v.bit = this.idReg.bitOf(v.index, n)
      v.rx.capacity = entries * slotsPerEntry
      v.sendSlots = sendSlots
    }
    const polling = Math.min(n, this.ctxBusy.length)
    this.pollNs = pollResponseNs(polling, {
      meNs: this.meNs(num(this.p, 'mePollCycles')) / num(this.p, 'egressMes'),
      channelNs: num(this.p, 'sdramAccessOverhead') + transferNs(num(this.p, 'pollBytes'), num(this.p, 'sdramBandwidth')),
      latencyNs: num(this.p, 'sdramLatency')
    })
    for (let c = 0; c < this.ctxBusy.length; c++) this.ctxPolled[c] = 0
    for (const v of this.vifs) this.ctxPolled[v.context]++
  }

  /** Mean ns of one send-queue poll with every VIF's context polling. */
  get pollTimeNs(): number {
    return this.pollNs
  }

  /** A message has landed in `vif`'s send queue in SDRAM; its context will find it at its next poll. */
  egress(vif: Vif, pkt: number): void {
    const c = vif.context
    this.pool.stageAt[pkt] = this.sim.now
    this.pool.scratch[pkt] = c
    this.ctxQueue[c].push(pkt)
    this.ctxQueueVif[c].push(vif)
    if (this.ctxBusy[c] === 1) return
    this.ctxBusy[c] = 1
    // The context is somewhere in its round over its queues: wait for it to come back here.
    const round = this.ctxPolled[c] * this.pollNs
    this.sim.schedule(Math.round(this.rng.uniform32() * round + this.pollNs), this.ids.poll, c)
  }

  private pollFound(c: number): void {
    const pkt = this.ctxQueue[c].shift()!
    this.ctxVifOf[pkt] = this.ctxQueueVif[c].shift()!
    this.egressMe.submit(this.c.msgRecv, this.msgReceived, pkt)
  }

  /** The VIF whose send queue each in-flight packet came from (by packet id). */
  private readonly ctxVifOf: Vif[] = []

  private readonly msgReceived = (pkt: number): void => {
    this.stats.stages.record(this.st.msgRecv, this.sim.now - this.pool.stageAt[pkt])
    // The message has been read out of SDRAM into the ME: its send-queue slot is free.
    const vif = this.ctxVifOf[pkt]
    vif.sendUsed--
    vif.onSendSpace()
    this.pool.stageAt[pkt] = this.sim.now
    this.egressMe.submit(this.c.pktTx, this.txQueued, pkt)
  }

  private readonly txQueued = (pkt: number): void => {
    this.stats.stages.record(this.st.pktTx, this.sim.now - this.pool.stageAt[pkt])
    const vif = this.ctxVifOf[pkt]
    this.port!.send(pkt)
    if (this.txSignals) {
      // The send bit of the VIF (004 §3: one send and one receive bit per VIF); with MSI-X, its vector.
      vif.sendDone = true
      this.idReg.raise(vif.bit + (this.msi ? 0 : this.idReg.bits))
    }
    // The context goes on polling; a message already waiting is found by the next poll.
    const c = this.pool.scratch[pkt]
    if (this.ctxQueue[c].length > 0) this.sim.schedule(Math.round(this.pollNs), this.ids.poll, c)
    else this.ctxBusy[c] = 0
  }

  /** A frame arrived from the wire. */
  readonly receive = (pkt: number): void => {
    this.pool.stageAt[pkt] = this.sim.now
    this.rxMe.submit(this.c.pktRx, this.rxDone, pkt)
  }

  private readonly rxDone = (pkt: number): void => {
    this.stats.stages.record(this.st.pktRx, this.sim.now - this.pool.stageAt[pkt])
    this.pool.stageAt[pkt] = this.sim.now
    this.ingressMe.submit(this.c.demux, this.demuxed, pkt)
  }

  private readonly demuxed = (pkt: number): void => {
    this.stats.stages.record(this.st.demux, this.sim.now - this.pool.stageAt[pkt])
    this.pool.stageAt[pkt] = this.sim.now
    this.ingressMe.submit(this.c.msgSend, this.pciWrite, pkt)
  }

  private readonly pciWrite = (pkt: number): void => {
    const bytes = this.pool.bytes[pkt] + ETH_HEADER_BYTES + ID_WRITE_BYTES
    this.stats.counters.pciWriteBytes += bytes
    this.toHost.submit(transferNs(bytes, this.c.toHostBps), this.written, pkt)
  }

  private readonly written = (pkt: number): void => {
    const bytes = this.pool.bytes[pkt] + ETH_HEADER_BYTES + ID_WRITE_BYTES
    const bus = this.bus === undefined ? 0 : this.bus.delay(PciDir.ToHost, bytes, transferNs(bytes, this.c.toHostBps), this.sim.now)
    this.sim.schedule(Math.round(bus + this.c.landWritesNs), this.ids.landed, pkt)
  }

  /** The packet is in the VIF's bounce buffer and (if its driver asked for signals) its bit is set. */
  private landed(pkt: number): void {
    this.stats.stages.record(this.st.msgSend, this.sim.now - this.pool.stageAt[pkt])
    const vif = this.byEndpoint.get(this.pool.dst[pkt]) ?? this.tunnel
    const r = vif === undefined ? -1 : vif.rx.push(pkt)
    if (r < 0) {
      this.stats.counters.drops++
      this.pool.release(pkt)
      return
    }
    if (r === 1) {
      vif!.wantsSignal = true
      this.idReg.raise(vif!.bit)
    }
  }
}
