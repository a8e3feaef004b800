// The ssd kind: a SATA flash SSD in a host behind an AHCI adapter — one command queue of 32
// (NCQ), a controller that handles one command at a time, NAND flash in channels × dies
// that serve pages in parallel, and a DRAM write buffer that absorbs writes until it is full.
// Defaults: an Intel X25-M (2008, 50 nm MLC) class drive.
import { STORAGE_FAULT_PARAMS, type StorageFaultParamKey } from '../fault-params'
import type { KindSpec, ParamSpec } from '../../catalog-types'
import { BANDWIDTH, DURATION, GiB, Gbps, KiB, MiB, MS, SIZE, US, count } from '../../param-kit'
import { MAX_CAPACITY } from '../disk/params'

const X25M_REVIEW = 'X25-M reviews (xbitlabs, Oct 2008: a ten-channel controller, twenty 4 GB MLC chips and a 16 MB SDRAM)'

export const SSD_PARAMS = [
  {
    key: 'capacity', label: 'Capacity', ...SIZE, min: 1 * GiB, max: MAX_CAPACITY, default: 80 * GiB, group: 'Geometry',
    doc: 'Bytes the SSD exports.',
    source: `assumption: the 80 GB X25-M of ${X25M_REVIEW}`,
    sourceKind: 'assumption', range: { lo: 80 * GiB, hi: 80 * GiB, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'interfaceRate', label: 'Interface rate', ...BANDWIDTH, default: 2.4 * Gbps, group: 'Interface',
    doc: 'SATA link payload rate (3 Gb/s, 8b/10b: 300 MB/s) between the SSD and its host adapter, shared by both directions; the adapter\'s DMA also crosses the host\'s PCI bus.',
    source: 'Serial ATA Revision 2.6 specification: 3.0 Gb/s with 8b/10b encoding (the X25-M is a SATA 3 Gb/s drive)',
    sourceKind: 'measured'
  },
  {
    key: 'queueDepth', label: 'NCQ depth', ...count(1, 32), default: 32, group: 'Interface',
    doc: 'Commands the SSD holds at once (AHCI: one queue of native command queuing tags).',
    source: 'Serial ATA Revision 2.6 specification (native command queuing): 32 tags',
    sourceKind: 'measured'
  },
  {
    key: 'controllerTime', label: 'Controller time per command', ...DURATION, max: 10 * MS, default: 20 * US, group: 'Controller',
    doc: 'Firmware work per command on the SSD\'s controller (flash translation look-up, scheduling), one command at a time: it caps IOPS at 1 / this however many dies are free.',
    source: 'assumption: 20 µs — the X25-M is rated at about 35,000 random 4 KiB reads per second, which a controller serving one command per ≈ 28 µs would cap; part of that time is flash and link',
    sourceKind: 'assumption', range: { lo: 5 * US, hi: 40 * US, why: 'from a controller that never limits (5 µs) to one that alone sets the rated 35 K IOPS (≈ 28 µs) and more' }
  },
  {
    key: 'channels', label: 'Flash channels', ...count(1, 64), default: 10, group: 'Flash',
    doc: 'Independent buses between the controller and the flash; a page read or programmed crosses its channel at the channel rate.',
    source: `assumption: ten, as ${X25M_REVIEW} report from the drive (Intel publishes no channel count)`,
    sourceKind: 'assumption', range: { lo: 8, hi: 10, why: 'SATA SSD controllers of 2008–2014 have 8–10 channels' }
  },
  {
    key: 'diesPerChannel', label: 'Dies per channel', ...count(1, 64), default: 2, group: 'Flash',
    doc: 'Flash dies sharing a channel; each die reads or programs one page at a time, so channels × dies pages are in flight at most. Pages are striped over the dies by page number.',
    source: `assumption: two, from ${X25M_REVIEW}: twenty chips on ten channels, one die per chip`,
    sourceKind: 'assumption', range: { lo: 2, hi: 4, why: 'one or two dies per 4 GB package of 2008' }
  },
  {
    key: 'pageSize', label: 'Flash page', ...SIZE, min: 512, max: 64 * KiB, default: 4 * KiB, group: 'Flash',
    doc: 'Unit of a flash read or program. A read costs the whole page\'s read time; buffered writes are gathered into whole pages before they are programmed.',
    source: 'assumption: 4 KiB pages of 50 nm MLC NAND',
    sourceKind: 'assumption', range: { lo: 2 * KiB, hi: 8 * KiB, why: '2 KiB (SLC) to 8 KiB pages of NAND of 2008–2010' }
  },
  {
    key: 'flashReadTime', label: 'Flash page read (tR)', ...DURATION, max: 10 * MS, default: 50 * US, group: 'Flash',
    doc: 'Time a die takes to sense one page into its register.',
    source: 'assumption: 50 µs, a typical MLC NAND page read time of the period',
    sourceKind: 'assumption', range: { lo: 25 * US, hi: 100 * US, why: 'SLC 25 µs to MLC/TLC 100 µs' }
  },
  {
    key: 'flashProgramTime', label: 'Flash page program (tPROG)', ...DURATION, max: 10 * MS, default: 900 * US, group: 'Flash',
    doc: 'Time a die takes to program one page.',
    source: 'assumption: 900 µs for 50 nm MLC; a 2007 patent (EP1850348) quotes a Micron NAND typical program time of 300 µs (SLC) and 700 µs maximum',
    sourceKind: 'assumption', range: { lo: 300 * US, hi: 1500 * US, why: 'SLC 300 µs to late MLC 1.5 ms' }
  },
  {
    key: 'channelRate', label: 'Channel rate', ...BANDWIDTH, default: 320e6, group: 'Flash',
    doc: 'Data rate of one flash channel (a page read crosses it after the die\'s tR; a program before tPROG).',
    source: 'assumption: 40 MB/s, an asynchronous 8-bit NAND interface at 40 MT/s (ONFI 1.0)',
    sourceKind: 'assumption', range: { lo: 160e6, hi: 1.6e9, why: '20 MT/s legacy to 200 MT/s ONFI 2 synchronous interfaces' }
  },
  {
    key: 'writeBuffer', label: 'DRAM write buffer', ...SIZE, max: 16 * GiB, default: 16 * MiB, group: 'Controller',
    doc: 'Bytes of writes the SSD acknowledges before they are programmed (gathered into pages, programmed in the background over the dies). A write that does not fit waits until programs have drained enough; a flush waits until the buffer is empty. 0 = writes complete only when programmed.',
    source: `assumption: the 16 MB SDRAM of ${X25M_REVIEW}; how much of it buffers writes is not published`,
    sourceKind: 'assumption', range: { lo: 1 * MiB, hi: 64 * MiB, why: 'a few MB to tens of MB of DRAM used for writes' }
  }
] as const satisfies readonly ParamSpec[]

export const SSD: KindSpec = {
  kind: 'ssd',
  label: 'SSD',
  description: 'A SATA flash SSD in a host behind an AHCI adapter: one NCQ queue of 32, flash read and program latencies, channels × dies parallelism and a DRAM write buffer.',
  params: [...SSD_PARAMS, ...STORAGE_FAULT_PARAMS],
  connectsTo: [],
  placedOn: ['host']
}

export type SsdParamKey = (typeof SSD_PARAMS)[number]['key'] | StorageFaultParamKey
