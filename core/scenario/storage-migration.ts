// Live storage migration (issue 12, docs/migration.md "Storage migration"): an experiment's
// `storageMigrations` entry moves a VM's virtual disk to another storage device while the guest
// keeps using it, as VMware ESX 5.0's Storage vMotion does with IO mirroring (Mashtizadeh, Celebi,
// Garfinkel and Cai, "The Design and Evolution of Live Storage Migration in VMware ESX", USENIX
// ATC 2011, §4 "IO Mirroring"):
//   - a data mover copies the disk's used extent (`size` bytes from offset 0) in order, in chunks
//     of `chunk` bytes, at most `outstanding` chunks at once, paced to `rate` when one is set: each
//     chunk is a read of the source device and then a write of the target device, through the
//     same drivers, initiators, links and devices as the guest's own I/O (so the copy competes
//     with it, and with every other guest on those devices);
//   - while it runs, the mirror driver below the virtual disk's back-end stages sends the guest's
//     reads to the source; a write (or flush) to a region the data mover has already copied (or
//     is copying) is mirrored — written to both devices, completing when both have it, so its
//     latency is the larger of the two — and a write ahead of the copy goes to the source only
//     (the copy will carry it), as the paper's mirror driver decides by the copy's progress;
//   - when the last chunk is written, the disk switches over: every later request goes to the
//     target (a redirect of the BlockTarget below the back end).
// The mirror sits where the member device's target sat (below the cache, interposition and image
// stages), so those stages stay with the virtual disk. Outcomes: storage_migration_total_ms,
// storage_migration_bytes (bytes written to the target: the copy and the mirrored writes),
// storage_migration_mirrored_writes. Validation: core/project/check-storage-migration.ts.
import type { Simulator } from '../sim'
import { BlockOp, type BlockDeviceModel, type BlockDone, type BlockPool, type BlockTarget } from '../models/storage/block'
import { ReqInts } from '../models/storage/device-base'
import { durationNs } from '../project/resolve'
import type { Attachment, Experiment, StorageMigration } from '../project/schema'
import { parseBandwidth, parseSize } from '../project/units'
import type { BlockAttachContext } from '../techniques/types'
import { ScenarioError } from './build-endpoints'
import type { Metrics, MissingReasons } from './types'
import type { World } from './world'

/** Data-mover defaults (docs/migration.md, "Storage migration": assumptions). */
export const STORAGE_MIGRATION_DEFAULTS = { chunk: 64 * 1024, outstanding: 16, rate: 0 } as const

/** One storage migration of one VM copy's virtual disk. */
export interface StorageMigrationOutcome {
  readonly vm: string
  readonly disk: string
  readonly to: string
  readonly startNs: number
  readonly size: number
  /** Set at the switch-over. */
  endNs: number | undefined
  /** Bytes the data mover wrote to the target. */
  copied: number
  mirroredWrites: number
  mirroredBytes: number
  /** Why the copy stopped (a chunk failed on a failed device). */
  failed: string | undefined
}

interface Plan {
  readonly entry: StorageMigration
  readonly disk: string
  readonly startNs: number
  readonly size: number
  readonly chunk: number
  readonly outstanding: number
  readonly rateBps: number
}

const PLANS = new WeakMap<World, Plan[]>()
const OUTCOMES = new WeakMap<World, StorageMigrationOutcome[]>()

/** The virtual disk (attachment id) a storage migration moves: its `disk`, else the VM's only one on a storage device. */
export function migratedDisk(attachments: readonly Attachment[], storage: (device: string) => boolean, m: { vm: string; disk?: string }): string | undefined {
  if (m.disk !== undefined) return m.disk
  const mine = attachments.filter((a) => a.vm === m.vm && storage(a.device))
  return mine.length === 1 ? mine[0].id : undefined
}

