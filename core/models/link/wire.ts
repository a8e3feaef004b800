// One direction of an Ethernet (or other) link: frames wait for the transmitter,
// serialize at the line rate (framing overhead included), then propagate; the
// receiving end gets the packet id. Queueing at a busy port emerges here.
import { Server, type Simulator } from '../../sim'
import type { PacketPool } from '../packet'
import { transferNs } from '../param-read'

export interface WireSpec {
  name: string
  rateBps: number
  propagationNs: number
  /** Framing bytes added to every frame on the wire (preamble, header, FCS, gap). */
  overheadBytes: number
}

export class Wire {
  readonly spec: WireSpec
  readonly tx: Server
  bytesSent = 0
  /** Bytes waiting for or in serialization (for output-buffer limits). */
  queuedBytes = 0
  /** Called when a frame has been serialized (set by a device that needs transmit completions). */
  onSerialized: ((pkt: number) => void) | undefined = undefined
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

  send(pkt: number): void {
    const bytes = this.pool.bytes[pkt] + this.spec.overheadBytes
    this.bytesSent += bytes
    this.queuedBytes += bytes
    this.tx.submit(transferNs(bytes, this.spec.rateBps), this.serialized, pkt)
  }

  private readonly serialized = (pkt: number): void => {
    this.queuedBytes -= this.pool.bytes[pkt] + this.spec.overheadBytes
    if (this.onSerialized !== undefined) this.onSerialized(pkt)
    this.sim.schedule(this.spec.propagationNs, this.arriveId, pkt)
  }
}
