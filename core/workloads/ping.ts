// `ping` — 004's psapp (§4.1): the client sends a 64-byte probe on a packet socket, the
// server echoes it, the client waits U(0, 100 ms) after each reply before the next probe.
// RTT per flow as its median; across flows the mean of the medians (004 §4.2.1).
import { Quantiles, type RandomStream } from '../sim'
import { PacketKind } from '../models/packet'
import { PING_PARAMS, type PingKey } from '../models/workload-kinds'
import { latencyMetrics, type FlowPair, type Workload, type WorkloadContext, type WorkloadKind, type WorkloadMetrics, type WorkloadParams } from './types'

const ETH_HEADER = 14


class Ping implements Workload {
  private readonly ctx: WorkloadContext
  private readonly flows: readonly FlowPair[]
  private readonly perFlow: Quantiles[]
  /** Per flow, the probes of the current time-series window. */
  private readonly winFlow: Quantiles[]
  private readonly waits: RandomStream[]
  private readonly all = new Quantiles()
  private readonly bytes: number
  private readonly waitMax: number
  private readonly nextId: number
  /** probeTimeout (0 = none); with one, each flow's outstanding probe number (-1: none) and the timeouts. */
  private readonly timeoutNs: number
  private readonly outstanding: Int32Array
  private readonly sent: Int32Array
  private readonly timeoutId: number
  /** With a probeTimeout: probes given up, per flow since the reset and in the current window. */
  private readonly flowTimeouts: Float64Array
  private readonly winTimeouts: Float64Array

  constructor(ctx: WorkloadContext, flows: readonly FlowPair[], p: WorkloadParams<PingKey>) {
    this.ctx = ctx
    this.flows = flows
    this.perFlow = flows.map(() => new Quantiles())
    this.winFlow = flows.map(() => new Quantiles())
    this.waits = flows.map((_, f) => ctx.rng.stream(`${ctx.id}/${f}/wait`))
    this.bytes = Number(p.probeBytes) - ETH_HEADER
    this.waitMax = Number(p.waitMax)
    this.nextId = ctx.sim.register((f) => this.probe(f), `${ctx.id}/probe`)
    this.timeoutNs = Number(p.probeTimeout ?? 0)
    this.outstanding = new Int32Array(flows.length).fill(-1)
    this.sent = new Int32Array(flows.length)
    this.flowTimeouts = new Float64Array(flows.length)
    this.winTimeouts = new Float64Array(flows.length)
    this.timeoutId = ctx.sim.register((arg) => this.timedOut(arg % flows.length, Math.floor(arg / flows.length)), `${ctx.id}/timeout`)
  }

  start(): void {
    for (let f = 0; f < this.flows.length; f++) this.probe(f)
  }

  private probe(f: number): void {
    const { pool, sim } = this.ctx
    const { client, server } = this.flows[f]
    const pkt = pool.alloc()
    pool.bytes[pkt] = this.bytes
    pool.kind[pkt] = PacketKind.Probe
    pool.flow[pkt] = this.ctx.flowBase + f
    pool.src[pkt] = client.id
    pool.dst[pkt] = server.id
    pool.born[pkt] = sim.now
    if (this.timeoutNs > 0) {
      // the probe's number travels in the packet (the echo keeps it): a late reply is known as such
      const n = this.sent[f]++ & 0xffff
      this.outstanding[f] = n
      pool.seq[pkt] = n
      sim.schedule(this.timeoutNs, this.timeoutId, n * this.flows.length + f)
    }
    client.domain.run(0, client.host.cost('rawSocketCycles'), this.sendProbe, pkt)
  }

  private readonly sendProbe = (pkt: number): void => {
    this.flows[this.ctx.pool.flow[pkt] - this.ctx.flowBase].client.send(pkt)
  }

  receive(pkt: number): void {
    const pool = this.ctx.pool
    const f = this.flows[pool.flow[pkt] - this.ctx.flowBase]
    if (pool.kind[pkt] === PacketKind.Probe) {
      // psapp server: receive on the packet socket and echo at once.
      const h = f.server.host
      f.server.domain.run(0, h.cost('processWakeCycles') + 2 * h.cost('rawSocketCycles'), this.echo, pkt)
    } else {
      const h = f.client.host
      f.client.domain.run(0, h.cost('processWakeCycles') + h.cost('rawSocketCycles'), this.replied, pkt)
    }
  }

