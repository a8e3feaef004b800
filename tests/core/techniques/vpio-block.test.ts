// VPIO on a simple disk controller (issue 11, seed 002): the guest drives the controller's
// AHCI-like registers itself; only hooked accesses exit (the doorbell always: the model validates
// the command's DMA targets, one check per PRD segment, and denies a bad target); the physical
// interrupt goes to the model, which injects the guest's virtual interrupt; several guests share
// the controller by hand-off.
import { describe, expect, it } from 'vitest'
import { runBlock } from './block-world'

const exits = (r: ReturnType<typeof runBlock>): number => (r.stats.counters.vmExits.io_instruction ?? 0) / r.ios

describe('VPIO disk controller', () => {
  it('every access reaches the device, only the hooked ones exit: the doorbell always, the rest in the hooked fraction', () => {
    const none = runBlock({ technique: 'vpio', vm: { vpioHookedFraction: 0 } })
    const all = runBlock({ technique: 'vpio', vm: { vpioHookedFraction: 1 } })
    const dflt = runBlock({ technique: 'vpio' })
    // 2 issue accesses + 5 in the handler reach the device per request
    expect(none.stats.counters.portIos / none.ios).toBeGreaterThanOrEqual(7)
    expect(none.stats.counters.portIos / none.ios).toBeLessThan(7.05)
    expect(exits(none)).toBeGreaterThanOrEqual(1)
    expect(exits(none)).toBeLessThan(1.01)
    expect(exits(all)).toBeGreaterThanOrEqual(7)
    expect(exits(all)).toBeLessThan(7.05)
    expect(exits(dflt)).toBeGreaterThan(exits(none))
    expect(exits(dflt)).toBeLessThan(exits(all))
    expect(all.meanLatencyUs).toBeGreaterThan(none.meanLatencyUs)
    // the device serves the requests itself: no back end
    expect(dflt.backend.submitted).toBe(0)
    expect(dflt.device.submitted).toBeGreaterThanOrEqual(dflt.ios)
    // the physical interrupt goes to the model, then the guest's virtual interrupt
    expect(dflt.stats.counters.irqsPhysical).toBeGreaterThanOrEqual(dflt.ios)
  })

  it('validates the DMA targets of every command (one check per 4 KiB segment) and denies a bad one', () => {
    const ok = runBlock({ technique: 'vpio', blockSize: 16384 })
    const segs = ok.stats.counters.dmaChecks / ok.ios
    expect(segs).toBeGreaterThanOrEqual(4)
    expect(segs).toBeLessThan(4.05)
    expect(ok.stats.counters.dmaDenials).toBe(0)
    expect(ok.failed).toBe(0)
    const bad = runBlock({ technique: 'vpio', vdisk: { vpioBadDmaRate: 0.2 } })
    const c = bad.stats.counters
    expect(c.dmaDenials).toBeGreaterThan(0)
    expect(bad.failed).toBe(c.dmaDenials)
    expect(c.dmaDenials / bad.ios).toBeGreaterThan(0.15)
    expect(c.dmaDenials / bad.ios).toBeLessThan(0.25)
    // a denied command never reaches the device
    expect(bad.device.submitted).toBeLessThanOrEqual(bad.ios - c.dmaDenials + 1)
  })

  it('guests sharing the controller take turns: hand-offs, both make progress', () => {
    const r = runBlock({ technique: 'vpio', guests: 2, queueDepth: 4 })
    expect(r.stats.counters.deviceHandoffs).toBeGreaterThan(10)
    const alone = runBlock({ technique: 'vpio', queueDepth: 4 })
    expect(r.ios).toBeGreaterThan(0.5 * alone.ios)
  })

  it('coalesces completion interrupts (vIC) and is deterministic', () => {
    const off = runBlock({ technique: 'vpio', queueDepth: 16, serviceNs: 400_000 })
    const on = runBlock({ technique: 'vpio', vdisk: { coalesceCount: 8 }, queueDepth: 16, serviceNs: 400_000 })
    expect(on.stats.counters.irqsVirtual).toBeLessThanOrEqual(off.stats.counters.irqsVirtual)
    const a = runBlock({ technique: 'vpio', vdisk: { vpioBadDmaRate: 0.1 }, guests: 2, queueDepth: 4 })
    const b = runBlock({ technique: 'vpio', vdisk: { vpioBadDmaRate: 0.1 }, guests: 2, queueDepth: 4 })
    expect([a.ios, a.failed, a.meanLatencyUs, a.cpuPerIoUs]).toEqual([b.ios, b.failed, b.meanLatencyUs, b.cpuPerIoUs])
  })
})
