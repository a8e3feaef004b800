// One direction of an Ethernet (or other) link: frames wait for the transmitter,
// serialize at the line rate (framing overhead included, per MTU-sized piece), then
// propagate; the receiving end gets the packet id. Queueing at a busy port emerges here.
// A cut-through switch hands a frame on with a head start: the part of its
// serialization that overlapped its arrival on the input port.
import { Server, type Simulator } from '../../sim'
import type { PacketPool } from '../packet'
import { transferNs } from '../param-read'

export interface WireSpec {
  name: string
  rateBps: number
  propagationNs: number
  /** Framing bytes added to every frame on the wire (preamble, header, FCS, gap). */
  overheadBytes: number
  /** Largest payload per frame; a longer packet is split into ⌈bytes / mtu⌉ frames, each with its framing. */
  mtu: number
}

export class Wire {
  readonly spec: WireSpec
  readonly tx: Server
  bytesSent = 0
  /** Bytes waiting for or in serialization (for output-buffer limits). */
  queuedBytes = 0
  /** Called when a frame has been serialized (set by a device that needs transmit completions). */
  onSerialized: ((pkt: number) => void) | undefined = undefined
  /**
   * Faults (core/scenario/faults.ts): a link down, or frames lost at `lossRate` (a seeded stream).
   * The transmitter still serializes every frame (the sender's completions stay as they are); a
   * frame that ends its serialization on a down link, or that the loss draw picks, never arrives.
   */
  down = false
  lossRate = 0
  lossDraw: (() => number) | undefined = undefined
  /** Frames dropped by a fault (down or lost). */
  faultDrops = 0
  private readonly sim: Simulator
  private readonly pool: PacketPool
  private readonly arriveId: number
  private deliver: (pkt: number) => void = () => {}

  constructor(sim: Simulator, pool: PacketPool, spec: WireSpec) {
    this.sim = sim
    this.pool = pool
    this.spec = spec
    this.tx = new Server(sim, { name: `${spec.name}/tx` })
    this.arriveId = sim.register((pkt) => this.deliver(pkt), `${spec.name}/arrive`)
  }

  /** Where frames go once they have crossed the wire. */
  connect(deliver: (pkt: number) => void): void {
    this.deliver = deliver
  }

  /** Frames queued or being serialized. */
  get backlog(): number {
    return this.tx.load
  }

  /** Bytes of `pkt` on the wire: the payload and the framing of each MTU-sized piece. */
  wireBytes(pkt: number): number {
    const payload = this.pool.bytes[pkt]
    return payload + Math.max(1, Math.ceil(payload / this.spec.mtu)) * this.spec.overheadBytes
  }

  /**
   * Queues `pkt` for serialization. `headStartNs` (cut-through forwarding): serialization
   * already overlapped with the frame's arrival, taken off when the port is idle (a busy
   * output port stores the frame and forwards it whole); the header is always sent after it arrived.
   */
  send(pkt: number, headStartNs = 0, headerNs = 0): void {
    const bytes = this.wireBytes(pkt)
    this.bytesSent += bytes
    this.queuedBytes += bytes
    const ns = transferNs(bytes, this.spec.rateBps)
    this.tx.submit(headStartNs > 0 && this.tx.load === 0 ? Math.max(headerNs, ns - headStartNs) : ns, this.serialized, pkt)
  }

  private readonly serialized = (pkt: number): void => {
    this.queuedBytes -= this.wireBytes(pkt)
    if (this.onSerialized !== undefined) this.onSerialized(pkt)
    if (this.down || (this.lossRate > 0 && this.lossDraw !== undefined && this.lossDraw() < this.lossRate)) {
      this.faultDrops++
      this.pool.release(pkt)
      return
    }
    this.sim.schedule(this.spec.propagationNs, this.arriveId, pkt)
  }
}
