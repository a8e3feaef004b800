// The bottom of a virtual disk's back end, one per member device: the raw device (requests pass
// to the device's driver unchanged) or an image file on the host's file system — file-system CPU
// per request and per byte, and a qcow2-like copy-on-write format whose first write to a cluster
// allocates it: allocation CPU, then the data write, then the metadata writes (L2 table entry,
// refcount block) the guest's write waits for.
import { num, type KindParams } from '../../param-read'
import type { BlockDone, BlockTarget } from '../block'
import type { BackendParamKey } from './params'
import { BlockOp, Stage, type StageEnv } from './stage'

/** The device as the virtual disk: nothing between the stages above and the device's driver. */
export class RawStage implements BlockTarget {
  readonly capacityBytes: number
  constructor(private readonly below: BlockTarget) {
    this.capacityBytes = below.capacityBytes
  }

  submit(req: number, done: BlockDone): void {
    this.below.submit(req, done)
  }
}

const FS = 1
const DATA = 2
const META = 3

/** A copy-on-write image file (qcow2-like) on the host's file system over one device. */
export class ImageStage extends Stage {
  readonly capacityBytes: number
  private readonly fsReqNs: number
  private readonly fsCyclesPerByte: number
  private readonly cluster: number
  private readonly metaWrites: number
  private readonly metaBytes: number
  private readonly allocCycles: number
  private readonly prealloc: number
  /** Clusters allocated during the run (those preallocated are decided by `preallocated`). */
  private readonly allocated = new Set<number>()
  /** Clusters a held write allocates (0: none). */
  private allocs = new Int32Array(256)
  /** Clusters allocated so far (a counter for tests and docs). */
  allocations = 0

  constructor(env: StageEnv, private readonly below: BlockTarget, p: KindParams<BackendParamKey>) {
    super(env, 'bk_image')
    this.capacityBytes = below.capacityBytes
    this.fsReqNs = env.cpu.cyc(num(p, 'fsCyclesPerRequest'))
    this.fsCyclesPerByte = num(p, 'fsCyclesPerByte')
    this.cluster = num(p, 'imageClusterBytes')
    this.metaWrites = num(p, 'imageMetadataWrites')
    this.metaBytes = num(p, 'imageMetadataBytes')
    this.allocCycles = num(p, 'imageMetadataCycles')
    this.prealloc = num(p, 'imagePreallocated')
  }

  /** A cluster the image had allocated before the run: a fixed, seed-independent fraction `imagePreallocated` of them. */
  private preallocated(c: number): boolean {
    if (this.prealloc >= 1) return true
    if (this.prealloc <= 0) return false
    return ((Math.imul(c, 2654435761) >>> 0) / 4294967296) < this.prealloc
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    const bytes = this.blocks.bytes[req]
    let ns = this.fsReqNs + this.cpu.cyc(this.fsCyclesPerByte * bytes)
    let n = 0
    if (this.blocks.op[req] === BlockOp.Write) {
      const off = this.blocks.offset[req]
      const last = Math.floor((off + Math.max(1, bytes) - 1) / this.cluster)
      for (let c = Math.floor(off / this.cluster); c <= last; c++) {
        if (this.allocated.has(c) || this.preallocated(c)) continue
        this.allocated.add(c) // later writes to it (even concurrent ones) find it allocated: the format serialises allocation
        n++
      }
      if (n > 0) {
        this.allocations += n
        ns += this.cpu.cyc(this.allocCycles * n)
      }
    }
    if (req >= this.allocs.length) {
      const a = new Int32Array(Math.max(req + 1, this.allocs.length * 2)); a.set(this.allocs); this.allocs = a
    }
    this.allocs[req] = n
    this.phase[req] = FS
    this.cpu.run(ns, this.afterFs, req)
  }

  private readonly afterFs = (req: number): void => {
    this.mark(req)
    if (this.allocs[req] === 0 || this.metaWrites === 0) {
      this.below.submit(req, this.passUp)
      return
    }
    // Allocating write: the data first, then the table updates that make it reachable.
    this.phase[req] = DATA
    this.beginJoin(req)
    this.below.submit(this.spawn(req, BlockOp.Write, this.blocks.offset[req], this.blocks.bytes[req]), this.childDone)
    this.endJoin(req)
  }

  protected override joined(req: number, ok: boolean): void {
    if (this.phase[req] === DATA && ok) {
      this.phase[req] = META
      this.beginJoin(req)
      // The image's tables sit at its start (header, L1/L2, refcounts): one write each.
      for (let i = 0; i < this.metaWrites; i++) {
        this.below.submit(this.spawn(req, BlockOp.Write, (1 + i) * this.metaBytes, this.metaBytes), this.childDone)
      }
      this.endJoin(req)
      return
    }
    this.finish(req, ok)
  }
}
