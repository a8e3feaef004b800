// `stream` — 004's iperf (§4.1): one TCP bulk flow per client/server pair with default
// parameters; the metric is the cumulative goodput of all flows. Each segment costs the
// sender's stack and user copy, each received segment the receiver's stack and copy; each
// application write or read of messageBytes a socket call. With the endpoint's offloads
// (issue 10) a large send of up to the TSO limit pays the per-segment stack work once (the
// NIC segments it), a coalesced received packet pays it once, and without checksum offload
// every payload byte is also checksummed by the CPU. The sender copies data the application
// has just written (warm: sendCopySpeedup × the cold copy rate), the receiver data a device or
// another domain wrote (cold). Each flow's work runs on the vCPU its endpoint assigns it
// (receive-side scaling), vCPU 0 otherwise.
import { PacketKind } from '../models/packet'
import { num, transferNs } from '../models/param-read'
import { STREAM_PARAMS, type StreamKey } from '../models/workload-kinds'
import type { Endpoint } from '../models/net/endpoint'
import { TcpFlow, type TcpConfig } from './tcp'
import type { FlowPair, Workload, WorkloadContext, WorkloadKind, WorkloadMetrics, WorkloadParams } from './types'

/** One side of a flow as its host charges it, read once. */
interface Side {
  vcpu: number
  /** Per-segment (send) or per-packet (receive) stack work, ns. */
  stackNs: number
  /** ns per application write or read. */
  callNs: number
  /** Software checksum rate (bits/s), 0 when the NIC checksums. */
  csumBps: number
  /** Copy rate of the payload between the application and socket buffers (bits/s). */
  copyBps: number
  /** Segments per large send (1: the stack segments). */
  segs: number
  /** Highest stream byte the application has written (client) or read (server). */
  mark: number
  /** The host these costs are of (a migrated guest's endpoint changes host at the switch-over: core/scenario/rehome.ts). */
  host: Endpoint['host']
}

function side(ep: Endpoint, flow: number, mss: number, send: boolean): Side {
  const off = ep.offload
  const host = ep.host
  return {
    vcpu: ep.vcpuOf?.(flow) ?? 0,
    stackNs: host.cost(send ? 'tcpSendCycles' : 'tcpRecvCycles'),
    callNs: host.cost('socketCallCycles'),
    csumBps: off !== undefined && !off.checksum ? num(host.params, 'checksumBandwidth') : 0,
    copyBps: num(host.params, 'memCopyBandwidth') * (send ? num(host.params, 'sendCopySpeedup') : 1),
    segs: send && off !== undefined && off.tsoBytes >= 2 * mss ? Math.floor(off.tsoBytes / mss) : 1,
    mark: 0,
    host
  }
}

class Stream implements Workload {
  private readonly ctx: WorkloadContext
  private readonly flows: TcpFlow[]
  private readonly tx: Side[]
  private readonly rx: Side[]
  private readonly msg: number
  private readonly timerId: number
  private deliveredAtReset = 0
  /** Per flow, bytes delivered at the last reset (the per-VM view). */
  private flowAtReset: number[] = []
  /** Per flow, bytes delivered and retransmits at the start of the current time-series window. */
  private winDelivered: number[] = []
  private winRetransmits: number[] = []

  constructor(ctx: WorkloadContext, pairs: readonly FlowPair[], p: WorkloadParams<StreamKey>) {
    this.ctx = ctx
    const cfg: TcpConfig = {
      mss: Number(p.mss), headerBytes: Number(p.headerBytes), windowBytes: Number(p.window),
      initialCwndSegments: Number(p.initialCwnd), ackEvery: Number(p.ackEvery),
      delayedAckNs: Number(p.delayedAck), minRtoNs: Number(p.minRto)
    }
    // Timer events carry 2·flow + role (0 = sender's RTO, 1 = receiver's delayed ACK).
    this.timerId = ctx.sim.register((a) => this.timer(a >> 1, a & 1), `${ctx.id}/tcp-timer`)
    const arm = (flow: number, role: 0 | 1, delay: number): void => {
      ctx.sim.schedule(delay, this.timerId, 2 * (flow - ctx.flowBase) + role)
    }
    this.flows = pairs.map((f, i) => new TcpFlow(f.client, f.server, cfg, { sim: ctx.sim, pool: ctx.pool, flowId: ctx.flowBase + i, arm }))
    this.tx = pairs.map((f, i) => side(f.client, ctx.flowBase + i, cfg.mss, true))
    this.rx = pairs.map((f, i) => side(f.server, ctx.flowBase + i, cfg.mss, false))
    this.msg = Number(p.messageBytes)
    this.mss = cfg.mss
  }

  private readonly mss: number

  /** Flow i's sender (or receiver) side, its costs taken again if its guest now runs on another host (a live migration's re-homing). */
  private sideOf(i: number, send: boolean): Side {
    const sides = send ? this.tx : this.rx
    const s = sides[i]
    const ep = send ? this.flows[i].client : this.flows[i].server
    if (ep.host === s.host) return s
    const fresh = side(ep, this.ctx.flowBase + i, this.mss, send)
    fresh.mark = s.mark
    sides[i] = fresh
    return fresh
  }

  /** Application writes (client) or reads (server) of messageBytes whose start the stream passes in [seq, seq + len), counted once. */
  private calls(s: Side, seq: number, len: number): number {
    const end = seq + len
    if (end <= s.mark) return 0
    const n = Math.ceil(end / this.msg) - Math.ceil(s.mark / this.msg)
    s.mark = end
    return n
  }

