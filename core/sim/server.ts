// A service station: c identical servers in front of a queue. Jobs bring an amount of
// work (ns at speed 1) and a completion callback. FIFO within priority levels, with the
// hooks a CPU scheduler needs: priority levels, preemptive-resume, time slices and a
// per-server speed (e.g. a hyperthread slowed by its busy sibling).

import { JobPool } from './job-pool'
import { SimError } from './errors'
import type { Handler, HandlerId, Simulator } from './simulator'
import { Tally, TimeWeighted } from './stats'

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
  /** Number of busy servers over time (its mean / servers is the utilisation). */
  readonly busy: TimeWeighted
  /** Jobs waiting (not in service) over time. */
  readonly queueLength: TimeWeighted
  /** Time from submission to first start of service, ns. */
  readonly waits = new Tally()
  completed = 0
  preemptions = 0
  /** Called whenever a server starts or stops a job (for CPU models that couple siblings). */
  onActivity: ((server: number, active: boolean) => void) | null = null

  private readonly sim: Simulator
  private readonly jobs = new JobPool()
  private readonly levels: number
  private readonly preemptive: boolean
  private readonly slice: number
  private readonly head: Int32Array
  private readonly tail: Int32Array
  private waiting = 0
  private readonly running: Int32Array
  private readonly startedAt: Float64Array
  private readonly endsJob: Uint8Array
  private readonly eventSeq: Float64Array
  private readonly speed: Float64Array
  private readonly idleList: Int32Array
  private idleCount: number
  private readonly handler: HandlerId

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
    this.busy = new TimeWeighted(sim.now)
    this.queueLength = new TimeWeighted(sim.now)
    this.handler = sim.register((s) => this.finishRun(s), this.name)
  }

  /** Jobs waiting plus jobs in service. */
  get load(): number {
    return this.waiting + this.servers - this.idleCount
  }

  /** Submits `work` ns of service; `done(arg)` is called when it completes. */
  submit(work: number, done: Handler, arg = 0, priority = 0): void {
    if (!(work >= 0)) throw new SimError('bad-argument', `${this.name}: work ${work} ns is not a non-negative number`)
    if (priority < 0 || priority >= this.levels) {
      throw new SimError('bad-argument', `${this.name}: priority ${priority} outside 0…${this.levels - 1}`)
    }
    const j = this.jobs.alloc(work, this.sim.now, priority, done, arg)
    if (this.idleCount > 0) this.start(this.idleList[--this.idleCount], j)
    else if (this.preemptive && this.tryPreempt(j)) return
    else this.enqueue(j, false)
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

  /** Mean fraction of servers busy since the start (or last reset). */
  utilization(): number {
    return this.busy.mean(this.sim.now) / this.servers
  }

  /** Forgets statistics (end of warm-up), keeping jobs and state. */
  resetStats(): void {
    const now = this.sim.now
    this.busy.reset(now)
    this.queueLength.reset(now)
    this.waits.reset()
    this.completed = 0
    this.preemptions = 0
  }

  private start(s: number, j: number): void {
    const jobs = this.jobs
    if (jobs.started[j] === 0) {
      jobs.started[j] = 1
      this.waits.record(this.sim.now - jobs.submitted[j])
    }
    this.running[s] = j
    this.busy.add(1, this.sim.now)
    if (this.onActivity !== null) this.onActivity(s, true)
    this.plan(s, j)
  }

  /** Schedules the end of the current run of job j on server s (completion or slice end). */
  private plan(s: number, j: number): void {
    const need = Math.ceil(this.jobs.work[j] / this.speed[s])
    let run = need
    this.endsJob[s] = 1
    if (this.slice > 0 && need > this.slice) {
      run = this.slice
      this.endsJob[s] = 0
    }
    this.startedAt[s] = this.sim.now
    this.eventSeq[s] = this.sim.schedule(run, this.handler, s)
  }

  private account(s: number, j: number): void {
    const w = this.jobs.work[j] - (this.sim.now - this.startedAt[s]) * this.speed[s]
    this.jobs.work[j] = w > 0 ? w : 0
  }

  private finishRun(s: number): void {
    const j = this.running[s]
    const jobs = this.jobs
    if (this.endsJob[s] === 0) {
      this.account(s, j)
      if (this.waiting > 0 && this.head[jobs.prio[j]] >= 0 || this.moreUrgentWaiting(jobs.prio[j])) {
        this.release(s)
        this.enqueue(j, false)
        this.startNext(s)
      } else this.plan(s, j)
      return
    }
    const done = jobs.done[j]!
    const arg = jobs.arg[j]
    jobs.release(j)
    this.completed++
    this.release(s)
    if (this.waiting > 0) this.startNext(s)
    done(arg)
  }

  private release(s: number): void {
    this.running[s] = -1
    this.busy.add(-1, this.sim.now)
    if (this.onActivity !== null) this.onActivity(s, false)
    this.idleList[this.idleCount++] = s
  }

  private startNext(s: number): void {
    const j = this.dequeue()
    if (j < 0) return
    // s was just pushed on the idle list; take it back.
    this.idleCount--
    this.start(s, j)
  }

  private moreUrgentWaiting(prio: number): boolean {
    for (let p = 0; p < prio; p++) if (this.head[p] >= 0) return true
    return false
  }

  private tryPreempt(j: number): boolean {
    const p = this.jobs.prio[j]
    let victim = -1
    for (let s = 0; s < this.servers; s++) {
      const r = this.running[s]
      if (this.jobs.prio[r] <= p) continue
      if (victim < 0 || this.jobs.prio[r] > this.jobs.prio[this.running[victim]] ||
        (this.jobs.prio[r] === this.jobs.prio[this.running[victim]] && this.startedAt[s] > this.startedAt[victim])) victim = s
    }
    if (victim < 0) return false
    const v = this.running[victim]
    this.account(victim, v)
    this.sim.cancel(this.eventSeq[victim])
    this.preemptions++
    this.release(victim)
    this.enqueue(v, true)
    this.idleCount--
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
    this.waiting++
    this.queueLength.add(1, this.sim.now)
  }

  private dequeue(): number {
    for (let p = 0; p < this.levels; p++) {
      const j = this.head[p]
      if (j < 0) continue
      this.head[p] = this.jobs.next[j]
      if (this.head[p] < 0) this.tail[p] = -1
      this.waiting--
      this.queueLength.add(-1, this.sim.now)
      return j
    }
    return -1
  }
}
