// The paravirtual disks (issue 11): blkfront/blkback with a grant per 4 KiB segment mapped and
// unmapped by blkback (or persistent grants: copies instead), 11 segments per ring request,
// event channels both ways and batching per notification; virtio-blk with a kick that exits
// unless suppressed; vIC completion coalescing (fewer interrupts under load, more latency at
// low load); determinism.
import { describe, expect, it } from 'vitest'
import { defaultParams } from '../../../core/models/catalog'
import { HostModel } from '../../../core/models/host/host-model'
import type { HostParamKey } from '../../../core/models/host/params'
import type { KindParams } from '../../../core/models/param-read'
import { makeRunStats } from '../../../core/models/run-stats'
import { BlockOp } from '../../../core/models/storage/block'
import { Simulator } from '../../../core/sim'
import { CompletionCoalescer } from '../../../core/techniques/common/block-front'
import { blkifShape } from '../../../core/techniques/paravirtual-block'
import { runBlock } from './block-world'

const host = new HostModel(new Simulator(), 'h', defaultParams('host') as KindParams<HostParamKey>, makeRunStats())
const hypercalls = (r: ReturnType<typeof runBlock>): number => r.stats.counters.vmExits.hypercall ?? 0

describe('blkfront / blkback', () => {
  it('a request takes one 4 KiB segment (one grant) per page and one ring request per 11 segments', () => {
    expect(blkifShape(4096, 11)).toEqual({ segments: 1, ringRequests: 1 })
    expect(blkifShape(44 * 1024, 11)).toEqual({ segments: 11, ringRequests: 1 })
    expect(blkifShape(48 * 1024, 11)).toEqual({ segments: 12, ringRequests: 2 })
    expect(blkifShape(512, 11)).toEqual({ segments: 1, ringRequests: 1 })
  })

  it('blkback pays grant map + unmap per segment: 44 KiB costs 10 × (map + unmap) more per I/O than 4 KiB', () => {
    const small = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' }, blockSize: 4096 })
    const big = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' }, blockSize: 44 * 1024 })
    const perSegment = host.cost('grantMapCycles') + host.cost('grantUnmapCycles')
    const delta = (big.cpuPerIoUs - small.cpuPerIoUs) * 1000
    expect(delta).toBeGreaterThan(10 * perSegment * 0.97)
    expect(delta).toBeLessThan(10 * perSegment * 1.03)
    // one map and one unmap hypercall per request, plus the notifications
    expect(hypercalls(small) / small.ios).toBeGreaterThanOrEqual(2)
  })

  it('persistent grants (pvGrantReuse): no map/unmap hypercalls, blkfront copies the bytes instead', () => {
    const mapped = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' }, blockSize: 44 * 1024 })
    const reuse = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' }, blockSize: 44 * 1024, host: { pvGrantReuse: true } })
    expect(hypercalls(reuse) / reuse.ios).toBeLessThan(hypercalls(mapped) / mapped.ios - 1.8)
    expect(mapped.stats.counters.bytesCopied).toBe(0)
    expect(reuse.stats.counters.bytesCopied / reuse.ios).toBeGreaterThanOrEqual(44 * 1024)
    expect(reuse.hvPerIoUs).toBeLessThan(mapped.hvPerIoUs)
    // the trade: 11 grant map/unmap pairs against a 44 KiB copy — at the default 1 GB/s copy rate the copy costs more
    expect(reuse.cpuPerIoUs).toBeGreaterThan(mapped.cpuPerIoUs)
    const small = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' }, blockSize: 4096, host: { pvGrantReuse: true, memCopyBandwidth: 80e9 } })
    const smallMapped = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' }, blockSize: 4096, host: { memCopyBandwidth: 80e9 } })
    expect(small.cpuPerIoUs).toBeLessThan(smallMapped.cpuPerIoUs)
  })

  it('batches requests per notification: under load fewer event-channel notifications per request', () => {
    const qd1 = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' } })
    const qd32 = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' }, queueDepth: 32 })
    // at queue depth 1 each request is notified both ways (two upcalls); under load most ride on one
    expect(qd1.stats.counters.irqsVirtual / qd1.ios).toBeGreaterThan(1.95)
    expect(qd32.stats.counters.irqsVirtual / qd32.ios).toBeLessThan(1)
    expect(qd32.iops).toBeGreaterThan(5 * qd1.iops)
    // a paravirtualized guest takes event-channel upcalls: no EOI exits, no trapped accesses
    expect(qd1.stats.counters.vmExits.apic_eoi ?? 0).toBe(0)
    expect(qd1.stats.counters.vmExits.io_instruction ?? 0).toBe(0)
  })

  it('a request larger than 11 segments takes two ring slots: the 32-slot ring then holds 16 such requests', () => {
    const r = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'blkfront' }, blockSize: 48 * 1024, queueDepth: 32, serviceNs: 2_000_000 })
    // with a slow back end the ring is the limit: 16 requests in flight per 2 ms
    expect(r.iops).toBeLessThan(16 / 2e-3 * 1.05)
    expect(r.iops).toBeGreaterThan(16 / 2e-3 * 0.8)
  })
})

