// An Ethernet switch: a frame received on one port is looked up (forwarding latency) and
// queued on its output port's wire; a full output buffer drops. Store-and-forward sends a
// frame on only once it has arrived whole; cut-through starts after the header, so on an
// idle output port the frame's serialization overlaps its arrival (the wire's head start).
import type { Simulator } from '../../sim'
import type { PacketPool } from '../packet'
import type { RunStats } from '../run-stats'
import { transferNs } from '../param-read'
import type { Wire } from '../link/wire'

/** Bytes a cut-through switch needs before it can forward: preamble (8) and the Ethernet header (14). */
const CUT_THROUGH_BYTES = 22

export class SwitchModel {
  readonly id: string
  private readonly sim: Simulator
  private readonly pool: PacketPool
  private readonly stats: RunStats
  private readonly forwardNs: number
  private readonly bufferBytes: number
  private readonly ports: Wire[] = []
  /** Output port of each endpoint id. */
  private readonly route: number[] = []
  private readonly forwardId: number
  private readonly cutThrough: boolean
  /** Per packet in the switch: serialization that overlapped its arrival (cut-through), and the header's time. */
  private headStart: number[] = []
  private headerNs: number[] = []

  constructor(sim: Simulator, pool: PacketPool, stats: RunStats, id: string, forwardNs: number, bufferBytes: number, cutThrough = false) {
    this.sim = sim
    this.pool = pool
    this.stats = stats
    this.id = id
    this.forwardNs = forwardNs
    this.bufferBytes = bufferBytes
    this.cutThrough = cutThrough
    this.forwardId = sim.register((pkt) => this.output(pkt), `${id}/forward`)
  }

  /** Adds an output port; returns its index. */
  addPort(out: Wire): number {
    this.ports.push(out)
    return this.ports.length - 1
  }

  /** Endpoint `ep` is reached through output port `port`. */
  learn(ep: number, port: number): void {
    this.route[ep] = port
  }

  /** The output port towards endpoint `ep`, if learned (a bond's failover relearns its address: core/scenario/bond-rebind.ts). */
  portOf(ep: number): number | undefined {
    return this.route[ep]
  }

  /** A frame has arrived whole on some input port. */
  readonly receive = (pkt: number): void => {
    this.sim.schedule(this.forwardNs, this.forwardId, pkt)
  }

  /** The receiver of frames arriving over `input` (an input port). */
  inputFrom(input: Wire): (pkt: number) => void {
    if (!this.cutThrough) return this.receive
    return (pkt) => {
      const headerNs = transferNs(CUT_THROUGH_BYTES, input.spec.rateBps)
      this.headStart[pkt] = Math.max(0, transferNs(input.wireBytes(pkt), input.spec.rateBps) - headerNs)
      this.headerNs[pkt] = headerNs
      this.receive(pkt)
    }
  }

  private output(pkt: number): void {
    const port = this.route[this.pool.dst[pkt]]
    const out = port === undefined ? undefined : this.ports[port]
    const queued = out === undefined ? 0 : out.queuedBytes + this.pool.bytes[pkt] + out.spec.overheadBytes
    if (out === undefined || queued > this.bufferBytes) {
      this.stats.counters.drops++
      this.pool.release(pkt)
      return
    }
    if (this.cutThrough) out.send(pkt, this.headStart[pkt], this.headerNs[pkt])
    else out.send(pkt)
  }
}
