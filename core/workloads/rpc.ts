// `rpc` — a closed-loop request/response workload (DOMAIN.md): each client keeps N
// requests outstanding; the server application receives a request through its stack,
// works on it and replies; the client, woken by the reply, records the latency and sends
// the next request (after an optional think time). Metrics: latency quantiles and rate.
import { Quantiles } from '../sim'
import { PacketKind } from '../models/packet'
import { RPC_PARAMS, type RpcKey } from '../models/workload-kinds'
import { latencyMetrics, type FlowPair, type Workload, type WorkloadContext, type WorkloadKind, type WorkloadMetrics, type WorkloadParams } from './types'


class Rpc implements Workload {
  private readonly ctx: WorkloadContext
  private readonly flows: readonly FlowPair[]
  private readonly lat = new Quantiles()
  private readonly p: { outstanding: number; req: number; resp: number; service: number; think: number }
  private readonly nextId: number
  private done = 0
  /** Per flow: latencies and completions since the reset (per-VM view) and in the current window. */
  private readonly flowLat: Quantiles[]
  private readonly flowDone: number[]
  private readonly winLat: Quantiles[]
  private winDone = 0

  constructor(ctx: WorkloadContext, flows: readonly FlowPair[], p: WorkloadParams<RpcKey>) {
    this.ctx = ctx
    this.flows = flows
    this.p = {
      outstanding: Number(p.outstanding), req: Number(p.requestBytes), resp: Number(p.responseBytes),
      service: Number(p.serviceCycles), think: Number(p.thinkTime)
    }
    this.nextId = ctx.sim.register((f) => this.request(f), `${ctx.id}/request`)
    this.flowLat = flows.map(() => new Quantiles())
    this.flowDone = flows.map(() => 0)
    this.winLat = flows.map(() => new Quantiles())
  }

  start(): void {
    for (let f = 0; f < this.flows.length; f++) for (let i = 0; i < this.p.outstanding; i++) this.request(f)
  }

  private request(f: number): void {
    const { pool, sim } = this.ctx
    const { client, server } = this.flows[f]
    const pkt = pool.alloc()
    pool.bytes[pkt] = this.p.req
    pool.kind[pkt] = PacketKind.Probe
    pool.flow[pkt] = this.ctx.flowBase + f
    pool.src[pkt] = client.id
    pool.dst[pkt] = server.id
    pool.born[pkt] = sim.now
    this.ctx.stats.counters.bytesCopied += this.p.req
    client.domain.run(0, client.host.cost('tcpSendCycles') + client.host.copyNs(this.p.req), this.sendRequest, pkt)
  }

  private flow(pkt: number): FlowPair {
    return this.flows[this.ctx.pool.flow[pkt] - this.ctx.flowBase]
  }

  private readonly sendRequest = (pkt: number): void => {
    this.flow(pkt).client.send(pkt)
  }

  /** Receive path, user copy and wake-up of the blocked application, then `then`. */
  private deliver(ep: FlowPair['client'], pkt: number, extraNs: number, then: (pkt: number) => void): void {
    const h = ep.host, bytes = this.ctx.pool.bytes[pkt]
    this.ctx.stats.counters.bytesCopied += bytes
    ep.domain.run(0, h.cost('tcpRecvCycles') + h.cost('processWakeCycles') + h.copyNs(bytes) + extraNs, then, pkt)
  }

  receive(pkt: number): void {
    const f = this.flow(pkt)
    if (this.ctx.pool.kind[pkt] === PacketKind.Probe) {
      const h = f.server.host
      this.deliver(f.server, pkt, h.cyc(this.p.service) + h.cost('tcpSendCycles') + h.copyNs(this.p.resp), this.reply)
    } else this.deliver(f.client, pkt, 0, this.replied)
  }

  private readonly reply = (pkt: number): void => {
    const pool = this.ctx.pool
    const f = this.flow(pkt)
    this.ctx.stats.counters.bytesCopied += this.p.resp
    pool.kind[pkt] = PacketKind.Echo
    pool.bytes[pkt] = this.p.resp
    pool.src[pkt] = f.server.id
    pool.dst[pkt] = f.client.id
    f.server.send(pkt)
  }

  private readonly replied = (pkt: number): void => {
    const { pool, sim } = this.ctx
    const f = pool.flow[pkt] - this.ctx.flowBase
    const lat = sim.now - pool.born[pkt]
    this.lat.record(lat)
    this.flowLat[f].record(lat)
    this.winLat[f].record(lat)
    this.flowDone[f]++
    this.winDone++
    this.done++
    pool.release(pkt)
    if (this.p.think > 0) sim.schedule(this.p.think, this.nextId, f)
    else this.request(f)
  }

  /** Work completed so far (for outage_ms: core/scenario/faults.ts). */
  progress(): number {
    return this.done
  }

  resetStats(): void {
    this.lat.reset()
    this.done = 0
    for (const q of this.flowLat) q.reset()
    for (const q of this.winLat) q.reset()
    this.flowDone.fill(0)
    this.winDone = 0
  }

  metrics(elapsedNs: number): WorkloadMetrics {
    return this.view(this.lat, this.done, this.flows.length, elapsedNs)
  }

  metricsOf(flows: readonly number[], elapsedNs: number): WorkloadMetrics {
    return this.view(Quantiles.merged(flows.map((f) => this.flowLat[f])), flows.reduce((s, f) => s + this.flowDone[f], 0), flows.length, elapsedNs)
  }

  windowMetrics(elapsedNs: number): WorkloadMetrics {
    const r = this.view(Quantiles.merged(this.winLat), this.winDone, this.flows.length, elapsedNs)
    for (const q of this.winLat) q.reset()
    this.winDone = 0
    return r
  }

  private view(q: Quantiles, done: number, flows: number, elapsedNs: number): WorkloadMetrics {
    const lat = latencyMetrics({
      rpc_median_us: q.quantile(0.5),
      rpc_p99_us: q.quantile(0.99),
      rpc_mean_us: q.tally.mean
    }, q.count, 'request', flows, elapsedNs, { name: 'rpc_cdf_us', ns: q.cdf() })
    // A rate of 0 over the measured time is a measurement; without flows there is nothing to measure.
    if (flows === 0) return { values: { ...lat.values, rpc_per_s: null }, missing: { ...lat.missing, rpc_per_s: lat.missing.rpc_median_us } }
    return { values: { ...lat.values, rpc_per_s: (done * 1e9) / elapsedNs }, missing: lat.missing }
  }
}

export const rpc: WorkloadKind = {
  kind: 'rpc',
  params: RPC_PARAMS,
  create: (ctx, flows, params) => new Rpc(ctx, flows, params)
}
