// Memory overcommit under device assignment (issue 12, core/models/host/io-page-fault.ts): the
// page-request handler's timing, the residency of a guest's DMA pages (first touch, reclaim at the
// stated rate, faulted pages resident from their response), and a device queue's stall or drop.
import { describe, expect, it } from 'vitest'
import { Simulator } from '../../../../core/sim'
import { RngStreams } from '../../../../core/sim/rng'
import { defaultParams } from '../../../../core/models/catalog'
import { HostModel } from '../../../../core/models/host/host-model'
import type { HostParamKey } from '../../../../core/models/host/params'
import type { VmParamKey } from '../../../../core/models/vm/params'
import type { KindParams } from '../../../../core/models/param-read'
import { makeRunStats, type RunStats } from '../../../../core/models/run-stats'
import { DmaQueueGate, HOST_PAGE_BYTES, IoPageFaultHandler, type DmaSpace } from '../../../../core/models/host/io-page-fault'

const MiB = 1024 * 1024

function setup(host: Record<string, unknown> = {}, vm: Record<string, unknown> = {}, seed = 7): { h: IoPageFaultHandler; space: DmaSpace; stats: RunStats; hostModel: HostModel } {
  const stats = makeRunStats()
  const hostModel = new HostModel(new Simulator(), 'h', { ...defaultParams('host'), ...host } as KindParams<HostParamKey>, stats)
  const h = new IoPageFaultHandler(hostModel, stats)
  const vmParams = { ...defaultParams('vm'), dmaMemory: 'io-page-faults', ...vm } as KindParams<VmParamKey>
  return { h, space: h.space(1, vmParams, new RngStreams(seed), 'h'), stats, hostModel }
}

describe('the I/O page-fault handler', () => {
  it('answers a lone fault after the ATS miss, the page request, its work and page-in, the response and the retried translation', () => {
    const { h, stats } = setup({ pciReadLatency: 700, clock: 2.8e9, ioPageFaultCycles: 14_000, pageInSource: 'swap', swapInLatency: 100_000 })
    const ready = h.request(1_000_000)
    expect(ready - 1_000_000).toBe(Math.round(3 * 700 + 5_000 + 100_000))
    expect(stats.counters.ioPageFaults).toBe(1)
  })

  it('serves page requests one at a time: a second fault at the same instant waits for the first', () => {
    const { h } = setup({ pciReadLatency: 700, ioPageFaultCycles: 0, swapInLatency: 100_000 })
    const a = h.request(0), b = h.request(0)
    expect(b - a).toBe(100_000)
  })

  it('zero-fills at the memory copy bandwidth instead of reading swap', () => {
    const swap = setup({ pageInSource: 'swap', swapInLatency: 100_000 }).h
    const zero = setup({ pageInSource: 'zero-fill', memCopyBandwidth: 8e9 }).h
    expect(swap.pageInNs).toBe(100_000)
    expect(zero.pageInNs).toBeCloseTo(HOST_PAGE_BYTES * 8 / 8, 6) // 4 KiB at 8 Gbit/s = 4.1 µs
  })
})

