// I/O programs in flight (000 §3.1–§3.4) as integer ids into parallel typed arrays: the
// consumer, its command count and progress, the data each command moves by protected DMA,
// the frame a network program carries, and its status — no allocation per program.

/** What a program does: generic device commands, send a frame, deliver a received frame, or block reads/writes on the storage the DC fronts. */
export const enum ProgramKind { Io = 0, NetSend = 1, NetRecv = 2, Block = 3 }
/** Direction of a command's data: none, consumer memory → device (PDMA read), device → consumer memory (PDMA write). */
export const enum DataDir { None = 0, ToDevice = 1, FromDevice = 2 }
export const enum ProgramStatus { Ok = 0, Denied = 1, Failed = 2 }

export class ProgramPool {
  kind = new Uint8Array(64)
  dir = new Uint8Array(64)
  status = new Uint8Array(64)
  /** Index of the consumer in its DC's table. */
  consumer = new Int32Array(64)
  commands = new Int32Array(64)
  /** Commands finished so far. */
  done = new Int32Array(64)
  /** Commands dispatched so far (block programs dispatch the next while the device serves the previous). */
  issued = new Int32Array(64)
  /** Data bytes each command moves (network programs: the frame). */
  bytes = new Int32Array(64)
  /** Packet id of a network program. */
  pkt = new Int32Array(64)
  /** The consumer's own tag (e.g. which operation of a workload it belongs to). */
  tag = new Int32Array(64)
  /** Time the program entered its current stage (per-stage breakdown). */
  stageAt = new Float64Array(64)
  live = 0
  private free: number[] = []
  private size = 0

  alloc(kind: ProgramKind, consumer: number, commands: number, bytes: number, dir: DataDir): number {
    const p = this.free.length > 0 ? this.free.pop()! : this.next()
    this.kind[p] = kind; this.consumer[p] = consumer; this.commands[p] = commands; this.bytes[p] = bytes
    this.dir[p] = dir; this.done[p] = 0; this.issued[p] = 0; this.status[p] = ProgramStatus.Ok; this.pkt[p] = -1; this.tag[p] = 0
    this.live++
    return p
  }

  release(p: number): void {
    this.live--
    this.free.push(p)
  }

  private next(): number {
    if (this.size === this.kind.length) this.grow()
    return this.size++
  }

  private grow(): void {
    const n = this.kind.length * 2
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n)
      b.set(a)
      return b
    }
    this.kind = g(this.kind); this.dir = g(this.dir); this.status = g(this.status); this.consumer = g(this.consumer)
    this.commands = g(this.commands); this.done = g(this.done); this.issued = g(this.issued); this.bytes = g(this.bytes); this.pkt = g(this.pkt)
    this.tag = g(this.tag); this.stageAt = g(this.stageAt)
  }
}
