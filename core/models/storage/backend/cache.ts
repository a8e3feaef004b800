// The back end's buffer cache (seed 001: a hypervisor buffer cache must stay write-through to keep
// the guest's durability). Pages of 4 KiB in LRU order over `cacheBytes`; a read whose pages are
// all cached is served by a copy (a hit), otherwise it goes below and its pages are inserted.
// Write-through: a write goes below and completes when the layer below completes it. Write-back: a
// write is copied into the cache and completes at once; it is then *at risk* (acknowledged to the
// guest, not durable) until a flusher writes it below — in the order written, at most
// `cacheFlushDepth` at a time, when the dirty bytes pass the background threshold, when data
// expires, or when the guest flushes. A write waits while the dirty bytes would pass the dirty
// limit. A guest Flush completes when every write acknowledged before it is durable.
// Simplified: dirty data is a FIFO of the acknowledged writes (overwrites of dirty data are not
// merged, so an overwrite-heavy workload flushes more than a page cache would), and the LRU may
// evict a page whose data is still dirty (a later read of it then misses).
import { TimeWeighted } from '../../../sim'
import { num, str, type KindParams } from '../../param-read'
import type { BlockDone, BlockTarget } from '../block'
import type { BackendParamKey } from './params'
import { BlockOp, PAGE, Stage, type StageEnv } from './stage'

/** Durability and hit counts of one cache, read by the run's metrics (metrics.ts). */
export interface CacheReport {
  readonly mode: 'write-through' | 'write-back'
  /** Read requests since the last reset, and those served wholly from the cache. */
  reads: number
  readHits: number
  /** Acknowledged writes not yet durable over time (write-back; 0 for write-through). */
  readonly atRisk: TimeWeighted
}

const LOOKUP = 1
const MISS = 2
const WT_WRITE = 3
const WB_ADMIT = 4
const FLUSH = 5
const MISS_COPY = 6

export class CacheStage extends Stage implements CacheReport {
  readonly capacityBytes: number
  readonly mode: 'write-through' | 'write-back'
  reads = 0
  readHits = 0
  readonly atRisk: TimeWeighted
  private readonly pages = new Map<number, 1>()
  private readonly maxPages: number
  private readonly lookupNs: number
  private readonly dirtyLimit: number
  private readonly dirtyBackground: number
  private readonly expireNs: number
  private readonly intervalNs: number
  private readonly depth: number
  // Dirty writes, FIFO as a ring of parallel arrays: offset, bytes, time acknowledged, sequence.
  private dOff = new Float64Array(64)
  private dBytes = new Int32Array(64)
  private dAt = new Float64Array(64)
  private dHead = 0
  private dCount = 0
  /** Sequence of the next acknowledged write, and of the oldest one not yet issued to the flusher. */
  private seq = 0
  private issuedSeq = 0
  /** Bytes acknowledged and not yet durable (queued or being flushed). */
  private dirtyBytes = 0
  private inflightBytes = 0
  private inflight = 0
  /** Sequence of each write the flusher has in flight (by its child request id), for the flush barrier. */
  private readonly inflightSeq = new Map<number, number>()
  /** The flusher writes everything acknowledged before this sequence (expiry, guest flush, waiters). */
  private flushUntil = 0
  /** Writes waiting for room under the dirty limit, and guest Flushes waiting for durability (FIFO each). */
  private readonly waiting: number[] = []
  private readonly barriers: number[] = []
  private readonly barrierSeq: number[] = []
  private wakeScheduled = false
  private readonly wakeId: number
  /** Pages in a held request (its lookups). */
  private npages = new Int32Array(256)

  constructor(env: StageEnv, private readonly below: BlockTarget, p: KindParams<BackendParamKey>, shared?: TimeWeighted) {
    super(env, 'bk_cache')
    this.capacityBytes = below.capacityBytes
    const mode = str(p, 'cache')
    if (mode !== 'write-through' && mode !== 'write-back') throw new Error(`a cache stage needs cache = write-through or write-back, not "${mode}"`)
    this.mode = mode
    const bytes = num(p, 'cacheBytes')
    this.maxPages = Math.max(1, Math.floor(bytes / PAGE))
    this.lookupNs = env.cpu.cyc(num(p, 'cacheLookupCycles'))
    this.dirtyLimit = Math.max(PAGE, num(p, 'cacheDirtyRatio') * bytes)
    this.dirtyBackground = num(p, 'cacheDirtyBackgroundRatio') * bytes
    this.expireNs = num(p, 'cacheDirtyExpire')
    this.intervalNs = num(p, 'cacheWritebackInterval')
    this.depth = num(p, 'cacheFlushDepth')
    this.atRisk = new TimeWeighted(env.sim.now)
    this.shared = shared
    this.wakeId = env.sim.register(this.wake, 'cache-writeback')
  }

