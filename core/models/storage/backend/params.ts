// A virtual disk's back-end parameters (issue 11): the back end's form (raw device or image file),
// where its stages run, interposition (encryption, replication, snapshot, undo log, compression,
// deduplication), the hypervisor buffer cache (write-through / write-back) and RAID aggregation.
// Keys are part of the project-file contract (attachment `params`).
import type { ParamSpec } from '../../catalog-types'

export const VDISK_BACKEND_PARAMS = [
] as const satisfies readonly ParamSpec[]