  /** CPU work of a side for `pkt`: per-packet stack work, copy, software checksum and socket calls. */
  private work(s: Side, pkt: number): number {
    const pool = this.ctx.pool
    const len = pool.len[pkt]
    this.ctx.stats.counters.bytesCopied += len
    let ns = s.stackNs + transferNs(len, s.copyBps) + this.calls(s, pool.seq[pkt], len) * s.callNs
    if (s.csumBps > 0) ns += transferNs(len, s.csumBps)
    return ns
  }

  start(): void {
    for (let i = 0; i < this.flows.length; i++) this.pump(i)
  }

  /** Sends what the window allows (large sends of up to the TSO limit): stack work, user copy and writes on the client, then the driver. */
  private pump(i: number): void {
    const f = this.flows[i], s = this.sideOf(i, true)
    for (let n = f.sendable(); n > 0;) {
      const k = Math.min(n, s.segs)
      n -= k
      const pkt = f.segment(k)
      f.client.domain.run(s.vcpu, this.work(s, pkt), this.toDriver, pkt)
    }
  }

  private readonly toDriver = (pkt: number): void => {
    const i = this.ctx.pool.flow[pkt] - this.ctx.flowBase
    this.flows[i].client.send(pkt, this.tx[i].vcpu)
  }

  receive(pkt: number): void {
    const i = this.ctx.pool.flow[pkt] - this.ctx.flowBase
    const f = this.flows[i]
    if (this.ctx.pool.kind[pkt] === PacketKind.Data) {
      const s = this.sideOf(i, false)
      f.server.domain.run(s.vcpu, this.work(s, pkt), this.dataIn, pkt)
    } else {
      f.client.domain.run(this.tx[i].vcpu, f.client.host.cost('tcpAckCycles'), this.ackIn, pkt)
    }
  }

  private readonly dataIn = (pkt: number): void => {
    const pool = this.ctx.pool
    const i = pool.flow[pkt] - this.ctx.flowBase
    const f = this.flows[i]
    const ackNow = f.onData(pool.seq[pkt], pool.len[pkt])
    pool.release(pkt)
    if (ackNow) f.server.send(f.ack(), this.rx[i].vcpu)
  }

  private readonly ackIn = (pkt: number): void => {
    const pool = this.ctx.pool
    const i = pool.flow[pkt] - this.ctx.flowBase
    this.flows[i].onAck(pool.seq[pkt], pool.len[pkt])
    pool.release(pkt)
    this.pump(i)
  }

  private timer(i: number, role: number): void {
    const f = this.flows[i]
    if (role === 0) {
      if (f.onRtoTimer()) this.pump(i)
    } else {
      f.delackArmed = false
      const v = this.rx[i].vcpu
      if (f.unacked > 0) f.server.domain.run(v, 0, () => f.server.send(f.ack(), v), 0)
    }
  }

  /** Work completed so far (for outage_ms: core/scenario/faults.ts). */
  progress(): number {
    return this.flows.reduce((s, f) => s + f.delivered, 0)
  }

  resetStats(): void {
    this.deliveredAtReset = this.flows.reduce((s, f) => s + f.delivered, 0)
    this.flowAtReset = this.flows.map((f) => f.delivered)
    this.winDelivered = [...this.flowAtReset]
    this.winRetransmits = this.flows.map((f) => f.retransmits)
  }

  /** As metrics (retransmits counted since the start, like the run total), over some flows. */
  metricsOf(flows: readonly number[], elapsedNs: number): WorkloadMetrics {
    const bytes = flows.reduce((s, i) => s + this.flows[i].delivered - (this.flowAtReset[i] ?? 0), 0)
    return this.view(flows.length, bytes, flows.reduce((s, i) => s + this.flows[i].retransmits, 0), elapsedNs)
  }

  /** Goodput and retransmits within the window. */
  windowMetrics(elapsedNs: number): WorkloadMetrics {
    let bytes = 0, re = 0
    this.flows.forEach((f, i) => {
      bytes += f.delivered - (this.winDelivered[i] ?? 0)
      re += f.retransmits - (this.winRetransmits[i] ?? 0)
      this.winDelivered[i] = f.delivered
      this.winRetransmits[i] = f.retransmits
    })
    return this.view(this.flows.length, bytes, re, elapsedNs)
  }

  private view(flows: number, bytes: number, retransmits: number, elapsedNs: number): WorkloadMetrics {
    if (flows === 0) {
      const reason = 'the workload has no client/server pair to measure'
      return { values: { goodput_mbps: null, retransmits: null }, missing: { goodput_mbps: reason, retransmits: reason } }
    }
    return { values: { goodput_mbps: (bytes * 8 * 1000) / elapsedNs, retransmits }, missing: {} }
  }

  metrics(elapsedNs: number): WorkloadMetrics {
    if (this.flows.length === 0) {
      const reason = 'the workload has no client/server pair to measure'
      return { values: { goodput_mbps: null, retransmits: null }, missing: { goodput_mbps: reason, retransmits: reason } }
    }
    // Goodput of 0 over the measured time is a measurement (a stalled connection), not a missing one.
    const bytes = this.flows.reduce((s, f) => s + f.delivered, 0) - this.deliveredAtReset
    return {
      values: { goodput_mbps: (bytes * 8 * 1000) / elapsedNs, retransmits: this.flows.reduce((s, f) => s + f.retransmits, 0) },
      missing: {}
    }
  }
}

export const stream: WorkloadKind = {
  kind: 'stream',
  params: STREAM_PARAMS,
  create: (ctx, flows, params) => new Stream(ctx, flows, params)
}
