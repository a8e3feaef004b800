// Memory overcommit under device assignment (issue 12, seed 001's last section; docs/overcommit.md).
//
// A guest whose device DMAs into its memory directly (pass-through, SR-IOV) either has all of its
// memory pinned (VM dmaMemory "pinned": nothing to model, the default), or lets the host overcommit
// it and takes I/O page faults ("io-page-faults"), or exposes its DMA buffers through an emulated
// IOMMU ("viommu": core/techniques/common/viommu.ts) so that only those are pinned.
//
// The I/O page-fault path of a DMA to a page the host has reclaimed (PCIe ATS + PRI, Intel VT-d /
// AMD IOMMU page requests): the device's ATS translation request finds no present page (one PCIe
// round trip), the device sends a PRI Page Request (half a round trip), the host's IOMMU driver
// takes it from its page request queue — one request at a time: a single handler per host, so
// faults queue — pages the page in (swap-in, or a zero-filled page) and writes a Page Response
// (half a round trip back), and the device retries its translation (one round trip) and then its
// DMA. The round trip is the host's pciReadLatency; the handler's work ioPageFaultCycles plus the
// page-in; the handler's CPU work is also run on the host's interrupt CPU (taking it from whatever
// runs there), its own latency assuming it gets that CPU at once. While the device waits, its queue stalls: frames or requests behind the faulting one
// wait their turn (per queue: the device's other queues go on). A NIC configured to drop
// (ioPageFaultRx "drop") drops a received frame whose buffer faults instead; the page is faulted
// in for the frames after it.
//
// Residency (per VM, over the pages its device DMAs to): a page first touched is resident with
// probability r = residentFraction; one faulted in is resident from its page response on. While
// the VM is overcommitted (r < 1) its CPUs touch pages spread over its memory at memoryTouchRate,
// a share 1 − r of them reclaimed and faulted back in, and the host, holding the VM at r, reclaims
// as many — without seeing device accesses (DMA sets no accessed bit in the host's page tables), so
// each resident page is taken at rate λ = (1 − r) × memoryTouchRate / (r × memorySize): a page last
// used t ago is still resident with probability e^(−λt), drawn when it is next touched.
import { num, str, transferNs, type KindParams } from '../param-read'
import type { RunStats } from '../run-stats'
import type { RandomStream, RngStreams } from '../../sim/rng'
import { sharedKey, type SharedKey } from '../shared-objects'
import type { HostModel } from './host-model'
import type { VmParamKey } from '../vm/params'

/** Bytes of a host page the reclaim and the page-in deal in (4 KiB: swap works in base pages). */
export const HOST_PAGE_BYTES = 4096

export type DmaMemoryMode = 'pinned' | 'io-page-faults' | 'viommu'

/** The host's page-request handling (one per host: its IOMMU driver's page-request thread). */
export class IoPageFaultHandler {
  /** When the handler is next free (it serves page requests one at a time, in arrival order). */
  private busyUntil = 0
  /** ns of one PCIe round trip (ATS translation request and completion). */
  readonly roundTripNs: number
  /** ns the handler spends on one page request, its page-in included. */
  readonly serviceNs: number
  /** ns of the page-in alone (swap read or zero fill), also what a vIOMMU map of a reclaimed page waits. */
  readonly pageInNs: number
  /** ns of host CPU per fault, besides the page-in. */
  readonly cpuNs: number
  /** A NIC drops a received frame whose buffer faults (else its queue stalls). */
  readonly rxDrop: boolean
  readonly stage: number
  private readonly stats: RunStats
  private readonly host: HostModel
  private readonly spaces = new Map<number, DmaSpace>()

  constructor(host: HostModel, stats: RunStats) {
    const p = host.params
    this.stats = stats
    this.host = host
    this.roundTripNs = num(p, 'pciReadLatency')
    this.cpuNs = host.cyc(num(p, 'ioPageFaultCycles'))
    this.pageInNs = str(p, 'pageInSource') === 'swap' ? num(p, 'swapInLatency') : transferNs(HOST_PAGE_BYTES, num(p, 'memCopyBandwidth'))
    this.serviceNs = this.cpuNs + this.pageInNs
    this.rxDrop = str(p, 'ioPageFaultRx') === 'drop'
    this.stage = stats.stages.id('io_page_fault')
  }

