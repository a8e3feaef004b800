// The NIC's transmit scheduler (issue 12: weighted fair queueing on a NIC's own queues).
//
// A real NIC does not DMA a frame the moment its driver rings the doorbell: frames wait in their
// queue's descriptor ring in host memory, and the NIC's transmit arbiter fetches the next frame
// from one of the queues only when its on-chip transmit packet buffer has room for it; the
// buffer drains onto the wire. So frames of different queues (the PF's and each SR-IOV VF's)
// meet in the buffer, a FIFO of `txBufferBytes`, and before it in the arbiter:
//
// - The packet buffer: Intel's gigabit 8254x family splits a 64 KB packet memory between receive
//   and transmit (PCI/PCI-X Family of Gigabit Ethernet Controllers Software Developer's Manual
//   §13.4.16, register PBA: TXA = 64 − RXA, RXA default 48 KB, so 16 KB for transmit); the 82599
//   has 160 KB (Linux ixgbe_type.h IXGBE_TXPBSIZE_MAX, divided among its traffic classes).
// - The arbiter: deficit weighted round robin among the queues that have frames waiting
//   (Shreedhar and Varghese, SIGCOMM 1995). A queue's turn adds `quantum × weight` bytes of credit;
//   it sends frames while the head frame fits in its credit; an emptied queue forgets its credit.
//   This is the arbitration the hardware offers per VF: the 82599's transmit descriptor plane
//   gives each transmit queue a credit refill quantum (register RTTDT1C, selected by RTTDQSEL;
//   Linux ixgbe_dcb_82599.c), and Mellanox ConnectX's e-switch transmit scheduling arbiter (TSAR)
//   gives each VF's vport a relative `bw_share` that Linux derives from the VF's `min_tx_rate`
//   (mlx5 eswitch esw_qos_normalize_vports_min_rate, `ip link set <pf> vf N min_tx_rate`). With
//   equal weights (the default) it is round robin by bytes.
//
// A TSO send is admitted once its first segment fits (the NIC fetches and sends a large send
// segment by segment, overlapping its DMA with the wire; the model DMAs it whole), and it then
// holds all its segments' bytes until they are serialized; a frame larger than the whole
// buffer is admitted when the buffer is empty. The
// arbiter holds frames as the guest's ring does; it does not drop (a real driver stops its queue
// when the ring is full, and the per-VF rate pacer in front of it keeps its own ring limit).
// Everything is synchronous: the arbiter adds no simulation events.
import type { NicQueue } from './nic-model'

export class TxArbiter {
  /** Bytes in the on-chip transmit buffer (fetched, not yet serialized). */
  occupancy = 0
  private readonly capacity: number
  private readonly quantum: number
  private readonly charge: (pkt: number) => number
  private readonly room: (pkt: number) => number
  private readonly fetch: (pkt: number, q: NicQueue) => void
  /** Queues with frames waiting, in round-robin order. */
  private readonly active: NicQueue[] = []
  private cur = 0
  /** The current queue has had its quantum for this turn. */
  private granted = false

  /**
   * @param capacity the transmit packet buffer in bytes
   * @param quantum bytes of credit a weight-1 queue gets per turn (at least one full frame, so a turn always sends)
   * @param charge the bytes a frame takes in the buffer (all its segments' for a TSO send)
   * @param fetch the NIC fetches (DMAs) the frame into the buffer
   * @param room the bytes that must fit for the frame to start (its first segment's for a TSO send; default: its charge)
   */
  constructor(capacity: number, quantum: number, charge: (pkt: number) => number, fetch: (pkt: number, q: NicQueue) => void, room: (pkt: number) => number = charge) {
    this.capacity = Math.max(1, capacity)
    this.quantum = Math.max(1, quantum)
    this.charge = charge
    this.room = room
    this.fetch = fetch
  }

  /** The driver rang queue q's doorbell for `pkt`. */
  submit(pkt: number, q: NicQueue): void {
    if (q.txHead === q.txFifo.length) {
      q.txFifo.length = 0
      q.txHead = 0
      q.txDeficit = 0
      this.active.push(q)
    }
    q.txFifo.push(pkt)
    this.pump()
  }

  /** `bytes` of the buffer left on the wire. */
  freed(bytes: number): void {
    this.occupancy -= bytes
    if (this.occupancy < 1e-6) this.occupancy = 0
    if (this.active.length > 0) this.pump()
  }

  /** Frames waiting for the arbiter on queue q. */
  waiting(q: NicQueue): number {
    return q.txFifo.length - q.txHead
  }

  private pump(): void {
    while (this.active.length > 0) {
      if (this.cur >= this.active.length) this.cur = 0
      const q = this.active[this.cur]
      const pkt = q.txFifo[q.txHead]
      const c = this.charge(pkt)
      if (this.active.length === 1) {
        if (q.txDeficit < c) q.txDeficit = c // alone: no one to share with, the order is FIFO
      } else if (!this.granted) {
        q.txDeficit += this.quantum * q.txWeight
        this.granted = true
      }
      if (c > q.txDeficit) { // its credit for this turn is spent: the next queue's turn
        this.cur++
        this.granted = false
        continue
      }
      if (this.occupancy > 0 && this.occupancy + this.room(pkt) > this.capacity) return // wait for the wire to free room
      q.txHead++
      q.txDeficit -= c
      this.occupancy += c
      if (q.txHead === q.txFifo.length) { // emptied: leaves the round and forgets its credit
        q.txFifo.length = 0
        q.txHead = 0
        q.txDeficit = 0
        this.active.splice(this.cur, 1)
        this.granted = false
      }
      this.fetch(pkt, q)
    }
  }
}
