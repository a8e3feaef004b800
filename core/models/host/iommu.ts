// The host's IOMMU: every DMA of a device assigned to a guest is translated page by page
// through the IOTLB, an LRU cache shared by all devices of the host; a miss walks the I/O
// page table (iotlbMissLatency added to that DMA). Hits and misses are counted.
import { num, type KindParams } from '../param-read'
import type { HostParamKey } from './params'
import type { RunCounters } from '../run-stats'
import { sharedKey } from '../shared-objects'

/** The host's IOMMU in the run's shared objects (id: the host), shared by its NICs and storage devices. */
export const IOMMU_KEY = sharedKey<Iommu>('iommu')

/** Pages one translation context (a guest's queue) may name; keys stay unique below this. */
const PAGES_PER_CONTEXT = 1 << 14

export class Iommu {
  readonly pageBytes: number
  private readonly entries: number
  private readonly missNs: number
  private readonly counters: RunCounters
  /** Cached translations in least- to most-recently-used order (Map keeps insertion order). */
  private readonly lru = new Map<number, true>()

  constructor(hostParams: KindParams<HostParamKey>, counters: RunCounters) {
    this.pageBytes = num(hostParams, 'iommuPageSize')
    this.entries = num(hostParams, 'iotlbEntries')
    this.missNs = num(hostParams, 'iotlbMissLatency')
    this.counters = counters
  }

  /** Extra DMA time (ns) to translate page `page` of translation context `context`. */
  translate(context: number, page: number): number {
    const key = context * PAGES_PER_CONTEXT + (page % PAGES_PER_CONTEXT)
    if (this.lru.delete(key)) {
      this.lru.set(key, true)
      this.counters.iotlbHits++
      return 0
    }
    this.counters.iotlbMisses++
    if (this.entries > 0) {
      if (this.lru.size >= this.entries) this.lru.delete(this.lru.keys().next().value as number)
      this.lru.set(key, true)
    }
    return this.missNs
  }

  /**
   * A DMA to a page the device's context does not map (issue 12's rogue DMA): the walk finds no
   * entry, nothing is cached, the DMA is blocked. Returns the walk's time; counted as a miss.
   */
  walkUnmapped(): number {
    this.counters.iotlbMisses++
    return this.missNs
  }

  /** Extra time to translate a buffer of `bytes` starting at byte `offset` of a context's memory. */
  translateRange(context: number, offset: number, bytes: number): number {
    const first = Math.floor(offset / this.pageBytes)
    const last = Math.floor((offset + Math.max(1, bytes) - 1) / this.pageBytes)
    let ns = 0
    for (let p = first; p <= last; p++) ns += this.translate(context, p)
    return ns
  }
}
