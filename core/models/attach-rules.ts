// What attaches to what: the one table of the domain rules a technique imposes on the
// device, the domain using it and the host. The catalog (palette, inspector), project
// validation (core/project/check-domain.ts) and the NIC model's sharing rule all read
// it; the technique modules keep only assertions that no valid project can trip.
import type { ComponentKind, TechniqueId } from './catalog-types'

/** How a technique occupies a commodity NIC (the NIC model's `claim`). */
export type NicUse = 'driver-domain' | 'sriov' | 'passthrough' | 'vpio'

/** Who may use a technique: a guest, only the host's driver domain, or either. */
export type DomainRole = 'guest' | 'driver-domain' | 'any'

export interface AttachRule {
  readonly technique: TechniqueId
  /** Device kinds the technique is modelled for. */
  readonly deviceKinds: readonly ComponentKind[]
  /** Which domain may use it (native is the driver domain's; split, emulated and direct-device guests are guests). */
  readonly role: DomainRole
  /** Needs the host's IOMMU (its `iommuEnabled`) to confine the guest's DMA. */
  readonly needsIommu: boolean
  /** How it occupies a NIC (see NIC_USES_SHARE); undefined on other kinds. */
  readonly nicUse?: NicUse
  /** The reason `role` is what it is, for messages. */
  readonly roleWhy?: string
}

/**
 * Storage device kinds (issue 11). Every technique's `nicUse` applies to them unchanged: the
 * driver domain's queue serves native, emulated and paravirtual disks; pass-through gives the
 * whole device to one guest; an NVMe VF's queue pair shares the drive with the driver domain's
 * queues; VPIO hands a disk or SSD controller from guest to guest (nicUsesShare).
 */
export const STORAGE_KINDS: readonly ComponentKind[] = ['disk', 'ssd', 'nvme', 'storage-array']

/** Every technique's rule. */
export const ATTACH_RULES: Readonly<Record<TechniqueId, AttachRule>> = Object.freeze({
  native: {
    technique: 'native', deviceKinds: ['nic', 'np-nic', ...STORAGE_KINDS], role: 'driver-domain', needsIommu: false, nicUse: 'driver-domain',
    roleWhy: 'native access is the driver domain\'s; a guest owning a whole device is pass-through (or an SR-IOV VF)'
  },
  emulated: {
    technique: 'emulated', deviceKinds: ['nic', ...STORAGE_KINDS], role: 'guest', needsIommu: false, nicUse: 'driver-domain',
    roleWhy: 'the driver domain drives its own device natively, not through an emulated one'
  },
  paravirtual: {
    technique: 'paravirtual', deviceKinds: ['nic', 'np-nic', ...STORAGE_KINDS], role: 'guest', needsIommu: false, nicUse: 'driver-domain',
    roleWhy: 'the driver domain reaches its own device natively, not through netfront'
  },
  passthrough: {
    technique: 'passthrough', deviceKinds: ['nic', 'disk', 'ssd', 'nvme'], role: 'guest', needsIommu: true, nicUse: 'passthrough',
    roleWhy: 'the driver domain drives its own device natively, not by pass-through'
  },
  sriov: { technique: 'sriov', deviceKinds: ['nic', 'nvme'], role: 'any', needsIommu: true, nicUse: 'sriov' },
  'self-virtualized': { technique: 'self-virtualized', deviceKinds: ['np-nic'], role: 'any', needsIommu: false },
  vpio: {
    technique: 'vpio', deviceKinds: ['nic', 'disk', 'ssd'], role: 'guest', needsIommu: false, nicUse: 'vpio',
    roleWhy: 'the driver domain drives its own device natively, not through VPIO'
  },
  'scalable-io': { technique: 'scalable-io', deviceKinds: ['dc', 'disk', 'ssd', 'nvme'], role: 'any', needsIommu: false }
} satisfies Record<TechniqueId, AttachRule>)

/** Technique ids in the inspector's order. */
export const TECHNIQUE_ORDER: readonly TechniqueId[] = Object.freeze([
  'native', 'emulated', 'paravirtual', 'passthrough', 'sriov', 'self-virtualized', 'vpio', 'scalable-io'
] as const)

/** The techniques a VM may use to reach a device of `kind` (empty if it is not a device). */
export function techniquesForKind(kind: ComponentKind): readonly TechniqueId[] {
  return TECHNIQUE_ORDER.filter((t) => ATTACH_RULES[t].deviceKinds.includes(kind))
}

/**
 * May two uses share one NIC? Pass-through gives the whole device to one guest; VPIO's
 * device model hands the whole device from guest to guest, so it shares with no other
 * kind of use; the driver domain's queue 0 coexists with SR-IOV virtual functions.
 */
export function nicUsesShare(a: NicUse, b: NicUse): boolean {
  if (a === 'passthrough' || b === 'passthrough') return false
  if (a === b) return true
  return (a === 'driver-domain' && b === 'sriov') || (a === 'sriov' && b === 'driver-domain')
}

/** At least one MSI-X vector group: SR-IOV needs msixVectors ≥ msixVectorsPerVf. */
export function msixGroups(msixVectors: number, msixVectorsPerVf: number): number {
  return Math.floor(msixVectors / msixVectorsPerVf)
}

/** VPIO guests of one NIC drive it the same way: all NE2K (data through a port) or all DMA-style. */
export function vpioDrivesWithPort(driverStyle: string): boolean {
  return driverStyle === 'ne2k'
}
