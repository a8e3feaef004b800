// Parameters of storage faults and path failover (issue 12, docs/faults.md "Storage"): the OS's
// command timeout of every storage kind (a failed device's commands hang until it expires; on a
// storage array it also bounds a command lost on a link that went down), and a virtual disk's
// dm-multipath settings (which of its paths to a storage array carries I/O, how often the path
// checker looks at failed paths, and what happens to I/O when no path is left).
import type { ParamSpec } from '../catalog-types'
import { DURATION, MS, SEC, oneOf } from '../param-kit'

/** The OS's per-command timer, appended to disk, ssd, nvme and storage-array. */
export const STORAGE_FAULT_PARAMS = [
  {
    key: 'commandTimeout', label: 'Command timeout', ...DURATION, min: 1 * MS, max: 600 * SEC, default: 30 * SEC, group: 'Faults',
    doc: 'The OS\'s timer on every command to this device. A command the device does not answer (the device failed, or — for a storage array — the command or its response was lost on a link that went down) fails after this time; the error handler then sets a failed device offline, so later commands fail at once, and dm-multipath fails the path and retries on another. Only faults make it matter.',
    source: 'assumption: a configuration — Red Hat Enterprise Linux Storage Administration Guide, "Controlling the SCSI Command Timer and Device Status": the SCSI layer sets a timer on each command, then abort / device / bus / host reset, then offline; the sd driver\'s default timer is 30 s (/sys/block/<dev>/device/timeout; NVMe: nvme_core.io_timeout = 30 s)',
    sourceKind: 'assumption', range: { lo: 30 * SEC, hi: 60 * SEC, why: 'the kernel default 30 s; udev rules of some distributions set 60 s' }
  }
] as const satisfies readonly ParamSpec[]

export type StorageFaultParamKey = (typeof STORAGE_FAULT_PARAMS)[number]['key']

/** dm-multipath settings of a virtual disk on a storage array reached over several paths (VDISK_PARAMS, last). */
export const VDISK_PATH_PARAMS = [
  {
    key: 'multipathPolicy', label: 'Multipath policy', ...oneOf('failover', 'round-robin', 'service-time'), default: 'failover', group: 'Multipath',
    doc: 'How dm-multipath uses the paths (one per host NIC with an Ethernet path to the array): "failover" sends every I/O on the first healthy path (path_grouping_policy failover: one path per group); "round-robin" alternates the healthy paths I/O by I/O (multibus with the round-robin selector); "service-time" sends each I/O to the healthy path with the fewest bytes in flight (multibus with "service-time 0", equal path throughputs). Only a virtual disk on a storage array with two or more paths is affected.',
    source: 'assumption: a configuration — multipath.conf(5) and RHEL DM Multipath guide, Table 4.1: path_grouping_policy defaults to failover; multibus with "round-robin 0" or "service-time 0" (the default selector of current multipath-tools) spreads I/O',
    sourceKind: 'assumption'
  },
  {
    key: 'pathCheckInterval', label: 'Path checker interval', ...DURATION, min: 1 * MS, max: 600 * SEC, default: 5 * SEC, group: 'Multipath',
    doc: 'multipathd\'s path checker looks at every failed path at whole multiples of this interval from the run\'s start and reinstates it when its links are up again (queued I/O then flows). A path is failed by an I/O that errors or times out on it (the device\'s commandTimeout).',
    source: 'assumption: a configuration — multipath.conf(5), RHEL 6/7 DM Multipath guide Table 4.1: polling_interval, "the interval between two path checks in seconds", default 5',
    sourceKind: 'assumption', range: { lo: 5 * SEC, hi: 20 * SEC, why: 'the default 5 s; healthy paths back off to 4 × polling_interval' }
  },
  {
    key: 'noPathRetry', label: 'When no path is left', ...oneOf('queue', 'fail'), default: 'queue', group: 'Multipath',
    doc: '"queue" (queue_if_no_path, no_path_retry queue): with every path failed, I/O waits until the checker reinstates a path — the guest stalls but sees no error. "fail": I/O fails at once (an I/O error in the guest).',
    source: 'assumption: a configuration — multipath.conf(5): no_path_retry "queue" = queue_if_no_path, "fail" = immediate failure; the built-in hardware entries of most arrays set queue',
    sourceKind: 'assumption'
  }
] as const satisfies readonly ParamSpec[]
