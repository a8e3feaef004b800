// The commodity NIC's parts in isolation: the IOTLB (an LRU shared per host), who may drive
// the device, SR-IOV's VF limit and vector sharing, interrupt moderation, PIO queues.
import { describe, expect, it } from 'vitest'
import { Simulator } from '../../../core/sim'
import { defaultParams } from '../../../core/models/catalog'
import { Iommu } from '../../../core/models/host/iommu'
import { NicModel } from '../../../core/models/nic/nic-model'
import { SriovNic } from '../../../core/models/nic/sriov'
import { PacketPool } from '../../../core/models/packet'
import { makeRunStats } from '../../../core/models/run-stats'

function nic(params: Record<string, number | string | boolean> = {}) {
  const sim = new Simulator(), pool = new PacketPool(), stats = makeRunStats()
  const n = new NicModel(sim, pool, stats, 'nic', { ...defaultParams('nic'), ...params })
  return { sim, pool, stats, nic: n }
}

describe('IOTLB', () => {
  it('misses once per page, then hits, and evicts the least recently used entry', () => {
    const stats = makeRunStats()
    const mmu = new Iommu({ ...defaultParams('host'), iotlbEntries: 2, iotlbMissLatency: 400 }, stats.counters)
    expect(mmu.translate(1, 0)).toBe(400)
    expect(mmu.translate(1, 0)).toBe(0)
    expect(mmu.translate(1, 1)).toBe(400)
    expect(mmu.translate(1, 0)).toBe(0) // page 0 is now the most recent
    expect(mmu.translate(2, 0)).toBe(400) // evicts (1, 1)
    expect(mmu.translate(1, 1)).toBe(400)
    expect([stats.counters.iotlbHits, stats.counters.iotlbMisses]).toEqual([2, 4])
  })

  it('a buffer that spans two pages needs two translations', () => {
    const stats = makeRunStats()
    const mmu = new Iommu(defaultParams('host'), stats.counters)
    expect(mmu.translateRange(7, 4096 - 100, 200)).toBe(2 * Number(defaultParams('host').iotlbMissLatency))
  })
})

describe('who drives a NIC', () => {
  it('pass-through is exclusive; the driver domain and SR-IOV VFs share; VPIO excludes the driver domain', () => {
    const a = nic().nic
    a.claim('passthrough', 'g1')
    expect(() => a.claim('passthrough', 'g2')).toThrow(/one guest/)
    expect(() => a.claim('driver-domain', 'dom0')).toThrow(/one guest/)
    const b = nic().nic
    b.claim('driver-domain', 'dom0')
    b.claim('sriov', 'g1')
    expect(() => b.claim('vpio', 'g2')).toThrow(/cannot share/)
    const c = nic().nic
    c.claim('vpio', 'g1')
    c.claim('vpio', 'g2')
    expect(() => c.claim('driver-domain', 'dom0')).toThrow(/cannot share/)
  })
})

describe('SR-IOV', () => {
  it('gives out VFs up to vfCount and refuses the next guest', () => {
    const { nic: n } = nic({ sriovEnabled: true, vfCount: 2 })
    const sr = new SriovNic(n, { ...defaultParams('nic'), sriovEnabled: true, vfCount: 2 })
    sr.addVf(10, 'g0')
    sr.addVf(11, 'g1')
    expect(() => sr.addVf(12, 'g2')).toThrow(/2 virtual functions/)
    expect(n.queues.length).toBe(3) // the PF's queue and one per VF
  })

  it('shares a vector between VFs once they outnumber the vector groups', () => {
    const p = { ...defaultParams('nic'), sriovEnabled: true, vfCount: 8, msixVectors: 6, msixVectorsPerVf: 2 }
    const sr = new SriovNic(nic(p).nic, p)
    for (let i = 0; i < 8; i++) sr.addVf(i, `g${i}`)
    expect(sr.vectors.length).toBe(3)
    expect(sr.vectors.map((v) => v.queues.length)).toEqual([3, 3, 2])
  })

  it('is refused when the NIC has SR-IOV turned off', () => {
    expect(() => new SriovNic(nic().nic, defaultParams('nic'))).toThrow(/sriovEnabled/)
  })
})

describe('interrupt moderation', () => {
  function landFrames(params: Record<string, number>, frames: number): { times: number[] } {
    const { sim, pool, nic: n } = nic(params)
    const times: number[] = []
    n.queues[0].onInterrupt = () => {
      times.push(sim.now)
      n.queues[0].rx.armed = false // the driver polls: no further interrupt until it re-arms
      while (n.queues[0].rx.length > 0) pool.release(n.queues[0].rx.shift())
      n.queues[0].rx.armed = true
    }
    for (let i = 0; i < frames; i++) {
      const pkt = pool.alloc()
      pool.bytes[pkt] = 100
      sim.after(i * 1000, () => n.receive(pkt))
    }
    sim.run()
    return { times }
  }

  it('without coalescing every frame raises an interrupt', () => {
    expect(landFrames({}, 4).times.length).toBe(4)
  })

  it('a frame count shares one interrupt among frames, a delay bounds the wait', () => {
    expect(landFrames({ irqCoalesceFrames: 4, irqCoalesceDelay: 100_000 }, 8).times.length).toBe(2)
    const late = landFrames({ irqCoalesceFrames: 64, irqCoalesceDelay: 20_000 }, 3)
    expect(late.times.length).toBe(1)
    expect(late.times[0]).toBeGreaterThan(20_000)
  })
})

describe('programmed-I/O queues', () => {
  it('move no data by DMA: no PCI bytes, no DMA time', () => {
    const { sim, pool, stats, nic: n } = nic()
    n.queues[0].pio = true
    let landedAt = -1
    n.queues[0].onInterrupt = () => { landedAt = sim.now }
    const pkt = pool.alloc()
    pool.bytes[pkt] = 1000
    n.receive(pkt)
    sim.run()
    expect(landedAt).toBe(0)
    expect(stats.counters.pciWriteBytes).toBe(0)
  })
})