  /**
   * A device touched a non-resident page at `now`: the absolute time its retried translation
   * succeeds (ATS miss, PRI request, the handler's queue and work, the page response, the retry).
   */
  request(now: number): number {
    this.stats.counters.ioPageFaults++
    const rt = this.roundTripNs
    const start = Math.max(now + 1.5 * rt, this.busyUntil)
    this.busyUntil = start + this.serviceNs
    this.host.hvRun(this.cpuNs, undefined, 0) // the handler's CPU work takes the host's interrupt CPU from what runs there
    return Math.round(this.busyUntil + 1.5 * rt)
  }

  /** The residency of guest context `context`'s DMA pages (made on first use). */
  space(context: number, vm: KindParams<VmParamKey>, rng: RngStreams, hostId: string): DmaSpace {
    let s = this.spaces.get(context)
    if (s === undefined) {
      s = new DmaSpace(this, vm, rng.stream(`io-page-fault/${hostId}/${context}`))
      this.spaces.set(context, s)
    }
    return s
  }
}

/** The shared handler of a host (id: the host). */
export const IO_PAGE_FAULTS_KEY = sharedKey<IoPageFaultHandler>('io-page-faults')

/**
 * One guest's DMA pages: which are resident, faulting the others in. Pages are keyed by the
 * guest's DMA address (the device models' ring and buffer addresses, as the IOTLB's).
 */
export class DmaSpace {
  readonly handler: IoPageFaultHandler
  private readonly resident: number
  /** Per-ns probability rate at which a resident, unpinned page is reclaimed (0: not overcommitted). */
  private readonly lambda: number
  private readonly rng: RandomStream
  /** Page → the time it was last known resident (or, in the future, the time its page-in completes). */
  private readonly seen = new Map<number, number>()
  /** Page → how many pins hold it (vIOMMU mappings, a CPU write in progress); a pinned page is never reclaimed. */
  private readonly pins = new Map<number, number>()

  constructor(handler: IoPageFaultHandler, vm: KindParams<VmParamKey>, rng: RandomStream) {
    this.handler = handler
    this.rng = rng
    this.resident = num(vm, 'residentFraction')
    const residentPages = this.resident * num(vm, 'memorySize') / HOST_PAGE_BYTES
    const reclaimPagesPerNs = (1 - this.resident) * num(vm, 'memoryTouchRate') / 8 / HOST_PAGE_BYTES / 1e9
    this.lambda = this.resident >= 1 || residentPages <= 0 ? 0 : reclaimPagesPerNs / residentPages
  }

  /**
   * Is `page` resident at `now`? True: it is (and is now in use). False: it was reclaimed (or never
   * brought in) and is not being paged in. A number: it is being paged in, resident from then.
   */
  private state(page: number, now: number): boolean | number {
    if (this.pins.has(page)) return true
    const t = this.seen.get(page)
    let here: boolean
    if (t === undefined) here = this.resident >= 1 || this.rng.uniform() < this.resident
    else if (t > now) return t
    else here = this.lambda === 0 || this.rng.uniform() >= 1 - Math.exp(-this.lambda * (now - t))
    if (here) this.seen.set(page, now)
    return here
  }

  /**
   * The device DMAs `bytes` at guest address `at` now: the time its pages are all resident (now if
   * they are; else each missing page takes its page request, counted as an I/O page fault).
   */
  readyAt(at: number, bytes: number, now: number): number {
    const first = Math.floor(at / HOST_PAGE_BYTES)
    const last = Math.floor((at + Math.max(1, bytes) - 1) / HOST_PAGE_BYTES)
    let ready = now
    for (let p = first; p <= last; p++) {
      const s = this.state(p, now)
      if (s === true) continue
      const t = s === false ? this.handler.request(now) : s
      if (s === false) this.seen.set(p, t)
      if (t > ready) ready = t
    }
    return ready
  }

