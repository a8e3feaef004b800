// A DC serving block I/O programs (issue 11, seed 000): the DC fronts the storage device, the
// guest submits programs from user space (no exit), the DC checks the credential and parses the
// program once, dispatches each command to the device and moves the data by PDMA; combining k
// requests per program amortizes the per-program costs.
import { describe, expect, it } from 'vitest'
import { runScenario } from '../../../core/scenario/index'
import { runBlock } from './block-world'
import { at, loadExample } from '../scenario/helpers'

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

  // Regression: the access library once counted a program's commands by peeking at the same
  // queue head and then took k requests out of a queue holding fewer, so a program carried stale
  // request ids whose commands never completed (k = 5, 6 at queue depth 8 completed no I/O).
  describe('every k = 1 … 8 at queue depths 1, 8, 32 completes I/O (examples/storage-paths.iovlab.json, dc-storage)', () => {
    const run = (k: number, qd: number): Record<string, unknown> => {
      const p = at(loadExample('storage-paths.iovlab.json'), {
        'variables.k': k, 'experiments.dc-storage.workloads.fio.params.queueDepth': qd,
        'experiments.dc-storage.duration': '30ms', 'experiments.dc-storage.warmup': '5ms'
      })
      const { metrics } = runScenario({ project: p, experimentId: 'dc-storage', seed: 1 })
      return metrics as Record<string, unknown>
    }
    it.each([1, 8, 32])('queue depth %i', (qd) => {
      const cpu: number[] = []
      for (let k = 1; k <= 8; k++) {
        const m = run(k, qd)
        const iops = m.iops as number
        expect(typeof iops, `k=${k} qd=${qd}`).toBe('number')
        expect(iops, `k=${k} qd=${qd}`).toBeGreaterThan(5000)
        // requests per program: at least 1, at most k and at most the queue depth
        const perProgram = (iops * 0.03) / (m.credential_checks as number)
        expect(perProgram, `k=${k} qd=${qd}`).toBeGreaterThan(0.95)
        expect(perProgram, `k=${k} qd=${qd}`).toBeLessThan(Math.min(k, qd) + 0.05)
        cpu.push(m.cpu_per_io_us as number)
      }
      // with 32 in flight every program fills: the host's CPU per I/O falls at each step of k
      if (qd === 32) for (let k = 1; k < 8; k++) expect(cpu[k], `k=${k + 1}`).toBeLessThan(cpu[k - 1])
      if (qd === 1) expect(Math.max(...cpu) / Math.min(...cpu)).toBeLessThan(1.05)
    })
  })
})
