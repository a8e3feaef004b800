// Every parameter of the storage kinds (issue 11) is live at the device: perturbing it (× 2 or
// ÷ 2 within its bounds, another enum option, a boolean flipped, a zero raised) moves what the
// device delivers to its driver (IOPS, latency, interrupts, the queues and capacity it exports)
// in a device-level scenario of the load harness — or the device refuses the configuration.
// The project-level perturbation test (tests/core/models/perturbation.test.ts) covers them
// through a technique once the block workload drives virtual disks.
import { describe, expect, it } from 'vitest'
import { CATALOG, type ComponentKind, type ParamSpec } from '../../../../core/models/catalog'
import { arrayInitiator } from '../../../../core/models/storage/array/initiator'
import type { BlockDeviceModel } from '../../../../core/models/storage/block'
import { array, disk, drive, env, hostWithDomain, nvme, ssd, type Load, type Params } from './harness'

const MiB = 1024 ** 2, GiB = 1024 ** 3

/** Explicit perturbations where × 2 / ÷ 2 of the default cannot show (a zero, a limit the scenario sits below). */
const VALUE: Record<string, number | string | boolean> = { vfCount: 2, irqCoalesceTime: 50_000, sessions: 8 }

function perturb(spec: ParamSpec, current: unknown): number | string | boolean {
  if (spec.key in VALUE) return VALUE[spec.key]
  const v = current ?? spec.default
  if (typeof v === 'boolean') return !v
  if (typeof v === 'string') {
    const opts = spec.options ?? []
    return opts[(opts.indexOf(v) + 1) % opts.length]
  }
  const n = v as number
  let x = n === 0 ? Math.max(1, spec.min ?? 1) : n * 2
  if (spec.max !== undefined && x > spec.max) x = n / 2
  if (spec.integer) x = Math.round(x)
  return x
}

interface Case { set: Params; load: Load }

function caseFor(kind: ComponentKind, key: string): Case {
  // issue 12: the device fails 20 ms into the run; its commands hang until the command timeout (10 ms here), then fail at once
  if (key === 'commandTimeout') return { set: { commandTimeout: 10_000_000 }, load: { pattern: 'randread', depth: 4, workingSet: 16 * MiB, failAtNs: 2e7, durationNs: 1e8 } }
  switch (kind) {
    case 'disk':
      // 2 MiB reads 10 ms apart: the prefetch (≈ 1.25 MB in 10 ms) is capped by the read-ahead size
      if (key === 'readAhead') return { set: {}, load: { pattern: 'read', bytes: 2 * MiB, depth: 1, thinkNs: 10e6, durationNs: 3e8 } }
      // heads set how much data lies under the heads without a seek: an 8 MiB working set spans two 4-head cylinders, one 8-head cylinder
      if (key === 'heads') return { set: {}, load: { pattern: 'randread', depth: 1, workingSet: 8 * MiB, durationNs: 3e8 } }
      if (key === 'writeCache') return { set: {}, load: { pattern: 'randwrite', depth: 1, durationNs: 3e8 } }
      if (key === 'cacheSize') return { set: { writeCache: true }, load: { pattern: 'randwrite', depth: 4, durationNs: 1e9 } }
      return { set: {}, load: { pattern: 'randread', depth: key === 'queueDepth' ? 32 : 8, durationNs: 3e8 } }
    case 'ssd':
      if (key === 'flashProgramTime' || key === 'writeBuffer') return { set: {}, load: { pattern: 'randwrite', depth: 8, durationNs: 5e8 } }
      // dies decide only when neither the channels, the controller nor the SATA link is the limit
      if (key === 'diesPerChannel') return { set: { channelRate: 1.6e9, interfaceRate: 24e9, controllerTime: 1000 }, load: { pattern: 'randread', depth: 32, durationNs: 1e8 } }
      return { set: {}, load: { pattern: 'randread', depth: key === 'queueDepth' ? 32 : 8, durationNs: 1e8 } }
    case 'nvme':
      if (key === 'flashProgramTime' || key === 'writeBuffer') return { set: {}, load: { pattern: 'randwrite', depth: 32, queues: [0, 1, 2, 3], durationNs: 1e8 } }
      if (key === 'irqCoalesceCount') return { set: { irqCoalesceTime: 100_000 }, load: { pattern: 'randread', depth: 32, durationNs: 2e7 } }
      if (key === 'irqCoalesceTime') return { set: { irqCoalesceCount: 8 }, load: { pattern: 'randread', depth: 32, durationNs: 2e7 } }
      if (key === 'queueDepth') return { set: {}, load: { pattern: 'randread', depth: 3000, durationNs: 2e7 } }
      return { set: {}, load: { pattern: 'randread', depth: 16, queues: [0, 1], durationNs: 2e7 } }
    case 'storage-array':
      if (key === 'cacheSize') return { set: { cacheSize: 2 * MiB }, load: { pattern: 'randread', depth: 4, workingSet: 4 * MiB, warmupNs: 2e8, durationNs: 3e8 } }
      if (key === 'targetCores') return { set: { targetCommandTime: 200_000 }, load: { pattern: 'randread', depth: 16, workingSet: 4 * MiB, warmupNs: 1e8, durationNs: 2e8 } }
      if (key === 'sessions') return { set: {}, load: { pattern: 'randread', depth: 1, workingSet: 1 * GiB, durationNs: 5e7, sessions: true, queues: Array.from({ length: 9 }, (_, i) => i) } }
      if (key === 'queueDepth') return { set: {}, load: { pattern: 'randread', depth: 64, workingSet: 1 * GiB, durationNs: 3e8 } }
      if (key.startsWith('initiator') && key !== 'initiatorCyclesPerKiB') return { set: {}, load: { pattern: 'randread', depth: 1, workingSet: 1 * MiB, warmupNs: 5e7, durationNs: 5e7 } }
      return { set: {}, load: { pattern: 'randrw', depth: 8, workingSet: 1 * GiB, durationNs: 3e8 } }
    default:
      throw new Error(`not a storage kind: ${kind}`)
  }
}

