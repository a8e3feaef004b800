// The storage-array kind: a networked block target (an iSCSI SAN target or an NFS server)
// reached over an Ethernet link — not inside a host. Its controller processes each command
// on its own cores, keeps a battery-backed cache (reads that hit it skip the disks, writes are
// acknowledged from it and destaged later) and stripes its volume over rotating disks. The
// initiator's CPU on the host (SCSI/iSCSI or NFS client and TCP/IP, per command and per byte)
// is charged on the domain that runs it (initiator.ts).
import { STORAGE_FAULT_PARAMS, type StorageFaultParamKey } from '../fault-params'
import type { KindSpec, ParamSpec } from '../../catalog-types'
import { BANDWIDTH, CYCLES, DURATION, GiB, Gbps, KiB, MiB, MS, SIZE, US, count, oneOf } from '../../param-kit'
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

export const STORAGE_ARRAY: KindSpec = {
  kind: 'storage-array',
  label: 'Storage array',
  description: 'A networked storage target (iSCSI SAN or NFS server) reached over an Ethernet link: per-command controller time, a battery-backed cache, striped rotating disks, and the initiator\'s CPU on the host.',
  params: [...ARRAY_TARGET, ...ARRAY_DISKS, ...ARRAY_INITIATOR, ...STORAGE_FAULT_PARAMS],
  connectsTo: ['nic', 'switch']
}

export type ArrayParamKey = (typeof ARRAY_TARGET | typeof ARRAY_DISKS | typeof ARRAY_INITIATOR)[number]['key'] | StorageFaultParamKey
