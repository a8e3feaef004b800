// A TCP connection as iperf uses it: the sender is window-limited (min of congestion
// window and the receiver's advertised window), clocked by ACKs, with slow start,
// congestion avoidance, fast retransmit (go-back-N) and a retransmission timeout; the
// receiver delivers in order and ACKs every second segment or after a delay. Throughput
// therefore comes from the window, the RTT and the bottleneck — never from a rate.
import { PacketKind, type PacketPool } from '../models/packet'
import type { Simulator } from '../sim'
import type { Endpoint } from '../models/net/endpoint'

export interface TcpConfig {
  mss: number
  headerBytes: number
  /** Receiver window (bytes) the application keeps open. */
  windowBytes: number
  initialCwndSegments: number
  ackEvery: number
  delayedAckNs: number
  minRtoNs: number
}

export interface TcpHooks {
  sim: Simulator
  pool: PacketPool
  flowId: number
  /** Re-arms the flow's timer (RTO on the sender, delayed ACK on the receiver). */
  arm(flow: number, role: 0 | 1, delayNs: number): void
}

export class TcpFlow {
  readonly client: Endpoint
  readonly server: Endpoint
  // sender
  sndUna = 0
  sndNxt = 0
  cwnd: number
  ssthresh = Infinity
  rwnd: number
  dupAcks = 0
  lastProgress = 0
  rtoArmed = false
  retransmits = 0
  // receiver
  rcvNxt = 0
  unacked = 0
  delackArmed = false
  delivered = 0
  private readonly c: TcpConfig
  private readonly h: TcpHooks

  constructor(client: Endpoint, server: Endpoint, c: TcpConfig, h: TcpHooks) {
    this.client = client
    this.server = server
    this.c = c
    this.h = h
    this.cwnd = c.initialCwndSegments * c.mss
    this.rwnd = c.windowBytes
  }

  /** Segments the window allows now; the caller sends them one by one through `segment`. */
  sendable(): number {
    const win = Math.min(this.cwnd, this.rwnd)
    const room = this.sndUna + win - this.sndNxt
    return room >= this.c.mss ? Math.floor(room / this.c.mss) : 0
  }

  /**
   * Builds the next data segment — or, with `segments` > 1, one large send of that many
   * MSS segments that the NIC cuts up (TSO: pool.gso holds the segment size). The caller
   * charges the CPU work and hands it to the driver.
   */
  segment(segments = 1): number {
    const p = this.h.pool
    const pkt = p.alloc()
    const len = segments * this.c.mss
    p.bytes[pkt] = len + this.c.headerBytes
    p.kind[pkt] = PacketKind.Data
    p.flow[pkt] = this.h.flowId
    p.src[pkt] = this.client.id
    p.dst[pkt] = this.server.id
    p.seq[pkt] = this.sndNxt
    p.len[pkt] = len
    p.gso[pkt] = segments > 1 ? this.c.mss : 0
    p.born[pkt] = this.h.sim.now
    this.sndNxt += len
    if (!this.rtoArmed) this.armRto(this.c.minRtoNs)
    return pkt
  }

  /** Sender: an ACK has been processed by the client's stack. */
  onAck(ack: number, window: number): void {
    this.rwnd = window
    if (ack > this.sndUna) {
      const mss = this.c.mss
      this.cwnd += this.cwnd < this.ssthresh ? mss : (mss * mss) / this.cwnd
      this.sndUna = ack
      if (this.sndNxt < ack) this.sndNxt = ack
      this.dupAcks = 0
      this.lastProgress = this.h.sim.now
    } else if (ack === this.sndUna && this.sndNxt > this.sndUna && ++this.dupAcks === 3) {
      this.loss(false)
    }
  }

  private loss(timeout: boolean): void {
    const flight = this.sndNxt - this.sndUna
    this.ssthresh = Math.max(flight / 2, 2 * this.c.mss)
    this.cwnd = timeout ? this.c.mss : this.ssthresh
    this.sndNxt = this.sndUna // go-back-N
    this.retransmits++
    this.lastProgress = this.h.sim.now
  }

  /** Sender timer fired; returns true when the window may have opened (a timeout). */
  onRtoTimer(): boolean {
    this.rtoArmed = false
    if (this.sndUna >= this.sndNxt) return false
    const since = this.h.sim.now - this.lastProgress
    if (since >= this.c.minRtoNs) {
      this.loss(true)
      this.armRto(this.c.minRtoNs)
      return true
    }
    this.armRto(this.c.minRtoNs - since)
    return false
  }

  private armRto(delay: number): void {
    this.rtoArmed = true
    this.h.arm(this.h.flowId, 0, Math.max(1, Math.round(delay)))
  }

  /** Receiver: a data segment has been processed by the server's stack. Returns whether to ACK now. */
  onData(seq: number, len: number): boolean {
    if (seq !== this.rcvNxt) return true // out of order or duplicate: ACK at once (a duplicate ACK)
    this.rcvNxt += len
    this.delivered += len
    // a coalesced packet (LRO/GRO) counts its segments: more than one full segment is ACKed at once, as Linux does
    this.unacked += len > this.c.mss ? Math.ceil(len / this.c.mss) : 1
    if (this.unacked >= this.c.ackEvery) return true
    if (!this.delackArmed) {
      this.delackArmed = true
      this.h.arm(this.h.flowId, 1, this.c.delayedAckNs)
    }
    return false
  }

  /** Builds an ACK for everything received in order. */
  ack(): number {
    const p = this.h.pool
    const pkt = p.alloc()
    p.bytes[pkt] = this.c.headerBytes
    p.kind[pkt] = PacketKind.Ack
    p.flow[pkt] = this.h.flowId
    p.src[pkt] = this.server.id
    p.dst[pkt] = this.client.id
    p.seq[pkt] = this.rcvNxt
    p.len[pkt] = this.c.windowBytes
    p.born[pkt] = this.h.sim.now
    this.unacked = 0
    return pkt
  }
}