/** Reads the experiment's storage migrations (call before the virtual disks are built: build-block.ts). */
export function planStorageMigrations(w: World, exp: Experiment | undefined): void {
  const list = exp?.storageMigrations ?? []
  if (list.length === 0) return
  const plans: Plan[] = []
  for (const m of list) {
    const disk = migratedDisk(w.project.topology.attachments, (d) => w.blockDevices.has(d), m)
    if (disk === undefined) throw new ScenarioError(`storage migration of VM "${m.vm}": name its virtual disk with "disk" (the VM has none or several on storage devices)`)
    const size = parseSize(m.size)
    const chunk: { ok: boolean; value?: number } = m.chunk === undefined ? { ok: true, value: STORAGE_MIGRATION_DEFAULTS.chunk } : parseSize(m.chunk)
    const rate: { ok: boolean; value?: number } = m.rate === undefined ? { ok: true, value: STORAGE_MIGRATION_DEFAULTS.rate } : parseBandwidth(m.rate)
    if (!size.ok || !chunk.ok || !rate.ok || chunk.value === undefined || rate.value === undefined) throw new ScenarioError(`storage migration of VM "${m.vm}": "size", "chunk" or "rate" is not a quantity (validation should have refused it)`)
    plans.push({ entry: m, disk, startNs: durationNs(m.at), size: size.value, chunk: Math.max(512, chunk.value), outstanding: m.outstanding ?? STORAGE_MIGRATION_DEFAULTS.outstanding, rateBps: rate.value })
  }
  PLANS.set(w, plans)
  OUTCOMES.set(w, [])
}

/**
 * Build-block's hook: the member targets of virtual disk `att` with the first member behind a
 * mirror for each storage migration of it (a disk on one device; validation refuses several).
 */
export function mirroredMembers(w: World, att: Attachment, ctx: BlockAttachContext, members: BlockTarget[], targetOf: (device: BlockDeviceModel) => BlockTarget): BlockTarget[] {
  const plans = PLANS.get(w)?.filter((p) => p.disk === att.id)
  if (plans === undefined || plans.length === 0) return members
  let first = members[0]
  for (const p of plans) {
    const dev = w.blockDevices.get(p.entry.to)
    if (dev === undefined) throw new ScenarioError(`storage migration of "${att.vm}": "${p.entry.to}" is not a storage device of this run`)
    if (dev.capacityBytes < p.size) throw new ScenarioError(`storage migration of "${att.vm}": ${p.size} bytes do not fit on "${p.entry.to}" (${dev.capacityBytes} bytes)`)
    const out: StorageMigrationOutcome = {
      vm: att.vm, disk: att.id, to: p.entry.to, startNs: p.startNs, size: p.size, endNs: undefined, copied: 0, mirroredWrites: 0, mirroredBytes: 0, failed: undefined
    }
    OUTCOMES.get(w)!.push(out)
    first = new MirrorTarget(w.sim, ctx.blocks, first, targetOf(dev), p, out)
  }
  return [first, ...members.slice(1)]
}

const enum State { Before = 0, Copying = 1, Switched = 2 }

/** The mirror driver and the data mover of one storage migration (see the header). */
export class MirrorTarget implements BlockTarget {
  readonly capacityBytes: number
  private state = State.Before
  /** Bytes of the extent handed to the data mover so far (the copy's frontier). */
  private cursor = 0
  private inflight = 0
  private nextAllowed = 0
  private timerPending = false
  private readonly doneOf: (BlockDone | undefined)[] = []
  private readonly parentOf = new ReqInts()
  private readonly left = new ReqInts()
  private readonly bad = new ReqInts()
  private readonly pumpId: number

  constructor(private readonly sim: Simulator, private readonly blocks: BlockPool, private readonly source: BlockTarget, private readonly target: BlockTarget,
    private readonly plan: Plan, readonly out: StorageMigrationOutcome) {
    this.capacityBytes = source.capacityBytes
    this.pumpId = sim.register(() => { this.timerPending = false; this.pump() }, `storage-migration/${out.disk}`)
    sim.after(plan.startNs, () => {
      this.state = State.Copying
      this.pump()
    })
  }

  submit(req: number, done: BlockDone): void {
    if (this.state === State.Switched) return this.target.submit(req, done)
    const op = this.blocks.op[req]
    // before the copy, reads, and writes ahead of the copy's frontier: the source alone
    if (this.state === State.Before || op === BlockOp.Read || (op === BlockOp.Write && this.blocks.offset[req] >= this.cursor)) return this.source.submit(req, done)
    this.doneOf[req] = done
    this.left.set(req, 2)
    this.bad.set(req, 0)
    const bytes = this.blocks.bytes[req]
    this.out.mirroredWrites++
    this.out.mirroredBytes += bytes
    for (const t of [this.source, this.target]) {
      const c = this.blocks.child(req, op as BlockOp, this.blocks.offset[req], bytes)
      this.parentOf.set(c, req)
      t.submit(c, this.legDone)
    }
  }