describe('virtio-blk', () => {
  it('a kick is a trapped write; with suppression only the kicks that find the device idle exit', () => {
    const qd1 = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'virtio-blk' } })
    const io = (r: ReturnType<typeof runBlock>): number => (r.stats.counters.vmExits.io_instruction ?? 0) / r.ios
    expect(io(qd1)).toBeGreaterThanOrEqual(1)
    expect(io(qd1)).toBeLessThan(1.01)
    const on = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'virtio-blk' }, queueDepth: 32 })
    const off = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'virtio-blk', virtioNotifySuppression: false }, queueDepth: 32 })
    expect(io(off)).toBeGreaterThanOrEqual(1)
    expect(io(on)).toBeLessThan(0.5 * io(off))
    expect(on.cpuPerIoUs).toBeLessThan(off.cpuPerIoUs)
    // the completion interrupt of a hardware-virtualized guest: an injection and an EOI exit
    expect((qd1.stats.counters.vmExits.apic_eoi ?? 0) / qd1.ios).toBeGreaterThan(0.99)
  })

  it('no grants and no copies: the host reads guest memory in place', () => {
    const r = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'virtio-blk' }, blockSize: 65536, op: BlockOp.Write })
    expect(r.stats.counters.bytesCopied).toBe(0)
    const small = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver: 'virtio-blk' }, blockSize: 4096, op: BlockOp.Write })
    expect(Math.abs(r.cpuPerIoUs - small.cpuPerIoUs)).toBeLessThan(0.05)
  })
})

describe('virtual interrupt coalescing (vIC)', () => {
  it('fires once count completions wait, or after the timeout, never twice for the same ones', () => {
    const sim = new Simulator()
    const fired: number[] = []
    const c = new CompletionCoalescer(sim, 4, 100_000, () => fired.push(sim.now))
    for (let i = 0; i < 4; i++) c.posted()
    expect(fired).toEqual([0])
    c.posted()
    sim.run()
    expect(fired).toEqual([0, 100_000])
    // a flush by count cancels the pending timeout
    const fired2: number[] = []
    const d = new CompletionCoalescer(sim, 2, 50_000, () => fired2.push(sim.now))
    d.posted()
    d.posted()
    expect(fired2).toEqual([100_000])
    sim.run()
    // the stale timeout ran out at 150 µs without a second interrupt
    expect(sim.now).toBe(150_000)
    expect(fired2).toEqual([100_000])
  })

  it('lowers interrupts per I/O under load and raises latency at low load, for each served front end', () => {
    const cases = [
      ['paravirtual', { paravirtDriver: 'virtio-blk' }], ['paravirtual', { paravirtDriver: 'blkfront' }],
      ['emulated', { controller: 'ahci' }]
    ] as const
    for (const [technique, v] of cases) {
      const vic = { ...v, coalesceCount: 8, coalesceTimeout: 200_000 }
      // completions spread out (a slow device, 16 in flight): without vIC most take an interrupt of their own
      const loadOff = runBlock({ technique, vdisk: { ...v }, queueDepth: 16, serviceNs: 400_000, jitter: 0.9 })
      const loadOn = runBlock({ technique, vdisk: vic, queueDepth: 16, serviceNs: 400_000, jitter: 0.9 })
      const irqs = (r: ReturnType<typeof runBlock>): number => (r.stats.counters.vmExits.apic_eoi ?? r.stats.counters.irqsVirtual) / r.ios
      expect(irqs(loadOff), technique).toBeGreaterThan(0.3)
      expect(irqs(loadOn), technique).toBeLessThan(0.5 * irqs(loadOff))
      const lowOff = runBlock({ technique, vdisk: { ...v } })
      const lowOn = runBlock({ technique, vdisk: vic })
      // alone in flight, a completion waits out the timeout
      expect(lowOn.meanLatencyUs - lowOff.meanLatencyUs, technique).toBeGreaterThan(190)
      expect(lowOn.meanLatencyUs - lowOff.meanLatencyUs, technique).toBeLessThan(215)
    }
  })
})

describe('determinism', () => {
  it('the same set-up gives identical results', () => {
    for (const paravirtDriver of ['blkfront', 'virtio-blk']) {
      const a = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver }, queueDepth: 16 })
      const b = runBlock({ technique: 'paravirtual', vdisk: { paravirtDriver }, queueDepth: 16 })
      expect([a.ios, a.meanLatencyUs, a.cpuPerIoUs, a.eventsPerIo]).toEqual([b.ios, b.meanLatencyUs, b.cpuPerIoUs, b.eventsPerIo])
    }
  })
})
