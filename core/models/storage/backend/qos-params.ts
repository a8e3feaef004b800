// Storage QoS parameters of a virtual disk (issue 12): mClock's reservation, limit and shares
// per virtual disk (mclock.ts), and PARDA's control loop of a host's issue queue towards a
// shared array (parda.ts). Keys are part of the project-file contract (attachment `params`);
// the lead wires them into the virtual disk's parameters (vdisk/params.ts) at merge.
import type { ParamSpec } from '../../catalog-types'
import { DURATION, MS, RATIO, count } from '../../param-kit'

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

/** PARDA per host towards a shared array (Gulati, Ahmad, Waldspurger, FAST 2009). */
export const VDISK_PARDA_PARAMS = [
  {
    key: 'pardaLatencyThreshold', label: 'PARDA latency threshold', ...DURATION, min: 100_000, max: 1_000 * MS, default: 25 * MS, group: 'Storage QoS',
    doc: 'The system-wide latency threshold 𝓛 of PARDA\'s control law w(t+1) = (1 − γ) w(t) + γ (𝓛 / L(t) · w(t) + β): above it each host shrinks its issue-queue window, below it the window grows.',
    source: 'assumption: 25 ms, a threshold of the order PARDA targets for disk arrays (an administrator\'s setting, Gulati et al. FAST 2009 §3.1)',
    sourceKind: 'assumption', range: { lo: 5_000_000, hi: 50_000_000, why: 'a threshold an administrator picks between a disk array\'s unloaded latency and tens of ms' }
  },
  {
    key: 'pardaGamma', label: 'PARDA smoothing γ', ...RATIO, default: 0.2, group: 'Storage QoS',
    doc: 'Smoothing γ of the window update (how far each control period moves the window towards its target).',
    source: 'assumption: 0.2; PARDA takes γ ∈ [0, 1] (Gulati et al. FAST 2009 §3.1, eq. 2) and the model does not take its evaluation\'s value',
    sourceKind: 'assumption', range: { lo: 0.05, hi: 0.5, why: 'a stable, not sluggish, FAST-TCP-style update' }
  },
  {
    key: 'pardaAlpha', label: 'PARDA latency EWMA α', ...RATIO, default: 0.5, group: 'Storage QoS',
    doc: 'Weight of the past in the exponentially weighted average of I/O latency L(t) = (1 − α) l + α L(t − 1), with l the mean latency of the last control period.',
    source: 'assumption: 0.5; PARDA takes α ∈ [0, 1] (Gulati et al. FAST 2009 §3.1, eq. 1)',
    sourceKind: 'assumption', range: { lo: 0, hi: 0.9, why: 'from no smoothing to a slow average over about ten periods' }
  },
  {
    key: 'pardaPeriod', label: 'PARDA control period', ...DURATION, min: MS, max: 10_000 * MS, default: 1_000 * MS, group: 'Storage QoS',
    doc: 'How often each host measures its average latency and recomputes its window.',
    source: 'assumption: 1 s; PARDA measures the average latency "over a fixed time period" (Gulati et al. FAST 2009 §3.1) without the model taking its value',
    sourceKind: 'assumption', range: { lo: 200_000_000, hi: 2_000_000_000, why: 'long enough for hundreds of I/Os per period on a disk array, short enough to follow load' }
  },
  {
    key: 'pardaBeta', label: 'PARDA β (host shares)', ...count(1, 4096), default: 8, group: 'Storage QoS',
    doc: 'The host\'s β in the control law: windows settle in proportion to β, so β is set in proportion to the sum of the I/O shares of the host\'s VMs on the array.',
    source: 'assumption: 8 per host unless an experiment sets it; PARDA sets β per host in proportion to its VMs\' shares (Gulati et al. FAST 2009 §3.1–3.2)',
    sourceKind: 'assumption', range: { lo: 8, hi: 8, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'pardaWindowMin', label: 'PARDA minimum window', ...count(1, 4096), default: 4, group: 'Storage QoS',
    doc: 'Lower bound w_min of a host\'s window (prevents starvation of hosts with few shares).',
    source: 'assumption: 4 outstanding I/Os; PARDA bounds w(t) by [w_min, w_max] (Gulati et al. FAST 2009 §3.1)',
    sourceKind: 'assumption', range: { lo: 1, hi: 8, why: 'enough for a host to make progress' }
  },
  {
    key: 'pardaWindowMax', label: 'PARDA maximum window', ...count(1, 4096), default: 256, group: 'Storage QoS',
    doc: 'Upper bound w_max of a host\'s window (avoids very long queues at the array).',
    source: 'assumption: 256 outstanding I/Os; PARDA bounds w(t) by [w_min, w_max] (Gulati et al. FAST 2009 §3.1)',
    sourceKind: 'assumption', range: { lo: 64, hi: 1024, why: 'the array\'s queue per LUN and the host\'s HBA queue are of this order' }
  }
] as const satisfies readonly ParamSpec[]

export const VDISK_QOS_PARAMS = [...VDISK_MCLOCK_PARAMS, ...VDISK_PARDA_PARAMS] as const
export type VdiskQosParamKey = (typeof VDISK_QOS_PARAMS)[number]['key']
