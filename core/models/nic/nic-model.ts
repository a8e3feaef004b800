// A commodity NIC at run time: transmit and receive DMA over the bus (one shared DMA
// engine, translated by the host's IOMMU for queues a guest owns), receive queues (one,
// or one per VM / VF with hardware L2 demultiplexing), descriptor rings that drop when
// full, programmed-I/O queues (NE2K-style, data moved by the CPU), interrupt moderation
// (a frame count or a delay) that raises each queue's interrupt hook, transmit-complete
// hooks, and who may drive the device (driver domain, SR-IOV VFs, one pass-through guest,
// VPIO guests) — a conflicting claim is refused. Offloads (issue 10): a large send (TSO) is
// DMA'd once and cut into MSS frames at the port; receive coalescing (GRO) is the NAPI poll's
// (techniques/common/napi.ts), for the endpoints this NIC lets merge; receive-side scaling spreads
// unclaimed frames over the PF's queues by a hash of their flow once a driver serves them all.
import { nicUsesShare, type NicUse } from '../attach-rules'
import { Server, type Simulator } from '../../sim'
import type { Iommu } from '../host/iommu'
import type { DmaQueueGate } from '../host/io-page-fault'
import { PciDir, type PciBus } from '../host/pci-bus'
import type { Wire } from '../link/wire'
import { NotifyQueue } from '../notify-queue'
import type { PacketPool } from '../packet'
import { bool, num, transferNs, type KindParams } from '../param-read'
import type { NicParamKey } from './params'
import type { RunStats } from '../run-stats'
import { VfRateLimiter } from './vf-rate'
import { TxArbiter } from './tx-arbiter'

const ETH_HEADER = 14
/** Bytes of one DMA descriptor (buffer address, length, status). */
const DESCRIPTOR_BYTES = 16
/** Byte offsets of a queue's regions in its owner's I/O address space (for IOTLB pages). */
const RX_DESC_BASE = 0, TX_DESC_BASE = 1 << 16, BUF_BASE = 1 << 17

/** Who drives the device: the driver domain's PF driver, VFs, one pass-through guest, or VPIO guests. */
export type { NicUse }

/**
 * The RSS queue (of `queues`) of flow `flow`, the same for both directions of a flow: a fixed
 * multiplicative (Fibonacci) hash, which, like the NIC's Toeplitz hash over the flow's
 * addresses and ports, spreads flows evenly without regard to their numbering.
 */
export function rssQueue(flow: number, queues: number): number {
  return queues <= 1 ? 0 : Math.floor(((Math.imul(flow + 1, 0x9e3779b9) >>> 0) * queues) / 4294967296)
}

export class NicQueue {
  readonly index: number
  readonly rx: NotifyQueue
  /** Set by the driver: the queue's interrupt fired (hypervisor routing is the driver's job). */
  onInterrupt: () => void = () => {}
  /** Set by a driver that needs to know when a frame it sent has left the port (VPIO's model). */
  onTxDone: ((pkt: number) => void) | undefined = undefined
  /** IOMMU translation context of the owning guest (-1: DMA is not translated). */
  dmaContext = -1
  /** Programmed I/O: the CPU moves the data through a port, the device does no DMA. */
  pio = false
  pending = 0
  timerArmed = false
  /** The driver had re-armed the ring when a frame landed: an interrupt is owed. */
  owed = false
  /** Time of the queue's last interrupt (interrupt throttling). */
  lastIrq = -Infinity
  rxSlot = 0
  txSlot = 0
  /** The queue's transmit rate limiter (an SR-IOV VF's rate, issue 12), if any. */
  txLimit: VfRateLimiter | undefined = undefined
  /** Frames whose doorbell rang, waiting for the NIC's transmit arbiter (tx-arbiter.ts). */
  readonly txFifo: number[] = []
  txHead = 0
  /** The queue's weight in the transmit arbiter (an SR-IOV VF's vfTxWeight; 1 for the PF's queues). */
  txWeight = 1
  /** The queue's deficit-round-robin credit, bytes. */
  txDeficit = 0
  /** The owning guest's memory may be non-resident: DMA to a reclaimed page faults (core/models/host/io-page-fault.ts). */
  dmaGate: DmaQueueGate | undefined = undefined

