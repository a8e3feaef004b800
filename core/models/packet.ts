// The packet pool: every frame in flight as an integer id into parallel typed arrays, so
// events carry a number (no allocation per packet) and memory stays flat over a run.

/** What a packet carries, for workloads and stage accounting. */
export const enum PacketKind { Probe = 0, Echo = 1, Data = 2, Ack = 3 }

export class PacketPool {
  /** Bytes of the IP packet (headers included, Ethernet framing excluded). */
  bytes = new Int32Array(256)
  kind = new Uint8Array(256)
  /** Workload flow index. */
  flow = new Int32Array(256)
  /** Destination endpoint id (its "MAC address"). */
  dst = new Int32Array(256)
  src = new Int32Array(256)
  /** TCP: sequence number of the first byte (data) or cumulative ack (ack); ping: probe number. */
  seq = new Float64Array(256)
  /** TCP: payload bytes; ack: advertised window. */
  len = new Float64Array(256)
  /** Time the workload handed the packet to the stack (for RTT and one-way latency). */
  born = new Float64Array(256)
  /** Time the packet entered its current stage (for the per-stage breakdown). */
  stageAt = new Float64Array(256)
  /** Scratch word a model may use while it holds the packet (e.g. the NP's egress context). */
  scratch = new Int32Array(256)
  /** A large send (TSO): payload bytes of each segment the NIC cuts it into; 0 = an ordinary packet. Reset on release. */
  gso = new Int32Array(256)
  private free: number[] = []
  private size = 0
  live = 0

  alloc(): number {
    this.live++
    if (this.free.length > 0) return this.free.pop()!
    if (this.size === this.bytes.length) this.grow()
    return this.size++
  }

  release(p: number): void {
    this.live--
    this.gso[p] = 0
    this.free.push(p)
  }

  private grow(): void {
    const n = this.bytes.length * 2
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n)
      b.set(a)
      return b
    }
    this.bytes = g(this.bytes); this.kind = g(this.kind); this.flow = g(this.flow)
    this.dst = g(this.dst); this.src = g(this.src); this.seq = g(this.seq); this.len = g(this.len)
    this.born = g(this.born); this.stageAt = g(this.stageAt); this.scratch = g(this.scratch); this.gso = g(this.gso)
  }
}
