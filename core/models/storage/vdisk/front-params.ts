// A virtual disk's front-end parameters (issue 11): the emulated controller a guest's unmodified
// driver programs (IDE, AHCI, SCSI), the paravirtual protocol (blkfront/blkback, virtio-blk), and
// completion-interrupt coalescing. Keys are part of the project-file contract (attachment `params`).
import type { ParamSpec } from '../../catalog-types'

export const VDISK_FRONT_PARAMS = [
] as const satisfies readonly ParamSpec[]