  constructor(index: number, slots: number) {
    this.index = index
    this.rx = new NotifyQueue(slots)
  }
}

export class NicModel {
  readonly id: string
  readonly queues: NicQueue[] = []
  readonly dma: Server
  port: Wire | undefined
  /** The host's IOMMU, when it has one enabled. */
  iommu: Iommu | undefined
  /** The host's PCI bus the DMA crosses (set when the NIC is placed in a host). */
  bus: PciBus | undefined
  /** Engine time of each packet's DMA (for its bus booking). */
  private readonly engineNs: number[] = []
  /** The transmit arbiter and packet buffer every queue's frames pass (issue 12). */
  readonly tx: TxArbiter
  /** Bytes each frame holds in the transmit buffer until it is serialized (0: it never entered it). */
  private readonly bufBytes: number[] = []
  private readonly sim: Simulator
  private readonly pool: PacketPool
  private readonly stats: RunStats
  private readonly p: KindParams<NicParamKey>
  private readonly byEndpoint = new Map<number, NicQueue>()
  private readonly ids: { demuxed: number; timer: number; sent: number; landed: number; faultedRx: number }
  /** Guest address of the buffer the last translated DMA touched (for its I/O page faults). */
  private bufAt = 0
  private readonly st: { tx: number; rx: number }
  private readonly uses = new Map<NicUse, string[]>()
  /** Endpoints whose received frames receive coalescing may merge (not bridged ones). */
  private readonly lroFor = new Set<number>()
  /** Queues receive-side scaling spreads over (1 until a driver serves every PF queue). */
  rssQueues = 1
  /** Hot-path parameters, read once. */
  private readonly c: { desc: number; bps: number; buf: number; demux: number; frames: number; delay: number; lro: number; itr: number }

  constructor(sim: Simulator, pool: PacketPool, stats: RunStats, id: string, p: KindParams<NicParamKey>) {
    this.sim = sim; this.pool = pool; this.stats = stats; this.id = id; this.p = p
    this.dma = new Server(sim, { name: `${id}/dma` })
    for (let q = 0; q < num(p, 'queues'); q++) this.queues.push(new NicQueue(q, num(p, 'ringSlots')))
    this.ids = {
      demuxed: sim.register((pkt) => this.toHost(pkt), `${id}/demuxed`),
      sent: sim.register((pkt) => this.sent(pkt), `${id}/bus-tx`),
      landed: sim.register((pkt) => this.landed(pkt), `${id}/bus-rx`),
      timer: sim.register((q) => this.timerFired(q), `${id}/moderation`),
      faultedRx: sim.register((pkt) => this.dma.submit(this.engineNs[pkt], this.rxBus, pkt), `${id}/fault-rx`)
    }
    this.st = { tx: stats.stages.id('nic_tx_dma'), rx: stats.stages.id('nic_rx_dma') }
    // One full frame per weight unit and turn (a 1500-byte MTU frame and its Ethernet header), so a turn always sends.
    this.tx = new TxArbiter(num(p, 'txBufferBytes'), 1500 + ETH_HEADER, (pkt) => this.chargeOf(pkt), (pkt, q) => this.fetch(pkt, q), (pkt) => this.roomOf(pkt))
    this.c = {
      desc: num(p, 'dmaDescriptorOverhead'), bps: num(p, 'dmaBandwidth'), buf: num(p, 'dmaBufferSize'),
      demux: num(p, 'l2DemuxLatency'), frames: num(p, 'irqCoalesceFrames'), delay: num(p, 'irqCoalesceDelay'),
      lro: bool(p, 'lroEnabled') ? num(p, 'lroMaxBytes') : 0,
      itr: num(p, 'irqThrottleRate') > 0 ? Math.round(1e9 / num(p, 'irqThrottleRate')) : 0
    }
  }

  /** Receive coalescing may merge frames for endpoint `ep` (its own stack consumes them; a bridge would not). */
  coalesceFor(ep: number): void {
    this.lroFor.add(ep)
  }

