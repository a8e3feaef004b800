// A rotating disk at run time (one NCQ queue behind an AHCI adapter). Geometry: offsets map
// linearly onto cylinders (bytes per track = media rate × one revolution, × heads per
// cylinder). Seek time over d cylinders of C is a + b·√(d / C) (a = single-track seek, b
// solved from the datasheet average); the platter's angle is (time mod revolution), so the
// rotational wait is the time until the request's first sector (its offset within the track)
// comes under the head after the seek — deterministic, no random numbers. The drive serves
// one command at a time from its queue, picked by shortest access time (seek + rotation),
// shortest seek, or arrival order. After a read an idle drive prefetches the following
// sectors (read-ahead) so a sequential reader streams at the media rate; a read of prefetched
// data is served from the buffer. With the write cache on, a write completes once it is in
// the buffer and is destaged later (competing with reads in the queue); a flush waits for the
// destage. Data crosses the SATA link (one server, both directions) and the host's PCI bus.
// Not modelled: zones (one media rate), head switches, track skew, seek-time aging of SATF
// (it may starve a far request under constant load), error recovery.
import { Server } from '../../../sim'
import { BlockOp } from '../block'
import { BlockDeviceBase, PciDir, type DeviceEnv } from '../device-base'
import { bool, num, str, type KindParams } from '../../param-read'
import type { DiskParamKey } from './params'

const FIFO = 0, SSTF = 1, SATF = 2
/** Mean of √x for x = |u − v|, u and v uniform on [0, 1]: ∫ 2(1 − x)√x dx = 8/15. */
const MEAN_SQRT_DISTANCE = 8 / 15

/** How an access is served: from the read-ahead buffer, streaming on from the prefetch, or mechanically. */
const HIT = 0, STREAM = 1, MECH = 2

export interface DiskGeometry {
  revNs: number
  trackBytes: number
  cylinderBytes: number
  cylinders: number
  seekA: number
  seekB: number
}

/** The geometry a disk's parameters imply (exported for tests and docs). */
export function diskGeometry(p: KindParams<DiskParamKey>): DiskGeometry {
  const revNs = 60e9 / num(p, 'rpm')
  const trackBytes = Math.max(512, Math.round((num(p, 'mediaRate') / 8) * (revNs / 1e9)))
  const cylinderBytes = trackBytes * num(p, 'heads')
  const cylinders = Math.max(1, Math.ceil(num(p, 'capacity') / cylinderBytes))
  const seekA = num(p, 'seekSingleTrack')
  const seekB = Math.max(0, (num(p, 'seekAverage') - seekA) / MEAN_SQRT_DISTANCE)
  return { revNs, trackBytes, cylinderBytes, cylinders, seekA, seekB }
}

export class DiskModel extends BlockDeviceBase {
  readonly kind = 'disk' as const
  readonly geometry: DiskGeometry
  /** The SATA link between drive and adapter (both directions). */
  readonly link: Server
  /** Head position (cylinder) and statistics for tests. */
  headCyl = 0
  seeks = 0
  seekNsTotal = 0
  rotationNsTotal = 0
  readAheadHits = 0
  /** Dirty bytes in the write cache. */
  dirty = 0
  private readonly mediaBps: number
  private readonly linkBps: number
  private readonly overhead: number
  private readonly policy: number
  private readonly raMax: number
  private readonly wc: boolean
  private readonly wcMax: number
  // Pending accesses: host commands (req ≥ 0) and destages of cached writes (req = −1).
  private readonly eReq: number[] = []
  private readonly eOff: number[] = []
  private readonly eBytes: number[] = []
  private readonly eOp: number[] = []
  private busy = false
  private curReq = -1
  private curOp = 0
  private curBytes = 0
  // Read-ahead: prefetch started at raBase at time raT0; data before raStart was consumed.
  private raValid = false
  private raBase = 0
  private raT0 = 0
  private raStart = 0
  private readonly waitingWrites: number[] = []
  private readonly flushWaiters: number[] = []
  private readonly ids: { media: number; inBus: number; outBus: number; flushDone: number }

