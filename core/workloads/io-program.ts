// `io-program` — for scalable-io (000 §3.4): each consumer performs operations of k
// dependent commands, either combined into one I/O program (one submission, one status
// message: one round trip) or as k one-command programs issued one after another (k round
// trips), with N operations in flight. Metrics: operation latency quantiles and rates.
// With a `requestTimeout` (docs/faults.md) the consumer waits that long for a program's status,
// then gives that submission up and resubmits the program (each attempt carries its own tag, so a
// status that comes late — a failed DC holds its programs and runs them when it resumes — is known
// and ignored); each resubmission waits `requestBackoff` times longer; after `requestRetries` the
// operation fails and the slot starts its next one.
import { Quantiles } from '../sim'
import { IO_PROGRAM_PARAMS, type IoProgramKey } from '../models/workload-kinds'
import { isProgramPort, type ProgramPort } from '../models/net/endpoint'
import { attemptTimeoutNs, latencyMetrics, type FlowPair, type Workload, type WorkloadContext, type WorkloadKind, type WorkloadMetrics, type WorkloadParams } from './types'


interface PortStats { lat: Quantiles; ops: number; programs: number; failures: number }
const portStats = (): PortStats => ({ lat: new Quantiles(), ops: 0, programs: 0, failures: 0 })
const resetPort = (p: PortStats): void => {
  p.lat.reset()
  p.ops = 0
  p.programs = 0
  p.failures = 0
}

class IoProgram implements Workload {
  private readonly ctx: WorkloadContext
  private readonly ports: ProgramPort[]
  private readonly lat = new Quantiles()
  private readonly p: { k: number; combine: boolean; bytes: number; toDevice: boolean; outstanding: number; think: number }
  private readonly startedAt: Float64Array
  private readonly left: Int32Array
  private readonly nextId: number
  private ops = 0
  private programs = 0
  private failures = 0
  /** Per port (flow): latencies, operations, programs and failures — since the reset and in the current window. */
  private readonly byPort: PortStats[]
  private readonly win: PortStats[]
  /** With a requestTimeout: per slot its attempt's generation, retries and timer; the counts per port. */
  private readonly retry: ProgramRetry | undefined

  constructor(ctx: WorkloadContext, flows: readonly FlowPair[], p: WorkloadParams<IoProgramKey>) {
    this.ctx = ctx
    this.p = {
      k: Number(p.commands), combine: p.combine === true, bytes: Number(p.bytesPerCommand),
      toDevice: p.direction !== 'from-device', outstanding: Number(p.outstanding), think: Number(p.thinkTime)
    }
    this.ports = flows.map((f) => {
      const ep = f.client
      if (!isProgramPort(ep)) throw new Error(`io-program needs consumers attached with scalable-io (a DC); "${ep.domain.name}" is not`)
      ep.onProgramDone = this.programDone
      return ep
    })
    const n = this.ports.length * this.p.outstanding
    this.startedAt = new Float64Array(n)
    this.left = new Int32Array(n)
    this.nextId = ctx.sim.register((op) => this.begin(op), `${ctx.id}/op`)
    this.byPort = this.ports.map(portStats)
    this.win = this.ports.map(portStats)
    const timeoutNs = Number(p.requestTimeout ?? 0)
    if (timeoutNs > 0) {
      this.retry = new ProgramRetry(n, this.ports.length, timeoutNs, Number(p.requestRetries ?? 5), Number(p.requestBackoff ?? 1),
        ctx.sim.register((op) => this.timedOut(op), `${ctx.id}/timeout`))
    }
  }

  start(): void {
    for (let op = 0; op < this.startedAt.length; op++) this.begin(op)
  }

  private port(op: number): ProgramPort {
    return this.ports[Math.floor(op / this.p.outstanding)]
  }

  private begin(op: number): void {
    this.startedAt[op] = this.ctx.sim.now
    this.left[op] = this.p.combine ? 1 : this.p.k
    this.submit(op)
  }

