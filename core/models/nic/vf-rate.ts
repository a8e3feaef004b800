// The per-VF transmit rate limiter of an SR-IOV NIC (Intel 82599: a rate scheduler per transmit
// queue, programmed by the PF driver with a rate factor = link speed / VF rate — Linux
// ixgbe_set_vf_rate_limit, `ip link set <pf> vf N rate <Mbps>`): the NIC fetches the queue's
// next frame only when the pacing allows, so a VF's frames leave no faster than its rate while
// other VFs' frames are not held. Modelled as a pacer: a frame may start when the previous one's
// time at the limited rate has passed (bytes × 8 / rate); the 82599's compensation window
// (RTTBCNRM MMW_SIZE = 0x4 without jumbo frames) allows about one standard frame of slack,
// which the pacer's one-frame granularity stands for. Frames waiting for the pacer stay in the
// VF's transmit ring (a full ring drops, as the guest driver would stop its queue).
import type { Simulator } from '../../sim'
import type { PacketPool } from '../packet'

const ETH_HEADER = 14

export class VfRateLimiter {
  readonly rateBps: number
  /** Frames held for pacing since the last reset. */
  held = 0
  private readonly sim: Simulator
  private readonly pool: PacketPool
  private readonly fifo: number[] = []
  private head = 0
  private readonly capacity: number
  /** Earliest time the next frame may start. */
  private nextAt = 0
  private armed = false
  private readonly releaseId: number
  private readonly out: (pkt: number) => void
  private readonly drop: (pkt: number) => void

  constructor(sim: Simulator, pool: PacketPool, rateBps: number, capacity: number, name: string, out: (pkt: number) => void, drop: (pkt: number) => void) {
    this.sim = sim
    this.pool = pool
    this.rateBps = rateBps
    this.capacity = Math.max(1, capacity)
    this.out = out
    this.drop = drop
    this.releaseId = sim.register(() => this.release(), `${name}/vf-rate`)
  }

  /** The driver rang the doorbell for `pkt`: it goes now if the pacing allows, else waits its turn. */
  submit(pkt: number): void {
    if (this.fifo.length - this.head >= this.capacity) return this.drop(pkt)
    this.fifo.push(pkt)
    if (!this.armed) this.release()
  }

  private release(): void {
    this.armed = false
    const now = this.sim.now
    while (this.head < this.fifo.length) {
      if (this.nextAt > now) {
        this.armed = true
        this.held++
        this.sim.scheduleAt(this.nextAt, this.releaseId)
        return
      }
      const pkt = this.fifo[this.head++]
      this.nextAt = Math.max(this.nextAt, now) + ((this.pool.bytes[pkt] + ETH_HEADER) * 8e9) / this.rateBps
      this.out(pkt)
    }
    this.fifo.length = 0
    this.head = 0
  }
}