  /** Largest packet receive coalescing (GRO in the driver's NAPI poll) builds, payload bytes; 0 when off. */
  get groBytes(): number {
    return this.c.lro
  }

  /** Frames for endpoint `ep` may be merged by receive coalescing. */
  coalesces(ep: number): boolean {
    return this.lroFor.has(ep)
  }

  /** Frames for endpoint `ep` land where those for `as` do (a bond's address moved to member `as`: core/scenario/bond-rebind.ts). */
  alias(ep: number, as: number): void {
    const q = this.byEndpoint.get(as)
    if (q === undefined) return
    this.byEndpoint.set(ep, q)
    if (this.lroFor.has(as)) this.lroFor.add(ep)
  }

  /** Frames for endpoint `ep` land in queue `q` (hardware L2 classification). */
  route(ep: number, q: number): NicQueue {
    const queue = this.queues[q % this.queues.length]
    this.byEndpoint.set(ep, queue)
    this.lroFor.add(ep) // a queue an endpoint owns is drained by its own stack: coalescing may merge
    return queue
  }

  /** A further queue pair (an SR-IOV virtual function's); frames reach it through `route`. */
  addQueue(): NicQueue {
    const q = new NicQueue(this.queues.length, num(this.p, 'ringSlots'))
    this.queues.push(q)
    return q
  }

  /** Registers `who` driving the device as `use`; throws a user-facing Error on a conflict. */
  claim(use: NicUse, who: string): void {
    const clash = [...this.uses.entries()].find(([u]) => !nicUsesShare(use, u))
    if (clash !== undefined) {
      throw new Error(`NIC "${this.id}" is already driven by ${clash[1].join(', ')} (${clash[0]}); ${use === 'passthrough' || clash[0] === 'passthrough'
        ? 'pass-through gives the whole device to one guest' : `${use} and ${clash[0]} cannot share one device`}`)
    }
    this.uses.set(use, [...(this.uses.get(use) ?? []), who])
  }

  private dmaNs(pkt: number, q: NicQueue, rx: boolean): number {
    const bytes = this.pool.bytes[pkt] + ETH_HEADER
    let ns = this.c.desc + transferNs(bytes, this.c.bps)
    if (this.iommu !== undefined && q.dmaContext >= 0) {
      const slots = q.rx.capacity
      const slot = rx ? q.rxSlot++ % slots : q.txSlot++ % slots
      const buf = BUF_BASE + ((rx ? 0 : slots) + slot) * this.c.buf
      this.bufAt = buf
      ns += this.iommu.translateRange(q.dmaContext, (rx ? RX_DESC_BASE : TX_DESC_BASE) + slot * DESCRIPTOR_BYTES, DESCRIPTOR_BYTES)
      ns += this.iommu.translateRange(q.dmaContext, buf, bytes)
    }
    return ns
  }

  /**
   * The receive DMA of `pkt` on a queue whose guest memory may be non-resident (issue 12): true
   * when it cannot go now — it waits for its page (or the queue's earlier fault), or, by a NIC
   * that drops on a fault, is dropped. (A transmit buffer was just written by the guest's CPU: a
   * reclaimed one faulted there, core/techniques/common/guest-dma.ts.)
   */
  private faulted(pkt: number, q: NicQueue, rx: boolean): boolean {
    if (this.iommu === undefined || q.dmaContext < 0) return false
    const bytes = this.pool.bytes[pkt] + ETH_HEADER
    const w = q.dmaGate!.wait(this.bufAt, bytes, this.sim.now, rx)
    if (w === 0) return false
    if (w < 0) {
      this.stats.counters.pciWriteBytes -= bytes // nothing was written
      this.stats.counters.drops++
      this.pool.release(pkt)
      return true
    }
    this.sim.schedule(w, this.ids.faultedRx, pkt)
    return true
  }

  /** Limits queue q's transmit rate to `rateBps` (an SR-IOV VF's rate scheduler): frames wait in its ring for their turn. */
  limitTx(q: NicQueue, rateBps: number): void {
    q.txLimit = new VfRateLimiter(this.sim, this.pool, rateBps, num(this.p, 'ringSlots'), `${this.id}/q${q.index}`, (pkt) => this.tx.submit(pkt, q), (pkt) => {
      this.stats.counters.drops++
      this.pool.release(pkt)
    })
  }

