// NAND flash behind an SSD controller (ssd/ and nvme/ share it): channels × dies, each die
// a server that senses (tR) or programs (tPROG) one page at a time, each channel a server
// that moves a page between the controller and a die at the channel rate. Pages are striped
// over the dies by page number (die = page mod dies, channel = die mod channels), so a large
// request uses many dies at once and random pages spread evenly. Reads go first at a die
// (priority over programs). A write buffer (DRAM) accepts writes until full, gathers them into
// whole pages and programs them round-robin over the dies in the background; a flush waits
// until it is empty. Not modelled: garbage collection and write amplification, reads served
// from the write buffer, the mapping table's own flash traffic.
import { Server, type Handler, type Simulator } from '../../sim'
import { ReqInts } from './device-base'

export interface FlashSpec {
  channels: number
  diesPerChannel: number
  pageBytes: number
  readNs: number
  programNs: number
  channelBps: number
  /** Write buffer bytes; 0 = a write completes when its pages are programmed. */
  bufferBytes: number
}

export interface FlashCallbacks {
  /** Every page of the read is in the controller. */
  read: (req: number) => void
  /** The write is in the buffer (or, without a buffer, programmed): it may complete. */
  written: (req: number) => void
  /** Everything buffered before the flush is programmed. */
  flushed: (req: number) => void
}

const READ = 0, PROGRAM = 1

export class FlashArray {
  readonly units: number
  readonly dies: Server[] = []
  readonly channels: Server[] = []
  /** Bytes in the write buffer (accepted, not yet programmed), and the part not yet cut into a page. */
  used = 0
  fill = 0
  pagesRead = 0
  pagesProgrammed = 0
  private readonly s: FlashSpec
  private readonly cb: FlashCallbacks
  private readonly left = new ReqInts()
  private readonly pageCount = new ReqInts()
  private readonly bytesOf = new ReqInts()
  private readonly waiting: number[] = []
  private readonly flushWaiters: number[] = []
  private next = 0
  private readonly dieRead: Handler[] = []
  private readonly chProgram: Handler[] = []
  private readonly directCh: Handler[] = []

  constructor(sim: Simulator, name: string, spec: FlashSpec, cb: FlashCallbacks) {
    this.s = spec
    this.cb = cb
    this.units = spec.channels * spec.diesPerChannel
    for (let c = 0; c < spec.channels; c++) this.channels.push(new Server(sim, { name: `${name}/ch${c}` }))
    for (let u = 0; u < this.units; u++) {
      this.dies.push(new Server(sim, { name: `${name}/die${u}`, priorities: 2 }))
      const ch = this.channels[u % spec.channels]
      const die = this.dies[u]
      // a sensed page crosses its channel to the controller
      this.dieRead.push((req) => ch.submit(this.xferNs(this.perPage(req)), this.pageRead, req))
      // a buffered page crossed its channel: the die programs it
      this.chProgram.push((bytes) => die.submit(spec.programNs, this.programmed, bytes, PROGRAM))
      // a write-through page crossed its channel: the die programs it, then the request counts it
      this.directCh.push((req) => die.submit(spec.programNs, this.directDone, req, PROGRAM))
    }
  }

  private xferNs(bytes: number): number {
    return (bytes * 8e9) / this.s.channelBps
  }

  /** Bytes of one page of request `req` that cross the channel (a 4 KiB read of a 16 KiB page moves 4 KiB). */
  private perPage(req: number): number {
    return this.bytesOf.a[req] / this.pageCount.a[req]
  }

  /** Reads `bytes` at `offset` for `req`: one sensing per page touched, on the page's die, then its channel. */
  read(req: number, offset: number, bytes: number): void {
    const pb = this.s.pageBytes
    const first = Math.floor(offset / pb)
    const n = Math.max(1, Math.ceil((offset + bytes) / pb) - first)
    this.left.set(req, n)
    this.pageCount.set(req, n)
    this.bytesOf.set(req, bytes)
    for (let i = 0; i < n; i++) {
      const u = (first + i) % this.units
      this.dies[u].submit(this.s.readNs, this.dieRead[u], req, READ)
    }
  }

  private readonly pageRead = (req: number): void => {
    this.pagesRead++
    if (--this.left.a[req] === 0) this.cb.read(req)
  }

  /** Writes `bytes` for `req`: into the buffer when it has room (else waits its turn), or programmed directly without a buffer. */
  write(req: number, offset: number, bytes: number): void {
    this.bytesOf.set(req, bytes)
    if (this.s.bufferBytes <= 0) return this.writeThrough(req, offset, bytes)
    if (this.waiting.length === 0 && this.used + bytes <= Math.max(this.s.bufferBytes, bytes)) this.accept(req)
    else this.waiting.push(req)
  }

  private accept(req: number): void {
    const bytes = this.bytesOf.a[req]
    this.used += bytes
    this.fill += bytes
    this.drain(false)
    this.cb.written(req)
  }

  private writeThrough(req: number, offset: number, bytes: number): void {
    const pb = this.s.pageBytes
    const first = Math.floor(offset / pb)
    const n = Math.max(1, Math.ceil((offset + bytes) / pb) - first)
    this.left.set(req, n)
    for (let i = 0; i < n; i++) {
      const u = (first + i) % this.units
      this.channels[u % this.s.channels].submit(this.xferNs(Math.min(pb, bytes)), this.directCh[u], req)
    }
  }

  private readonly directDone = (req: number): void => {
    this.pagesProgrammed++
    if (--this.left.a[req] === 0) this.cb.written(req)
  }

  /** Cuts whole pages (or, `partial`, what is left) out of the buffer and programs them round-robin over the dies. */
  private drain(partial: boolean): void {
    const pb = this.s.pageBytes
    while (this.fill >= pb || (partial && this.fill > 0)) {
      const bytes = Math.min(pb, this.fill)
      this.fill -= bytes
      const u = this.next
      this.next = (this.next + 1) % this.units
      this.channels[u % this.s.channels].submit(this.xferNs(bytes), this.chProgram[u], bytes)
    }
  }

  private readonly programmed = (bytes: number): void => {
    this.pagesProgrammed++
    this.used -= bytes
    while (this.waiting.length > 0 && this.used + this.bytesOf.a[this.waiting[0]] <= Math.max(this.s.bufferBytes, this.bytesOf.a[this.waiting[0]])) {
      this.accept(this.waiting.shift()!)
    }
    if (this.flushWaiters.length > 0) this.drain(true)
    if (this.used === 0 && this.waiting.length === 0) {
      while (this.flushWaiters.length > 0) this.cb.flushed(this.flushWaiters.shift()!)
    }
  }

  /** Completes `req` once everything accepted before it is programmed. */
  flush(req: number): void {
    if (this.used === 0 && this.waiting.length === 0) return this.cb.flushed(req)
    this.flushWaiters.push(req)
    this.drain(true)
  }
}
