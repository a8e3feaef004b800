// The parameters of a virtual disk: an attachment of a VM to a storage device (disk, ssd, nvme,
// storage-array) carries them in its `params` object, validated against this list like a node's.
import type { ParamSpec } from '../../catalog-types'
import { VDISK_BACKEND_PARAMS } from '../backend/params'
import { VDISK_FRONT_PARAMS } from './front-params'

export const VDISK_PARAMS: readonly ParamSpec[] = Object.freeze([...VDISK_FRONT_PARAMS, ...VDISK_BACKEND_PARAMS])