  /** Queue q's weight in the NIC's transmit arbiter (an SR-IOV VF's share of a saturated port). */
  weighTx(q: NicQueue, weight: number): void {
    q.txWeight = Math.max(1e-9, weight)
  }

  /**
   * The driver rang the doorbell for `pkt` on queue `q`: the frame waits for the VF's rate pacer (if
   * any) and the transmit arbiter, which DMAs it out of host memory (unless PIO) into the transmit
   * buffer when there is room, then onto the wire. The wait is part of the nic_tx_dma stage.
   */
  transmit(pkt: number, q: NicQueue = this.queues[0]): void {
    this.pool.stageAt[pkt] = this.sim.now
    if (q.pio) return this.fetch(pkt, q) // the data is in the device already (NE2K-style): no DMA, no arbitration
    if (q.txLimit !== undefined) return q.txLimit.submit(pkt)
    this.tx.submit(pkt, q)
  }

  /** Bytes `pkt` takes in the transmit buffer: each frame the port will send (a TSO send's segments, headers replicated) with its Ethernet header. */
  private chargeOf(pkt: number): number {
    const p = this.pool
    const mss = p.gso[pkt]
    if (mss <= 0) return p.bytes[pkt] + ETH_HEADER
    const total = p.len[pkt], segs = Math.max(1, Math.ceil(total / mss))
    return total + segs * (p.bytes[pkt] - total + ETH_HEADER)
  }

  /** Bytes that must fit in the transmit buffer for `pkt` to start: its first segment's for a TSO send (the NIC sends it segment by segment), else the frame's. */
  private roomOf(pkt: number): number {
    const p = this.pool
    const mss = p.gso[pkt]
    if (mss <= 0) return p.bytes[pkt] + ETH_HEADER
    return Math.min(mss, p.len[pkt]) + p.bytes[pkt] - p.len[pkt] + ETH_HEADER
  }

  /** The NIC fetches the frame from the queue: DMA it out of host memory (unless PIO), then onto the wire. */
  private fetch(pkt: number, q: NicQueue): void {
    this.pool.scratch[pkt] = q.index
    if (this.port !== undefined && this.port.onSerialized === undefined) this.port.onSerialized = this.serialized
    if (q.pio) {
      this.bufBytes[pkt] = 0
      return this.sent(pkt)
    }
    this.bufBytes[pkt] = this.pool.gso[pkt] > 0 ? 0 : this.pool.bytes[pkt] + ETH_HEADER // a TSO send's segments carry their own
    this.stats.counters.pciReadBytes += this.pool.bytes[pkt] + ETH_HEADER
    const ns = this.dmaNs(pkt, q, false)
    this.engineNs[pkt] = ns
    this.dma.submit(ns, this.txBus, pkt)
  }

  /** The DMA engine is done; the transfer also needed the host's bus (towards the device). */
  private readonly txBus = (pkt: number): void => {
    const d = this.bus === undefined ? 0 : this.bus.delay(PciDir.ToDevice, this.pool.bytes[pkt] + ETH_HEADER, this.engineNs[pkt], this.sim.now)
    if (d > 0) this.sim.schedule(d, this.ids.sent, pkt)
    else this.sent(pkt)
  }

  private readonly rxBus = (pkt: number): void => {
    const d = this.bus === undefined ? 0 : this.bus.delay(PciDir.ToHost, this.pool.bytes[pkt] + ETH_HEADER, this.engineNs[pkt], this.sim.now)
    if (d > 0) this.sim.schedule(d, this.ids.landed, pkt)
    else this.landed(pkt)
  }

  private readonly sent = (pkt: number): void => {
    this.stats.stages.record(this.st.tx, this.sim.now - this.pool.stageAt[pkt])
    if (this.pool.gso[pkt] > 0) this.segment(pkt)
    else this.port!.send(pkt)
  }