  /**
   * Pin `page` (a vIOMMU mapping, or the guest's CPU writing it): paged in first if the host had
   * reclaimed it. Returns the page-in time to wait (0 if resident or already pinned). Pins nest:
   * a page stays pinned, never reclaimed, until its last pin is released.
   */
  pin(page: number, now: number): number {
    const c = this.pins.get(page) ?? 0
    if (c > 0) {
      this.pins.set(page, c + 1)
      return 0
    }
    const s = this.state(page, now)
    this.pins.set(page, 1)
    if (s === true) return 0
    const wait = s === false ? this.handler.pageInNs : s - now
    this.seen.set(page, now + wait)
    return wait
  }

  /** A pin taken when the page was set up for DMA (a receive ring's buffer mapped when the driver started): resident then. */
  hold(page: number): void {
    this.pins.set(page, (this.pins.get(page) ?? 0) + 1)
  }

  /** Releases one pin of `page` at time `at`; once none is left the page is reclaimable from then. */
  unpin(page: number, at: number): void {
    const c = this.pins.get(page) ?? 0
    if (c > 1) {
      this.pins.set(page, c - 1)
      return
    }
    this.pins.delete(page)
    this.seen.set(page, Math.max(at, this.seen.get(page) ?? at))
  }
}

/**
 * A device queue's DMA in order through a guest's DmaSpace: a fault stalls the queue until its
 * page response, and the DMAs behind it wait their turn.
 */
export class DmaQueueGate {
  readonly space: DmaSpace
  private stallUntil = 0
  private readonly stats: RunStats

  constructor(space: DmaSpace, stats: RunStats) {
    this.space = space
    this.stats = stats
  }

  /**
   * ns the DMA of `bytes` at `at` must wait before it may go (0: at once), or −1 when `mayDrop`
   * and the DMA itself faulted (a NIC that drops such a received frame; the page is faulted in).
   */
  wait(at: number, bytes: number, now: number, mayDrop: boolean): number {
    const h = this.space.handler
    if (mayDrop && h.rxDrop) {
      const ready = this.space.readyAt(at, bytes, now)
      return ready > now ? -1 : 0
    }
    const ready = Math.max(this.space.readyAt(at, bytes, now), this.stallUntil)
    if (ready <= now) return 0
    this.stallUntil = ready
    this.stats.stages.record(h.stage, ready - now)
    return ready - now
  }
}

/** What a technique needs to place a guest's device queue under the fault model. */
export interface DmaGateContext {
  readonly host: HostModel
  readonly stats: RunStats
  readonly rng: RngStreams
  readonly vm: KindParams<VmParamKey>
  readonly domain: { readonly acct: number }
  shared<T>(key: SharedKey<T>, id: string, make: () => T): T
}

/** The VM's DMA memory mode. */
export function dmaMemoryMode(vm: KindParams<VmParamKey>): DmaMemoryMode {
  return str(vm, 'dmaMemory') as DmaMemoryMode
}

/** The host's page-request handler. */
export function ioPageFaultHandler(ctx: Pick<DmaGateContext, 'host' | 'stats' | 'shared'>): IoPageFaultHandler {
  return ctx.shared(IO_PAGE_FAULTS_KEY, ctx.host.id, () => new IoPageFaultHandler(ctx.host, ctx.stats))
}

/** The guest's DmaSpace (io-page-faults or viommu), or undefined when its memory is pinned. */
export function dmaSpaceOf(ctx: DmaGateContext): DmaSpace | undefined {
  if (dmaMemoryMode(ctx.vm) === 'pinned') return undefined
  return ioPageFaultHandler(ctx).space(ctx.domain.acct, ctx.vm, ctx.rng, ctx.host.id)
}

/** A gate for one device queue of a guest that takes I/O page faults; undefined otherwise (pinned, viommu). */
export function dmaGateOf(ctx: DmaGateContext): DmaQueueGate | undefined {
  if (dmaMemoryMode(ctx.vm) !== 'io-page-faults') return undefined
  return new DmaQueueGate(dmaSpaceOf(ctx)!, ctx.stats)
}
