// One direction of an interconnect that carries messages between a Host Gateway and a DC
// (000 §3.1: PDMA over TCP, InfiniBand or shared-memory queues): a message is cut into
// MTU-sized pieces, each with its per-message bytes, serializes at the link's bandwidth
// behind earlier messages, then arrives after the propagation and per-message delay.
import { Server, type HandlerId, type Simulator } from '../../sim'
import { num, transferNs, type KindParams } from '../param-read'
import type { LinkParamKey } from './params'

export class MessageLink {
  readonly name: string
  readonly tx: Server
  bytesSent = 0
  private readonly sim: Simulator
  private readonly bps: number
  private readonly latencyNs: number
  private readonly overheadBytes: number
  private readonly mtu: number
  private handler = new Int32Array(16)
  private arg = new Int32Array(16)
  private readonly free: number[] = []
  private size = 0

  /** `p`: the link kind's parameters (bandwidth, propagationDelay, perMessageBytes, perMessageDelay, mtu). */
  constructor(sim: Simulator, name: string, p: KindParams<LinkParamKey>) {
    this.sim = sim
    this.name = name
    this.bps = num(p, 'bandwidth')
    this.latencyNs = Math.round(num(p, 'propagationDelay') + num(p, 'perMessageDelay'))
    this.overheadBytes = num(p, 'perMessageBytes')
    this.mtu = Math.max(1, num(p, 'mtu'))
    this.tx = new Server(sim, { name: `${name}/tx` })
  }

  /** Sends a message of `bytes`; `handler(arg)` fires when it has arrived at the far end. */
  send(bytes: number, handler: HandlerId, arg: number): void {
    const pieces = Math.max(1, Math.ceil(bytes / this.mtu))
    const wire = bytes + pieces * this.overheadBytes
    this.bytesSent += wire
    const slot = this.alloc()
    this.handler[slot] = handler
    this.arg[slot] = arg
    this.tx.submit(transferNs(wire, this.bps), this.serialized, slot)
  }

  private readonly serialized = (slot: number): void => {
    const h = this.handler[slot], a = this.arg[slot]
    this.free.push(slot)
    this.sim.schedule(this.latencyNs, h, a)
  }

  private alloc(): number {
    if (this.free.length > 0) return this.free.pop()!
    if (this.size === this.handler.length) {
      const h = new Int32Array(this.size * 2), a = new Int32Array(this.size * 2)
      h.set(this.handler); a.set(this.arg)
      this.handler = h; this.arg = a
    }
    return this.size++
  }
}
