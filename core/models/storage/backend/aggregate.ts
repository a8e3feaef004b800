// Stages over several member targets (one per member device): replication to N members (a write
// completes when every copy does, a read is served by the primary), RAID-0 striping and RAID-1
// mirroring. Each charges its CPU per request on the back end's CPU, and issues one child request
// per member piece; the parent completes when its last child does.
import { num, type KindParams } from '../../param-read'
import type { BlockDone, BlockTarget } from '../block'
import type { BackendParamKey } from './params'
import { BlockOp, Stage, type StageEnv } from './stage'

function minCapacity(members: readonly BlockTarget[]): number {
  return members.reduce((m, t) => Math.min(m, t.capacityBytes), Infinity)
}

/**
 * Replication to `replicas` members (exactly one copy on each member, the first is the primary): a
 * write or flush goes to every copy and completes when the slowest does; a read is served by the
 * primary (the others are for durability). CPU: replicaCyclesPerRequest per extra copy.
 */
export class ReplicationStage extends Stage {
  readonly capacityBytes: number
  private readonly copyNs: number

  constructor(env: StageEnv, private readonly members: readonly BlockTarget[], p: KindParams<BackendParamKey>) {
    super(env, 'bk_replicate')
    const r = num(p, 'replicas')
    if (members.length !== r) throw new Error(`replication keeps ${r} copies, one per member device: the virtual disk has ${members.length} members`)
    this.capacityBytes = minCapacity(this.members)
    this.copyNs = env.cpu.cyc(num(p, 'replicaCyclesPerRequest'))
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    if (this.blocks.op[req] === BlockOp.Read) {
      this.members[0].submit(req, this.passUp)
      return
    }
    this.cpu.run(this.copyNs * (this.members.length - 1), this.cloned, req)
  }

  private readonly cloned = (req: number): void => {
    this.mark(req)
    this.beginJoin(req)
    const op = this.blocks.op[req] as BlockOp, off = this.blocks.offset[req], bytes = this.blocks.bytes[req]
    for (const m of this.members) m.submit(this.spawn(req, op, off, bytes), this.childDone)
    this.endJoin(req)
  }
}

/**
 * RAID-0: consecutive chunks of `raidStripeBytes` go to consecutive members; a request is split at
 * chunk boundaries into one piece per chunk (pieces on the same member are not merged). Capacity:
 * members × the smallest member, rounded down to whole chunks. A flush goes to every member.
 */
export class Raid0Stage extends Stage {
  readonly capacityBytes: number
  private readonly stripe: number
  private readonly mapNs: number
  /** Pieces issued per member (for tests). */
  readonly pieces: number[]

  constructor(env: StageEnv, private readonly members: readonly BlockTarget[], p: KindParams<BackendParamKey>) {
    super(env, 'bk_raid')
    if (members.length < 2) throw new Error(`RAID-0 needs at least 2 member devices, the virtual disk has ${members.length}`)
    this.stripe = num(p, 'raidStripeBytes')
    this.capacityBytes = members.length * Math.floor(minCapacity(members) / this.stripe) * this.stripe
    this.mapNs = env.cpu.cyc(num(p, 'raidCyclesPerRequest'))
    this.pieces = members.map(() => 0)
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    this.cpu.run(this.mapNs, this.mapped, req)
  }

  private readonly mapped = (req: number): void => {
    this.mark(req)
    this.beginJoin(req)
    const op = this.blocks.op[req] as BlockOp
    const n = this.members.length
    if (op === BlockOp.Flush) {
      for (const m of this.members) m.submit(this.spawn(req, op, 0, 0), this.childDone)
    } else {
      const end = this.blocks.offset[req] + this.blocks.bytes[req]
      let pos = this.blocks.offset[req]
      do {
        const chunk = Math.floor(pos / this.stripe)
        const stop = Math.min(end, (chunk + 1) * this.stripe)
        const member = chunk % n
        const at = Math.floor(chunk / n) * this.stripe + (pos - chunk * this.stripe)
        this.pieces[member]++
        this.members[member].submit(this.spawn(req, op, at, stop - pos), this.childDone)
        pos = stop
      } while (pos < end)
    }
    this.endJoin(req)
  }
}

