// The block-I/O cases of `iovlab bench --models` (issue 11: the full model stays ≥ 3.5 M kernel
// events/s on a block workload too, and the kernel events per I/O of each front end are stated).
// Each case is a one-host project built here — a VM whose virtual disk is on an NVMe SSD, a fio-like
// 4 KiB random-read job — run on this thread after `hold` in the same process.

import { ProjectSchema, type Project } from '../project/schema'
import { runScenario } from '../scenario/index'
import { benchHold, type BenchResult } from './kernel-bench'

export interface BlockBenchCase {
  readonly name: string
  readonly technique: 'paravirtual' | 'emulated' | 'passthrough'
  readonly vdisk: Record<string, string | number>
  readonly queueDepth: number
  /** Simulated time of the run (after 10 ms of warm-up). */
  readonly duration: string
}

/** The cases: virtio-blk at QD 32 (the paravirtual fast path) and emulated IDE (seed 001's trapped port writes). */
export const BLOCK_BENCH_CASES: readonly BlockBenchCase[] = [
  { name: 'block-virtio-blk-qd32', technique: 'paravirtual', vdisk: { paravirtDriver: 'virtio-blk' }, queueDepth: 32, duration: '1s' },
  { name: 'block-ide-emulated-qd1', technique: 'emulated', vdisk: { controller: 'ide' }, queueDepth: 1, duration: '3s' }
]

const WARMUP_S = 0.01

/** The project of a case: one host (4 logical CPUs), a driver domain, a guest, an NVMe SSD; experiment "b". */
export function blockBenchProject(c: BlockBenchCase): Project {
  return ProjectSchema.parse({
    format: 'iovlab-project', schemaVersion: 2, name: c.name, seed: 1, variables: {},
    topology: {
      nodes: [
        { id: 'h', kind: 'host', name: 'h', position: { x: 0, y: 0 }, params: { logicalCpus: 4, iommuEnabled: true } },
        { id: 'dom0', kind: 'vm', name: 'dom0', host: 'h', position: { x: 0, y: 0 }, params: { role: 'driver-domain' } },
        { id: 'vm', kind: 'vm', name: 'vm', host: 'h', position: { x: 0, y: 0 }, params: {} },
        { id: 'nvme', kind: 'nvme', name: 'nvme', host: 'h', position: { x: 0, y: 0 }, params: {} }
      ],
      links: [],
      attachments: [{ id: 'disk', vm: 'vm', device: 'nvme', technique: c.technique, params: c.vdisk }]
    },
    experiments: [{
      id: 'b', name: 'b', duration: c.duration, warmup: `${WARMUP_S * 1000}ms`, replications: 1, stop: {}, sweep: [],
      workloads: [{ id: 'fio', kind: 'block', clients: 'vm', params: { pattern: 'randread', blockSize: '4KiB', queueDepth: c.queueDepth, jobs: 1 } }]
    }]
  })
}

/** Runs each block case and reports kernel events/s, events per completed I/O and the ratio to `hold` (measured first). */
export function benchBlockModels(cases: readonly BlockBenchCase[] = BLOCK_BENCH_CASES, hold: BenchResult = benchHold()): BenchResult[] {
  const out: BenchResult[] = []
  for (const c of cases) {
    const project = blockBenchProject(c)
    const t0 = performance.now()
    const r = runScenario({ project, experimentId: 'b', seed: 1 })
    const seconds = (performance.now() - t0) / 1000
    const iops = r.metrics.iops
    if (typeof iops !== 'number' || iops <= 0) throw new Error(`${c.name}: no I/O completed (${r.missing?.iops ?? 'iops is null'})`)
    // completed I/Os over the whole run (the warm-up's at the measured rate): events per I/O includes the warm-up's events
    const ios = iops * (r.simTimeNs / 1e9)
    const eventsPerSecond = Math.round(r.events / seconds)
    out.push({
      benchmark: c.name,
      events: r.events,
      seconds: Math.round(seconds * 1000) / 1000,
      eventsPerSecond,
      rssMB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
      ios: Math.round(ios),
      eventsPerIo: Math.round((r.events / ios) * 10) / 10,
      iops: Math.round(iops),
      simulatedSeconds: Math.round(r.simTimeNs / 1e6) / 1000,
      holdEventsPerSecond: hold.eventsPerSecond,
      ratioToHold: Math.round((eventsPerSecond / hold.eventsPerSecond) * 1000) / 1000
    })
  }
  return out
}
