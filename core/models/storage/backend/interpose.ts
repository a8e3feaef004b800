// Interposition stages (seed 001: the back end may encrypt, snapshot, log, compress, deduplicate
// what a guest writes): each charges its CPU on the back end's CPU and its extra I/O below.
// Replication is in aggregate.ts (it needs several members).
import { bool, num, type KindParams } from '../../param-read'
import type { BlockDone, BlockTarget } from '../block'
import type { BackendParamKey } from './params'
import { BlockOp, PAGE, Stage, shrunk, type StageEnv } from './stage'

/** Transparent encryption: writes are encrypted before they go below, reads decrypted after. */
export class EncryptStage extends Stage {
  readonly capacityBytes: number
  private readonly cyclesPerByte: number

  constructor(env: StageEnv, private readonly below: BlockTarget, p: KindParams<BackendParamKey>) {
    super(env, 'bk_encrypt')
    this.capacityBytes = below.capacityBytes
    this.cyclesPerByte = bool(p, 'aesInstructions') ? num(p, 'aesCyclesPerByteNi') : num(p, 'aesCyclesPerByteSoft')
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    const op = this.blocks.op[req]
    if (op === BlockOp.Write) this.cpu.run(this.cpu.cyc(this.cyclesPerByte * this.blocks.bytes[req]), this.encrypted, req)
    else this.below.submit(req, op === BlockOp.Read ? this.readBack : this.passUp)
  }

  private readonly encrypted = (req: number): void => {
    this.mark(req)
    this.below.submit(req, this.passUp)
  }

  private readonly readBack: BlockDone = (req, ok) => {
    if (!ok) { this.finish(req, false); return }
    this.cpu.run(this.cpu.cyc(this.cyclesPerByte * this.blocks.bytes[req]), this.decrypted, req)
  }

  private readonly decrypted = (req: number): void => {
    this.finish(req, true)
  }
}

/** Chunk range [first, last] a request covers at chunk size `chunk`. */
function chunkRange(offset: number, bytes: number, chunk: number): [number, number] {
  return [Math.floor(offset / chunk), Math.floor((offset + Math.max(1, bytes) - 1) / chunk)]
}

const COW_COPY_READ = 1
const COW_COPY_WRITE = 2
const COW_META = 3
const COW_WRITE = 4

/**
 * A snapshot kept by copy-on-write (LVM / dm-snapshot style): the first write to a chunk after the
 * snapshot reads the chunk's old data, writes it to the snapshot store, commits the exception
 * (metadata write), and only then overwrites the origin. Reads go to the origin. The store is the
 * upper half of the device (the virtual disk exports the lower half).
 */
export class SnapshotCowStage extends Stage {
  readonly capacityBytes: number
  private readonly chunk: number
  private readonly mapNs: number
  private readonly metaBytes: number
  private readonly copied = new Set<number>()
  private storeNext: number
  private readonly storeBase: number
  /** Per held write: first chunk and chunk count to copy, and where in the store the copy goes. */
  private cFirst = new Float64Array(256)
  private cCount = new Int32Array(256)
  private cStore = new Float64Array(256)
  /** Chunks copied so far (for tests and docs). */
  copies = 0

  constructor(env: StageEnv, private readonly below: BlockTarget, p: KindParams<BackendParamKey>) {
    super(env, 'bk_snapshot')
    this.chunk = num(p, 'snapshotChunkBytes')
    this.capacityBytes = Math.floor(below.capacityBytes / 2 / this.chunk) * this.chunk
    this.storeBase = this.capacityBytes
    this.storeNext = 0
    this.mapNs = env.cpu.cyc(num(p, 'snapshotMapCycles'))
    this.metaBytes = num(p, 'snapshotMetadataBytes')
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    if (req >= this.cFirst.length) {
      const n = Math.max(req + 1, this.cFirst.length * 2)
      const f = new Float64Array(n); f.set(this.cFirst); this.cFirst = f
      const c = new Int32Array(n); c.set(this.cCount); this.cCount = c
      const s = new Float64Array(n); s.set(this.cStore); this.cStore = s
    }
    this.cCount[req] = 0
    if (this.blocks.op[req] === BlockOp.Write) {
      // The chunks not yet copied (a write copies a contiguous run of new chunks in one read and one write).
      const [a, b] = chunkRange(this.blocks.offset[req], this.blocks.bytes[req], this.chunk)
      let first = -1, count = 0
      for (let c = a; c <= b; c++) {
        if (this.copied.has(c)) continue
        this.copied.add(c)
        if (first < 0) first = c
        count++
      }
      if (count > 0) {
        this.cFirst[req] = first
        this.cCount[req] = b - first + 1 // copy the span from the first new chunk (already-copied ones inside it are copied again: a simplification)
        this.cStore[req] = this.storeBase + (this.storeNext % this.storeBase)
        this.storeNext += this.cCount[req] * this.chunk
        this.copies += count
      }
    }
    this.cpu.run(this.mapNs, this.mapped, req)
  }

