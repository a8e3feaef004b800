// The nvme kind: an NVMe flash SSD on PCIe in a host — submission/completion queue pairs with
// doorbells (the device fetches each 64-byte command from host memory), a multi-core
// controller, flash channels × dies, a power-loss-protected write buffer, one MSI-X vector
// per queue with optional interrupt coalescing, and SR-IOV virtual functions as further queue
// pairs. Defaults: an Intel SSD DC P3700 (2014) class drive.
import { STORAGE_FAULT_PARAMS, type StorageFaultParamKey } from '../fault-params'
import type { KindSpec, ParamSpec } from '../../catalog-types'
import { BANDWIDTH, DURATION, GiB, Gbps, KiB, MiB, MS, SIZE, US, count } from '../../param-kit'
import { MAX_CAPACITY } from '../disk/params'

const P3700 = 'Intel SSD DC P3700 product specification (330566-005US, datasheet)'

export const NVME_PARAMS = [
  {
    key: 'capacity', label: 'Capacity', ...SIZE, min: 1 * GiB, max: MAX_CAPACITY, default: 800 * GiB, group: 'Geometry',
    doc: 'Bytes the namespace exports.',
    source: `assumption: the 800 GB model (${P3700}: 400 GB – 2 TB)`,
    sourceKind: 'assumption', range: { lo: 800 * GiB, hi: 800 * GiB, why: 'a configuration of the modelled set-up, not an uncertain quantity: held at the default' }
  },
  {
    key: 'ioQueues', label: 'I/O queue pairs (PF)', ...count(1, 4096), default: 31, group: 'Queues',
    doc: 'Submission/completion queue pairs of the physical function, each with its own doorbells and MSI-X vector; a driver binds one per CPU. SR-IOV VFs add queue pairs after these.',
    source: 'assumption: 31 I/O queues plus the admin queue, the order of data-centre NVMe drives of 2014 (NVMe allows 65,535)',
    sourceKind: 'assumption', range: { lo: 31, hi: 31, why: 'a configuration of the modelled device, not an uncertain quantity: held at the default' }
  },
  {
    key: 'queueDepth', label: 'Queue depth', ...count(2, 65535), default: 1024, group: 'Queues',
    doc: 'Entries of each submission queue: commands a queue holds at once.',
    source: 'assumption: 1,024, the Linux NVMe driver\'s default I/O queue depth (NVME_Q_DEPTH)',
    sourceKind: 'assumption', range: { lo: 256, hi: 4096, why: 'driver and device limits of 256–4,096 entries' }
  },
  {
    key: 'linkBandwidth', label: 'PCIe link bandwidth', ...BANDWIDTH, default: 31.5 * Gbps, group: 'Queues',
    doc: 'Data rate of the device\'s PCIe link (per direction): command fetches, data and completion entries cross it, and the host\'s PCI bus besides.',
    source: `${P3700}: PCIe Gen3 ×4 (8 GT/s × 4 lanes, 128b/130b: 31.5 Gb/s)`,
    sourceKind: 'measured'
  },
  {
    key: 'controllerCores', label: 'Controller cores', ...count(1, 64), default: 4, group: 'Controller',
    doc: 'Embedded cores processing commands in parallel (flash translation, scheduling).',
    source: 'assumption: a multi-core controller; the core count of the P3700 class is not published',
    sourceKind: 'assumption', range: { lo: 2, hi: 8, why: 'two to eight embedded cores in enterprise NVMe controllers' }
  },
  {
    key: 'controllerTime', label: 'Controller time per command', ...DURATION, max: 10 * MS, default: 6 * US, group: 'Controller',
    doc: 'Work per command on one controller core; cores × 1/this bounds IOPS.',
    source: `assumption: 6 µs, so that 4 cores allow ≈ 670 K commands/s, above the datasheet's 460 K random reads (${P3700}), which the dies then set`,
    sourceKind: 'assumption', range: { lo: 2 * US, hi: 12 * US, why: 'from a controller that never limits to one that alone caps the datasheet IOPS' }
  },
  {
    key: 'channels', label: 'Flash channels', ...count(1, 64), default: 18, group: 'Flash',
    doc: 'Independent flash buses behind the controller.',
    source: 'assumption: 18 channels, as reviews of the P3700 controller report',
    sourceKind: 'assumption', range: { lo: 8, hi: 32, why: 'enterprise controllers of 2014–2020 have 8–32 channels' }
  },
  {
    key: 'diesPerChannel', label: 'Dies per channel', ...count(1, 64), default: 3, group: 'Flash',
    doc: 'Dies sharing each channel: channels × dies pages are read or programmed at once at most.',
    source: 'assumption: 3, so that 54 dies at ≈ 100 µs per 4 KiB read allow ≈ 540 K reads/s, near the datasheet\'s 460 K',
    sourceKind: 'assumption', range: { lo: 2, hi: 8, why: 'two to eight dies per channel' }
  },
  {
    key: 'pageSize', label: 'Flash page', ...SIZE, min: 512, max: 64 * KiB, default: 16 * KiB, group: 'Flash',
    doc: 'Unit of a flash read or program: a 4 KiB read senses a whole page; buffered writes are gathered into whole pages.',
    source: 'assumption: 16 KiB pages of 20 nm MLC NAND',
    sourceKind: 'assumption', range: { lo: 8 * KiB, hi: 16 * KiB, why: '8–16 KiB pages of MLC NAND of 2012–2016' }
  },
  {
    key: 'flashReadTime', label: 'Flash page read (tR)', ...DURATION, max: 10 * MS, default: 90 * US, group: 'Flash',
    doc: 'Time a die takes to sense one page.',
    source: 'assumption: 90 µs — AnandTech\'s P3700 review measured ≈ 8,900 random 4 KiB reads/s at queue depth 1 (≈ 112 µs each), of which fetch, controller, channel and PCIe take ≈ 20 µs',
    sourceKind: 'assumption', range: { lo: 50 * US, hi: 110 * US, why: 'MLC page reads of 50–110 µs' }
  },
  {
    key: 'flashProgramTime', label: 'Flash page program (tPROG)', ...DURATION, max: 10 * MS, default: 1200 * US, group: 'Flash',
    doc: 'Time a die takes to program one page.',
    source: `assumption: 1.2 ms, so that 54 dies programming 16 KiB pages absorb ≈ 180 K random 4 KiB writes/s, the datasheet's 175 K (${P3700}); 20 nm MLC programs take 1–2 ms`,
    sourceKind: 'assumption', range: { lo: 800 * US, hi: 2000 * US, why: 'MLC program times of 0.8–2 ms' }
  },
  {
    key: 'channelRate', label: 'Channel rate', ...BANDWIDTH, default: 3.2 * Gbps, group: 'Flash',
    doc: 'Data rate of one flash channel.',
    source: 'assumption: 400 MB/s, an ONFI 3 / Toggle 2.0 channel',
    sourceKind: 'assumption', range: { lo: 1.6 * Gbps, hi: 6.4 * Gbps, why: '200–800 MB/s NAND interfaces of 2012–2018' }
  },
  {
    key: 'writeBuffer', label: 'Write buffer', ...SIZE, max: 16 * GiB, default: 64 * MiB, group: 'Controller',
    doc: 'Bytes of writes acknowledged before they are programmed (power-loss protected, so durable); programs drain it in the background. A write that does not fit waits; 0 = writes complete when programmed.',
    source: `assumption: 64 MiB of the drive's DRAM used for writes; ${P3700} lists enhanced power-loss data protection, so acknowledged writes are safe`,
    sourceKind: 'assumption', range: { lo: 8 * MiB, hi: 512 * MiB, why: 'tens to hundreds of MiB of DRAM for writes' }
  },
  {
    key: 'irqCoalesceCount', label: 'Interrupt aggregation threshold', ...count(1, 256), default: 1, group: 'Interrupts',
    doc: 'A queue\'s MSI-X interrupt fires once this many completions are pending (or when the aggregation time expires). 1 = an interrupt per completion.',
    source: 'NVM Express 1.0 specification, Feature 08h Interrupt Coalescing: aggregation threshold 0 (one completion, 0-based) after reset, i.e. off',
    sourceKind: 'measured'
  },
  {
    key: 'irqCoalesceTime', label: 'Interrupt aggregation time', ...DURATION, max: 25_500 * US, default: 0, group: 'Interrupts',
    doc: 'Longest a pending completion waits for its interrupt when the threshold is not reached (the spec counts it in 100 µs units). 0 = no waiting.',
    source: 'NVM Express 1.0 specification, Feature 08h Interrupt Coalescing: aggregation time 0 after reset (off)',
    sourceKind: 'measured'
  },
  {
    key: 'vfCount', label: 'SR-IOV virtual functions', ...count(0, 256), default: 0, group: 'SR-IOV',
    doc: 'Virtual functions the drive exports, each one further queue pair (with its own doorbells and MSI-X vector) on the same controller and flash, which a guest binds through the IOMMU. 0 = no SR-IOV.',
    source: 'assumption: 0 — the P3700 class has no SR-IOV; later data-centre drives (e.g. Samsung PM1733 class) export VFs, set this to use the sriov technique',
    sourceKind: 'assumption', range: { lo: 0, hi: 0, why: 'a configuration of the modelled device (the P3700 has none): held at the default' }
  }
] as const satisfies readonly ParamSpec[]

export const NVME: KindSpec = {
  kind: 'nvme',
  label: 'NVMe SSD',
  description: 'An NVMe flash SSD on PCIe in a host: queue pairs with doorbells and command fetch, MSI-X per queue with optional coalescing, flash channels × dies, a write buffer and SR-IOV virtual functions.',
  params: [...NVME_PARAMS, ...STORAGE_FAULT_PARAMS],
  connectsTo: [],
  placedOn: ['host']
}

export type NvmeParamKey = (typeof NVME_PARAMS)[number]['key'] | StorageFaultParamKey