  /** TSO: cuts a large send into frames of its segment size (headers replicated), in order onto the port. */
  private segment(big: number): void {
    const p = this.pool
    const mss = p.gso[big], total = p.len[big], header = p.bytes[big] - total
    for (let off = 0; off < total; off += mss) {
      const len = Math.min(mss, total - off)
      const f = p.alloc()
      p.bytes[f] = len + header; p.len[f] = len; p.seq[f] = p.seq[big] + off
      p.kind[f] = p.kind[big]; p.flow[f] = p.flow[big]; p.src[f] = p.src[big]; p.dst[f] = p.dst[big]
      p.born[f] = p.born[big]; p.stageAt[f] = p.stageAt[big]; p.scratch[f] = p.scratch[big]
      this.bufBytes[f] = p.bytes[f] + ETH_HEADER
      this.port!.send(f)
    }
    p.release(big)
  }

  /** A frame of this NIC finished serializing on its port: its room in the transmit buffer is free; a driver that asked hears of it. */
  private readonly serialized = (pkt: number): void => {
    const b = this.bufBytes[pkt]
    if (b > 0) {
      this.bufBytes[pkt] = 0
      this.tx.freed(b)
    }
    const q = this.queues[this.pool.scratch[pkt]]
    if (q !== undefined && q.onTxDone !== undefined) q.onTxDone(pkt)
  }

  /** A frame arrived from the wire. */
  readonly receive = (pkt: number): void => {
    this.pool.stageAt[pkt] = this.sim.now
    const demux = this.queues.length > 1 ? this.c.demux : 0
    this.sim.schedule(demux, this.ids.demuxed, pkt)
  }

  private toHost(pkt: number): void {
    let q = this.byEndpoint.get(this.pool.dst[pkt]) ?? this.queues[0]
    if (this.rssQueues > 1 && q.index < this.rssQueues) q = this.queues[rssQueue(this.pool.flow[pkt], this.rssQueues)]
    this.pool.scratch[pkt] = q.index
    if (q.pio) return this.landed(pkt) // stays in the device's own buffer until the driver reads it
    this.stats.counters.pciWriteBytes += this.pool.bytes[pkt] + ETH_HEADER
    const ns = this.dmaNs(pkt, q, true)
    this.engineNs[pkt] = ns
    if (q.dmaGate !== undefined && this.faulted(pkt, q, true)) return
    this.dma.submit(ns, this.rxBus, pkt)
  }

  private readonly landed = (pkt: number): void => {
    const q = this.queues[this.pool.scratch[pkt]]
    this.stats.stages.record(this.st.rx, this.sim.now - this.pool.stageAt[pkt])
    const r = q.rx.push(pkt)
    if (r < 0) {
      this.stats.counters.drops++
      this.pool.release(pkt)
      return
    }
    if (r === 1) q.owed = true
    q.pending++
    if (q.pending >= this.c.frames || this.c.delay === 0) this.fire(q)
    else if (!q.timerArmed) {
      q.timerArmed = true
      this.sim.schedule(this.c.delay, this.ids.timer, q.index)
    }
  }

  private timerFired(i: number): void {
    const q = this.queues[i]
    q.timerArmed = false
    if (q.pending > 0) this.fire(q)
  }

  private fire(q: NicQueue): void {
    if (!q.owed) {
      q.pending = 0
      return // the driver is polling the ring already (interrupt masked)
    }
    const wait = q.lastIrq + this.c.itr - this.sim.now
    if (wait > 0) { // throttled: the interrupt waits out the interval (the timer fires it)
      if (!q.timerArmed) {
        q.timerArmed = true
        this.sim.schedule(wait, this.ids.timer, q.index)
      }
      return
    }
    q.pending = 0
    q.owed = false
    q.lastIrq = this.sim.now
    q.onInterrupt()
  }

  /**
   * The driver re-enabled the queue's interrupt (NAPI complete) with frames already in the
   * ring: the NIC interrupts for them (subject to moderation), as a re-enabled cause does.
   */
  reenable(q: NicQueue): void {
    q.rx.armed = true
    if (q.rx.length === 0) return
    q.rx.armed = false
    q.owed = true
    q.pending++
    this.fire(q)
  }
}
