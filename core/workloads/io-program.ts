// `io-program` — for scalable-io (000 §3.4): each consumer performs operations of k
// dependent commands, either combined into one I/O program (one submission, one status
// message: one round trip) or as k one-command programs issued one after another (k round
// trips), with N operations in flight. Metrics: operation latency quantiles and rates.
import { Quantiles } from '../sim'
import { IO_PROGRAM_PARAMS, type IoProgramKey } from '../models/workload-kinds'
import { isProgramPort, type ProgramPort } from '../models/net/endpoint'
import { latencyMetrics, type FlowPair, type Workload, type WorkloadContext, type WorkloadKind, type WorkloadMetrics, type WorkloadParams } from './types'


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
    this.port(op).submitProgram(this.p.combine ? this.p.k : 1, this.p.bytes, this.p.toDevice, op)
  }

  /** A program's status reached the consumer (on its vCPU). */
  private readonly programDone = (op: number, ok: boolean): void => {
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
  }

  metrics(elapsedNs: number): WorkloadMetrics {
    return this.view({ lat: this.lat, ops: this.ops, programs: this.programs, failures: this.failures }, this.ports.length, elapsedNs)
  }

  metricsOf(flows: readonly number[], elapsedNs: number): WorkloadMetrics {
    return this.view(this.sum(flows.map((f) => this.byPort[f])), flows.length, elapsedNs)
  }

  windowMetrics(elapsedNs: number): WorkloadMetrics {
    const r = this.view(this.sum(this.win), this.ports.length, elapsedNs)
    for (const p of this.win) resetPort(p)
    return r
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

export const ioProgram: WorkloadKind = {
  kind: 'io-program',
  params: IO_PROGRAM_PARAMS,
  serverless: true,
  create: (ctx, flows, params) => new IoProgram(ctx, flows, params)
}