function outcome(kind: ComponentKind, params: Params, load: Load): string {
  try {
    let dev: BlockDeviceModel
    let result
    if (kind === 'storage-array') {
      const a = array(params)
      dev = a.d
      if (load.sessions === true) result = drive(a.d, a.e, load)
      else {
        const { host, domain } = hostWithDomain(a.e)
        const t = arrayInitiator({ blocks: a.e.blocks, stats: a.e.stats, host, domain, array: a.d })
        result = drive(a.d, a.e, { ...load, targets: [t] })
      }
    } else {
      const m = kind === 'disk' ? disk(params) : kind === 'ssd' ? ssd(params) : nvme(params, env({ pciBusBandwidth: 64e9 }))
      dev = m.d
      result = drive(m.d, m.e, load)
    }
    return JSON.stringify({ ...result, queues: dev.queueCount, capacity: dev.capacityBytes })
  } catch (e) {
    return `error: ${(e as Error).message}`
  }
}

const KINDS = ['disk', 'ssd', 'nvme', 'storage-array'] as const

describe('every storage parameter is live at the device', () => {
  for (const kind of KINDS) {
    it(`${kind}: perturbing each parameter moves what the device delivers (or it refuses the configuration)`, () => {
      const dead: string[] = []
      const bases = new Map<string, string>()
      // PARDA's keys (issue 12) set each host's flow control towards the array, not the device: the
      // project-level perturbation test shows them live (tests/core/models/block-cases.ts)
      for (const spec of CATALOG[kind].params.filter((p) => !p.key.startsWith('parda'))) {
        const c = caseFor(kind, spec.key)
        const id = JSON.stringify(c)
        if (!bases.has(id)) bases.set(id, outcome(kind, c.set, c.load))
        const base = bases.get(id)!
        expect(base.startsWith('error'), `${kind}.${spec.key}: the base scenario fails: ${base}`).toBe(false)
        const value = perturb(spec, c.set[spec.key])
        const moved = outcome(kind, { ...c.set, [spec.key]: value }, c.load)
        if (moved === base) dead.push(`${kind}.${spec.key} (${String(c.set[spec.key] ?? spec.default)} → ${String(value)})`)
      }
      expect(dead, `parameters that change nothing:\n${dead.join('\n')}`).toEqual([])
    }, 120_000)
  }
})
