// Storage QoS in whole runs (issue 12): two VMs' paravirtual virtual disks on one NVMe SSD whose
// controller is the bottleneck (one core, 100 µs per command: ≈ 10,000 IOPS), each VM running its
// own block workload at queue depth 32. mClock (core/models/storage/backend/mclock.ts, built per
// device and host in core/scenario/build-block.ts) divides the device by shares, caps a disk at its
// limit and meets a reservation that shares alone would not give; without settings no scheduler is
// built and the two disks share the device in arrival order.
import { describe, expect, it } from 'vitest'
import type { Project } from '../../../core/project/schema'
import { buildWorld, runBuilt } from '../../../core/scenario/run'
import { at } from './helpers'
import { blockScenario } from '../models/block-cases'

const DURATION_NS = 100e6

function project(a: Record<string, unknown>, b: Record<string, unknown>): Project {
  const p = blockScenario({
    kind: 'nvme', technique: 'paravirtual', guests: 2, dev: { controllerCores: 1, controllerTime: 100_000 },
    workload: { queueDepth: 32 }, duration: '100ms', warmup: '20ms'
  })
  p.experiments[0].workloads = [
    { id: 'fio-a', kind: 'block', clients: 'vm', params: { pattern: 'randread', blockSize: '4KiB', queueDepth: 32 } },
    { id: 'fio-b', kind: 'block', clients: 'vm2', params: { pattern: 'randread', blockSize: '4KiB', queueDepth: 32 } }
  ] as Project['experiments'][number]['workloads']
  return at(p, {
    ...Object.fromEntries(Object.entries(a).map(([k, v]) => [`topology.attachments.vd.params.${k}`, v])),
    ...Object.fromEntries(Object.entries(b).map(([k, v]) => [`topology.attachments.vd2.params.${k}`, v]))
  })
}

/** IOPS of each VM's own workload. */
function iops(a: Record<string, unknown>, b: Record<string, unknown> = {}): [number, number] {
  const input = { project: project(a, b), experimentId: 'p', seed: 1 }
  const built = buildWorld(input)
  runBuilt(input, built)
  const [x, y] = built.workloads.map((wl) => wl.metrics(DURATION_NS).values.iops)
  if (typeof x !== 'number' || typeof y !== 'number') throw new Error('a workload completed nothing')
  return [x, y]
}

describe('storage QoS: mClock per device and host moves each virtual disk\'s IOPS as set', () => {
  const [a0, b0] = iops({})

  it('without settings the two disks share the saturated device about equally', () => {
    expect(a0 + b0).toBeGreaterThan(8_000)
    expect(a0 + b0).toBeLessThan(11_000)
    expect(a0 / b0).toBeGreaterThan(0.85)
    expect(a0 / b0).toBeLessThan(1.15)
  })

  it('shares 2000 : 1000 divide it 2 : 1, the total kept', () => {
    const [a, b] = iops({ ioShares: 2000 }, { ioShares: 1000 })
    expect(a / b).toBeGreaterThan(1.8)
    expect(a / b).toBeLessThan(2.2)
    expect((a + b) / (a0 + b0)).toBeGreaterThan(0.95)
  })

  it('a limit of 2,000 IOPS caps one disk; the other takes the rest', () => {
    const [a, b] = iops({ iopsLimit: 2000 })
    expect(a).toBeGreaterThan(1_800)
    expect(a).toBeLessThan(2_100)
    expect(b).toBeGreaterThan(b0 * 1.4)
  })

  it('a reservation of 4,000 IOPS is met against 1 : 10 shares', () => {
    const [lowShares] = iops({ ioShares: 100 }, { ioShares: 1000 })
    const [a, b] = iops({ ioShares: 100, iopsReservation: 4000 }, { ioShares: 1000 })
    expect(lowShares).toBeLessThan(1_500) // ≈ 1/11 of the device
    expect(a).toBeGreaterThan(3_800)
    expect(a).toBeLessThan(4_600)
    expect(b).toBeGreaterThan(4_000)
  })
})