  private readonly shared: TimeWeighted | undefined

  resetStats(now: number): void {
    this.reads = 0
    this.readHits = 0
    this.atRisk.reset(now)
  }

  /** Acknowledged writes not yet durable now. */
  get writesAtRisk(): number {
    return this.atRisk.current
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    const op = this.blocks.op[req]
    if (op === BlockOp.Flush) {
      this.flushOp(req)
      return
    }
    const n = this.pageCount(req)
    if (req >= this.npages.length) {
      const a = new Int32Array(Math.max(req + 1, this.npages.length * 2)); a.set(this.npages); this.npages = a
    }
    this.npages[req] = n
    if (op === BlockOp.Read) {
      this.reads++
      if (this.allCached(req)) {
        this.readHits++
        this.touch(req)
        this.phase[req] = LOOKUP
        this.cpu.run(this.lookupNs * n + this.cpu.copyNs(this.blocks.bytes[req]), this.served, req)
      } else {
        this.phase[req] = MISS
        this.cpu.run(this.lookupNs * n, this.missed, req)
      }
      return
    }
    // A write is copied into the cache (write-back) or through it (write-through), its pages looked up or inserted.
    this.phase[req] = this.mode === 'write-back' ? WB_ADMIT : WT_WRITE
    this.cpu.run(this.lookupNs * n + this.cpu.copyNs(this.blocks.bytes[req]), this.copied, req)
  }

  private pageCount(req: number): number {
    const off = this.blocks.offset[req]
    return Math.floor((off + Math.max(1, this.blocks.bytes[req]) - 1) / PAGE) - Math.floor(off / PAGE) + 1
  }

  private allCached(req: number): boolean {
    const off = this.blocks.offset[req]
    const last = Math.floor((off + Math.max(1, this.blocks.bytes[req]) - 1) / PAGE)
    for (let pg = Math.floor(off / PAGE); pg <= last; pg++) if (!this.pages.has(pg)) return false
    return true
  }

  /** Marks the request's pages most recently used (inserting them, evicting the least recently used). */
  private touch(req: number): void {
    const off = this.blocks.offset[req]
    const last = Math.floor((off + Math.max(1, this.blocks.bytes[req]) - 1) / PAGE)
    for (let pg = Math.floor(off / PAGE); pg <= last; pg++) {
      if (this.pages.has(pg)) this.pages.delete(pg)
      else if (this.pages.size >= this.maxPages) this.pages.delete(this.pages.keys().next().value!)
      this.pages.set(pg, 1)
    }
  }

  private readonly served = (req: number): void => {
    if (this.phase[req] === LOOKUP) this.mark(req) // a hit's whole stay; a miss was marked before it went below
    this.finish(req, true)
  }

  private readonly missed = (req: number): void => {
    this.mark(req)
    this.below.submit(req, this.filled)
  }

  /** A read miss or a write-through write came back from below: its pages are now cached (clean). */
  private readonly filled: BlockDone = (req, ok) => {
    if (ok) this.touch(req)
    if (this.blocks.op[req] === BlockOp.Read) {
      // The data is copied from the cache's pages to the requester.
      this.phase[req] = MISS_COPY
      if (ok) this.cpu.run(this.cpu.copyNs(this.blocks.bytes[req]), this.served, req)
      else this.finish(req, false)
      return
    }
    this.finish(req, ok)
  }

  private readonly copied = (req: number): void => {
    this.mark(req)
    if (this.phase[req] === WT_WRITE) {
      this.below.submit(req, this.filled)
      return
    }
    if (this.waiting.length > 0 || !this.fits(this.blocks.bytes[req])) {
      this.waiting.push(req)
      this.flushUntil = this.seq // make room: flush what is dirty now
      this.pump()
      return
    }
    this.admit(req)
  }

  /** A write of `bytes` fits under the dirty limit (one larger than the limit is admitted when nothing else is dirty). */
  private fits(bytes: number): boolean {
    return this.dirtyBytes === 0 || this.dirtyBytes + bytes <= this.dirtyLimit
  }