  constructor(env: DeviceEnv, id: string, p: KindParams<DiskParamKey>) {
    super(env, id, num(p, 'capacity'), 1, num(p, 'queueDepth'))
    this.commandTimeoutNs = num(p, 'commandTimeout')
    this.geometry = diskGeometry(p)
    this.mediaBps = num(p, 'mediaRate')
    this.linkBps = num(p, 'interfaceRate')
    this.overhead = num(p, 'commandOverhead')
    const pol = str(p, 'scheduling')
    this.policy = pol === 'fifo' ? FIFO : pol === 'sstf' ? SSTF : SATF
    this.raMax = num(p, 'readAhead')
    this.wc = bool(p, 'writeCache')
    this.wcMax = num(p, 'cacheSize')
    this.link = new Server(this.sim, { name: `${id}/sata` })
    this.ids = {
      media: this.sim.register(() => this.mediaDone(), `${id}/media`),
      inBus: this.sim.register((req) => this.dataIn(req), `${id}/bus-in`),
      outBus: this.sim.register((req) => this.finish(req, true), `${id}/bus-out`),
      flushDone: this.sim.register((req) => this.finish(req, true), `${id}/flush`)
    }
  }

  protected start(_q: number, req: number): void {
    const op = this.blocks.op[req]
    if (op === BlockOp.Flush) {
      if (this.dirty === 0 && this.waitingWrites.length === 0) this.sim.schedule(this.overhead, this.ids.flushDone, req)
      else this.flushWaiters.push(req)
    } else if (op === BlockOp.Write) {
      if (this.wc && !(this.waitingWrites.length === 0 && this.fits(req))) this.waitingWrites.push(req)
      else this.transferIn(req)
    } else this.enqueue(req, this.blocks.offset[req], this.blocks.bytes[req], BlockOp.Read)
  }

  private fits(req: number): boolean {
    const b = this.blocks.bytes[req]
    return this.dirty + b <= Math.max(this.wcMax, b)
  }

  /** A write's data moves from host memory over the bus and the SATA link into the drive buffer. */
  private transferIn(req: number): void {
    if (this.wc) this.dirty += this.blocks.bytes[req]
    this.link.submit((this.blocks.bytes[req] * 8e9) / this.linkBps, this.inLink, req)
  }

  private readonly inLink = (req: number): void => {
    const bytes = this.blocks.bytes[req]
    const d = this.dma(PciDir.ToDevice, bytes, (bytes * 8e9) / this.linkBps, req)
    if (d > 0) this.sim.schedule(d, this.ids.inBus, req)
    else this.dataIn(req)
  }

  private dataIn(req: number): void {
    const off = this.blocks.offset[req], bytes = this.blocks.bytes[req]
    if (this.wc) {
      this.enqueue(-1, off, bytes, BlockOp.Write) // destaged later
      this.finish(req, true)
    } else this.enqueue(req, off, bytes, BlockOp.Write)
  }

  private enqueue(req: number, off: number, bytes: number, op: number): void {
    this.eReq.push(req); this.eOff.push(off); this.eBytes.push(bytes); this.eOp.push(op)
    this.kick()
  }

  private cylOf(off: number): number {
    return Math.min(this.geometry.cylinders - 1, Math.floor(off / this.geometry.cylinderBytes))
  }

  /** Seek time from the head's cylinder to `cyl`. */
  seekNs(cyl: number): number {
    const d = Math.abs(cyl - this.headCyl)
    const g = this.geometry
    return d === 0 ? 0 : g.seekA + g.seekB * Math.sqrt(d / g.cylinders)
  }

  /** Rotational wait at time `t` for the sector at byte `off` to come under the head. */
  rotationNs(off: number, t: number): number {
    const g = this.geometry
    const target = (off % g.trackBytes) / g.trackBytes
    const angle = (t % g.revNs) / g.revNs
    let f = target - angle
    if (f < 0) f += 1
    return f * g.revNs
  }

  /** End of the prefetched data now (exclusive). */
  private prefetchedTo(now: number): number {
    if (!this.raValid) return -1
    const streamed = this.raBase + ((now - this.raT0) * this.mediaBps) / 8e9
    return Math.min(streamed, this.raStart + this.raMax)
  }