  private readonly echo = (pkt: number): void => {
    const pool = this.ctx.pool
    const f = this.flows[pool.flow[pkt] - this.ctx.flowBase]
    pool.kind[pkt] = PacketKind.Echo
    pool.src[pkt] = f.server.id
    pool.dst[pkt] = f.client.id
    f.server.send(pkt)
  }

  /** Probe `n` of flow `f` had no reply in time: give it up and go on as after a reply. */
  private timedOut(f: number, n: number): void {
    if (this.outstanding[f] !== n) return // answered, or an older probe
    this.outstanding[f] = -1
    this.flowTimeouts[f]++
    this.winTimeouts[f]++
    this.ctx.sim.schedule(Math.round(this.waits[f].uniform() * this.waitMax), this.nextId, f)
  }

  private readonly replied = (pkt: number): void => {
    const { pool, sim } = this.ctx
    const f = pool.flow[pkt] - this.ctx.flowBase
    if (this.timeoutNs > 0) {
      if (pool.seq[pkt] !== this.outstanding[f]) {
        pool.release(pkt) // its probe was given up
        return
      }
      this.outstanding[f] = -1
    }
    const rtt = sim.now - pool.born[pkt]
    this.perFlow[f].record(rtt)
    this.winFlow[f].record(rtt)
    this.all.record(rtt)
    pool.release(pkt)
    const wait = Math.round(this.waits[f].uniform() * this.waitMax)
    sim.schedule(wait, this.nextId, f)
  }

  /** Work completed so far (for outage_ms: core/scenario/faults.ts). */
  progress(): number {
    return this.all.count
  }

  resetStats(): void {
    for (const q of this.perFlow) q.reset()
    for (const q of this.winFlow) q.reset()
    this.all.reset()
    this.flowTimeouts.fill(0)
    this.winTimeouts.fill(0)
  }

  metrics(elapsedNs: number): WorkloadMetrics {
    return this.view(this.perFlow, this.all, elapsedNs, this.flowTimeouts.reduce((a, b) => a + b, 0))
  }

  metricsOf(flows: readonly number[], elapsedNs: number): WorkloadMetrics {
    const parts = flows.map((f) => this.perFlow[f])
    return this.view(parts, Quantiles.merged(parts), elapsedNs, flows.reduce((a, f) => a + this.flowTimeouts[f], 0))
  }

  windowMetrics(elapsedNs: number): WorkloadMetrics {
    const r = this.view(this.winFlow, Quantiles.merged(this.winFlow), elapsedNs, this.winTimeouts.reduce((a, b) => a + b, 0))
    for (const q of this.winFlow) q.reset()
    this.winTimeouts.fill(0)
    return r
  }

  /** The metrics of some flows' histograms (`all`: their probes together); with a probe timeout, the probes given up. */
  private view(perFlow: readonly Quantiles[], all: Quantiles, elapsedNs: number, timeouts: number): WorkloadMetrics {
    const medians = perFlow.filter((q) => q.count > 0).map((q) => q.quantile(0.5))
    const mean = medians.length > 0 ? medians.reduce((a, b) => a + b, 0) / medians.length : NaN
    const lat = latencyMetrics({
      rtt_median_us: mean,
      rtt_p25_us: all.quantile(0.25),
      rtt_p75_us: all.quantile(0.75),
      rtt_p99_us: all.quantile(0.99),
      rtt_mean_us: all.tally.mean
    }, all.count, 'probe', perFlow.length, elapsedNs, { name: 'rtt_cdf_us', ns: all.cdf() })
    const values = { ...lat.values, probes: all.count }
    // a probe given up is a timeout with no retransmission (psapp sends a new probe): request_failures is the same count
    if (this.timeoutNs > 0) Object.assign(values, { request_timeouts: timeouts, request_failures: timeouts })
    return { values, missing: lat.missing }
  }
}

export const ping: WorkloadKind = {
  kind: 'ping',
  params: PING_PARAMS,
  create: (ctx, flows, params) => new Ping(ctx, flows, params)
}
