// Storage for jobs waiting in or receiving service from a Server: parallel arrays
// indexed by job id, recycled through a free list, with intrusive FIFO links.

import type { Handler } from './simulator'

export class JobPool {
  work: Float64Array // remaining work, in ns at speed 1
  /** Submission time until the first start of service, then -1. */
  submitted: Float64Array
  prio: Int32Array
  arg: Int32Array
  next: Int32Array
  readonly done: (Handler | undefined)[] = []
  private free: Int32Array
  private freeCount = 0
  private size = 0

  constructor(capacity = 64) {
    this.work = new Float64Array(capacity)
    this.submitted = new Float64Array(capacity)
    this.prio = new Int32Array(capacity)
    this.arg = new Int32Array(capacity)
    this.next = new Int32Array(capacity)
    this.free = new Int32Array(capacity)
  }

  /** Number of jobs currently held. */
  get live(): number {
    return this.size - this.freeCount
  }

  alloc(work: number, now: number, prio: number, done: Handler, arg: number): number {
    let j: number
    if (this.freeCount > 0) j = this.free[--this.freeCount]
    else {
      if (this.size === this.work.length) this.grow()
      j = this.size++
    }
    this.work[j] = work
    this.submitted[j] = now
    this.prio[j] = prio
    this.arg[j] = arg
    this.done[j] = done
    return j
  }

  release(j: number): void {
    this.done[j] = undefined
    this.free[this.freeCount++] = j
  }

  private grow(): void {
    const n = this.work.length * 2
    const f64 = (a: Float64Array): Float64Array => { const b = new Float64Array(n); b.set(a); return b }
    const i32 = (a: Int32Array): Int32Array => { const b = new Int32Array(n); b.set(a); return b }
    this.work = f64(this.work)
    this.submitted = f64(this.submitted)
    this.prio = i32(this.prio)
    this.arg = i32(this.arg)
    this.next = i32(this.next)
    this.free = i32(this.free)
  }
}