/**
 * RAID-1: a write (or flush) goes to every member and completes when all have it; a read goes to
 * the member with the fewest reads outstanding (the lowest-numbered on a tie), as md's read balancing
 * spreads them. Capacity: the smallest member.
 * A member that fails an I/O (a failed device: core/models/storage/device-base.ts) is marked
 * faulty, as md does ("Disk failure on …, disabling device. Operation continuing on N devices"):
 * the failed read is retried on another member, a write completes when the members still in the
 * array have it, and later I/O skips the faulty member (degraded). Only when no member is left does
 * an I/O fail. A repaired device is not re-added (re-adding and the resync are not modelled).
 */
export class Raid1Stage extends Stage {
  readonly capacityBytes: number
  private readonly mapNs: number
  private readonly outstanding: Int32Array
  private memberOf = new Int8Array(256)
  /** Reads and writes issued per member (for tests). */
  readonly reads: number[]
  readonly writes: number[]
  /** Members md has failed (degraded when any is). */
  readonly faulty: boolean[]
  private childMember = new Int8Array(256)
  private childParent = new Int32Array(256)
  private wrote = new Uint8Array(256)

  constructor(env: StageEnv, private readonly members: readonly BlockTarget[], p: KindParams<BackendParamKey>) {
    super(env, 'bk_raid')
    if (members.length < 2) throw new Error(`RAID-1 needs at least 2 member devices, the virtual disk has ${members.length}`)
    this.capacityBytes = minCapacity(members)
    this.mapNs = env.cpu.cyc(num(p, 'raidCyclesPerRequest'))
    this.outstanding = new Int32Array(members.length)
    this.reads = members.map(() => 0)
    this.writes = members.map(() => 0)
    this.faulty = members.map(() => false)
  }

  private room(r: number): void {
    if (r < this.childParent.length) return
    const n = Math.max(r + 1, this.childParent.length * 2)
    const a = new Int8Array(n); a.set(this.childMember); this.childMember = a
    const b = new Int32Array(n); b.set(this.childParent); this.childParent = b
    const c = new Uint8Array(n); c.set(this.wrote); this.wrote = c
  }

  /** The in-sync member with the fewest reads outstanding, or −1. */
  private readMember(): number {
    let best = -1
    for (let i = 0; i < this.members.length; i++) if (!this.faulty[i] && (best < 0 || this.outstanding[i] < this.outstanding[best])) best = i
    return best
  }

  private readFrom(req: number, m: number): void {
    this.outstanding[m]++
    this.reads[m]++
    if (req >= this.memberOf.length) {
      const a = new Int8Array(Math.max(req + 1, this.memberOf.length * 2)); a.set(this.memberOf); this.memberOf = a
    }
    this.memberOf[req] = m
    this.members[m].submit(req, this.readDone)
  }

  submit(req: number, done: BlockDone): void {
    this.hold(req, done)
    this.cpu.run(this.mapNs, this.mapped, req)
  }

  private readonly mapped = (req: number): void => {
    this.mark(req)
    const op = this.blocks.op[req] as BlockOp
    if (op === BlockOp.Read) {
      const m = this.readMember()
      return m < 0 ? this.finish(req, false) : this.readFrom(req, m)
    }
    if (!this.faulty.includes(false)) return this.finish(req, false)
    this.room(req)
    this.wrote[req] = 0
    this.beginJoin(req)
    const off = this.blocks.offset[req], bytes = this.blocks.bytes[req]
    for (let i = 0; i < this.members.length; i++) {
      if (this.faulty[i]) continue
      this.writes[i]++
      const c = this.spawn(req, op, off, bytes)
      this.room(c)
      this.childMember[c] = i
      this.childParent[c] = req
      this.members[i].submit(c, this.writeDone)
    }
    this.endJoin(req)
  }

  private readonly writeDone: BlockDone = (c, ok) => {
    if (ok) this.wrote[this.childParent[c]] = 1
    else this.faulty[this.childMember[c]] = true
    this.childDone(c, true)
  }

  /** A write or flush completes when a member still in the array has it. */
  protected override joined(parent: number, _ok: boolean): void {
    this.finish(parent, this.wrote[parent] === 1)
  }

  private readonly readDone: BlockDone = (req, ok) => {
    const m = this.memberOf[req]
    this.outstanding[m]--
    if (ok) return this.finish(req, true)
    this.faulty[m] = true
    const other = this.readMember()
    return other < 0 ? this.finish(req, false) : this.readFrom(req, other)
  }
}
