// The consumer side of a notify queue on a domain's vCPU (NAPI, netback, netfront): once
// kicked, check the queue, process packet after packet as CPU work, and re-arm
// notifications only when it is empty. Records the per-packet stage time.
import type { Domain } from '../../models/host/domain'
import type { NotifyQueue } from '../../models/notify-queue'
import type { PacketPool } from '../../models/packet'
import type { RunStats } from '../../models/run-stats'
import type { Simulator } from '../../sim'

export interface DrainSpec {
  domain: Domain
  vcpu: number
  queue: NotifyQueue
  /** CPU work of checking the queue once per kick (finds nothing on a redundant signal). */
  checkNs: number
  /** CPU work per packet. */
  perPacketNs: (pkt: number) => number
  /** Charge the per-packet work to the hypervisor (e.g. a page flip) instead of the domain. */
  asHypervisor?: boolean
  stage: string
  onPacket: (pkt: number) => void
}

export class RxDrain {
  private draining = false
  private readonly s: DrainSpec
  private readonly sim: Simulator
  private readonly pool: PacketPool
  private readonly stats: RunStats
  private readonly stage: number

  constructor(sim: Simulator, pool: PacketPool, stats: RunStats, spec: DrainSpec) {
    this.sim = sim
    this.pool = pool
    this.stats = stats
    this.s = spec
    this.stage = stats.stages.id(spec.stage)
  }

  /** A notification reached the consumer (on its vCPU). */
  kick(): void {
    if (this.draining) return
    this.draining = true
    this.s.domain.run(this.s.vcpu, this.s.checkNs, this.next, 0)
  }

  private readonly next = (): void => {
    const q = this.s.queue
    if (q.length === 0) {
      q.armed = true
      this.draining = false
      return
    }
    const pkt = q.shift()
    this.pool.stageAt[pkt] = this.sim.now
    const ns = this.s.perPacketNs(pkt)
    if (this.s.asHypervisor) this.s.domain.runHv(this.s.vcpu, ns, this.got, pkt)
    else this.s.domain.run(this.s.vcpu, ns, this.got, pkt)
  }

  private readonly got = (pkt: number): void => {
    this.stats.stages.record(this.stage, this.sim.now - this.pool.stageAt[pkt])
    this.s.onPacket(pkt)
    this.next()
  }
}
