// The simulation environment: the clock, the event loop and handler dispatch.
// It knows nothing of processes or resources (SimPy's direction: those build on it).

import { EventQueue } from './event-queue'
import { SimError } from './errors'
import { TIME_MAX, type Nanoseconds } from './time'

/** An event callback; `arg` is the small integer given when the event was scheduled. */
export type Handler = (arg: number) => void
/** Index of a registered handler. */
export type HandlerId = number
/** Identifies a scheduled event (its FIFO sequence number) so it can be cancelled. */
export type EventId = number

/** Called for every fired event while tracing is on; costs nothing when off. */
export type TraceHook = (time: Nanoseconds, handler: string, arg: number) => void

/** Called every `progressEvery` events; return false to stop the run. */
export type ProgressHook = (now: Nanoseconds, eventsFired: number) => boolean | void

export type StopReason = 'empty' | 'until' | 'stopped' | 'max-events'

export interface RunOptions {
  /** Stop before the first event later than this time (the clock is then set to it). */
  until?: Nanoseconds
  /** Stop after this many events in this call. */
  maxEvents?: number
  progress?: ProgressHook
  /** Events between progress calls (rounded up to a power of two). Default 65536. */
  progressEvery?: number
}

export class Simulator {
  /** Current simulated time in nanoseconds. */
  now: Nanoseconds = 0
  /** Events fired since creation. */
  eventsFired = 0
  /** Set to a function to trace every fired event; leave null for full speed. */
  trace: TraceHook | null = null

  private readonly queue = new EventQueue()
  private readonly handlers: Handler[] = []
  private readonly names: string[] = []
  private cancelled: Set<number> | null = null
  private stopped = false
  private readonly closures: ((() => void) | undefined)[] = []
  private readonly freeClosures: number[] = []
  private readonly closureHandler: HandlerId

  constructor() {
    this.closureHandler = this.register((slot) => this.fireClosure(slot), 'closure')
  }

  /** Registers a callback once and returns the id to schedule it with. */
  register(fn: Handler, name = 'handler'): HandlerId {
    this.handlers.push(fn)
    this.names.push(name)
    return this.handlers.length - 1
  }

  handlerName(id: HandlerId): string {
    return this.names[id] ?? `#${id}`
  }

  /** Schedules handler(arg) `delay` ns from now. Equal times fire in scheduling order. */
  schedule(delay: Nanoseconds, handler: HandlerId, arg = 0): EventId {
    const time = this.now + delay
    if (!(delay >= 0 && time <= TIME_MAX && time === Math.floor(time))) this.badTime(delay)
    return this.queue.push(time, handler, arg)
  }

  /** Schedules handler(arg) at an absolute time, which must not be in the past. */
  scheduleAt(time: Nanoseconds, handler: HandlerId, arg = 0): EventId {
    return this.schedule(time - this.now, handler, arg)
  }

  /** Schedules a closure; convenient for set-up and rare events (allocates a slot). */
  after(delay: Nanoseconds, fn: () => void): EventId {
    const slot = this.freeClosures.length > 0 ? this.freeClosures.pop()! : this.closures.length
    this.closures[slot] = fn
    return this.schedule(delay, this.closureHandler, slot)
  }

  /** Cancels a scheduled event; cancelling one that already fired is a no-op. */
  cancel(id: EventId): void {
    if (this.cancelled === null) this.cancelled = new Set()
    this.cancelled.add(id)
  }

  /** Number of events waiting (including cancelled ones not yet discarded). */
  get pending(): number {
    return this.queue.size
  }

  /** Time of the next event, or Infinity when none is pending. */
  peek(): Nanoseconds {
    this.queue.settle()
    return this.queue.length > 0 ? this.queue.peekTime() : Infinity
  }

  /** Asks the running loop to return after the current event. */
  stop(): void {
    this.stopped = true
  }

  /** Runs events in time order until the queue is empty, `until`, `maxEvents` or stop(). */
  run(options: RunOptions = {}): StopReason {
    const until = options.until ?? TIME_MAX
    const maxEvents = options.maxEvents ?? Infinity
    this.stopped = false
    if (this.trace !== null || options.progress !== undefined || maxEvents !== Infinity) {
      return this.runChecked(until, maxEvents, options)
    }
    return this.runFast(until)
  }

  /** Fires exactly one event; returns false when none is pending. */
  step(): boolean {
    const before = this.eventsFired
    this.stopped = false
    this.runChecked(TIME_MAX, 1, {})
    return this.eventsFired > before
  }

  private runFast(until: Nanoseconds): StopReason {
    const q = this.queue
    const hs = this.handlers
    let fired = 0
    try {
      while (q.length > 0) {
        const t = q.peekTime()
        if (t > until) {
          this.now = until
          return 'until'
        }
        const h = q.peekHandler()
        const a = q.peekArg()
        if (this.cancelled !== null && this.discardIfCancelled(h, a)) continue
        q.consumeHead()
        this.now = t
        fired++
        hs[h](a)
        q.settle()
        if (this.stopped) return 'stopped'
      }
      return 'empty'
    } finally {
      q.settle()
      this.eventsFired += fired
    }
  }

  private runChecked(until: Nanoseconds, maxEvents: number, options: RunOptions): StopReason {
    const q = this.queue
    const hs = this.handlers
    const progress = options.progress
    const mask = progressMask(options.progressEvery)
    let fired = 0
    try {
      while (q.length > 0) {
        if (fired >= maxEvents) return 'max-events'
        const t = q.peekTime()
        if (t > until) {
          this.now = until
          return 'until'
        }
        const h = q.peekHandler()
        const a = q.peekArg()
        if (this.cancelled !== null && this.discardIfCancelled(h, a)) continue
        q.consumeHead()
        this.now = t
        fired++
        if (this.trace !== null) this.trace(t, this.names[h], a)
        hs[h](a)
        q.settle()
        if (this.stopped) return 'stopped'
        if (progress !== undefined && (fired & mask) === 0 && progress(t, this.eventsFired + fired) === false) {
          return 'stopped'
        }
      }
      return 'empty'
    } finally {
      q.settle()
      this.eventsFired += fired
    }
  }

  /** Pops the head if it was cancelled (freeing a closure slot); returns whether it did. */
  private discardIfCancelled(h: HandlerId, a: number): boolean {
    const seq = this.queue.peekSeq()
    if (!this.cancelled!.has(seq)) return false
    this.cancelled!.delete(seq)
    if (this.cancelled!.size === 0) this.cancelled = null
    this.queue.pop()
    if (h === this.closureHandler) this.releaseClosure(a)
    return true
  }

  private fireClosure(slot: number): void {
    const fn = this.closures[slot]
    this.releaseClosure(slot)
    fn!()
  }

  private releaseClosure(slot: number): void {
    this.closures[slot] = undefined
    this.freeClosures.push(slot)
  }

  private badTime(delay: number): never {
    if (delay >= 0 && this.now + delay <= TIME_MAX) {
      throw new SimError('non-integer-time', `Event delay ${delay} is not a whole number of nanoseconds`)
    }
    if (!(delay >= 0)) throw new SimError('negative-delay', `Cannot schedule an event ${delay} ns in the past (now = ${this.now} ns)`)
    throw new SimError('time-overflow', `Event time ${this.now + delay} ns exceeds the largest simulated time`)
  }
}

function progressMask(every = 65536): number {
  let p = 1
  while (p < every) p *= 2
  return p - 1
}
