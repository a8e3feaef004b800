// Several network interfaces of one VM as one (issue 10: several NICs per VM), as Linux
// bonding in transmit-load-balancing mode: each flow leaves through the member its layer-3/4
// hash picks — spreading sending over the member NICs — while frames for the VM arrive on
// the first member, whose address the bond carries. Workloads see the bond as the VM's
// endpoint; each member keeps its own technique, driver and device.
import { rssQueue } from '../nic/nic-model'
import type { PacketPool } from '../packet'
import type { Endpoint, EndpointOffload } from './endpoint'

export class BondEndpoint implements Endpoint {
  readonly id: number
  readonly domain: Endpoint['domain']
  readonly host: Endpoint['host']
  /** What every member offers (a large send must suit whichever member carries it). */
  readonly offload: EndpointOffload | undefined
  onReceive: (pkt: number) => void = () => {}
  private readonly members: readonly Endpoint[]
  private readonly pool: PacketPool

  constructor(members: readonly Endpoint[], pool: PacketPool) {
    if (members.length === 0) throw new Error('a bond needs at least one member')
    this.members = members
    this.pool = pool
    this.id = members[0].id
    this.domain = members[0].domain
    this.host = members[0].host
    const offs = members.map((m) => m.offload)
    this.offload = offs.every((o) => o !== undefined)
      ? { tsoBytes: Math.min(...offs.map((o) => o!.tsoBytes)), checksum: offs.every((o) => o!.checksum) }
      : undefined
    for (const m of members) m.onReceive = (pkt) => this.onReceive(pkt)
  }

  /** The member flow `flow` leaves through (a fixed hash of the flow, as the bond's layer3+4 transmit hash). */
  memberOf(flow: number): Endpoint {
    return this.members[rssQueue(flow, this.members.length)]
  }

  send(pkt: number, vcpu?: number): void {
    this.memberOf(this.pool.flow[pkt]).send(pkt, vcpu)
  }

  vcpuOf(flow: number): number {
    return this.memberOf(flow).vcpuOf?.(flow) ?? 0
  }
}
