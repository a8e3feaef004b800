// `io-program` — for scalable-io (000 §3.4): each consumer performs operations of k
// dependent commands, either combined into one I/O program (one submission, one status
// message: one round trip) or as k one-command programs issued one after another (k round
// trips), with N operations in flight. Metrics: operation latency quantiles and rates.
import { Quantiles } from '../sim'
import { BOOLEAN, DURATION, SIZE, count, oneOf } from '../models/param-kit'
import type { ParamSpec } from '../models/catalog'
import { isProgramPort, type ProgramPort } from '../models/net/endpoint'
import { latencyMetrics, type FlowPair, type Workload, type WorkloadContext, type WorkloadKind, type WorkloadMetrics, type WorkloadParams } from './types'

const PARAMS: ParamSpec[] = [
  {
    key: 'commands', label: 'Commands per operation', ...count(1, 1024), default: 4,
    doc: 'Dependent commands one operation needs (each may depend on the previous one\'s result).',
    source: '000 §3.4: "a sequence of dependent operations"; 4 is an assumption',
    sourceKind: 'assumption'
  },
  {
    key: 'combine', label: 'Combine commands', ...BOOLEAN, default: true,
    doc: 'On: one I/O program of k commands per operation. Off: k programs of one command each, each submitted after the previous one\'s status.',
    source: '000 §3.4: command combining "eliminates the round-trip delay otherwise associated with execution of a sequence of dependent operations"',
    sourceKind: 'measured'
  },
  {
    key: 'bytesPerCommand', label: 'Data per command', ...SIZE, max: 64 * 1024 * 1024, default: 4096,
    doc: 'Bytes each command moves between consumer memory and the device by protected DMA (0 = control only).',
    source: 'assumption: one page per command',
    sourceKind: 'assumption'
  },
  {
    key: 'direction', label: 'Data direction', ...oneOf('to-device', 'from-device'), default: 'to-device',
    doc: 'To the device (the DC reads consumer memory, e.g. a send or a write) or from it (the DC writes consumer memory, e.g. a read).',
    source: '000 §3.2: the DC invokes PDMA memory access operations at the HG in either direction',
    sourceKind: 'measured'
  },
  {
    key: 'outstanding', label: 'Operations outstanding', ...count(1, 4096), default: 1,
    doc: 'Operations each consumer keeps in flight (the protocol is asynchronous, 000 §3.1).',
    source: 'assumption: 1, a latency-bound consumer',
    sourceKind: 'assumption'
  },
  {
    key: 'thinkTime', label: 'Think time', ...DURATION, default: 0,
    doc: 'Time a consumer waits after an operation before starting the next one in that slot.',
    source: 'assumption: 0, a saturating closed loop',
    sourceKind: 'assumption'
  }
]

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

  constructor(ctx: WorkloadContext, flows: readonly FlowPair[], p: WorkloadParams) {
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
    this.port(op).submitProgram(this.p.combine ? this.p.k : 1, this.p.bytes, this.p.toDevice, op)
  }

  /** A program's status reached the consumer (on its vCPU). */
  private readonly programDone = (op: number, ok: boolean): void => {
    if (!ok) this.failures++
    if (ok && --this.left[op] > 0) return this.submit(op)
    this.lat.record(this.ctx.sim.now - this.startedAt[op])
    this.ops++
    if (this.p.think > 0) this.ctx.sim.schedule(this.p.think, this.nextId, op)
    else this.begin(op)
  }

  receive(pkt: number): void {
    this.ctx.pool.release(pkt) // programs carry no frames to this workload
  }

  resetStats(): void {
    this.lat.reset()
    this.ops = 0
    this.programs = 0
    this.failures = 0
  }

  metrics(elapsedNs: number): WorkloadMetrics {
    const lat = latencyMetrics({
      op_median_us: this.lat.quantile(0.5),
      op_p99_us: this.lat.quantile(0.99),
      op_mean_us: this.lat.tally.mean
    }, this.lat.count, 'operation', this.ports.length, elapsedNs, { name: 'op_cdf_us', ns: this.lat.cdf() })
    const counts: Record<string, number> = {
      ops_per_s: (this.ops * 1e9) / elapsedNs,
      programs_per_s: (this.programs * 1e9) / elapsedNs,
      commands_per_s: (this.ops * this.p.k * 1e9) / elapsedNs,
      op_failures: this.failures
    }
    // Rates of 0 over the measured time are measurements; without clients there is nothing to measure.
    if (this.ports.length === 0) {
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
  params: PARAMS,
  serverless: true,
  create: (ctx, flows, params) => new IoProgram(ctx, flows, params)
}