  private readonly mapped = (req: number): void => {
    this.mark(req)
    if (this.cCount[req] === 0) {
      this.below.submit(req, this.passUp)
      return
    }
    this.phase[req] = COW_COPY_READ
    this.beginJoin(req)
    this.below.submit(this.spawn(req, BlockOp.Read, this.cFirst[req] * this.chunk, this.cCount[req] * this.chunk), this.childDone)
    this.endJoin(req)
  }

  protected override joined(req: number, ok: boolean): void {
    if (!ok) { this.finish(req, false); return }
    const ph = this.phase[req]
    if (ph === COW_COPY_READ || ph === COW_COPY_WRITE) {
      this.phase[req] = ph === COW_COPY_READ ? COW_COPY_WRITE : COW_META
      this.beginJoin(req)
      const c = ph === COW_COPY_READ
        ? this.spawn(req, BlockOp.Write, this.cStore[req], this.cCount[req] * this.chunk)
        : this.spawn(req, BlockOp.Write, this.storeBase - this.metaBytes, this.metaBytes)
      this.below.submit(c, this.childDone)
      this.endJoin(req)
      return
    }
    if (ph === COW_META) {
      this.phase[req] = COW_WRITE
      this.below.submit(req, this.passUp)
      return
    }
    this.finish(req, ok)
  }
}

const ROW_META = 1
const ROW_IO = 2

/**
 * A snapshot kept by redirect-on-write: the first write to a chunk after the snapshot goes to a
 * new location (appended in the redirect area, the upper half of the device) and commits the new
 * mapping (metadata write) with it; later reads and writes of that chunk are remapped there. A
 * first write covering part of a chunk reads the rest of the old chunk first. Requests are split
 * at chunk boundaries where their chunks map to different places.
 */
export class SnapshotRowStage extends Stage {
  readonly capacityBytes: number
  private readonly chunk: number
  private readonly mapNs: number
  private readonly metaBytes: number
  private readonly area: number
  /** New location of each redirected chunk. */
  private readonly moved = new Map<number, number>()
  private next = 0
  /** Per held request: chunks it redirects for the first time. */
  private fresh = new Int32Array(256)
  /** Chunks redirected so far (for tests and docs). */
  redirects = 0

  constructor(env: StageEnv, private readonly below: BlockTarget, p: KindParams<BackendParamKey>) {
    super(env, 'bk_snapshot')
    this.chunk = num(p, 'snapshotChunkBytes')
    this.capacityBytes = Math.floor(below.capacityBytes / 2 / this.chunk) * this.chunk
    this.area = this.capacityBytes
    this.mapNs = env.cpu.cyc(num(p, 'snapshotMapCycles'))
    this.metaBytes = num(p, 'snapshotMetadataBytes')
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    if (req >= this.fresh.length) {
      const f = new Int32Array(Math.max(req + 1, this.fresh.length * 2)); f.set(this.fresh); this.fresh = f
    }
    let fresh = 0
    if (this.blocks.op[req] === BlockOp.Write) {
      const [a, b] = chunkRange(this.blocks.offset[req], this.blocks.bytes[req], this.chunk)
      for (let c = a; c <= b; c++) {
        if (this.moved.has(c)) continue
        this.moved.set(c, this.area + (this.next % this.area))
        this.next += this.chunk
        fresh++
      }
      this.redirects += fresh
    }
    this.fresh[req] = fresh
    this.cpu.run(this.mapNs, this.mapped, req)
  }

  /** Where byte `o` of the virtual disk is below (its chunk's new location once redirected). */
  private where(o: number): number {
    const m = this.moved.get(Math.floor(o / this.chunk))
    return m === undefined ? o : m + (o % this.chunk)
  }

