// What drawing a connection between two components means, by the catalog: an attachment (VM to a
// device), a placement (a component onto its host), a link of an allowed kind — or a refusal with its reason.
import { CATALOG, LINK_KINDS, linkKindsBetween, techniquesFor } from '../../../core/models/catalog'
import type { ComponentKind, LinkKind, TechniqueId } from '../../../core/models/catalog'

export interface Endpoint { id: string; kind: ComponentKind }

export type ConnectDecision =
  | { action: 'attach'; vm: string; device: string; technique: TechniqueId }
  | { action: 'place'; child: string; host: string }
  | { action: 'link'; kind: LinkKind; from: string; to: string }
  | { action: 'refuse'; reason: string }

/** The technique a new attachment starts with: the one the device is built for, not the baseline. */
const PREFERRED: readonly TechniqueId[] = ['self-virtualized', 'scalable-io', 'paravirtual', 'sriov', 'passthrough', 'emulated', 'vpio', 'native']

export function defaultTechnique(deviceKind: ComponentKind): TechniqueId | undefined {
  const allowed = techniquesFor(deviceKind)
  return PREFERRED.find((t) => allowed.includes(t))
}

/** Link kinds a user may draw between two kinds (implicit PCI links follow from placement instead). */
export function drawableLinkKinds(a: ComponentKind, b: ComponentKind): LinkKind[] {
  return linkKindsBetween(a, b).filter((k) => !LINK_KINDS[k].implicit)
}

const label = (k: ComponentKind): string => CATALOG[k].label
const article = (k: ComponentKind): string => (label(k).startsWith('NP') ? 'an' : 'a')
const plural = (k: ComponentKind): string => `${label(k)}${/(ch|sh|s)$/.test(label(k)) ? 'es' : 's'}`
const named = (k: ComponentKind): string => `${article(k)} ${label(k)}`

function devicesList(): string {
  const kinds = (Object.keys(CATALOG) as ComponentKind[]).filter((k) => techniquesFor(k).length > 0)
  return kinds.map(label).join(', ').replace(/, ([^,]*)$/, ' or $1')
}

function vmDecision(vm: Endpoint, other: Endpoint): ConnectDecision {
  if (other.kind === 'host') return { action: 'place', child: vm.id, host: other.id }
  const technique = defaultTechnique(other.kind)
  if (technique) return { action: 'attach', vm: vm.id, device: other.id, technique }
  return { action: 'refuse', reason: `A VM reaches devices through attachments: connect it to ${devicesList()}, not to ${named(other.kind)}.` }
}

/** The meaning of a connection drawn from `a` to `b`. */
export function decideConnection(a: Endpoint, b: Endpoint): ConnectDecision {
  if (a.id === b.id) return { action: 'refuse', reason: 'A component cannot be connected to itself.' }
  if (a.kind === 'vm' && b.kind === 'vm') return { action: 'refuse', reason: 'Two VMs cannot be connected directly: attach each to a device (a NIC, NP-NIC or DC).' }
  if (a.kind === 'vm') return vmDecision(a, b)
  if (b.kind === 'vm') return vmDecision(b, a)
  for (const [child, host] of [[a, b], [b, a]] as const) {
    if (host.kind !== 'host') continue
    if (CATALOG[child.kind].placedOn?.includes('host')) return { action: 'place', child: child.id, host: host.id }
    return { action: 'refuse', reason: `${plural(child.kind)} are not placed on hosts: place a NIC or NP-NIC on the host and link that to the ${label(child.kind)}.` }
  }
  const kinds = drawableLinkKinds(a.kind, b.kind)
  if (kinds.length > 0) return { action: 'link', kind: kinds[0], from: a.id, to: b.id }
  return { action: 'refuse', reason: `No link kind joins ${named(a.kind)} to ${named(b.kind)}.` }
}