  private submit(op: number): void {
    this.programs++
    const i = Math.floor(op / this.p.outstanding)
    this.byPort[i].programs++
    this.win[i].programs++
    const r = this.retry
    if (r !== undefined) r.attempt[op] = 0
    this.port(op).submitProgram(this.p.combine ? this.p.k : 1, this.p.bytes, this.p.toDevice, r === undefined ? op : r.arm(this.ctx.sim, op))
  }

  /** Slot `op`'s program had no status in time: resubmit it, or after the last resubmission fail the operation. */
  private timedOut(op: number): void {
    const r = this.retry!
    const i = Math.floor(op / this.p.outstanding)
    r.timeouts[i]++
    r.winTimeouts[i]++
    r.gen[op]++ // the status of the given-up submission is late
    if (r.attempt[op] < r.retries) {
      r.attempt[op]++
      this.programs++
      this.byPort[i].programs++
      this.win[i].programs++
      this.port(op).submitProgram(this.p.combine ? this.p.k : 1, this.p.bytes, this.p.toDevice, r.arm(this.ctx.sim, op))
      return
    }
    r.failures[i]++
    r.winFailures[i]++
    this.next(op)
  }

  /** A program's status reached the consumer (on its vCPU): with a timeout, only the current attempt's counts. */
  private readonly programDone = (tag: number, ok: boolean): void => {
    const r = this.retry
    let op = tag
    if (r !== undefined) {
      op = r.current(tag)
      if (op < 0) return // late: its submission was given up
      this.ctx.sim.cancel(r.timer[op])
      r.gen[op]++
    }
    const i = Math.floor(op / this.p.outstanding)
    if (!ok) {
      this.failures++
      this.byPort[i].failures++
      this.win[i].failures++
    }
    if (ok && --this.left[op] > 0) return this.submit(op)
    const lat = this.ctx.sim.now - this.startedAt[op]
    this.lat.record(lat)
    this.byPort[i].lat.record(lat)
    this.win[i].lat.record(lat)
    this.byPort[i].ops++
    this.win[i].ops++
    this.ops++
    this.next(op)
  }

  /** Slot `op` starts its next operation, after the think time. */
  private next(op: number): void {
    if (this.p.think > 0) this.ctx.sim.schedule(this.p.think, this.nextId, op)
    else this.begin(op)
  }

  receive(pkt: number): void {
    this.ctx.pool.release(pkt) // programs carry no frames to this workload
  }

  /** Work completed so far (for outage_ms: core/scenario/faults.ts). */
  progress(): number {
    return this.ops
  }

  resetStats(): void {
    this.lat.reset()
    this.ops = 0
    this.programs = 0
    this.failures = 0
    for (const p of this.byPort) resetPort(p)
    for (const p of this.win) resetPort(p)
    this.retry?.resetStats()
  }

  metrics(elapsedNs: number): WorkloadMetrics {
    const all = this.ports.map((_, i) => i)
    return this.withRetries(this.view({ lat: this.lat, ops: this.ops, programs: this.programs, failures: this.failures }, this.ports.length, elapsedNs), all, false)
  }

  metricsOf(flows: readonly number[], elapsedNs: number): WorkloadMetrics {
    return this.withRetries(this.view(this.sum(flows.map((f) => this.byPort[f])), flows.length, elapsedNs), flows, false)
  }

  windowMetrics(elapsedNs: number): WorkloadMetrics {
    const r = this.withRetries(this.view(this.sum(this.win), this.ports.length, elapsedNs), this.ports.map((_, i) => i), true)
    for (const p of this.win) resetPort(p)
    this.retry?.resetWindow()
    return r
  }

  /** With a timeout: the timeouts and the operations given up (of ports `ports`) beside the other metrics (absent without one). */
  private withRetries(m: WorkloadMetrics, ports: readonly number[], win: boolean): WorkloadMetrics {
    const r = this.retry
    if (r === undefined) return m
    const t = win ? r.winTimeouts : r.timeouts, f = win ? r.winFailures : r.failures
    return {
      values: { ...m.values, request_timeouts: ports.reduce((s, i) => s + t[i], 0), request_failures: ports.reduce((s, i) => s + f[i], 0) },
      missing: m.missing
    }
  }