  private readonly mapped = (req: number): void => {
    this.mark(req)
    if (this.blocks.op[req] === BlockOp.Flush) { this.below.submit(req, this.passUp); return }
    this.phase[req] = this.fresh[req] > 0 ? ROW_META : ROW_IO
    this.beginJoin(req)
    const off = this.blocks.offset[req]
    const end = off + this.blocks.bytes[req]
    const op = this.blocks.op[req] as BlockOp
    if (this.fresh[req] > 0) {
      // The new mapping is committed with the write; a partial first write fills its chunk from the old data.
      this.below.submit(this.spawn(req, BlockOp.Write, this.area - this.metaBytes, this.metaBytes), this.childDone)
      const headGap = off % this.chunk, tailGap = (this.chunk - (end % this.chunk)) % this.chunk
      if (headGap + tailGap > 0) this.below.submit(this.spawn(req, BlockOp.Read, off - headGap, headGap + tailGap), this.childDone)
    }
    // The request itself, split where consecutive chunks are not contiguous below.
    let pos = off
    while (pos < end) {
      const c = Math.floor(pos / this.chunk)
      const start = this.where(pos)
      let stop = Math.min(end, (c + 1) * this.chunk)
      while (stop < end && this.where(stop) === start + (stop - pos)) stop = Math.min(end, stop + this.chunk)
      this.below.submit(this.spawn(req, op, start, stop - pos), this.childDone)
      pos = stop
    }
    this.endJoin(req)
  }
}

const UNDO_READ = 1
const UNDO_LOG = 2
const UNDO_WRITE = 3

/**
 * Undo logging: before a write overwrites data, the old data is read and appended to a log (the
 * upper half of the device, written sequentially), so the disk can be rolled back; then the write.
 */
export class UndoLogStage extends Stage {
  readonly capacityBytes: number
  private readonly recordNs: number
  private readonly logBase: number
  private logNext = 0
  private logAt = new Float64Array(256)

  constructor(env: StageEnv, private readonly below: BlockTarget, p: KindParams<BackendParamKey>) {
    super(env, 'bk_undo_log')
    this.capacityBytes = Math.floor(below.capacityBytes / 2 / PAGE) * PAGE
    this.logBase = this.capacityBytes
    this.recordNs = env.cpu.cyc(num(p, 'undoLogCycles'))
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    if (this.blocks.op[req] !== BlockOp.Write) {
      this.below.submit(req, this.passUp)
      return
    }
    if (req >= this.logAt.length) {
      const a = new Float64Array(Math.max(req + 1, this.logAt.length * 2)); a.set(this.logAt); this.logAt = a
    }
    const bytes = this.blocks.bytes[req]
    this.logAt[req] = this.logBase + (this.logNext % this.logBase)
    this.logNext += bytes
    this.cpu.run(this.recordNs, this.recorded, req)
  }

  private readonly recorded = (req: number): void => {
    this.mark(req)
    this.phase[req] = UNDO_READ
    this.beginJoin(req)
    this.below.submit(this.spawn(req, BlockOp.Read, this.blocks.offset[req], this.blocks.bytes[req]), this.childDone)
    this.endJoin(req)
  }

  protected override joined(req: number, ok: boolean): void {
    if (!ok) { this.finish(req, false); return }
    if (this.phase[req] === UNDO_READ) {
      this.phase[req] = UNDO_LOG
      this.beginJoin(req)
      this.below.submit(this.spawn(req, BlockOp.Write, this.logAt[req], this.blocks.bytes[req]), this.childDone)
      this.endJoin(req)
      return
    }
    if (this.phase[req] === UNDO_LOG) {
      this.phase[req] = UNDO_WRITE
      this.below.submit(req, this.passUp)
      return
    }
    this.finish(req, ok)
  }
}

const COMPRESS_IO = 1
const DECOMPRESS = 2

/**
 * Compression: a write is compressed (CPU per byte) and fewer bytes (× compressionRatio, whole
 * sectors) are written below; a read reads the compressed bytes and decompresses them. The layout
 * of compressed data (packing, a map) is not modelled: the compressed bytes go to the same offset.
 */