  private how(i: number, now: number): number {
    if (this.eOp[i] !== BlockOp.Read || !this.raValid) return MECH
    const off = this.eOff[i], end = off + this.eBytes[i]
    const to = this.prefetchedTo(now)
    if (off >= this.raStart && end <= to) return HIT
    if (off >= this.raStart && off <= to) return STREAM
    return MECH
  }

  /** Time from now until access `i` can start transferring (command overhead, seek, rotation). */
  private positioning(i: number, now: number): number {
    const h = this.how(i, now)
    if (h !== MECH) return this.overhead
    const t = this.overhead + this.seekNs(this.cylOf(this.eOff[i]))
    return t + this.rotationNs(this.eOff[i], now + t)
  }

  private pick(now: number): number {
    const n = this.eReq.length
    if (this.policy === FIFO || n === 1) return 0
    let best = 0, bestCost = Infinity
    for (let i = 0; i < n; i++) {
      const cost = this.policy === SATF ? this.positioning(i, now) : (this.how(i, now) === MECH ? Math.abs(this.cylOf(this.eOff[i]) - this.headCyl) : -1)
      if (cost < bestCost) { bestCost = cost; best = i }
    }
    return best
  }

  private kick(): void {
    if (this.busy || this.eReq.length === 0) return
    const now = this.sim.now
    const i = this.pick(now)
    const req = this.eReq[i], off = this.eOff[i], bytes = this.eBytes[i], op = this.eOp[i]
    const h = this.how(i, now)
    this.eReq.splice(i, 1); this.eOff.splice(i, 1); this.eBytes.splice(i, 1); this.eOp.splice(i, 1)
    this.busy = true
    this.curReq = req; this.curOp = op; this.curBytes = bytes
    let ns: number
    if (h === HIT) {
      this.readAheadHits++
      ns = this.overhead
      this.raStart = off + bytes
    } else if (h === STREAM) {
      this.readAheadHits++
      const rest = (off + bytes - this.prefetchedTo(now)) * 8e9 / this.mediaBps
      ns = Math.max(this.overhead, rest)
      this.raStart = off + bytes
    } else {
      const cyl = this.cylOf(off)
      const seek = this.seekNs(cyl)
      const rot = this.rotationNs(off, now + this.overhead + seek)
      this.seeks += seek > 0 ? 1 : 0
      this.seekNsTotal += seek
      this.rotationNsTotal += rot
      ns = this.overhead + seek + rot + (bytes * 8e9) / this.mediaBps
      this.headCyl = this.cylOf(off + bytes - 1)
      // the mechanism moved: the prefetch stops; after a read it restarts behind this one
      this.raValid = op === BlockOp.Read && this.raMax > 0
      if (this.raValid) {
        this.raBase = off + bytes
        this.raStart = off + bytes
        this.raT0 = now + Math.round(ns)
      }
    }
    this.sim.schedule(Math.max(1, Math.round(ns)), this.ids.media)
  }

  private mediaDone(): void {
    this.busy = false
    const req = this.curReq
    if (this.curOp === BlockOp.Read) {
      this.link.submit((this.curBytes * 8e9) / this.linkBps, this.outLink, req)
    } else if (req >= 0) this.finish(req, true)
    else this.destaged(this.curBytes)
    this.kick()
  }

  private readonly outLink = (req: number): void => {
    const bytes = this.blocks.bytes[req]
    const d = this.dma(PciDir.ToHost, bytes, (bytes * 8e9) / this.linkBps, req)
    if (d > 0) this.sim.schedule(d, this.ids.outBus, req)
    else this.finish(req, true)
  }

  private destaged(bytes: number): void {
    this.dirty -= bytes
    while (this.waitingWrites.length > 0 && this.fits(this.waitingWrites[0])) this.transferIn(this.waitingWrites.shift()!)
    if (this.dirty === 0 && this.waitingWrites.length === 0) {
      while (this.flushWaiters.length > 0) this.finish(this.flushWaiters.shift()!, true)
    }
  }
}