  private sum(parts: readonly PortStats[]): PortStats {
    return {
      lat: Quantiles.merged(parts.map((p) => p.lat)),
      ops: parts.reduce((s, p) => s + p.ops, 0),
      programs: parts.reduce((s, p) => s + p.programs, 0),
      failures: parts.reduce((s, p) => s + p.failures, 0)
    }
  }

  private view(st: PortStats, ports: number, elapsedNs: number): WorkloadMetrics {
    const lat = latencyMetrics({
      op_median_us: st.lat.quantile(0.5),
      op_p99_us: st.lat.quantile(0.99),
      op_mean_us: st.lat.tally.mean
    }, st.lat.count, 'operation', ports, elapsedNs, { name: 'op_cdf_us', ns: st.lat.cdf() })
    const counts: Record<string, number> = {
      ops_per_s: (st.ops * 1e9) / elapsedNs,
      programs_per_s: (st.programs * 1e9) / elapsedNs,
      commands_per_s: (st.ops * this.p.k * 1e9) / elapsedNs,
      op_failures: st.failures
    }
    // Rates of 0 over the measured time are measurements; without clients there is nothing to measure.
    if (ports === 0) {
      const reason = 'the workload has no client to measure'
      return {
        values: { ...lat.values, ...Object.fromEntries(Object.keys(counts).map((k) => [k, null])) },
        missing: { ...lat.missing, ...Object.fromEntries(Object.keys(counts).map((k) => [k, reason])) }
      }
    }
    return { values: { ...lat.values, ...counts }, missing: lat.missing }
  }
}

/**
 * Program timeouts: each submission's tag is gen·slots + slot, where gen counts the slot's
 * submissions given up or completed (mod a bound that keeps the tag in 31 bits), so the status of
 * a given-up submission no longer matches its slot's generation.
 */
class ProgramRetry {
  readonly gen: Int32Array
  readonly attempt: Int32Array
  readonly timer: Float64Array
  readonly timeouts: Float64Array
  readonly failures: Float64Array
  readonly winTimeouts: Float64Array
  readonly winFailures: Float64Array
  private readonly genMod: number

  constructor(private readonly slots: number, ports: number, private readonly timeoutNs: number, readonly retries: number, private readonly backoff: number, private readonly timeoutId: number) {
    this.gen = new Int32Array(slots)
    this.attempt = new Int32Array(slots)
    this.timer = new Float64Array(slots)
    this.timeouts = new Float64Array(ports)
    this.failures = new Float64Array(ports)
    this.winTimeouts = new Float64Array(ports)
    this.winFailures = new Float64Array(ports)
    this.genMod = Math.max(2, Math.floor(0x7fffffff / slots))
  }

  /** Arms slot `op`'s timer for its current attempt; returns the submission's tag. */
  arm(sim: { schedule(delay: number, handler: number, arg: number): number }, op: number): number {
    this.timer[op] = sim.schedule(attemptTimeoutNs(this.timeoutNs, this.backoff, this.attempt[op]), this.timeoutId, op)
    return (this.gen[op] % this.genMod) * this.slots + op
  }

  /** The slot a status's tag belongs to, or −1 when that submission was given up (or already completed). */
  current(tag: number): number {
    const op = tag % this.slots
    return Math.floor(tag / this.slots) === this.gen[op] % this.genMod ? op : -1
  }

  resetStats(): void {
    this.timeouts.fill(0)
    this.failures.fill(0)
    this.resetWindow()
  }

  resetWindow(): void {
    this.winTimeouts.fill(0)
    this.winFailures.fill(0)
  }
}

export const ioProgram: WorkloadKind = {
  kind: 'io-program',
  params: IO_PROGRAM_PARAMS,
  serverless: true,
  create: (ctx, flows, params) => new IoProgram(ctx, flows, params)
}
