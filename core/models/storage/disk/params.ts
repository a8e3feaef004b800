// The disk kind: a rotating disk in a host (SATA, behind an AHCI host adapter): a seek
// curve over the head's travel, rotational latency from the spindle speed and the head's
// angular position, a media transfer rate, its own command queue (NCQ) with reordering,
// read-ahead into its buffer, and an optional volatile write cache. Defaults: a 7,200 rpm
// desktop/near-line SATA disk of about 2010 (Hitachi Deskstar 7K1000.C class).
import { STORAGE_FAULT_PARAMS, type StorageFaultParamKey } from '../fault-params'
import type { KindSpec, ParamSpec } from '../../catalog-types'
import { BANDWIDTH, BOOLEAN, DURATION, GiB, Gbps, KiB, MiB, MS, SIZE, US, count, oneOf } from '../../param-kit'

/** Largest storage capacity a device may declare (64 TiB). */
export const MAX_CAPACITY = 64 * 1024 * GiB

export const DISK_MECHANICS = [
  {
    key: 'capacity', label: 'Capacity', ...SIZE, min: 1 * GiB, max: MAX_CAPACITY, default: 500 * GiB, group: 'Geometry',
    doc: 'Bytes the disk exports. Offsets map linearly onto the head\'s travel (cylinder = offset / bytes per cylinder), so a working set that spans a smaller part of the disk seeks shorter.',
    source: 'assumption: a 500 GB 2-platter drive (the Hitachi Deskstar 7K1000.C family spans 160 GB–1 TB)',
    sourceKind: 'assumption', range: { lo: 500 * GiB, hi: 500 * GiB, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'heads', label: 'Recording surfaces (heads)', ...count(1, 32), default: 4, group: 'Geometry',
    doc: 'Surfaces read under one cylinder: bytes per cylinder = bytes per track × heads. More heads mean fewer cylinders and shorter seeks for the same capacity.',
    source: 'assumption: two platters, both sides recorded (the 7K1000.C datasheet\'s 2-disk model)',
    sourceKind: 'assumption', range: { lo: 2, hi: 8, why: 'one to four platters with both sides recorded' }
  },
  {
    key: 'rpm', label: 'Spindle speed', ...count(3600, 20000), default: 7200, group: 'Mechanics',
    doc: 'Revolutions per minute. One revolution takes 60 s / rpm (8.33 ms at 7,200 rpm); a command waits for its first sector to rotate under the head, which the model computes from the platter\'s angle at the end of the seek (a random request waits half a revolution on average).',
    source: 'Hitachi Deskstar 7K1000.C hard disk drive specification (datasheet): 7,200 rpm',
    sourceKind: 'measured'
  },
  {
    key: 'seekSingleTrack', label: 'Single-track seek', ...DURATION, max: 100 * MS, default: 1 * MS, group: 'Mechanics',
    doc: 'Seek to the adjacent cylinder, including settling: the constant a of the seek curve a + b·√(distance / full stroke).',
    source: 'assumption: 1.0 ms, the single-track read seek of Hitachi\'s Travelstar 5K320 specification (datasheet, Table 7); the 7K1000.C sheet\'s value was not found',
    sourceKind: 'assumption', range: { lo: 200 * US, hi: 1500 * US, why: '15,000 rpm server disks settle in 0.2 ms, laptop disks take up to 1.5 ms' }
  },
  {
    key: 'seekAverage', label: 'Average seek', ...DURATION, max: 100 * MS, default: 8.5 * MS, group: 'Mechanics',
    doc: 'The datasheet\'s average read seek over all seek distances. The curve\'s b is solved from it: the mean of √x over two uniform random head positions is 8/15, so b = (average − single-track) × 15/8 (full stroke = a + b).',
    source: 'Hitachi Deskstar 7K1000.C hard disk drive specification (datasheet, Table 9): average read seek 8.5 ms typical (2-disk model)',
    sourceKind: 'measured'
  },
  {
    key: 'mediaRate', label: 'Media transfer rate', ...BANDWIDTH, default: 1 * Gbps, group: 'Mechanics',
    doc: 'Rate at which data passes under the head (bytes per track = this × one revolution). Sequential requests stream at this rate; zones are not modelled (one rate over the whole disk).',
    source: 'assumption: ≈ 125 MB/s, the outer-zone sustained rate of a 7,200 rpm drive of 2010 (inner zones about half)',
    sourceKind: 'assumption', range: { lo: 0.5 * Gbps, hi: 1.6 * Gbps, why: 'inner-zone ≈ 60 MB/s to outer-zone ≈ 200 MB/s of 7,200 rpm drives of 2008–2015' }
  },
  {
    key: 'commandOverhead', label: 'Command overhead', ...DURATION, max: 100 * MS, default: 100 * US, group: 'Mechanics',
    doc: 'Drive firmware time from receiving a command to starting the actuator (and for a cache hit, to starting the transfer).',
    source: 'assumption: 0.1 ms for a drive of 2010; IBM\'s Travelstar 48GH specification (datasheet, Fig 11) lists 1.0 ms for 2001 drives',
    sourceKind: 'assumption', range: { lo: 50 * US, hi: 1 * MS, why: 'from current firmware (≈ 50 µs) to the 1 ms of 2001 drives' }
  }
] as const satisfies readonly ParamSpec[]

export const DISK_INTERFACE = [
  {
    key: 'interfaceRate', label: 'Interface rate', ...BANDWIDTH, default: 2.4 * Gbps, group: 'Interface',
    doc: 'SATA link payload rate between the drive\'s buffer and the host adapter (3 Gb/s line rate, 8b/10b coding: 300 MB/s); the host adapter\'s DMA also crosses the host\'s PCI bus.',
    source: 'Serial ATA Revision 2.6 specification: 3.0 Gb/s generation-2 line rate with 8b/10b encoding (300 MB/s of data)',
    sourceKind: 'measured'
  },
  {
    key: 'queueDepth', label: 'NCQ depth', ...count(1, 32), default: 32, group: 'Interface',
    doc: 'Commands the drive holds at once (native command queuing tags); the driver keeps at most this many outstanding. 1 = no command queuing.',
    source: 'Serial ATA Revision 2.6 specification (native command queuing): 32 tags',
    sourceKind: 'measured'
  },
  {
    key: 'scheduling', label: 'Command reordering', ...oneOf('satf', 'sstf', 'fifo'), default: 'satf', group: 'Interface',
    doc: 'How the drive picks the next queued command: shortest access time first (seek + rotation, what NCQ firmware does), shortest seek first (an elevator without rotational knowledge), or arrival order.',
    source: 'assumption: shortest access time first — NCQ lets the drive reorder by rotational position (Serial ATA Revision 2.6 specification, NCQ); firmware policies are not published',
    sourceKind: 'assumption'
  },
  {
    key: 'readAhead', label: 'Read-ahead', ...SIZE, max: 256 * MiB, default: 1 * MiB, group: 'Buffer',
    doc: 'After a read, an idle drive keeps reading the following sectors into its buffer, up to this many bytes; a later read of them is served from the buffer. This is why sequential reads stream at the media rate instead of losing a revolution per request. 0 = off.',
    source: 'assumption: 1 MiB of the drive buffer used as a read-ahead segment (segment sizes are not published)',
    sourceKind: 'assumption', range: { lo: 256 * KiB, hi: 4 * MiB, why: 'read-ahead segments of 256 KiB to a few MiB' }
  },
  {
    key: 'writeCache', label: 'Volatile write cache', ...BOOLEAN, default: false, group: 'Buffer',
    doc: 'On: a write completes once its data is in the drive\'s buffer and is written to the platters later (lost on power failure; a flush waits for it). Off: a write completes when it is on the platters.',
    source: 'assumption: off — a completed write is durable, as a hypervisor that promises durability configures its disks (seed 001: the buffer cache must stay write-through); desktop SATA drives ship with it on',
    sourceKind: 'assumption'
  },
  {
    key: 'cacheSize', label: 'Write-cache size', ...SIZE, max: 4 * GiB, default: 32 * MiB, group: 'Buffer',
    doc: 'Bytes of dirty data the write cache holds; a write that does not fit waits until the drive has destaged enough.',
    source: 'assumption: the 32 MB buffer of the 7K1000.C class, all usable for writes',
    sourceKind: 'assumption', range: { lo: 8 * MiB, hi: 64 * MiB, why: 'drive buffers of 8–64 MB of the period' }
  }
] as const satisfies readonly ParamSpec[]

export const DISK: KindSpec = {
  kind: 'disk',
  label: 'Disk',
  description: 'A rotating disk in a host (SATA behind an AHCI adapter): seek curve, rotational latency, media rate, its own reordering command queue, read-ahead and an optional write cache.',
  params: [...DISK_MECHANICS, ...DISK_INTERFACE, ...STORAGE_FAULT_PARAMS],
  connectsTo: [],
  placedOn: ['host']
}

export type DiskParamKey = (typeof DISK_MECHANICS | typeof DISK_INTERFACE)[number]['key'] | StorageFaultParamKey
