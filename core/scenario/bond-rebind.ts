// A bond's failover as the virtualization layer carries it out (issue 12): the bond's address
// (its first member's endpoint id) moves to the new active member — every switch now forwards
// the bond's frames towards that member's device, and that device delivers them to the member's
// queue (and a paravirtual or emulated member's back end its front: the member carries the bond's
// MAC, as every slave of an active-backup bond does) — as after the gratuitous ARP Linux bonding
// sends when the active slave changes.
import type { Endpoint } from '../techniques/types'
import type { BondEndpoint } from '../models/net/bond'
import type { World } from './world'

export function rebindBond(w: World, bond: BondEndpoint, member: Endpoint): void {
  for (const sw of w.switches.values()) {
    const port = sw.portOf(member.id)
    if (port !== undefined) sw.learn(bond.id, port)
  }
  const dev = w.devices.get(w.endpointDevice.get(member.id) ?? '')
  if (dev?.kind === 'nic') dev.nic.alias(bond.id, member.id)
  // a software back end (netback's bridge, an emulated device's back end) finds the guest by address too
  member.alias?.(bond.id)
}
