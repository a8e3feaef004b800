// `stream` — 004's iperf (§4.1): one TCP bulk flow per client/server pair with default
// parameters; the metric is the cumulative goodput of all flows. Each segment costs the
// sender's stack and user copy, each received segment the receiver's stack and copy.
import { PacketKind } from '../models/packet'
import { DURATION, MS, SIZE, count } from '../models/param-kit'
import type { ParamSpec } from '../models/catalog'
import { TcpFlow, type TcpConfig } from './tcp'
import type { FlowPair, Workload, WorkloadContext, WorkloadKind, WorkloadMetrics, WorkloadParams } from './types'

const PARAMS: ParamSpec[] = [
  {
    key: 'window', label: 'TCP window', ...SIZE, min: 1460, max: 64 * 1024 * 1024, default: 65535,
    doc: 'Receiver window the server keeps open (bytes): at most this much data is unacknowledged per flow.',
    source: '004 §4.2.2 runs iperf "with the default sender/receiver window sizes" on Linux 2.6.12: tcp_rmem default 87380 B, of which tcp_adv_win_scale = 2 advertises ¾ = 65535 B',
    sourceKind: 'measured'
  },
  {
    key: 'mss', label: 'Segment payload (MSS)', ...SIZE, min: 64, max: 9000, default: 1448,
    doc: 'Payload bytes per segment: 1460 on a 1500-byte MTU minus 12 bytes of TCP timestamps.',
    source: 'assumption: Linux 2.6 enables TCP timestamps by default, so 1448 of 1460 bytes carry data on 004\'s 1500-byte Ethernet',
    sourceKind: 'assumption'
  },
  {
    key: 'headerBytes', label: 'IP + TCP headers', ...SIZE, min: 40, max: 120, default: 52,
    doc: 'Header bytes per segment and per pure ACK (IPv4 20 + TCP 20 + timestamps 12).',
    source: 'assumption: IPv4 and TCP with the timestamp option, Linux 2.6 defaults',
    sourceKind: 'assumption'
  },
  {
    key: 'ackEvery', label: 'Segments per ACK', ...count(1, 64), default: 2,
    doc: 'Delayed ACKs: the receiver acknowledges every this many full segments.',
    source: 'assumption: RFC 1122 / Linux delayed ACK, one ACK per two full-sized segments',
    sourceKind: 'assumption'
  },
  {
    key: 'delayedAck', label: 'Delayed ACK timeout', ...DURATION, default: 40 * MS,
    doc: 'Longest a receiver holds back an ACK for a lone segment.',
    source: 'assumption: Linux TCP_DELACK_MIN = 40 ms',
    sourceKind: 'assumption'
  },
  {
    key: 'initialCwnd', label: 'Initial congestion window', ...count(1, 1000), default: 3,
    doc: 'Segments a new connection may send before its first ACK.',
    source: 'assumption: RFC 3390 as in Linux 2.6: min(4·MSS, max(2·MSS, 4380 B)) = 3 segments of 1448 B',
    sourceKind: 'assumption'
  },
  {
    key: 'minRto', label: 'Minimum retransmission timeout', ...DURATION, default: 200 * MS,
    doc: 'A flow with unacknowledged data and no progress for this long retransmits from the oldest unacknowledged byte.',
    source: 'assumption: Linux TCP_RTO_MIN = 200 ms',
    sourceKind: 'assumption'
  }
]

class Stream implements Workload {
  private readonly ctx: WorkloadContext
  private readonly flows: TcpFlow[]
  private readonly timerId: number
  private deliveredAtReset = 0

  constructor(ctx: WorkloadContext, pairs: readonly FlowPair[], p: WorkloadParams) {
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
  params: PARAMS,
  create: (ctx, flows, params) => new Stream(ctx, flows, params)
}