  /** One leg of a mirrored write: the guest's write completes with the slower leg. */
  private readonly legDone: BlockDone = (c, ok) => {
    const p = this.parentOf.a[c]
    this.blocks.release(c)
    if (!ok) this.bad.a[p] = 1
    if (--this.left.a[p] > 0) return
    const d = this.doneOf[p]!
    this.doneOf[p] = undefined
    d(p, this.bad.a[p] === 0)
  }

  /** Starts chunks while the window and the rate allow. */
  private pump(): void {
    const p = this.plan
    while (this.state === State.Copying && this.out.failed === undefined && this.inflight < p.outstanding && this.cursor < p.size && !this.timerPending) {
      const now = this.sim.now
      if (p.rateBps > 0 && now < this.nextAllowed) {
        this.timerPending = true
        this.sim.schedule(this.nextAllowed - now, this.pumpId, 0)
        return
      }
      const bytes = Math.min(p.chunk, p.size - this.cursor)
      const r = this.blocks.alloc(BlockOp.Read, this.cursor, bytes, -1, now)
      this.cursor += bytes
      this.inflight++
      if (p.rateBps > 0) this.nextAllowed = Math.max(now, this.nextAllowed) + Math.ceil((bytes * 8e9) / p.rateBps)
      this.source.submit(r, this.chunkRead)
    }
  }

  private readonly chunkRead: BlockDone = (r, ok) => {
    if (!ok) return this.chunkFailed(r, 'read')
    this.blocks.op[r] = BlockOp.Write
    this.blocks.stageAt[r] = this.sim.now
    this.target.submit(r, this.chunkWritten)
  }

  private readonly chunkWritten: BlockDone = (r, ok) => {
    if (!ok) return this.chunkFailed(r, 'write')
    this.out.copied += this.blocks.bytes[r]
    this.blocks.release(r)
    this.inflight--
    if (this.cursor >= this.plan.size && this.inflight === 0) {
      // switch-over: the target has every byte (mirrored writes keep it current); I/O goes there from now on
      this.state = State.Switched
      this.out.endNs = this.sim.now
      return
    }
    this.pump()
  }

  /** A chunk failed (a failed device): the migration is abandoned and the disk stays on the source (as Storage vMotion fails). */
  private chunkFailed(r: number, what: string): void {
    this.out.failed ??= `a copy ${what} failed at offset ${this.blocks.offset[r]} (a failed device); the disk stays on the source`
    this.blocks.release(r)
    this.inflight--
    if (this.inflight === 0) this.state = State.Before
  }
}

const NAMES = ['storage_migration_total_ms', 'storage_migration_bytes', 'storage_migration_mirrored_writes'] as const

/** storage_migration_* metrics: absent without storage migrations; null with the reason for one that did not finish in the run. */
export function storageMigrationMetrics(w: World, runEndNs: number): { metrics: Metrics; missing: MissingReasons } {
  const outcomes = OUTCOMES.get(w)
  if (outcomes === undefined) return { metrics: {}, missing: {} }
  const metrics: Metrics = {}
  const missing: MissingReasons = {}
  const open = outcomes.find((o) => o.endNs === undefined)
  if (outcomes.length === 0 || open !== undefined) {
    const o = open ?? outcomes[0]
    const why = o === undefined ? 'no virtual disk of the run is migrated'
      : o.failed !== undefined ? `the storage migration of "${o.disk}" failed: ${o.failed}`
        : o.startNs >= runEndNs ? `the storage migration of "${o.disk}" starts at ${o.startNs / 1e6} ms, after the run's end (${runEndNs / 1e6} ms)`
          : `the storage migration of "${o.disk}" had not finished by the run's end (${runEndNs / 1e6} ms; ${Math.round(o.copied / 1e6)} of ${Math.round(o.size / 1e6)} MB copied): make the run longer, the extent smaller or the rate higher`
    for (const n of NAMES) { metrics[n] = null; missing[n] = why }
    return { metrics, missing }
  }
  metrics.storage_migration_total_ms = Math.max(...outcomes.map((o) => (o.endNs! - o.startNs) / 1e6))
  metrics.storage_migration_bytes = outcomes.reduce((s, o) => s + o.copied + o.mirroredBytes, 0)
  metrics.storage_migration_mirrored_writes = outcomes.reduce((s, o) => s + o.mirroredWrites, 0)
  return { metrics, missing }
}
