// `rpc` — a closed-loop request/response workload (DOMAIN.md): each client keeps N
// requests outstanding; the server application receives a request through its stack,
// works on it and replies; the client, woken by the reply, records the latency and sends
// the next request (after an optional think time). Metrics: latency quantiles and rate.
import { Quantiles } from '../sim'
import { PacketKind } from '../models/packet'
import { RPC_PARAMS, type RpcKey } from '../models/workload-kinds'
import { attemptTimeoutNs, latencyMetrics, type FlowPair, type Workload, type WorkloadContext, type WorkloadKind, type WorkloadMetrics, type WorkloadParams } from './types'


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
  /** requestTimeout (0 = none) and, with one, the request slots (flow × outstanding) and their counts. */
  private readonly retry: { timeoutNs: number; retries: number; backoff: number } | undefined
  private readonly slots: RequestSlots | undefined
  private readonly ids: { retryId: number; nextSlotId: number } | undefined

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
    const timeoutNs = Number(p.requestTimeout ?? 0)
    if (timeoutNs > 0) {
      this.retry = { timeoutNs, retries: Number(p.requestRetries ?? 3), backoff: Number(p.requestBackoff ?? 2) }
      this.slots = new RequestSlots(flows.length, this.p.outstanding)
      const retryId = ctx.sim.register((s) => this.timedOut(s), `${ctx.id}/timeout`)
      const nextSlotId = ctx.sim.register((s) => this.newRequest(s), `${ctx.id}/request-slot`)
      this.ids = { retryId, nextSlotId }
    }
  }

  start(): void {
    if (this.slots !== undefined) {
      for (let s = 0; s < this.slots.n; s++) this.newRequest(s)
      return
    }
    for (let f = 0; f < this.flows.length; f++) for (let i = 0; i < this.p.outstanding; i++) this.request(f)
  }

  /** Slot `s` starts a new request (with a timeout): a fresh transaction id, then its first transmission. */
  private newRequest(s: number): void {
    const sl = this.slots!
    sl.xid[s] = sl.nextXid++ * sl.n + s
    sl.startedAt[s] = this.ctx.sim.now
    sl.attempt[s] = 0
    this.transmit(s)
  }

  /** Sends (or re-sends) slot `s`'s request and arms its timer for this attempt. */
  private transmit(s: number): void {
    const sl = this.slots!, r = this.retry!
    const f = sl.flowOf(s)
    const pkt = this.requestPacket(f)
    this.ctx.pool.seq[pkt] = sl.xid[s]
    sl.timer[s] = this.ctx.sim.schedule(attemptTimeoutNs(r.timeoutNs, r.backoff, sl.attempt[s]), this.ids!.retryId, s)
    this.sendOnClient(f, pkt)
  }

  /** Slot `s`'s attempt had no reply in time: retransmit, or after the last retransmission give the request up. */
  private timedOut(s: number): void {
    const sl = this.slots!
    const f = sl.flowOf(s)
    sl.timeouts++
    sl.flowTimeouts[f]++
    sl.winTimeouts++
    if (sl.attempt[s] < this.retry!.retries) {
      sl.attempt[s]++
      this.transmit(s)
      return
    }
    sl.failures++
    sl.flowFailures[f]++
    sl.winFailures++
    sl.xid[s] = -1 // a reply that still comes is late
    this.next(s)
  }

  /** Slot `s` is free: its next request, after the think time. */
  private next(s: number): void {
    if (this.p.think > 0) this.ctx.sim.schedule(this.p.think, this.ids!.nextSlotId, s)
    else this.newRequest(s)
  }

  private request(f: number): void {
    this.sendOnClient(f, this.requestPacket(f))
  }

  /** A request packet of flow `f`, stamped now. */
  private requestPacket(f: number): number {
    const { pool, sim } = this.ctx
    const { client, server } = this.flows[f]
    const pkt = pool.alloc()
    pool.bytes[pkt] = this.p.req
    pool.kind[pkt] = PacketKind.Probe
    pool.flow[pkt] = this.ctx.flowBase + f
    pool.src[pkt] = client.id
    pool.dst[pkt] = server.id
    pool.born[pkt] = sim.now
    return pkt
  }

  /** The client's send of `pkt`: its socket call and copy on the client's domain, then the request leaves. */
  private sendOnClient(f: number, pkt: number): void {
    const { client } = this.flows[f]
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
    if (this.slots !== undefined) return this.repliedSlot(pkt, f)
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

  /** A reply with a timeout: it completes its slot's request if that request is still waiting for it. */
  private repliedSlot(pkt: number, f: number): void {
    const { pool, sim } = this.ctx
    const sl = this.slots!
    const xid = pool.seq[pkt]
    const s = xid % sl.n
    pool.release(pkt)
    if (sl.xid[s] !== xid) return // late: its request was completed by another copy's reply, or given up
    sim.cancel(sl.timer[s])
    sl.xid[s] = -1
    const lat = sim.now - sl.startedAt[s]
    this.lat.record(lat)
    this.flowLat[f].record(lat)
    this.winLat[f].record(lat)
    this.flowDone[f]++
    this.winDone++
    this.done++
    this.next(s)
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
    this.slots?.resetStats()
  }

  metrics(elapsedNs: number): WorkloadMetrics {
    return this.withRetries(this.view(this.lat, this.done, this.flows.length, elapsedNs), this.slots?.timeouts, this.slots?.failures)
  }

  metricsOf(flows: readonly number[], elapsedNs: number): WorkloadMetrics {
    const sl = this.slots
    return this.withRetries(
      this.view(Quantiles.merged(flows.map((f) => this.flowLat[f])), flows.reduce((s, f) => s + this.flowDone[f], 0), flows.length, elapsedNs),
      sl && flows.reduce((s, f) => s + sl.flowTimeouts[f], 0), sl && flows.reduce((s, f) => s + sl.flowFailures[f], 0)
    )
  }

  windowMetrics(elapsedNs: number): WorkloadMetrics {
    const r = this.withRetries(this.view(Quantiles.merged(this.winLat), this.winDone, this.flows.length, elapsedNs), this.slots?.winTimeouts, this.slots?.winFailures)
    for (const q of this.winLat) q.reset()
    this.winDone = 0
    if (this.slots !== undefined) this.slots.winTimeouts = this.slots.winFailures = 0
    return r
  }

  /** With a timeout: the timeouts and the requests given up beside the other metrics (absent without one). */
  private withRetries(m: WorkloadMetrics, timeouts: number | undefined, failures: number | undefined): WorkloadMetrics {
    if (timeouts === undefined || failures === undefined) return m
    return { values: { ...m.values, request_timeouts: timeouts, request_failures: failures }, missing: m.missing }
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

/** With a request timeout: per request slot (flow f's i-th outstanding request is slot f·outstanding + i) its state, and the counts. */
class RequestSlots {
  readonly n: number
  /** The transaction id of the slot's request waiting for its reply (−1: none); id mod n is the slot. */
  readonly xid: Float64Array
  readonly startedAt: Float64Array
  /** Retransmissions of the slot's request so far. */
  readonly attempt: Int32Array
  /** The pending timeout event of the slot's current attempt. */
  readonly timer: Float64Array
  nextXid = 0
  timeouts = 0
  failures = 0
  winTimeouts = 0
  winFailures = 0
  readonly flowTimeouts: Float64Array
  readonly flowFailures: Float64Array

  constructor(flows: number, private readonly outstanding: number) {
    this.n = flows * outstanding
    this.xid = new Float64Array(this.n).fill(-1)
    this.startedAt = new Float64Array(this.n)
    this.attempt = new Int32Array(this.n)
    this.timer = new Float64Array(this.n)
    this.flowTimeouts = new Float64Array(flows)
    this.flowFailures = new Float64Array(flows)
  }

  flowOf(s: number): number {
    return Math.floor(s / this.outstanding)
  }

  resetStats(): void {
    this.timeouts = this.failures = this.winTimeouts = this.winFailures = 0
    this.flowTimeouts.fill(0)
    this.flowFailures.fill(0)
  }
}

export const rpc: WorkloadKind = {
  kind: 'rpc',
  params: RPC_PARAMS,
  create: (ctx, flows, params) => new Rpc(ctx, flows, params)
}
