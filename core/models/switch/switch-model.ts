// A store-and-forward Ethernet switch: a frame fully received on one port is looked up
// (forwarding latency) and queued on its output port's wire; a full output buffer drops.
import type { Simulator } from '../../sim'
import type { PacketPool } from '../packet'
import type { RunStats } from '../run-stats'
import type { Wire } from '../link/wire'

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

  constructor(sim: Simulator, pool: PacketPool, stats: RunStats, id: string, forwardNs: number, bufferBytes: number) {
    this.sim = sim
    this.pool = pool
    this.stats = stats
    this.id = id
    this.forwardNs = forwardNs
    this.bufferBytes = bufferBytes
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

  /** A frame has arrived whole on some input port. */
  readonly receive = (pkt: number): void => {
    this.sim.schedule(this.forwardNs, this.forwardId, pkt)
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
    out.send(pkt)
  }
}
