// A service station: c identical servers in front of a queue. Jobs bring an amount of
// work (ns at speed 1) and a completion callback. FIFO within priority levels, with the
// hooks a CPU scheduler needs: priority levels, preemptive-resume, time slices and a
// per-server speed (e.g. a hyperthread slowed by its busy sibling).

import { JobPool } from './job-pool'
import { SimError } from './errors'
import type { Handler, HandlerId, Simulator } from './simulator'
import { Tally } from './stats'

export interface ServerOptions {
  name?: string
  /** Identical servers working in parallel. Default 1. */
  servers?: number
  /** Priority levels; 0 is the most urgent. Default 1. */
  priorities?: number
  /** A more urgent arrival preempts the least urgent job in service (preemptive-resume). */
  preemptive?: boolean
  /** Round-robin quantum in ns; 0 runs each job to completion. */
  timeSliceNs?: number
}

export class Server {
  readonly name: string
  readonly servers: number
  /** Time from submission to first start of service, ns. */
  readonly waits = new Tally()
  completed = 0
  preemptions = 0
  /** Most jobs ever waiting at once (since the last reset). */
  maxQueueLength = 0
  /** Called whenever a server starts or stops working (for CPU models that couple siblings). */
  onActivity: ((server: number, active: boolean) => void) | null = null

  private readonly sim: Simulator
  private readonly jobs = new JobPool()
  private readonly levels: number
  private readonly preemptive: boolean
  private readonly slice: number
  private readonly head: Int32Array
  private readonly tail: Int32Array
  private readonly running: Int32Array
  private readonly startedAt: Float64Array
  private readonly endsJob: Uint8Array
  private readonly eventSeq: Float64Array
  private readonly speed: Float64Array
  private readonly idleList: Int32Array
  private idleCount: number
  private readonly handler: HandlerId
  // Statistics kept inline (this is the hottest path of every model).
  private waiting = 0
  private queueArea = 0
  private queueSince = 0
  private busyArea = 0
  private statsSince: number

  constructor(sim: Simulator, options: ServerOptions = {}) {
    const c = options.servers ?? 1
    const levels = options.priorities ?? 1
    if (!Number.isInteger(c) || c < 1) throw new SimError('bad-argument', `A server needs ≥ 1 servers, not ${c}`)
    if (!Number.isInteger(levels) || levels < 1) throw new SimError('bad-argument', `Priority levels must be ≥ 1, not ${levels}`)
    this.sim = sim
    this.name = options.name ?? 'server'
    this.servers = c
    this.levels = levels
    this.preemptive = options.preemptive ?? false
    this.slice = options.timeSliceNs ?? 0
    this.head = new Int32Array(levels).fill(-1)
    this.tail = new Int32Array(levels).fill(-1)
    this.running = new Int32Array(c).fill(-1)
    this.startedAt = new Float64Array(c)
    this.endsJob = new Uint8Array(c)
    this.eventSeq = new Float64Array(c)
    this.speed = new Float64Array(c).fill(1)
    this.idleList = new Int32Array(c)
    for (let i = 0; i < c; i++) this.idleList[i] = c - 1 - i
    this.idleCount = c
    this.statsSince = sim.now
    this.queueSince = sim.now
    this.handler = sim.register(this.finishRun, this.name)
  }

  /** Jobs waiting plus jobs in service. */
  get load(): number {
    return this.waiting + this.servers - this.idleCount
  }

  /** Jobs waiting (not in service). */
  get queued(): number {
    return this.waiting
  }

  /** Servers working right now. */
  get busyServers(): number {
    return this.servers - this.idleCount
  }

  /** Submits `work` ns of service; `done(arg)` is called when it completes. */
  submit(work: number, done: Handler, arg = 0, priority = 0): void {
    if (!(work >= 0) || !(priority >= 0 && priority < this.levels)) this.badJob(work, priority)
    const j = this.jobs.alloc(work, this.sim.now, priority, done, arg)
    if (this.idleCount > 0) {
      const s = this.idleList[--this.idleCount]
      if (this.onActivity !== null) this.onActivity(s, true)
      this.start(s, j)
    } else if (!this.preemptive || !this.tryPreempt(j)) this.enqueue(j, false)
  }

  /** Changes a server's speed (work per ns); the job in service continues at the new rate. */
  setSpeed(server: number, speed: number): void {
    if (!(speed > 0)) throw new SimError('bad-argument', `${this.name}: speed must be > 0, not ${speed}`)
    const j = this.running[server]
    if (j >= 0 && speed !== this.speed[server]) {
      this.account(server, j)
      this.sim.cancel(this.eventSeq[server])
      this.speed[server] = speed
      this.plan(server, j)
    } else this.speed[server] = speed
  }

  /** Busy server-time (ns) since the start or last reset, including runs in progress. */
  busyTime(): number {
    let area = this.busyArea
    const now = this.sim.now
    for (let s = 0; s < this.servers; s++) if (this.running[s] >= 0) area += now - this.startedAt[s]
    return area
  }

  /** Mean fraction of servers busy since the start (or last reset). */
  utilization(): number {
    const span = this.sim.now - this.statsSince
    return span > 0 ? this.busyTime() / span / this.servers : this.busyServers / this.servers
  }

