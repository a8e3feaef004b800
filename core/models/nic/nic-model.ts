// A commodity NIC at run time: transmit and receive DMA over the bus (one shared DMA
// engine), receive queues (one, or one per VM with hardware L2 demultiplexing for
// multi-queue / SR-IOV), descriptor rings that drop when full, and interrupt moderation
// (a frame count or a delay) that raises each queue's interrupt hook.
import { Server, type Simulator } from '../../sim'
import type { Wire } from '../link/wire'
import { NotifyQueue } from '../notify-queue'
import type { PacketPool } from '../packet'
import { num, transferNs, type ParamRecord } from '../param-read'
import type { RunStats } from '../run-stats'

const ETH_HEADER = 14

export class NicQueue {
  readonly index: number
  readonly rx: NotifyQueue
  /** Set by the driver: the queue's interrupt fired (hypervisor routing is the driver's job). */
  onInterrupt: () => void = () => {}
  pending = 0
  timerArmed = false
  /** The driver had re-armed the ring when a frame landed: an interrupt is owed. */
  owed = false

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
  private readonly sim: Simulator
  private readonly pool: PacketPool
  private readonly stats: RunStats
  private readonly p: ParamRecord
  private readonly byEndpoint = new Map<number, NicQueue>()
  private readonly ids: { demuxed: number; timer: number }

  constructor(sim: Simulator, pool: PacketPool, stats: RunStats, id: string, p: ParamRecord) {
    this.sim = sim; this.pool = pool; this.stats = stats; this.id = id; this.p = p
    this.dma = new Server(sim, { name: `${id}/dma` })
    for (let q = 0; q < num(p, 'queues'); q++) this.queues.push(new NicQueue(q, num(p, 'ringSlots')))
    this.ids = {
      demuxed: sim.register((pkt) => this.toHost(pkt), `${id}/demuxed`),
      timer: sim.register((q) => this.timerFired(q), `${id}/moderation`)
    }
  }

  /** Frames for endpoint `ep` land in queue `q` (hardware L2 classification). */
  route(ep: number, q: number): NicQueue {
    const queue = this.queues[q % this.queues.length]
    this.byEndpoint.set(ep, queue)
    return queue
  }

  private dmaNs(pkt: number): number {
    return num(this.p, 'dmaDescriptorOverhead') + transferNs(this.pool.bytes[pkt] + ETH_HEADER, num(this.p, 'dmaBandwidth'))
  }

  /** The driver rang the doorbell for `pkt`: DMA it out of host memory, then onto the wire. */
  transmit(pkt: number): void {
    this.stats.counters.pciReadBytes += this.pool.bytes[pkt] + ETH_HEADER
    this.dma.submit(this.dmaNs(pkt), this.sent, pkt)
  }

  private readonly sent = (pkt: number): void => {
    this.port!.send(pkt)
  }

  /** A frame arrived from the wire. */
  readonly receive = (pkt: number): void => {
    const demux = this.queues.length > 1 ? num(this.p, 'l2DemuxLatency') : 0
    this.sim.schedule(demux, this.ids.demuxed, pkt)
  }

  private toHost(pkt: number): void {
    this.stats.counters.pciWriteBytes += this.pool.bytes[pkt] + ETH_HEADER
    this.dma.submit(this.dmaNs(pkt), this.landed, pkt)
  }

  private readonly landed = (pkt: number): void => {
    const q = this.byEndpoint.get(this.pool.dst[pkt]) ?? this.queues[0]
    const r = q.rx.push(pkt)
    if (r < 0) {
      this.stats.counters.drops++
      this.pool.release(pkt)
      return
    }
    if (r === 1) q.owed = true
    q.pending++
    if (q.pending >= num(this.p, 'irqCoalesceFrames') || num(this.p, 'irqCoalesceDelay') === 0) this.fire(q)
    else if (!q.timerArmed) {
      q.timerArmed = true
      this.sim.schedule(num(this.p, 'irqCoalesceDelay'), this.ids.timer, q.index)
    }
  }

  private timerFired(i: number): void {
    const q = this.queues[i]
    q.timerArmed = false
    if (q.pending > 0) this.fire(q)
  }

  private fire(q: NicQueue): void {
    q.pending = 0
    if (!q.owed) return // the driver is polling the ring already (interrupt masked)
    q.owed = false
    q.onInterrupt()
  }
}
