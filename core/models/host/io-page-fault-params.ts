// The host side of memory overcommit with device assignment (issue 12; core/models/host/io-page-fault.ts,
// docs/overcommit.md): what an I/O page fault costs the host (the IOMMU driver's page-request
// handling, the page-in from swap or by zero-fill), what a NIC does with a received frame whose
// buffer faults, and what the emulated IOMMU (vIOMMU) costs per trapped map or unmap. Appended
// as one block to the host's parameters; the VM's choice of mode is in core/models/vm/params.ts.
import type { ParamSpec } from '../catalog-types'
import { CYCLES, DURATION, MS, US, count, oneOf } from '../param-kit'

export const IO_PAGE_FAULT_PARAMS = [
  {
    key: 'ioPageFaultCycles', label: 'I/O page fault handling (host CPU)', ...CYCLES, default: 14_000, group: 'I/O page faults',
    doc: 'Host CPU cycles to handle one I/O page fault, besides the page-in itself: the IOMMU\'s page-request interrupt, reading the page request queue, the memory-management fault (find or allocate the page, map it), and writing the page response. The host\'s IOMMU driver handles page requests one at a time (one page-request thread per IOMMU), so faults queue behind each other.',
    source: 'assumption: about 5 µs at 2.8 GHz — a Linux minor page fault is of the order of 1–2 µs, and the page-request interrupt, queue processing and page-response descriptor add a few µs; no measurement of the whole path was found (Lesokhin et al., ASPLOS 2017, measure network page faults on ConnectX-4 but their figures were not available to check)',
    sourceKind: 'assumption', range: { lo: 5_600, hi: 56_000, why: '2 µs (a minor fault and a response) to 20 µs (an interrupt, a contended mm lock, a slow response path) at 2.8 GHz' }
  },
  {
    key: 'pageInSource', label: 'Page-in source', ...oneOf('swap', 'zero-fill'), default: 'swap', group: 'I/O page faults',
    doc: 'Where a reclaimed guest page comes back from on a fault: swap (the host reads it from its swap device: swapInLatency, during which the page-request handler waits) or zero-fill (the host had discarded it as free guest memory — ballooned or reported free — and clears a fresh page at the memory copy bandwidth).',
    source: 'assumption: a host that overcommits by swapping guest memory (the general case: 001 "demand-paging VM memory to secondary storage"); zero-fill is the case of free-page reporting and ballooning',
    sourceKind: 'assumption'
  },
  {
    key: 'swapInLatency', label: 'Swap-in latency (per page)', ...DURATION, max: 100 * MS, default: 100 * US, group: 'I/O page faults',
    doc: 'Time to read one 4 KiB page back from the host\'s swap device; the page-request handler waits for it (pageInSource swap).',
    source: 'assumption: a 4 KiB random read from a SATA flash SSD, about 100 µs; an NVMe SSD is 10–20 µs, a disk several ms',
    sourceKind: 'assumption', range: { lo: 15 * US, hi: 8 * MS, why: 'an NVMe SSD\'s 4 KiB read (≈ 15 µs) to a 7200-rpm disk\'s random read (≈ 8 ms)' }
  },
  {
    key: 'ioPageFaultRx', label: 'Receive DMA fault: NIC', ...oneOf('stall', 'drop'), default: 'stall', group: 'I/O page faults',
    doc: 'What a NIC does with a received frame whose buffer page is not resident. stall: it keeps the frame in its receive buffer and the queue stops until the page response arrives (PRI: the function waits for the Page Response before it retries), so frames behind it wait too. drop: it has no memory to keep the frame (the problem Lesokhin et al., ASPLOS 2017, set out: a receive fault leaves the NIC "without memory to store the incoming data"): the frame is dropped (counted in drops), the page is faulted in for the frames after it. Transmit reads and storage DMA always stall their queue.',
    source: 'assumption: a NIC with enough receive buffer to hold the frames of one fault (stall); the drop case is Lesokhin et al. 2017\'s statement of the receive problem (abstract)',
    sourceKind: 'assumption'
  },
  {
    key: 'viommuMapCycles', label: 'vIOMMU map/unmap emulation', ...CYCLES, default: 8_400, group: 'I/O page faults',
    doc: 'Hypervisor work per trapped vIOMMU operation, besides the VM exit itself: read the guest\'s I/O page table entry, pin (map) or unpin (unmap) the host page, update the physical IOMMU\'s page table and invalidate its IOTLB entry.',
    source: 'assumption: about 3 µs at 2.8 GHz (a page-table walk in guest memory, get_user_pages on one page, an IOMMU invalidation-queue round trip); Amit et al. (USENIX ATC 2011) give throughput, not a per-operation figure',
    sourceKind: 'assumption', range: { lo: 2_800, hi: 28_000, why: '1 µs (an entry update with a cached pin) to 10 µs (a synchronous IOTLB invalidation wait) at 2.8 GHz' }
  },
  {
    key: 'viommuBatch', label: 'vIOMMU deferred unmaps per flush', ...count(1, 65_535), default: 250, group: 'I/O page faults',
    doc: 'In the deferred mode, how many unmaps the guest collects before one IOTLB invalidation (one trap) tears them all down; the mappings stay usable by the device until then.',
    source: 'assumption: the guest\'s IOMMU driver as Linux\'s intel-iommu sets it, a software configuration rather than a measurement — deferred ("lazy") unmapping flushes at HIGH_WATER_MARK 250 entries or on a 10 ms timer (drivers/pci/intel-iommu.c of the 2.6.3x kernels)',
    sourceKind: 'assumption', range: { lo: 250, hi: 250, why: 'a configuration of the guest\'s IOMMU driver (its default), not an uncertain quantity: held at the default' }
  },
  {
    key: 'viommuTeardown', label: 'vIOMMU unmap delay (flush timer, optimistic teardown)', ...DURATION, max: 1_000 * MS, default: 10 * MS, group: 'I/O page faults',
    doc: 'How long an unmapped buffer lingers. deferred: the flush timer — unmaps the guest has collected for this long are flushed (one trapped invalidation) even before viommuBatch of them are; until its flush an unmapped page stays pinned. optimistic: how long the guest keeps a mapping alive after its unmap, hoping the buffer is mapped again — a map of a page still mapped costs no trap; a mapping left unused this long expires, and expired mappings are torn down one trap per viommuBatch.',
    source: 'assumption: Linux intel-iommu flushes deferred unmaps every 10 ms (unmap_timer, msecs_to_jiffies(10), drivers/pci/intel-iommu.c of the 2.6.3x kernels); Amit et al., USENIX ATC 2011 (abstract), keep an optimistic mapping "a few milliseconds": the same 10 ms for both',
    sourceKind: 'assumption', range: { lo: 1 * MS, hi: 50 * MS, why: '"a few milliseconds" (Amit et al. 2011) up to a few of Linux\'s 10 ms flush periods' }
  }
] as const satisfies readonly ParamSpec[]
