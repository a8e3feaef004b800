// What every back-end stage shares: the request pool, the CPU it runs on, the completion callback
// of each request it holds (indexed by request id, no closure per request), its stage time in
// `stage_us`, and the bookkeeping of child requests (a replica, a copy, a split piece) whose
// completions join into their parent's.
import type { Simulator } from '../../../sim'
import type { RunStats } from '../../run-stats'
import { BlockOp, type BlockDone, type BlockPool, type BlockTarget } from '../block'
import type { BackendCpu } from './cpu'

/** What a stage is built from. */
export interface StageEnv {
  readonly sim: Simulator
  readonly blocks: BlockPool
  readonly stats: RunStats
  readonly cpu: BackendCpu
}

/** Bytes of a page / sector the stages round to. */
export const PAGE = 4096
export const SECTOR = 512

export abstract class Stage implements BlockTarget {
  abstract readonly capacityBytes: number
  protected readonly sim: Simulator
  protected readonly blocks: BlockPool
  protected readonly cpu: BackendCpu
  protected readonly stats: RunStats
  /** The caller's completion of each request this stage holds. */
  private readonly dones: (BlockDone | undefined)[] = []
  /** Time each held request entered this stage (for `stage_us`). */
  private entered = new Float64Array(256)
  private readonly stageId: number
  /** Per child request: its parent (−1: none). */
  private parentOf = new Int32Array(256).fill(-1)
  /** Per parent: children still outstanding, and whether one failed. */
  private left = new Int32Array(256)
  private failed = new Uint8Array(256)
  /** Per held request: the step of a multi-step stage it is at (a stage's own numbering). */
  protected phase = new Uint8Array(256)

  constructor(env: StageEnv, stageName: string) {
    this.sim = env.sim
    this.blocks = env.blocks
    this.cpu = env.cpu
    this.stats = env.stats
    this.stageId = env.stats.stages.id(stageName)
  }

  abstract submit(req: number, done: BlockDone): void

  /** Holds `req` with its completion `done` (call first in submit). */
  protected hold(req: number, done: BlockDone): void {
    this.dones[req] = done
    if (req >= this.entered.length) this.grow(req)
    this.entered[req] = this.sim.now
  }

  /** Records the time `req` spent in this stage so far (its CPU and the wait for it). */
  protected mark(req: number): void {
    this.stats.stages.record(this.stageId, this.sim.now - this.entered[req])
  }

  /** Completes a held request to its caller. */
  protected finish(req: number, ok: boolean): void {
    const d = this.dones[req]!
    this.dones[req] = undefined
    d(req, ok)
  }

  /** A completion that hands the request straight back to its caller (after the layer below). */
  protected readonly passUp: BlockDone = (req, ok) => this.finish(req, ok)

  /** Allocates a child of `parent` (a back-end request: flow −1) and counts it as outstanding. */
  protected spawn(parent: number, op: BlockOp, offset: number, bytes: number): number {
    const c = this.blocks.child(parent, op, offset, bytes)
    if (c >= this.parentOf.length) this.grow(c)
    this.parentOf[c] = parent
    this.left[parent]++
    return c
  }

  /**
   * Starts a join on `parent`: children spawned until endJoin are awaited, then joined(parent, ok).
   * A guard count keeps a child that completes at once from closing the join early.
   */
  protected beginJoin(parent: number): void {
    if (parent >= this.left.length) this.grow(parent)
    this.left[parent] = 1
    this.failed[parent] = 0
  }

  /** Every child of the join is spawned (and submitted). */
  protected endJoin(parent: number): void {
    if (--this.left[parent] === 0) this.joined(parent, this.failed[parent] === 0)
  }

  /** The completion of a child: releases it; when the parent's last child is in, calls joined(parent, ok). */
  protected readonly childDone: BlockDone = (c, ok) => {
    const p = this.parentOf[c]
    this.parentOf[c] = -1
    this.blocks.release(c)
    if (!ok) this.failed[p] = 1
    if (--this.left[p] === 0) this.joined(p, this.failed[p] === 0)
  }

  /** All children of `parent` completed (override where children are used). */
  protected joined(parent: number, ok: boolean): void {
    this.finish(parent, ok)
  }

  private grow(atLeast: number): void {
    let n = this.entered.length
    while (n <= atLeast) n *= 2
    const e = new Float64Array(n); e.set(this.entered); this.entered = e
    const p = new Int32Array(n).fill(-1); p.set(this.parentOf); this.parentOf = p
    const l = new Int32Array(n); l.set(this.left); this.left = l
    const f = new Uint8Array(n); f.set(this.failed); this.failed = f
    const s = new Uint8Array(n); s.set(this.phase); this.phase = s
  }
}

/** Fewest bytes a piece of `bytes` shrinks to at `ratio`, rounded up to whole sectors (≥ one). */
export function shrunk(bytes: number, ratio: number): number {
  return Math.max(SECTOR, Math.ceil((bytes * ratio) / SECTOR) * SECTOR)
}

export { BlockOp }
