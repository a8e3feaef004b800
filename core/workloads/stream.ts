// `stream` — 004's iperf (§4.1): one TCP bulk flow per client/server pair with default
// parameters; the metric is the cumulative goodput of all flows. Each segment costs the
// sender's stack and user copy, each received segment the receiver's stack and copy.
import { PacketKind } from '../models/packet'
import { STREAM_PARAMS, type StreamKey } from '../models/workload-kinds'
import { TcpFlow, type TcpConfig } from './tcp'
import type { FlowPair, Workload, WorkloadContext, WorkloadKind, WorkloadMetrics, WorkloadParams } from './types'


class Stream implements Workload {
  private readonly ctx: WorkloadContext
  private readonly flows: TcpFlow[]
  private readonly timerId: number
  private deliveredAtReset = 0

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
  }

  start(): void {
    for (const f of this.flows) this.pump(f)
  }

  /** Sends what the window allows: stack work and user copy on the client, then the driver. */
  private pump(f: TcpFlow): void {
    const host = f.client.host
    for (let n = f.sendable(); n > 0; n--) {
      const pkt = f.segment()
      const ns = host.cost('tcpSendCycles') + host.copyNs(this.ctx.pool.len[pkt])
      this.ctx.stats.counters.bytesCopied += this.ctx.pool.len[pkt]
      f.client.domain.run(0, ns, this.toDriver, pkt)
    }
  }

  private readonly toDriver = (pkt: number): void => {
    this.flow(pkt).client.send(pkt)
  }

  private flow(pkt: number): TcpFlow {
    return this.flows[this.ctx.pool.flow[pkt] - this.ctx.flowBase]
  }

  receive(pkt: number): void {
    const f = this.flow(pkt)
    const pool = this.ctx.pool
    if (pool.kind[pkt] === PacketKind.Data) {
      const host = f.server.host
      this.ctx.stats.counters.bytesCopied += pool.len[pkt]
      f.server.domain.run(0, host.cost('tcpRecvCycles') + host.copyNs(pool.len[pkt]), this.dataIn, pkt)
    } else {
      f.client.domain.run(0, f.client.host.cost('tcpAckCycles'), this.ackIn, pkt)
    }
  }

  private readonly dataIn = (pkt: number): void => {
    const f = this.flow(pkt)
    const pool = this.ctx.pool
    const ackNow = f.onData(pool.seq[pkt], pool.len[pkt])
    pool.release(pkt)
    if (ackNow) f.server.send(f.ack())
  }

  private readonly ackIn = (pkt: number): void => {
    const f = this.flow(pkt)
    const pool = this.ctx.pool
    f.onAck(pool.seq[pkt], pool.len[pkt])
    pool.release(pkt)
    this.pump(f)
  }

  private timer(i: number, role: number): void {
    const f = this.flows[i]
    if (role === 0) {
      if (f.onRtoTimer()) this.pump(f)
    } else {
      f.delackArmed = false
      if (f.unacked > 0) f.server.domain.run(0, 0, () => f.server.send(f.ack()), 0)
    }
  }

  resetStats(): void {
    this.deliveredAtReset = this.flows.reduce((s, f) => s + f.delivered, 0)
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
