// Where a migrated VM's network interface goes on its target host (issue 12, re-homing:
// core/scenario/rehome.ts), shared by validation (check-migration.ts) and the run: the first device
// of the same kind as the one it uses on its source (a NIC or an NP-NIC) placed on the target host
// with an Ethernet link, in project order.

/** Device kinds a migrated guest's interface is re-homed from (and onto: the same kind on the target). */
export const REHOMED_KINDS: ReadonlySet<string> = new Set(['nic', 'np-nic'])

interface NodeLike { readonly id: string; readonly kind: string; readonly host?: string }
interface LinkLike { readonly kind: string; readonly from: string; readonly to: string }

/** The device on host `to` an interface on a `sourceKind` device moves to, or what is missing. */
export function rehomeDevice(nodes: readonly NodeLike[], links: readonly LinkLike[], sourceKind: string, to: string): string | { missing: string } {
  const linked = (id: string): boolean => links.some((l) => l.kind === 'ethernet' && (l.from === id || l.to === id))
  const same = nodes.filter((n) => n.host === to && n.kind === sourceKind)
  const dev = same.find((n) => linked(n.id))
  if (dev !== undefined) return dev.id
  return { missing: same.length === 0 ? `host "${to}" has no ${sourceKind}` : `the ${sourceKind} of host "${to}" (${same.map((n) => `"${n.id}"`).join(', ')}) has no Ethernet link` }
}
