// The parameters of a virtual disk: an attachment of a VM to a storage device (disk, ssd, nvme,
// storage-array) carries them in its `params` object, validated against this list like a node's.
import type { ParamSpec } from '../../catalog-types'
import { VDISK_BACKEND_PARAMS } from '../backend/params'
import { VDISK_MCLOCK_PARAMS } from '../backend/qos-params'
import { VDISK_FRONT_PARAMS } from './front-params'
import { VDISK_PATH_PARAMS } from '../fault-params'

/**
 * Front end, back end, then storage QoS (issue 12): mClock's reservation, limit and shares per
 * virtual disk, applied by a scheduler per storage device and host (core/scenario/build-block.ts).
 * PARDA is configured per storage array (ARRAY_PARDA); a host's β sums its disks' ioShares.
 */
export const VDISK_PARAMS: readonly ParamSpec[] = Object.freeze([...VDISK_FRONT_PARAMS, ...VDISK_BACKEND_PARAMS, ...VDISK_MCLOCK_PARAMS, ...VDISK_PATH_PARAMS])
