// What the served block front ends share (issue 11): the virtual disk a workload sees
// (BlockPort) with per-stage timing on the run's BlockPool, the front-end parameters of the
// attachment, virtual interrupt coalescing of completions (vIC, Ahmad et al., USENIX ATC
// 2011: a completion interrupt per `coalesceCount` completions or after `coalesceTimeout`),
// and claiming a hardware queue of a storage device for a front end that drives the device
// itself (VPIO's guest, a DC's cores).
import type { Handler, HandlerId, Simulator } from '../../sim'
import type { Domain } from '../../models/host/domain'
import type { HostModel } from '../../models/host/host-model'
import { num, type KindParams } from '../../models/param-read'
import type { BlockDeviceModel, BlockDone, BlockPort, BlockQueueSink } from '../../models/storage/block'
import type { VdiskFrontKey } from '../../models/storage/vdisk/front-params'
import type { BlockAttachContext } from '../types'

/** The attachment's front-end parameters, typed (blockcore resolves them with defaults). */
export function frontParams(ctx: BlockAttachContext): KindParams<VdiskFrontKey> {
  return ctx.vdisk as KindParams<VdiskFrontKey>
}

/** Base of a virtual disk built by a technique: identity, the completion hook, stage timing. */
export class BlockFront implements BlockPort {
  readonly id: number
  readonly domain: Domain
  readonly host: HostModel
  readonly capacityBytes: number
  onComplete: BlockDone = () => {}
  protected readonly ctx: BlockAttachContext

  constructor(ctx: BlockAttachContext, capacityBytes: number) {
    this.ctx = ctx
    this.id = ctx.portId
    this.domain = ctx.domain
    this.host = ctx.host
    this.capacityBytes = capacityBytes
  }

  submit(_req: number, _vcpu?: number): void {
    throw new Error('BlockFront.submit is implemented by each front end')
  }

  /** Records the time `req` spent in the stage it leaves now and starts its next one. */
  protected mark(stage: number, req: number): void {
    const now = this.ctx.sim.now
    const b = this.ctx.blocks
    this.ctx.stats.stages.record(stage, now - b.stageAt[req])
    b.stageAt[req] = now
  }
}

/**
 * Virtual interrupt coalescing of one virtual disk's completions (vIC): `posted()` per completion
 * the back end or model has posted; `fire` raises the completion interrupt once `count` wait or
 * the oldest has waited `timeoutNs`. With count 1 every completion raises it at once (the
 * interrupt's own pending bit still merges those the guest has not yet taken).
 */
export class CompletionCoalescer {
  /** Completions posted and not yet announced by an interrupt. */
  pending = 0
  private readonly sim: Simulator
  private readonly count: number
  private readonly timeoutNs: number
  private readonly fire: () => void
  private readonly timerId: HandlerId
  private seq = 0
  private timing = false

  constructor(sim: Simulator, count: number, timeoutNs: number, fire: () => void, name = 'vic') {
    this.sim = sim
    this.count = Math.max(1, count)
    this.timeoutNs = timeoutNs
    this.fire = fire
    this.timerId = this.count > 1 ? sim.register(this.expired, `${name}/timeout`) : -1
  }

  /** Coalescing is on (more than one completion per interrupt). */
  get active(): boolean {
    return this.count > 1
  }

  posted(): void {
    this.pending++
    if (this.pending >= this.count) return this.flush()
    if (!this.timing) {
      this.timing = true
      this.sim.schedule(this.timeoutNs, this.timerId, ++this.seq)
    }
  }

  private flush(): void {
    this.pending = 0
    if (this.timing) {
      this.timing = false
      this.seq++ // the armed timeout no longer applies
    }
    this.fire()
  }

  private readonly expired: Handler = (seq: number): void => {
    if (seq !== this.seq || !this.timing) return
    this.timing = false
    if (this.pending > 0) this.flush()
  }
}

/** A coalescer with the attachment's vIC parameters. */
export function coalescerOf(ctx: BlockAttachContext, fire: () => void): CompletionCoalescer {
  const f = frontParams(ctx)
  return new CompletionCoalescer(ctx.sim, num(f, 'coalesceCount'), num(f, 'coalesceTimeout'), fire, `${ctx.domain.name}#${ctx.portId}/vic`)
}

/**
 * Binds one free hardware queue of `device` to `sink`, trying the highest queue first (a driver
 * domain's own driver takes queue 0 upward), and returns its index; throws a user-facing message
 * naming `who` when every queue is taken.
 */
export function claimQueue(device: BlockDeviceModel, sink: BlockQueueSink, who: string): number {
  let last = ''
  for (let q = device.queueCount - 1; q >= 0; q--) {
    try {
      device.bindQueue(q, sink)
      return q
    } catch (e) {
      last = (e as Error).message
    }
  }
  throw new Error(`${who} needs a hardware queue of "${device.id}", and all ${device.queueCount} are taken${last === '' ? '' : ` (${last})`}`)
}

/** A FIFO of request ids without allocation per push once grown (a guest's block-layer queue, a completion list). */
export class IntFifo {
  private buf = new Int32Array(16)
  private head = 0
  private count = 0

  get length(): number {
    return this.count
  }

  push(v: number): void {
    if (this.count === this.buf.length) {
      const b = new Int32Array(this.buf.length * 2)
      for (let i = 0; i < this.count; i++) b[i] = this.buf[(this.head + i) % this.buf.length]
      this.buf = b
      this.head = 0
    }
    this.buf[(this.head + this.count) % this.buf.length] = v
    this.count++
  }

  /** The oldest id (the caller has checked that one waits). */
  peek(): number {
    return this.buf[this.head]
  }

  shift(): number {
    // an empty FIFO has no oldest id: returning a stale slot would hand a finished request on
    if (this.count === 0) throw new Error('IntFifo.shift on an empty queue')
    const v = this.buf[this.head]
    this.head = (this.head + 1) % this.buf.length
    this.count--
    return v
  }
}