export class CompressStage extends Stage {
  readonly capacityBytes: number
  private readonly cCycles: number
  private readonly dCycles: number
  private readonly ratio: number

  constructor(env: StageEnv, private readonly below: BlockTarget, p: KindParams<BackendParamKey>) {
    super(env, 'bk_compress')
    this.capacityBytes = below.capacityBytes
    this.cCycles = num(p, 'compressCyclesPerByte')
    this.dCycles = num(p, 'decompressCyclesPerByte')
    this.ratio = num(p, 'compressionRatio')
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    const op = this.blocks.op[req]
    if (op === BlockOp.Flush) { this.below.submit(req, this.passUp); return }
    if (op === BlockOp.Write) {
      this.cpu.run(this.cpu.cyc(this.cCycles * this.blocks.bytes[req]), this.compressed, req)
      return
    }
    this.io(req)
  }

  private readonly compressed = (req: number): void => {
    this.mark(req)
    this.io(req)
  }

  private io(req: number): void {
    this.phase[req] = COMPRESS_IO
    this.beginJoin(req)
    this.below.submit(this.spawn(req, this.blocks.op[req] as BlockOp, this.blocks.offset[req], shrunk(this.blocks.bytes[req], this.ratio)), this.childDone)
    this.endJoin(req)
  }

  protected override joined(req: number, ok: boolean): void {
    if (ok && this.blocks.op[req] === BlockOp.Read && this.phase[req] === COMPRESS_IO) {
      this.phase[req] = DECOMPRESS
      this.cpu.run(this.cpu.cyc(this.dCycles * this.blocks.bytes[req]), this.decompressed, req)
      return
    }
    this.finish(req, ok)
  }

  private readonly decompressed = (req: number): void => {
    this.finish(req, true)
  }
}

/**
 * Deduplication: every written 4 KiB block is fingerprinted (CPU per byte) and looked up (CPU per
 * block); a duplicate is not written, only mapped. Which blocks are duplicates is decided by an
 * error-diffusion counter that keeps exactly `dedupRatio` of them over the run (deterministic, no
 * random stream); the unique blocks of a write go below as one write. Reads look their blocks up.
 */
export class DedupStage extends Stage {
  readonly capacityBytes: number
  private readonly hashCycles: number
  private readonly lookupNs: number
  private readonly ratio: number
  private carry = 0
  private unique = new Int32Array(256)
  /** Blocks found duplicate so far (for tests and docs). */
  duplicates = 0

  constructor(env: StageEnv, private readonly below: BlockTarget, p: KindParams<BackendParamKey>) {
    super(env, 'bk_dedup')
    this.capacityBytes = below.capacityBytes
    this.hashCycles = num(p, 'dedupHashCyclesPerByte')
    this.lookupNs = env.cpu.cyc(num(p, 'dedupLookupCycles'))
    this.ratio = num(p, 'dedupRatio')
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    const op = this.blocks.op[req]
    if (op === BlockOp.Flush) { this.below.submit(req, this.passUp); return }
    const bytes = this.blocks.bytes[req]
    const n = Math.max(1, Math.ceil(bytes / PAGE))
    if (op === BlockOp.Read) {
      this.cpu.run(this.lookupNs * n, this.readMapped, req)
      return
    }
    if (req >= this.unique.length) {
      const u = new Int32Array(Math.max(req + 1, this.unique.length * 2)); u.set(this.unique); this.unique = u
    }
    this.carry += n * this.ratio
    const dups = Math.min(n, Math.floor(this.carry))
    this.carry -= dups
    this.duplicates += dups
    this.unique[req] = n - dups
    this.cpu.run(this.cpu.cyc(this.hashCycles * bytes) + this.lookupNs * n, this.fingerprinted, req)
  }

  private readonly readMapped = (req: number): void => {
    this.mark(req)
    this.below.submit(req, this.passUp)
  }

  private readonly fingerprinted = (req: number): void => {
    this.mark(req)
    const u = this.unique[req]
    if (u === 0) { this.finish(req, true); return }
    const bytes = this.blocks.bytes[req]
    if (u * PAGE >= bytes) { this.below.submit(req, this.passUp); return }
    this.beginJoin(req)
    this.below.submit(this.spawn(req, BlockOp.Write, this.blocks.offset[req], u * PAGE), this.childDone)
    this.endJoin(req)
  }
}