describe('residency of a guest\'s DMA pages', () => {
  it('with all of its memory resident nothing ever faults', () => {
    const { space, stats } = setup({}, { residentFraction: 1, memoryTouchRate: 8e9, memorySize: MiB })
    for (let t = 0; t < 1000; t++) expect(space.readyAt((t % 64) * HOST_PAGE_BYTES, 2048, t * 1e6)).toBe(t * 1e6)
    expect(stats.counters.ioPageFaults).toBe(0)
  })

  it('a page first touched is resident with probability residentFraction', () => {
    const { space, stats } = setup({}, { residentFraction: 0.3, memoryTouchRate: 1_000, memorySize: 1024 * MiB })
    const pages = 20_000
    for (let p = 0; p < pages; p++) space.readyAt(p * HOST_PAGE_BYTES, 64, 0)
    expect(stats.counters.ioPageFaults / pages).toBeGreaterThan(0.68)
    expect(stats.counters.ioPageFaults / pages).toBeLessThan(0.72)
  })

  it('a faulted page is resident from its page response on (a DMA meanwhile waits for the same response, no second fault)', () => {
    const { space, stats } = setup({}, { residentFraction: 0.001, memoryTouchRate: 1_000, memorySize: 1024 * MiB }, 3)
    const ready = space.readyAt(0, 64, 0)
    expect(ready).toBeGreaterThan(0)
    expect(space.readyAt(100, 64, 10)).toBe(ready)
    expect(space.readyAt(0, 64, ready + 1)).toBe(ready + 1)
    expect(stats.counters.ioPageFaults).toBe(1)
  })

  it('a page unused for t is reclaimed with probability 1 − e^(−λt), λ = (1 − r) × touch rate / (r × memory)', () => {
    const r = 0.5, memory = 64 * MiB, touchBps = 800e6
    const lambdaPerNs = (1 - r) * touchBps / 8 / HOST_PAGE_BYTES / 1e9 / (r * memory / HOST_PAGE_BYTES)
    const gap = 200e6 // 200 ms between touches
    // an instant page-in, so that no page is still being paged in when it is next touched
    const { space, stats } = setup({ ioPageFaultCycles: 0, swapInLatency: 0, pciReadLatency: 0 }, { residentFraction: r, memoryTouchRate: touchBps, memorySize: memory }, 11)
    const pages = 8000
    // first touches at 0 (some fault); every page resident once its response is in
    for (let p = 0; p < pages; p++) space.readyAt(p * HOST_PAGE_BYTES, 64, 0)
    const t1 = 1e9
    for (let p = 0; p < pages; p++) space.readyAt(p * HOST_PAGE_BYTES, 64, t1)
    const before = stats.counters.ioPageFaults
    for (let p = 0; p < pages; p++) space.readyAt(p * HOST_PAGE_BYTES, 64, t1 + gap)
    const share = (stats.counters.ioPageFaults - before) / pages
    const expected = 1 - Math.exp(-lambdaPerNs * gap)
    expect(expected).toBeGreaterThan(0.2) // a rate the test can see
    expect(share).toBeGreaterThan(expected - 0.03)
    expect(share).toBeLessThan(expected + 0.03)
  })

  it('a pinned page (vIOMMU-mapped) is not reclaimed; once unpinned it is reclaimable again', () => {
    const { space } = setup({}, { residentFraction: 0.5, memoryTouchRate: 8e9, memorySize: MiB }, 5)
    const wait = space.pin(42, 0) // maybe a page-in
    expect(space.pin(42, 1)).toBe(0) // pins nest: already pinned
    space.unpin(42, wait)
    expect(space.pin(42, 10e9)).toBe(0) // one pin still holds it: ten seconds later it is still resident
    space.unpin(42, 10e9)
    space.unpin(42, 10e9)
    let reclaimed = 0
    for (let i = 1; i <= 200; i++) {
      const t = 10e9 + i * 1e9
      if (space.pin(42, t) > 0) reclaimed++
      space.unpin(42, t + 1e6)
    }
    expect(reclaimed).toBeGreaterThan(150) // λ ≈ 24 400 pages/s over 128 resident pages: ~all gone within a second
  })
})

describe('a device queue in front of the faults', () => {
  it('stalls: a DMA behind a faulting one waits for the same response, in order', () => {
    const { space, stats } = setup({ ioPageFaultRx: 'stall' }, { residentFraction: 0.001, memoryTouchRate: 1_000, memorySize: 1024 * MiB }, 9)
    const gate = new DmaQueueGate(space, stats)
    const w1 = gate.wait(0, 2048, 0, true)
    expect(w1).toBeGreaterThan(100_000)
    const w2 = gate.wait(0, 2048, 10, true) // same page: waits for the response
    expect(w2).toBe(w1 - 10)
    expect(stats.counters.ioPageFaults).toBe(1)
  })

  it('drops: a received frame whose buffer faults is dropped and the page is faulted in for the frames after it', () => {
    const { space, stats } = setup({ ioPageFaultRx: 'drop' }, { residentFraction: 0.001, memoryTouchRate: 1_000, memorySize: 1024 * MiB }, 9)
    const gate = new DmaQueueGate(space, stats)
    expect(gate.wait(0, 2048, 0, true)).toBe(-1)
    expect(gate.wait(0, 2048, 1e9, true)).toBe(0)
    expect(gate.wait(0, 2048, 1e9, false)).toBe(0)
    expect(stats.counters.ioPageFaults).toBe(1)
  })
})
