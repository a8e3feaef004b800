// A DC serving block I/O programs (issue 11, seed 000): the DC fronts the storage device, the
// guest submits programs from user space (no exit), the DC checks the credential and parses the
// program once, dispatches each command to the device and moves the data by PDMA; combining k
// requests per program amortizes the per-program costs.
import { describe, expect, it } from 'vitest'
import { runBlock } from './block-world'

describe('scalable-io block programs', () => {
  it('submits without a VM exit; one credential check per program; the device behind the DC serves the commands', () => {
    const r = runBlock({ technique: 'scalable-io' })
    const c = r.stats.counters
    expect(r.ios).toBeGreaterThan(100)
    expect(c.vmExits.io_instruction ?? 0).toBe(0)
    expect(c.vmExits.hypercall ?? 0).toBe(0)
    expect(c.credentialChecks / r.ios).toBeGreaterThanOrEqual(1)
    expect(c.credentialChecks / r.ios).toBeLessThan(1.01)
    expect(r.backend.submitted).toBe(0)
    expect(r.device.submitted).toBeGreaterThanOrEqual(r.ios)
    // the DC's cores own one of the device's queues (the highest; the driver domain's driver starts at 0)
    expect(r.device.sinks[1]).toBeDefined()
    expect(r.device.sinks[0]).toBeUndefined()
  })

  it('combining k = 1 … 8 requests per program amortizes the per-program cost', () => {
    const run = (k: number): ReturnType<typeof runBlock> => runBlock({ technique: 'scalable-io', vdisk: { commandsPerProgram: k }, queueDepth: 32 })
    const one = run(1), eight = run(8)
    const checks = (r: ReturnType<typeof runBlock>): number => r.stats.counters.credentialChecks / r.ios
    expect(checks(one)).toBeGreaterThan(0.99)
    expect(checks(eight)).toBeLessThan(0.35)
    expect(eight.cpuPerIoUs).toBeLessThan(one.cpuPerIoUs)
    // the requests of a program complete together (the first waits for the last): a little throughput for the CPU
    expect(eight.iops).toBeGreaterThan(one.iops * 0.7)
    // a single request in flight has nothing to combine with
    const qd1 = runBlock({ technique: 'scalable-io', vdisk: { commandsPerProgram: 8 } })
    expect(qd1.stats.counters.credentialChecks / qd1.ios).toBeGreaterThan(0.99)
  })

  it('is deterministic', () => {
    const a = runBlock({ technique: 'scalable-io', vdisk: { commandsPerProgram: 4 }, queueDepth: 16 })
    const b = runBlock({ technique: 'scalable-io', vdisk: { commandsPerProgram: 4 }, queueDepth: 16 })
    expect([a.ios, a.meanLatencyUs, a.cpuPerIoUs, a.eventsPerIo]).toEqual([b.ios, b.meanLatencyUs, b.cpuPerIoUs, b.eventsPerIo])
  })
})
