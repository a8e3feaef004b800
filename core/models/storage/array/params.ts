// The storage-array kind: a networked block target (an iSCSI SAN target or an NFS server)
// reached over an Ethernet link — not inside a host. Its controller processes each command
// on its own cores, keeps a battery-backed cache (reads that hit it skip the disks, writes are
// acknowledged from it and destaged later) and stripes its volume over rotating disks. The
// initiator's CPU on the host (SCSI/iSCSI or NFS client and TCP/IP, per command and per byte)
// is charged on the domain that runs it (initiator.ts).
import { STORAGE_FAULT_PARAMS, type StorageFaultParamKey } from '../fault-params'
import type { KindSpec, ParamSpec } from '../../catalog-types'
import { BANDWIDTH, BOOLEAN, CYCLES, DURATION, GiB, Gbps, KiB, MiB, MS, RATIO, SEC, SIZE, US, count, factor, oneOf } from '../../param-kit'
import { MAX_CAPACITY } from '../disk/params'

const JOGLEKAR = 'Joglekar, Kounavis and Berry, "A Scalable and High Performance Software iSCSI Implementation", FAST 2005: CRC generation and data copies dominate software iSCSI, which processed 1.4 Gbps per CPU before their optimizations'

export const ARRAY_TARGET = [
  {
    key: 'protocol', label: 'Protocol', ...oneOf('iscsi', 'nfs'), default: 'iscsi', group: 'Protocol',
    doc: 'iSCSI (a 48-byte basic header segment per PDU over TCP/IP: 88 header bytes per message) or NFS (RPC and NFS READ/WRITE headers over TCP/IP: ≈ 200 bytes per message, and the server\'s file-system work per command, ×1.5 target time).',
    source: 'assumption: iSCSI, the block protocol; header sizes from RFC 3720 §10.2 (48-byte BHS) and RFC 1813 (NFSv3 READ/WRITE), file-system factor an assumption',
    sourceKind: 'assumption'
  },
  {
    key: 'capacity', label: 'Volume capacity', ...SIZE, min: 1 * GiB, max: MAX_CAPACITY, default: 2048 * GiB, group: 'Protocol',
    doc: 'Bytes of the exported volume (LUN), striped over the array\'s disks.',
    source: 'assumption: a 2 TiB LUN, a mid-range volume',
    sourceKind: 'assumption', range: { lo: 2048 * GiB, hi: 2048 * GiB, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'sessions', label: 'Sessions', ...count(1, 1024), default: 16, group: 'Protocol',
    doc: 'Initiator sessions the target accepts: the driver domain opens one per virtual disk copy it serves from the array (as an iSCSI initiator logs in once per LUN it attaches).',
    source: 'assumption: 16 sessions, enough for a rack of hosts',
    sourceKind: 'assumption', range: { lo: 16, hi: 16, why: 'a configuration limit, not an uncertain quantity: held at the default' }
  },
  {
    key: 'queueDepth', label: 'Commands per session', ...count(1, 4096), default: 32, group: 'Protocol',
    doc: 'Commands one session keeps outstanding (the initiator\'s queue depth / the target\'s command window).',
    source: 'assumption: 32, open-iscsi\'s default node.session.queue_depth',
    sourceKind: 'assumption', range: { lo: 16, hi: 128, why: 'initiator queue depths of 16–128' }
  },
  {
    key: 'targetCores', label: 'Controller cores', ...count(1, 256), default: 2, group: 'Controller',
    doc: 'Cores of the array controller processing commands.',
    source: 'assumption: a dual-core controller',
    sourceKind: 'assumption', range: { lo: 1, hi: 8, why: 'one to eight controller cores in mid-range arrays' }
  },
  {
    key: 'targetCommandTime', label: 'Target time per command', ...DURATION, max: 10 * MS, default: 20 * US, group: 'Controller',
    doc: 'Controller work per command on one core: receive and parse the PDU, SCSI command handling, cache look-up, build the response (TCP/IP offloaded or included).',
    source: `assumption: 20 µs; ${JOGLEKAR}`,
    sourceKind: 'assumption', range: { lo: 5 * US, hi: 100 * US, why: 'from an offloaded target (5 µs) to a software target on a busy controller (100 µs)' }
  },
  {
    key: 'cacheSize', label: 'Controller cache', ...SIZE, max: 1024 * GiB, default: 4 * GiB, group: 'Controller',
    doc: 'Battery-backed cache in 64 KiB lines, least recently used out: a read of cached lines skips the disks; a write is acknowledged once cached (durable) and destaged to the disks later; a write waits when dirty lines fill the cache.',
    source: 'assumption: 4 GiB, a mid-range array controller',
    sourceKind: 'assumption', range: { lo: 1 * GiB, hi: 64 * GiB, why: 'mid-range to high-end controller caches' }
  }
] as const satisfies readonly ParamSpec[]

export const ARRAY_DISKS = [
  {
    key: 'disks', label: 'Disks', ...count(1, 256), default: 8, group: 'Disks',
    doc: 'Rotating disks the volume is striped over (RAID-0 layout; each disk modelled as the disk kind, with the spindle and seek below).',
    source: 'assumption: an 8-disk shelf',
    sourceKind: 'assumption', range: { lo: 8, hi: 8, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'stripeSize', label: 'Stripe unit', ...SIZE, min: 4 * KiB, max: 16 * MiB, default: 64 * KiB, group: 'Disks',
    doc: 'Bytes placed on one disk before the next.',
    source: 'assumption: 64 KiB, a common array stripe unit',
    sourceKind: 'assumption', range: { lo: 16 * KiB, hi: 512 * KiB, why: 'stripe units of 16–512 KiB' }
  },
  {
    key: 'diskRpm', label: 'Disk spindle speed', ...count(3600, 20000), default: 15000, group: 'Disks',
    doc: 'Spindle speed of the array\'s disks.',
    source: 'Hitachi Ultrastar 15K450 hard disk drive specification (datasheet): 15,000 rpm',
    sourceKind: 'measured'
  },
  {
    key: 'diskSeekAverage', label: 'Disk average seek', ...DURATION, max: 100 * MS, default: 3.3 * MS, group: 'Disks',
    doc: 'Average read seek of the array\'s disks (their seek curve is solved from it as for the disk kind).',
    source: 'Hitachi Ultrastar 15K450 hard disk drive specification (datasheet, Table 7): 3.3 ms typical average read seek (450 GB model)',
    sourceKind: 'measured'
  },
  {
    key: 'diskMediaRate', label: 'Disk media rate', ...BANDWIDTH, default: 1.2 * Gbps, group: 'Disks',
    doc: 'Media transfer rate of the array\'s disks.',
    source: 'assumption: ≈ 150 MB/s for a 15,000 rpm disk of 2008',
    sourceKind: 'assumption', range: { lo: 0.8 * Gbps, hi: 1.6 * Gbps, why: '100–200 MB/s across the zones of 15,000 rpm disks' }
  }
] as const satisfies readonly ParamSpec[]

export const ARRAY_INITIATOR = [
  {
    key: 'initiatorSubmitCycles', label: 'Initiator per command (send)', ...CYCLES, default: 14_000, group: 'Initiator (host CPU)',
    doc: 'Host CPU per command to issue it: SCSI mid-layer or NFS client, build the PDU or RPC, TCP/IP send and the NIC doorbell. Charged on the domain that runs the initiator.',
    source: `assumption: ≈ 5 µs at 2.8 GHz; ${JOGLEKAR}`,
    sourceKind: 'assumption', range: { lo: 5_600, hi: 42_000, why: '2–15 µs of protocol and stack work per command' }
  },
  {
    key: 'initiatorCompleteCycles', label: 'Initiator per command (completion)', ...CYCLES, default: 20_000, group: 'Initiator (host CPU)',
    doc: 'Host CPU per command to complete it: NIC interrupt and receive, TCP/IP, parse the response PDU, complete the SCSI command.',
    source: `assumption: ≈ 7 µs at 2.8 GHz (receive is dearer than send); ${JOGLEKAR}`,
    sourceKind: 'assumption', range: { lo: 8_400, hi: 56_000, why: '3–20 µs of receive processing per command' }
  },
  {
    key: 'initiatorCyclesPerKiB', label: 'Initiator per KiB', ...CYCLES, default: 4096, group: 'Initiator (host CPU)',
    doc: 'Host CPU per KiB of data moved (copy between socket buffers and the request\'s pages, checksum; digests off).',
    source: `assumption: 4 cycles per byte for one copy and a checksum without iSCSI digests; ${JOGLEKAR} (≈ 16 cycles per byte at 2.8 GHz with CRC digests)`,
    sourceKind: 'assumption', range: { lo: 1024, hi: 16_384, why: 'a single copy (1 cycle/byte) to copy plus software CRC (16 cycles/byte)' }
  }
] as const satisfies readonly ParamSpec[]

const PARDA = 'Gulati, Ahmad and Waldspurger, "PARDA: Proportional Allocation of Resources for Distributed Storage Access", FAST 2009'

/**
 * PARDA (issue 12): every host that reaches this array keeps its own issue-queue window towards it
 * by a control loop on the latency it measures (core/models/storage/backend/parda.ts). Per array:
 * the latency threshold 𝓛 is one value for all hosts sharing a datastore.
 */
export const ARRAY_PARDA = [
  {
    key: 'parda', label: 'PARDA flow control', ...BOOLEAN, default: false, group: 'PARDA (hosts sharing the array)',
    doc: 'Every host with virtual disks on this array limits the I/Os it keeps outstanding at the array to a window that a control loop sets each period from the average latency it measures (w(t+1) = (1 − γ) w(t) + γ (𝓛 / L(t) · w(t) + β)), so that hosts share the array in proportion to their β (their VMs\' I/O shares) and latency stays near 𝓛. Off: each host keeps as many I/Os outstanding as its disks issue (a Xen or KVM host has no such control).',
    source: `assumption: off, a study switch — the Xen and KVM paths the model follows have no host-level flow control towards a shared array; VMware ESX ships it as Storage I/O Control, off unless enabled per datastore; mechanism: ${PARDA}, §3`,
    sourceKind: 'assumption'
  },
  {
    key: 'pardaLatencyThreshold', label: 'PARDA latency threshold 𝓛', ...DURATION, min: 100_000, max: SEC, default: 25 * MS, group: 'PARDA (hosts sharing the array)',
    doc: 'The latency threshold 𝓛 shared by every host of the array: above it a host shrinks its window, below it the window grows.',
    source: `assumption: 25 ms, the threshold of the paper's fairness and end-to-end experiments (${PARDA}, §5.2 Fig. 8 and §5.4 Table 6; 30 ms in Table 3 and Fig. 9, 15 ms for the SQL Server runs of §5.5) — an administrator's setting`,
    sourceKind: 'assumption', range: { lo: 15 * MS, hi: 40 * MS, why: 'the thresholds the paper ran with, from 15 ms (SQL Server) to 40 ms' }
  },
  {
    key: 'pardaGamma', label: 'PARDA window smoothing γ', ...RATIO, default: 0.8, group: 'PARDA (hosts sharing the array)',
    doc: 'γ of the window update: how far each control period moves the window towards its target 𝓛 / L · w + β.',
    source: `assumption: 0.8, the value of all the paper's experiments ("All PARDA experiments used the smoothing parameters α = 0.002 and γ = 0.8", ${PARDA}, §5)`,
    sourceKind: 'assumption', range: { lo: 0.2, hi: 1, why: 'a FAST-TCP-style update is stable for γ in (0, 1]; below 0.2 it converges over tens of periods' }
  },
  {
    key: 'pardaAlpha', label: 'PARDA latency smoothing α', ...RATIO, default: 0.002, group: 'PARDA (hosts sharing the array)',
    doc: 'Weight of the past in the host\'s latency estimate L(t) = (1 − α) l + α L(t − 1), l being the mean latency of the I/Os completed in the last period. At 0.002 the estimate is the last period\'s mean.',
    source: `assumption: 0.002, the value of all the paper's experiments (${PARDA}, §5), applied to eq. 1 as written with l the period's mean latency (whether ESX applied it per I/O is not stated)`,
    sourceKind: 'assumption', range: { lo: 0, hi: 0.9, why: 'from the period mean alone to a slow average over about ten periods' }
  },
  {
    key: 'pardaPeriod', label: 'PARDA control period', ...DURATION, min: MS, max: 10 * SEC, default: 2 * SEC, group: 'PARDA (hosts sharing the array)',
    doc: 'How often each host averages the latency of its completed I/Os and recomputes its window. A study may shorten it to converge in a short run.',
    source: `assumption: 2 s, the update period of the paper's implementation ("a two-second update period", ${PARDA}, §5)`,
    sourceKind: 'assumption', range: { lo: SEC, hi: 4 * SEC, why: 'long enough for thousands of I/Os per period on a disk array, short enough to follow a change of load' }
  },
  {
    key: 'pardaBeta', label: 'PARDA β per 1000 I/O shares', ...factor(0.01, 1000), default: 2, group: 'PARDA (hosts sharing the array)',
    doc: 'A host\'s β is this value × the sum of the I/O shares (ioShares) of its virtual disks on the array ÷ 1000: windows, and so the hosts\' throughputs, settle in proportion to β, and each host\'s β adds β × the array\'s time per I/O to the latency at equilibrium (L = 𝓛 + Σβ × service time).',
    source: `assumption: 2 per 1000 shares, the paper's scale for its lowest-share VM (β_h = 6 : 4 : 4 : 2 for VM shares 20+10, 10+10, 20 and 10: β = shares ÷ 5, ${PARDA}, §5.4 Table 6), with its 10 shares read as VMware's Normal 1000`,
    sourceKind: 'assumption', range: { lo: 1, hi: 4, why: 'the paper ran one-VM hosts with β = 1 (Table 3, Fig. 8) and β = 2 to 4 per VM (Table 6)' }
  },
  {
    key: 'pardaWindowMin', label: 'PARDA minimum window', ...count(1, 4096), default: 4, group: 'PARDA (hosts sharing the array)',
    doc: 'Lower bound w_min of a host\'s window (a host with few shares is not starved). The window starts there.',
    source: `assumption: 4 outstanding I/Os; the paper bounds w(t) by [w_min, w_max] (${PARDA}, §3.1) without giving w_min`,
    sourceKind: 'assumption', range: { lo: 1, hi: 8, why: 'enough for a host to make progress, below any window the control law settles at' }
  },
  {
    key: 'pardaWindowMax', label: 'PARDA maximum window', ...count(1, 4096), default: 64, group: 'PARDA (hosts sharing the array)',
    doc: 'Upper bound w_max of a host\'s window (no very long queue at the array for a host that starts after a quiet spell).',
    source: `assumption: 64, the paper's end-to-end experiment ("w_max = 64", ${PARDA}, §5.4 Table 6)`,
    sourceKind: 'assumption', range: { lo: 32, hi: 256, why: 'the queue of a LUN or an HBA per host is of this order' }
  }
] as const satisfies readonly ParamSpec[]

export const STORAGE_ARRAY: KindSpec = {
  kind: 'storage-array',
  label: 'Storage array',
  description: 'A networked storage target (iSCSI SAN or NFS server) reached over an Ethernet link: per-command controller time, a battery-backed cache, striped rotating disks, and the initiator\'s CPU on the host.',
  params: [...ARRAY_TARGET, ...ARRAY_DISKS, ...ARRAY_INITIATOR, ...ARRAY_PARDA, ...STORAGE_FAULT_PARAMS],
  connectsTo: ['nic', 'switch']
}

export type ArrayParamKey = (typeof ARRAY_TARGET | typeof ARRAY_DISKS | typeof ARRAY_INITIATOR | typeof ARRAY_PARDA)[number]['key'] | StorageFaultParamKey