  /** Time-average number of jobs waiting since the start (or last reset). */
  meanQueueLength(): number {
    const now = this.sim.now
    const span = now - this.statsSince
    const area = this.queueArea + this.waiting * (now - this.queueSince)
    return span > 0 ? area / span : this.waiting
  }

  /** Forgets statistics (end of warm-up), keeping jobs and state. */
  resetStats(): void {
    const now = this.sim.now
    // Runs in progress count only from now on: pre-charge the part already done.
    this.busyArea = 0
    for (let s = 0; s < this.servers; s++) if (this.running[s] >= 0) this.busyArea -= now - this.startedAt[s]
    this.queueArea = 0
    this.queueSince = now
    this.statsSince = now
    this.waits.reset()
    this.completed = 0
    this.preemptions = 0
    this.maxQueueLength = this.waiting
  }

  /** Job j begins (or resumes) service on server s, which the caller has taken. */
  private start(s: number, j: number): void {
    const jobs = this.jobs
    const submitted = jobs.submitted[j]
    if (submitted >= 0) {
      jobs.submitted[j] = -1
      this.waits.record(this.sim.now - submitted)
    }
    this.running[s] = j
    this.plan(s, j)
  }

  /** Schedules the end of the current run of job j on server s (completion or slice end). */
  private plan(s: number, j: number): void {
    const sp = this.speed[s]
    const w = this.jobs.work[j]
    const need = Math.ceil(sp === 1 ? w : w / sp)
    const now = this.sim.now
    this.startedAt[s] = now
    if (this.slice > 0 && need > this.slice) {
      this.endsJob[s] = 0
      this.eventSeq[s] = this.sim.schedule(this.slice, this.handler, s)
    } else {
      this.endsJob[s] = 1
      this.eventSeq[s] = this.sim.schedule(need, this.handler, s)
    }
  }

  /** Charges the work done in the current run of job j on server s. */
  private account(s: number, j: number): void {
    const ran = this.sim.now - this.startedAt[s]
    this.busyArea += ran
    this.startedAt[s] = this.sim.now
    const w = this.jobs.work[j] - ran * this.speed[s]
    this.jobs.work[j] = w > 0 ? w : 0
  }

  /** The event handler: the current run on server s has ended (an arrow, so it needs no wrapper). */
  private readonly finishRun = (s: number): void => {
    const j = this.running[s]
    const jobs = this.jobs
    if (this.endsJob[s] === 0) {
      this.sliceEnded(s, j)
      return
    }
    this.busyArea += this.sim.now - this.startedAt[s]
    const done = jobs.done[j]!
    const arg = jobs.arg[j]
    jobs.release(j)
    this.completed++
    if (this.waiting > 0) this.start(s, this.dequeue()) // hand the server straight over
    else this.idle(s)
    done(arg)
  }

  private sliceEnded(s: number, j: number): void {
    this.account(s, j)
    const p = this.jobs.prio[j]
    if (this.head[p] >= 0 || this.moreUrgentWaiting(p)) {
      this.enqueue(j, false)
      this.start(s, this.dequeue())
    } else this.plan(s, j)
  }

  private idle(s: number): void {
    this.running[s] = -1
    this.idleList[this.idleCount++] = s
    if (this.onActivity !== null) this.onActivity(s, false)
  }

  private moreUrgentWaiting(prio: number): boolean {
    for (let p = 0; p < prio; p++) if (this.head[p] >= 0) return true
    return false
  }

  private tryPreempt(j: number): boolean {
    const prio = this.jobs.prio
    const p = prio[j]
    let victim = -1
    for (let s = 0; s < this.servers; s++) {
      const r = this.running[s]
      if (prio[r] <= p) continue
      const v = victim < 0 ? -1 : this.running[victim]
      if (victim < 0 || prio[r] > prio[v] || (prio[r] === prio[v] && this.startedAt[s] > this.startedAt[victim])) victim = s
    }
    if (victim < 0) return false
    const v = this.running[victim]
    this.account(victim, v)
    this.sim.cancel(this.eventSeq[victim])
    this.preemptions++
    this.enqueue(v, true)
    this.start(victim, j)
    return true
  }

  private enqueue(j: number, atHead: boolean): void {
    const p = this.jobs.prio[j]
    const next = this.jobs.next
    if (this.head[p] < 0) {
      this.head[p] = j; this.tail[p] = j; next[j] = -1
    } else if (atHead) {
      next[j] = this.head[p]; this.head[p] = j
    } else {
      next[this.tail[p]] = j; this.tail[p] = j; next[j] = -1
    }
    const now = this.sim.now
    this.queueArea += this.waiting * (now - this.queueSince)
    this.queueSince = now
    if (++this.waiting > this.maxQueueLength) this.maxQueueLength = this.waiting
  }

  /** Takes the most urgent waiting job; the caller has checked that one waits. */
  private dequeue(): number {
    let p = 0
    while (this.head[p] < 0) p++
    const j = this.head[p]
    this.head[p] = this.jobs.next[j]
    if (this.head[p] < 0) this.tail[p] = -1
    const now = this.sim.now
    this.queueArea += this.waiting * (now - this.queueSince)
    this.queueSince = now
    this.waiting--
    return j
  }

  private badJob(work: number, priority: number): never {
    if (!(work >= 0)) throw new SimError('bad-argument', `${this.name}: work ${work} ns is not a non-negative number`)
    throw new SimError('bad-argument', `${this.name}: priority ${priority} outside 0…${this.levels - 1}`)
  }
}
