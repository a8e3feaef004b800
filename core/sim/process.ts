// Processes in SimPy's manner: a generator that yields a delay in ns (hold) or a
// Waitable (a resource request, another process) and is resumed by the event loop.

import { SimError } from './errors'
import type { HandlerId, Simulator } from './simulator'

/** Anything a process can wait for: it calls `wake(value)` once when it happens. */
export interface Waitable {
  onDone(wake: (value: unknown) => void): void
}

export type Yielded = number | Waitable
// The return type is `any` so that bodies without a `return` type-check; the value is read as unknown.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ProcessBody = Generator<Yielded, any, unknown>

/** Thrown into a process by `interrupt()`; `cause` says why (e.g. 'preempted'). */
export class Interrupt extends Error {
  override readonly cause: unknown
  constructor(cause: unknown) {
    super(`interrupted: ${String(cause)}`)
    this.name = 'Interrupt'
    this.cause = cause
  }
}

interface ProcessTable {
  readonly handler: HandlerId
  readonly procs: (Process | undefined)[]
  readonly free: number[]
}

const tables = new WeakMap<Simulator, ProcessTable>()

function tableOf(sim: Simulator): ProcessTable {
  let t = tables.get(sim)
  if (t === undefined) {
    const procs: (Process | undefined)[] = []
    const handler = sim.register((slot) => procs[slot]!.resume(), 'process')
    t = { handler, procs, free: [] }
    tables.set(sim, t)
  }
  return t
}

export class Process implements Waitable {
  readonly name: string
  /** The generator's return value once it has finished. */
  value: unknown = undefined
  private alive = true
  private readonly sim: Simulator
  private readonly gen: ProcessBody
  private readonly table: ProcessTable
  private slot: number
  private pending = -1
  private token = 0
  private nextValue: unknown = undefined
  private nextError: Interrupt | null = null
  private waiters: ((value: unknown) => void)[] | null = null

  /** Starts `body` at the current time (its first step runs as an event, in FIFO order). */
  constructor(sim: Simulator, body: ProcessBody, name = 'process') {
    this.sim = sim
    this.gen = body
    this.name = name
    this.table = tableOf(sim)
    this.slot = this.table.free.length > 0 ? this.table.free.pop()! : this.table.procs.length
    this.table.procs[this.slot] = this
    this.pending = sim.schedule(0, this.table.handler, this.slot)
  }

  get isAlive(): boolean {
    return this.alive
  }

  onDone(wake: (value: unknown) => void): void {
    if (!this.alive) {
      this.sim.after(0, () => wake(this.value))
      return
    }
    if (this.waiters === null) this.waiters = []
    this.waiters.push(wake)
  }

  /** Throws an Interrupt into the process at the current time, abandoning what it waits for. */
  interrupt(cause: unknown): void {
    if (!this.alive) throw new SimError('invalid-state', `${this.name} has finished and cannot be interrupted`)
    if (this.pending >= 0) this.sim.cancel(this.pending)
    this.token++
    this.nextError = new Interrupt(cause)
    this.pending = this.sim.schedule(0, this.table.handler, this.slot)
  }

  /** Called by the event loop. */
  resume(): void {
    this.pending = -1
    const err = this.nextError
    const value = this.nextValue
    this.nextError = null
    this.nextValue = undefined
    const r = err !== null ? this.gen.throw(err) : this.gen.next(value)
    if (r.done === true) {
      this.finish(r.value)
      return
    }
    const y = r.value
    if (typeof y === 'number') {
      this.pending = this.sim.schedule(y, this.table.handler, this.slot)
      return
    }
    const token = ++this.token
    y.onDone((v) => {
      if (token !== this.token || !this.alive) return // abandoned by an interrupt
      this.nextValue = v
      this.pending = this.sim.schedule(0, this.table.handler, this.slot)
    })
  }

  private finish(value: unknown): void {
    this.alive = false
    this.value = value
    this.table.procs[this.slot] = undefined
    this.table.free.push(this.slot)
    const ws = this.waiters
    this.waiters = null
    if (ws !== null) for (const w of ws) w(value)
  }
}
