// What pass-through guests on one host still share (issue 12, docs/isolation.md "What each
// technique's VMs share"): the IOMMU's IOTLB, one LRU for every device's translations, so a
// neighbour's DMA evicts the victim's; and the host's PCI bus, on which a neighbour's transfer
// delays the victim's.
import { describe, expect, it } from 'vitest'
import { Iommu } from '../../../../core/models/host/iommu'
import { PciBus, PciDir } from '../../../../core/models/host/pci-bus'
import { defaultParams } from '../../../../core/models/catalog'
import { makeRunStats } from '../../../../core/models/run-stats'

describe('the IOTLB is shared by every device of the host', () => {
  it('a victim that fits in the IOTLB alone misses every time once a neighbour streams over more pages than it holds', () => {
    const alone = makeRunStats()
    const mmu = new Iommu({ ...defaultParams('host'), iotlbEntries: 64, iotlbMissLatency: 400 }, alone.counters)
    const victim = 1, neighbour = 2
    for (let i = 0; i < 100; i++) mmu.translate(victim, i % 4) // 4 hot pages: 4 cold misses, then hits
    expect(alone.counters.iotlbMisses).toBe(4)
    expect(alone.counters.iotlbHits).toBe(96)

    const shared = makeRunStats()
    const mmu2 = new Iommu({ ...defaultParams('host'), iotlbEntries: 64, iotlbMissLatency: 400 }, shared.counters)
    let victimNs = 0
    for (let i = 0; i < 100; i++) {
      victimNs += mmu2.translate(victim, i % 4)
      for (let k = 0; k < 32; k++) mmu2.translate(neighbour, (i * 32 + k) % 256) // a ring of 256 buffer pages
    }
    // between two uses of a victim page the neighbour touches 128 other pages: more than the 64 entries
    expect(victimNs).toBe(100 * 400)
  })
})

describe('the PCI bus is shared by every device of the host', () => {
  it('a victim\'s transfer finishes late by the time a neighbour\'s burst holds the bus, and only in the same direction', () => {
    const bus = new PciBus({ ...defaultParams('host'), pciBusBandwidth: 1e9, pciBusBurst: 4096, pciBusBurstOverhead: 0 })
    // neighbour: 64 KiB towards the host, its engine done at t = 1 ms after 100 ns of its own
    const late = bus.delay(PciDir.ToHost, 65536, 100, 1e6)
    expect(late).toBe(Math.round(65536 * 8) - 100)
    // the victim's 1,500-byte DMA, its engine done right after: it waits for the neighbour's bus time
    const victim = bus.delay(PciDir.ToHost, 1500, 100, 1e6 + 100)
    expect(victim).toBeGreaterThan(65536 * 8 - 200)
    // the other direction is a separate bus
    expect(bus.delay(PciDir.ToDevice, 1500, 12_000, 1e6 + 100)).toBe(0)
  })
})
