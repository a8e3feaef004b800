// What drawing a connection between two components means, by the catalog: an attachment (VM to a
// device), a placement (a component onto its host), a link of an allowed kind — or a refusal with its reason.
import { CATALOG, LINK_KINDS, linkKindsBetween, techniquesFor } from '../../../core/models/catalog'
import type { ComponentKind, LinkKind, TechniqueId } from '../../../core/models/catalog'
import { BLOCK_TECHNIQUES, isStorageKind } from '../../../core/models/storage/storage-kinds'

/** A component at one end of a connection; `role` is a VM's ('guest' or 'driver-domain') when known. */
export interface Endpoint { id: string; kind: ComponentKind; role?: string }

export type ConnectDecision =
  | { action: 'attach'; vm: string; device: string; technique: TechniqueId }
  | { action: 'place'; child: string; host: string }
  | { action: 'link'; kind: LinkKind; from: string; to: string }
  | { action: 'refuse'; reason: string }

/** The technique a new attachment starts with: the one the device is built for, not the baseline. */
const PREFERRED: readonly TechniqueId[] = ['self-virtualized', 'scalable-io', 'paravirtual', 'sriov', 'passthrough', 'emulated', 'vpio', 'native']

/**
 * A virtual disk starts served (paravirtual, else emulated) so several VMs share the device and
 * interposition applies; then the direct techniques. Only techniques that build a virtual disk
 * (core/models/storage/storage-kinds.ts BLOCK_TECHNIQUES) are chosen, so a new disk validates.
 */
const PREFERRED_BLOCK: readonly TechniqueId[] = ['paravirtual', 'emulated', 'passthrough', 'sriov', 'vpio', 'scalable-io', 'native']

export function defaultTechnique(deviceKind: ComponentKind, vmRole?: string): TechniqueId | undefined {
  const allowed = techniquesFor(deviceKind)
  if (!isStorageKind(deviceKind)) return PREFERRED.find((t) => allowed.includes(t))
  // the driver domain drives its own devices natively
  if (vmRole === 'driver-domain' && allowed.includes('native') && BLOCK_TECHNIQUES.includes('native')) return 'native'
  return PREFERRED_BLOCK.find((t) => t !== 'native' && allowed.includes(t) && BLOCK_TECHNIQUES.includes(t))
    ?? PREFERRED_BLOCK.find((t) => allowed.includes(t))
}

/** The techniques the inspector offers for an attachment to a device of `kind`: the catalog's attach rules. */
export function techniqueChoices(deviceKind: ComponentKind): readonly TechniqueId[] {
  return techniquesFor(deviceKind)
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
  const technique = defaultTechnique(other.kind, vm.role)
  if (technique) return { action: 'attach', vm: vm.id, device: other.id, technique }
  return { action: 'refuse', reason: `A VM reaches devices through attachments: connect it to ${devicesList()}, not to ${named(other.kind)}.` }
}

/** The meaning of a connection drawn from `a` to `b`. */
export function decideConnection(a: Endpoint, b: Endpoint): ConnectDecision {
  if (a.id === b.id) return { action: 'refuse', reason: 'A component cannot be connected to itself.' }
  if (a.kind === 'vm' && b.kind === 'vm') return { action: 'refuse', reason: 'Two VMs cannot be connected directly: attach each to a device (a NIC, NP-NIC, DC or storage device).' }
  if (a.kind === 'vm') return vmDecision(a, b)
  if (b.kind === 'vm') return vmDecision(b, a)
  for (const [child, host] of [[a, b], [b, a]] as const) {
    if (host.kind !== 'host') continue
    if (CATALOG[child.kind].placedOn?.includes('host')) return { action: 'place', child: child.id, host: host.id }
    if (isStorageKind(child.kind)) {
      return { action: 'refuse', reason: `${plural(child.kind)} are not placed on hosts: they are reached over Ethernet — place a NIC on the host and link it to the ${label(child.kind)} (directly or through a Switch).` }
    }
    return { action: 'refuse', reason: `${plural(child.kind)} are not placed on hosts: place a NIC or NP-NIC on the host and link that to the ${label(child.kind)}.` }
  }
  const kinds = drawableLinkKinds(a.kind, b.kind)
  if (kinds.length > 0) return { action: 'link', kind: kinds[0], from: a.id, to: b.id }
  return { action: 'refuse', reason: `No link kind joins ${named(a.kind)} to ${named(b.kind)}.` }
}