  /** A write-back write becomes dirty and completes to the guest: it is at risk from now on. */
  private admit(req: number): void {
    const now = this.sim.now
    this.touch(req)
    if (this.dCount === this.dOff.length) this.growDirty()
    const i = (this.dHead + this.dCount) & (this.dOff.length - 1)
    this.dOff[i] = this.blocks.offset[req]
    this.dBytes[i] = this.blocks.bytes[req]
    this.dAt[i] = now
    this.dCount++
    this.seq++
    this.dirtyBytes += this.blocks.bytes[req]
    this.atRisk.add(1, now)
    this.shared?.add(1, now)
    if (!this.wakeScheduled) {
      this.wakeScheduled = true
      this.sim.schedule(this.intervalNs, this.wakeId)
    }
    this.finish(req, true)
    this.pump()
  }

  /** The periodic writeback wake-up: flush what has expired; sleep again while anything is dirty. */
  private readonly wake = (): void => {
    this.wakeScheduled = false
    const cutoff = this.sim.now - this.expireNs
    let s = this.issuedSeq
    for (let k = 0; k < this.dCount && this.dAt[(this.dHead + k) & (this.dOff.length - 1)] <= cutoff; k++) s++
    if (s > this.flushUntil) this.flushUntil = s
    this.pump()
    if (this.dCount > 0 || this.inflight > 0) {
      this.wakeScheduled = true
      this.sim.schedule(this.intervalNs, this.wakeId)
    }
  }

  /** Issues dirty writes below while the flusher has reason to and room. */
  private pump(): void {
    while (this.dCount > 0 && this.inflight < this.depth &&
      (this.issuedSeq < this.flushUntil || this.dirtyBytes - this.inflightBytes > this.dirtyBackground)) {
      const i = this.dHead
      const bytes = this.dBytes[i]
      const c = this.blocks.alloc(BlockOp.Write, this.dOff[i], bytes, -1, this.sim.now)
      this.dHead = (this.dHead + 1) & (this.dOff.length - 1)
      this.dCount--
      this.inflightSeq.set(c, this.issuedSeq++)
      this.inflight++
      this.inflightBytes += bytes
      this.below.submit(c, this.flushed)
    }
  }

  /** A dirty write is durable (or failed: it stays lost, counted as no longer at risk either way). */
  private readonly flushed: BlockDone = (c, _ok) => {
    const now = this.sim.now
    const bytes = this.blocks.bytes[c]
    this.inflightSeq.delete(c)
    this.blocks.release(c)
    this.inflight--
    this.inflightBytes -= bytes
    this.dirtyBytes -= bytes
    this.atRisk.add(-1, now)
    this.shared?.add(-1, now)
    while (this.waiting.length > 0 && this.fits(this.blocks.bytes[this.waiting[0]])) this.admit(this.waiting.shift()!)
    this.releaseBarriers()
    this.pump()
  }

  /** Sequence below which every acknowledged write is durable. */
  private durableBelow(): number {
    let s = this.issuedSeq
    for (const v of this.inflightSeq.values()) if (v < s) s = v
    return s
  }

  private flushOp(req: number): void {
    if (this.mode === 'write-through') {
      this.phase[req] = FLUSH
      this.below.submit(req, this.passUp)
      return
    }
    this.barriers.push(req)
    this.barrierSeq.push(this.seq)
    if (this.seq > this.flushUntil) this.flushUntil = this.seq
    this.releaseBarriers()
    this.pump()
  }

  /** Guest flushes whose writes are all durable go below (the device's own cache flush) and complete after it. */
  private releaseBarriers(): void {
    if (this.barriers.length === 0) return
    const d = this.durableBelow()
    while (this.barriers.length > 0 && this.barrierSeq[0] <= d) {
      this.barrierSeq.shift()
      this.below.submit(this.barriers.shift()!, this.passUp)
    }
  }

  private growDirty(): void {
    const n = this.dOff.length * 2
    const o = new Float64Array(n), b = new Int32Array(n), a = new Float64Array(n)
    for (let k = 0; k < this.dCount; k++) {
      const i = (this.dHead + k) & (this.dOff.length - 1)
      o[k] = this.dOff[i]; b[k] = this.dBytes[i]; a[k] = this.dAt[i]
    }
    this.dOff = o; this.dBytes = b; this.dAt = a
    this.dHead = 0
  }
}
