// The node kinds that are storage devices (issue 11): a VM's attachment to one is a virtual
// disk (a BlockPort), not a network interface. Read by the scenario build and validation.
export const STORAGE_KIND_IDS = ['disk', 'ssd', 'nvme', 'storage-array'] as const
export type StorageKind = (typeof STORAGE_KIND_IDS)[number]

export function isStorageKind(kind: string | undefined): kind is StorageKind {
  return kind !== undefined && (STORAGE_KIND_IDS as readonly string[]).includes(kind)
}

/**
 * Techniques that build a virtual disk (their `attachBlock`, core/techniques): validation refuses
 * an attachment of a storage device by any other (tests/core/models/storage-kinds.test.ts keeps
 * this list equal to the registry's). Techniques of other helpers join as they gain attachBlock.
 */
export const BLOCK_TECHNIQUES: readonly string[] = ['native', 'passthrough', 'sriov']

/** Techniques whose guest drives the device itself: no back end, so no interposition or cache (seed 001). */
export const DIRECT_BLOCK_TECHNIQUES: readonly string[] = ['passthrough', 'sriov']
