// The block-I/O contracts (issue 11): what a block request is, what a storage device
// offers its driver, what a back-end stage offers the stage above it, and what a VM's
// virtual disk offers a workload. Network I/O has the same layering (packet.ts,
// net/device.ts, net/endpoint.ts); every technique builds the path of a request of either
// class as stages on resources. This file is types and the request pool only: behaviour
// lives in the device models (storage/<kind>/), the back-end stages (storage/backend/),
// the techniques (core/techniques) and the `block` workload (core/workloads/block.ts).
import type { Domain } from '../host/domain'
import type { HostModel } from '../host/host-model'

/** What a block request asks. */
export const enum BlockOp { Read = 0, Write = 1, Flush = 2 }

/**
 * Every block request in flight as an integer id into parallel typed arrays (as PacketPool), so
 * events carry a number and memory stays flat. One pool per run (World.blocks).
 */
export class BlockPool {
  op = new Uint8Array(256)
  /** Byte offset on the virtual (or physical, below the back end) disk. */
  offset = new Float64Array(256)
  bytes = new Int32Array(256)
  /** Workload flow (job) index, for per-job accounting; −1 for a request a back end made itself (replica, CoW copy). */
  flow = new Int32Array(256)
  /** Time the workload issued it (for I/O latency). */
  born = new Float64Array(256)
  /** Time it entered its current stage (for the per-stage breakdown, stage_us). */
  stageAt = new Float64Array(256)
  /** Scratch a model may use while it holds the request (a queue slot, a parent request). */
  scratch = new Int32Array(256)
  private free: number[] = []
  private size = 0
  live = 0

  alloc(op: BlockOp, offset: number, bytes: number, flow: number, now: number): number {
    this.live++
    const r = this.free.length > 0 ? this.free.pop()! : this.size === this.op.length ? (this.grow(), this.size++) : this.size++
    this.op[r] = op
    this.offset[r] = offset
    this.bytes[r] = bytes
    this.flow[r] = flow
    this.born[r] = now
    this.stageAt[r] = now
    this.scratch[r] = 0
    return r
  }

  /** A child request (replica write, copy-on-write read) inheriting the parent's times. */
  child(parent: number, op: BlockOp, offset: number, bytes: number): number {
    const r = this.alloc(op, offset, bytes, -1, this.born[parent])
    this.stageAt[r] = this.stageAt[parent]
    return r
  }

  release(r: number): void {
    this.live--
    this.free.push(r)
  }

  private grow(): void {
    const n = this.op.length * 2
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n)
      b.set(a)
      return b
    }
    this.op = g(this.op); this.offset = g(this.offset); this.bytes = g(this.bytes); this.flow = g(this.flow)
    this.born = g(this.born); this.stageAt = g(this.stageAt); this.scratch = g(this.scratch)
  }
}

/** Called once when a request completes (`ok` false: the device or a stage failed it). */
export type BlockDone = (req: number, ok: boolean) => void

/**
 * Anything that serves block requests below a front end: a back-end stage (cache, encryption,
 * replication, snapshot, RAID, image file, network initiator) or the driver of a physical device.
 * A write completes when it is durable by this target's semantics (a write-back cache completes it
 * at once and counts it at risk until it is written below). Called from simulator context; the
 * target charges its own CPU (on the domain that runs it) and time.
 */
export interface BlockTarget {
  submit(req: number, done: BlockDone): void
  /** Capacity in bytes this target exports (offsets are 0 … capacity − 1). */
  readonly capacityBytes: number
}

/** Where a storage device's queue posts what it finished; a driver binds one per hardware queue it owns. */
export interface BlockQueueSink {
  /** A completion entry was posted for `req` (read data already DMA'd to host memory). */
  complete(req: number, ok: boolean): void
  /** The device raises the queue's interrupt (its MSI-X vector, or the shared line) after its coalescing. */
  interrupt(): void
  /** A storage array lost `req` (or its response) on a link that went down: no completion will come; the device forgot it. */
  lost?(req: number): void
}

/**
 * A physical storage device as its driver sees it (disk, ssd, nvme; a storage array's target
 * behind its link). Submission is after the driver's doorbell / command-register write, which the
 * driver charges; the device fetches the command, serves it (seek, flash, its own queue and
 * reordering), moves the data across the host's PCI bus and posts the completion to the queue's sink.
 */
export interface BlockDeviceModel {
  readonly id: string
  readonly kind: 'disk' | 'ssd' | 'nvme' | 'storage-array'
  readonly capacityBytes: number
  /** Hardware queues (submission/completion pairs): 1 for a disk or AHCI, several for NVMe (one per VF too). */
  readonly queueCount: number
  /** Commands one queue holds (NCQ 32, an NVMe queue's depth). */
  readonly queueDepth: number
  /** Owns queue `q` (0 … queueCount − 1); throws with a user-facing message if it is taken or absent. */
  bindQueue(q: number, sink: BlockQueueSink): void
  /** Starts request `req` on queue `q` (the caller keeps at most queueDepth outstanding per queue). */
  submit(q: number, req: number): void
}

/**
 * A VM's virtual disk as a workload sees it, built by the attachment's technique: the front-end
 * driver in the guest, its path to the back end and the device. Called from the domain's context
 * (after the application's own work).
 */
export interface BlockPort {
  readonly id: number
  readonly domain: Domain
  readonly host: HostModel
  /** Bytes the virtual disk exports (a workload's working set must fit). */
  readonly capacityBytes: number
  /** Hands request `req` (allocated from the run's BlockPool) to the front-end driver on vCPU `vcpu` (default 0). */
  submit(req: number, vcpu?: number): void
  /** Set by the workload: the request completed in the guest (its completion interrupt handled). */
  onComplete: BlockDone
}
