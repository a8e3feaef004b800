// A resource of `capacity` identical units that processes (or callbacks) request,
// hold for as long as they like and release — SimPy's Resource and PriorityResource,
// with optional preemption. Queue statistics are kept as it runs.

import { SimError } from './errors'
import type { Waitable } from './process'
import type { Simulator } from './simulator'
import { Tally, TimeWeighted } from './stats'

export class Request implements Waitable {
  granted = false
  preempted = false
  /** Called when a more urgent request takes this unit away. */
  onPreempt: (() => void) | null = null
  readonly priority: number
  readonly seq: number
  readonly requestedAt: number
  grantedAt = -1
  private wake: ((value: unknown) => void) | null = null

  constructor(priority: number, seq: number, now: number) {
    this.priority = priority
    this.seq = seq
    this.requestedAt = now
  }

  onDone(wake: (value: unknown) => void): void {
    if (this.granted) wake(this)
    else this.wake = wake
  }

  /** @internal */
  grant(now: number): void {
    this.granted = true
    this.grantedAt = now
    const w = this.wake
    this.wake = null
    if (w !== null) w(this)
  }
}

export interface ResourceOptions {
  name?: string
  capacity?: number
  /** A more urgent request (lower number) takes a unit from the least urgent holder. */
  preemptive?: boolean
}

export class Resource {
  readonly name: string
  readonly capacity: number
  readonly inUse: TimeWeighted
  readonly queueLength: TimeWeighted
  readonly waits = new Tally()
  private readonly sim: Simulator
  private readonly preemptive: boolean
  private readonly users: Request[] = []
  private readonly queue: Request[] = []
  private seq = 0

  constructor(sim: Simulator, options: ResourceOptions = {}) {
    const capacity = options.capacity ?? 1
    if (!Number.isInteger(capacity) || capacity < 1) throw new SimError('bad-argument', `Capacity must be ≥ 1, not ${capacity}`)
    this.sim = sim
    this.name = options.name ?? 'resource'
    this.capacity = capacity
    this.preemptive = options.preemptive ?? false
    this.inUse = new TimeWeighted(sim.now)
    this.queueLength = new TimeWeighted(sim.now)
  }

  get count(): number {
    return this.users.length
  }

  get waiting(): number {
    return this.queue.length
  }

  /** Asks for one unit; lower `priority` numbers are more urgent. Yield it in a process. */
  request(priority = 0): Request {
    const req = new Request(priority, this.seq++, this.sim.now)
    if (this.users.length < this.capacity) this.grant(req)
    else if (this.preemptive && this.preemptFor(req)) this.grant(req)
    else this.insert(req)
    return req
  }

  /** Gives a unit back (or withdraws a request still waiting). */
  release(req: Request): void {
    const i = this.users.indexOf(req)
    if (i >= 0) {
      this.users.splice(i, 1)
      this.inUse.set(this.users.length, this.sim.now)
      const next = this.queue.shift()
      if (next !== undefined) {
        this.queueLength.set(this.queue.length, this.sim.now)
        this.grant(next)
      }
      return
    }
    const q = this.queue.indexOf(req)
    if (q >= 0) {
      this.queue.splice(q, 1)
      this.queueLength.set(this.queue.length, this.sim.now)
    }
  }

  private grant(req: Request): void {
    this.users.push(req)
    this.inUse.set(this.users.length, this.sim.now)
    this.waits.record(this.sim.now - req.requestedAt)
    req.grant(this.sim.now)
  }

  /** Priority order, FIFO among equals (binary search from the sequence numbers). */
  private insert(req: Request): void {
    const q = this.queue
    let lo = 0, hi = q.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (q[mid].priority <= req.priority) lo = mid + 1
      else hi = mid
    }
    q.splice(lo, 0, req)
    this.queueLength.set(q.length, this.sim.now)
  }

  private preemptFor(req: Request): boolean {
    let victim: Request | null = null
    for (const u of this.users) {
      if (u.priority <= req.priority) continue
      if (victim === null || u.priority > victim.priority || (u.priority === victim.priority && u.seq > victim.seq)) victim = u
    }
    if (victim === null) return false
    this.users.splice(this.users.indexOf(victim), 1)
    victim.preempted = true
    victim.onPreempt?.()
    return true
  }
}
