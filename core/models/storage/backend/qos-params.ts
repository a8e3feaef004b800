// Storage QoS parameters of a virtual disk (issue 12): mClock's reservation, limit and shares
// per virtual disk (mclock.ts). Keys are part of the project-file contract (attachment `params`).
// PARDA's control loop of a host's issue queue towards a shared array (parda.ts) is configured
// per array (core/models/storage/array/params.ts, ARRAY_PARDA); a host's β comes from the
// ioShares of its virtual disks on the array.
import type { ParamSpec } from '../../catalog-types'
import { count } from '../../param-kit'

/** mClock per virtual disk (Gulati, Merchant, Varman, OSDI 2010). */
export const VDISK_MCLOCK_PARAMS = [
  {
    key: 'iopsReservation', label: 'I/O reservation (IOPS)', ...count(0, 65535), default: 0, group: 'Storage QoS',
    doc: 'Minimum I/Os per second the virtual disk is guaranteed on its device under contention (mClock\'s reservation r: each request carries an R tag 1/r after the previous one, and requests whose R tag is due are served first); 0 = none.',
    source: 'assumption: no reservation unless an experiment sets one (a configuration); mechanism: Gulati et al., "mClock: Handling Throughput Variability for Hypervisor IO Scheduling", OSDI 2010, §3 (reservation, limit and shares with R, L and P tags)',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'iopsLimit', label: 'I/O limit (IOPS)', ...count(0, 65535), default: 0, group: 'Storage QoS',
    doc: 'Maximum I/Os per second of the virtual disk (mClock\'s limit l: a request whose L tag, 1/l after the previous one, is still in the future is not served in the shares phase); 0 = none.',
    source: 'assumption: no limit unless an experiment sets one (a configuration); mechanism: Gulati et al., OSDI 2010, §3',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'ioShares', label: 'I/O shares', ...count(1, 65535), default: 1000, group: 'Storage QoS',
    doc: 'Relative weight of the virtual disk in the I/O its device serves beyond reservations (mClock\'s shares w: P tags 1/w apart; the smallest eligible P tag is served).',
    source: 'assumption: equal shares unless an experiment sets them, at VMware\'s "Normal" disk share level (Low 500 / Normal 1000 / High 2000 per virtual disk); only ratios matter',
    sourceKind: 'assumption', range: { lo: 1000, hi: 1000, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'mclockQueueDepth', label: 'mClock device queue depth', ...count(1, 4096), default: 32, group: 'Storage QoS',
    doc: 'Requests the mClock scheduler keeps outstanding at the device below it; beyond that they wait in the scheduler, where the tags order them. A deeper queue keeps the device busier but leaves less for mClock to order.',
    source: 'assumption: 32, the default device queue depth of ESX\'s storage stack of the mClock paper\'s time and a SATA NCQ queue; Gulati et al. OSDI 2010 §4 schedule requests into the host\'s issue queue',
    sourceKind: 'assumption', range: { lo: 8, hi: 128, why: 'device queue depths of 8–128 are common for SCSI/SATA LUNs and HBAs' }
  }
] as const satisfies readonly ParamSpec[]

export type VdiskQosParamKey = (typeof VDISK_MCLOCK_PARAMS)[number]['key']
