// Several network interfaces of one VM as one (issue 10: several NICs per VM), as Linux
// bonding (Documentation/networking/bonding.rst). Mode balance-tlb (transmit load balancing,
// the default): each flow leaves through the live member its layer-3/4 hash picks — spreading
// sending over the member NICs — while frames for the VM arrive on the active member, whose
// address the bond carries. Mode active-backup: every frame leaves and arrives through the one
// active member. Workloads see the bond as the VM's endpoint; each member keeps its own
// technique, driver and device.
//
// Failover (issue 12, faults): the MII monitor polls the members' carrier every `miimonNs`
// (at whole multiples of it from the run's start). A member whose carrier was lost is taken out
// at the first poll after the loss; if it was the active one, the next live member becomes
// active and the bond's address moves to it (`rebind`: the virtualization layer makes the
// switches and the new member's device deliver the bond's frames there, as the gratuitous ARP
// Linux sends on failover does). A member whose carrier returns is used again at the next poll;
// active-backup does not switch back to it (no "primary" configured).
import type { Simulator } from '../../sim'
import { rssQueue } from '../nic/nic-model'
import type { PacketPool } from '../packet'
import type { Endpoint, EndpointOffload } from './endpoint'

export type BondMode = 'balance-tlb' | 'active-backup'

export interface BondOptions {
  readonly mode: BondMode
  readonly miimonNs: number
  readonly sim: Simulator
  /** The bond's frames must now arrive on `member` (the active member changed). */
  readonly rebind?: (member: Endpoint) => void
}

export class BondEndpoint implements Endpoint {
  readonly id: number
  readonly domain: Endpoint['domain']
  readonly host: Endpoint['host']
  /** What every member offers (a large send must suit whichever member carries it). */
  readonly offload: EndpointOffload | undefined
  onReceive: (pkt: number) => void = () => {}
  readonly members: readonly Endpoint[]
  readonly mode: BondMode
  /** Failovers done (the active member changed because it lost its carrier). */
  failovers = 0
  private readonly pool: PacketPool
  /** Members the bond uses (carrier seen up at the last poll), in member order. */
  private live: Endpoint[]
  private active = 0
  /** Each member's carrier as it is now (the monitor sees it at its next poll). */
  private readonly carrier: boolean[]
  private readonly opts: BondOptions | undefined
  private readonly pollId: number = -1
  private pollPending = false

  constructor(members: readonly Endpoint[], pool: PacketPool, opts?: BondOptions) {
    if (members.length === 0) throw new Error('a bond needs at least one member')
    this.members = members
    this.pool = pool
    this.opts = opts
    this.mode = opts?.mode ?? 'balance-tlb'
    this.live = [...members]
    this.carrier = members.map(() => true)
    this.id = members[0].id
    this.domain = members[0].domain
    this.host = members[0].host
    const offs = members.map((m) => m.offload)
    this.offload = offs.every((o) => o !== undefined)
      ? { tsoBytes: Math.min(...offs.map((o) => o!.tsoBytes)), checksum: offs.every((o) => o!.checksum) }
      : undefined
    for (const m of members) m.onReceive = (pkt) => this.onReceive(pkt)
    if (opts !== undefined) this.pollId = opts.sim.register(() => this.poll(), `bond/${this.id}/miimon`)
  }

  /** The member flow `flow` leaves through: the active one (active-backup), else a fixed hash of the flow over the live members. */
  memberOf(flow: number): Endpoint {
    if (this.mode === 'active-backup' || this.live.length === 0) return this.members[this.active]
    return this.live[rssQueue(flow, this.live.length)]
  }

  /** The member frames for the bond arrive on. */
  get activeMember(): Endpoint {
    return this.members[this.active]
  }

  send(pkt: number, vcpu?: number): void {
    this.memberOf(this.pool.flow[pkt]).send(pkt, vcpu)
  }

  vcpuOf(flow: number): number {
    return this.memberOf(flow).vcpuOf?.(flow) ?? 0
  }

  /** Member `index`'s carrier went down or came back (a fault): the MII monitor sees it at its next poll. */
  carrierChanged(index: number, up: boolean): void {
    this.carrier[index] = up
    const o = this.opts
    if (o === undefined || this.pollPending) return
    const next = (Math.floor(o.sim.now / o.miimonNs) + 1) * o.miimonNs
    this.pollPending = true
    o.sim.schedule(next - o.sim.now, this.pollId, 0)
  }

  private poll(): void {
    this.pollPending = false
    this.live = this.members.filter((_, i) => this.carrier[i])
    if (!this.carrier[this.active]) {
      const next = this.members.findIndex((_, i) => this.carrier[i])
      if (next >= 0) {
        this.active = next
        this.failovers++
        this.opts?.rebind?.(this.members[next])
      }
    }
  }
}
