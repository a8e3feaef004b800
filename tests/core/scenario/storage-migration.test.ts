// Live storage migration (issue 12, core/scenario/storage-migration.ts, docs/migration.md): the data
// mover's copy takes longer for a larger extent and follows its rate; while it runs the guest's
// writes are mirrored (their latency rises) and after the switch-over they go to the target alone;
// the metrics are null with a reason when the copy does not finish; same seed, same results.
import { describe, expect, it } from 'vitest'
import { ProjectSchema, type Project } from '../../../core/project/schema'
import { validateProject } from '../../../core/project/index'
import { buildWorld, runBuilt } from '../../../core/scenario/run'
import type { BlockDeviceBase } from '../../../core/models/storage/device-base'
import { loadExample } from './helpers'

/** Host h's VM writes 4 KiB at random (queue depth 4, 16 MiB) to "vd" on NVMe drive n1; the disk is mirrored to n2 from 20 ms. */
function project(mig: Record<string, unknown> | undefined, pattern = 'randwrite', duration = '200ms'): Project {
  const node = (id: string, kind: string, extra: Record<string, unknown> = {}): unknown => ({ id, kind, name: id, position: { x: 0, y: 0 }, params: {}, ...extra })
  return ProjectSchema.parse({
    format: 'iovlab-project', schemaVersion: 2, name: 'smig', seed: 1, variables: {},
    topology: {
      nodes: [
        node('h', 'host', { params: { logicalCpus: 4, threadsPerCore: 1, pciBusBandwidth: '64Gbps' } }), node('vm', 'vm', { host: 'h' }),
        node('n1', 'nvme', { host: 'h' }), node('n2', 'nvme', { host: 'h' })
      ],
      links: [],
      attachments: [{ id: 'vd', vm: 'vm', device: 'n1', technique: 'paravirtual', params: {} }]
    },
    experiments: [{
      id: 'x', name: 'x', duration, warmup: '10ms', replications: 1, stop: {}, sweep: [], timeseries: { interval: '10ms' },
      ...(mig !== undefined ? { storageMigrations: [{ vm: 'vm', to: 'n2', at: '20ms', ...mig }] } : {}),
      workloads: [{ id: 'fio', kind: 'block', clients: 'vm', params: { pattern, blockSize: '4KiB', queueDepth: 4, workingSet: '16MiB' } }]
    }]
  })
}

function run(p: Project): { r: ReturnType<typeof runBuilt>; served: (id: string) => number } {
  const v = validateProject(p)
  expect(v.ok ? [] : v.problems.map((x) => x.message)).toEqual([])
  const input = { project: p, experimentId: 'x', seed: 1 }
  const built = buildWorld(input)
  const r = runBuilt(input, built)
  return { r, served: (id) => (built.world.blockDevices.get(id) as BlockDeviceBase).completed }
}
const total = (p: Project): number => run(p).r.metrics.storage_migration_total_ms as number
const series = (r: ReturnType<typeof runBuilt>, m: string): number[] => (r.series?.metrics[`byWorkload.fio.${m}`] ?? []).map((v) => v ?? NaN)

describe('storage migration (IO mirroring)', () => {
  it('the copy takes longer for a larger extent (about in proportion) and follows a set rate', () => {
    const small = total(project({ size: '16MiB' }))
    const large = total(project({ size: '32MiB' }))
    expect(large / small).toBeGreaterThan(1.6)
    expect(large / small).toBeLessThan(2.4)
    // paced at 400 Mbit/s: 8 MiB takes 8 × 2^20 × 8 / 4e8 s ≈ 168 ms (within the pacing's chunk granularity and the last chunk's service)
    const paced = total(project({ size: '8MiB', rate: '400Mbps' }))
    expect(paced).toBeGreaterThan(160)
    expect(paced).toBeLessThan(175)
    expect(total(project({ size: '8MiB', rate: '800Mbps' }))).toBeLessThan(paced * 0.55)
  })

  it('mirrored writes raise the guest\'s write latency while the copy runs; after the switch-over the target serves alone', () => {
    // 16 MiB at 1 Gbit/s ≈ 134 ms from 20 ms: windows 1–14 of the measured period (from 10 ms) mirror, the last ones do not
    const { r } = run(project({ size: '16MiB', rate: '1Gbps' }))
    const t = r.metrics.storage_migration_total_ms as number
    // the pacing starts a chunk every 64 KiB × 8 / 1 Gbit/s: the last one at 255 × 0.52 ms, then its read and write
    expect(t).toBeGreaterThan(132)
    expect(t).toBeLessThan(137)
    const lat = series(r, 'io_latency_median_us')
    const before = lat[0], after = lat[lat.length - 1]
    expect(Math.abs(after - before) / before).toBeLessThan(0.02) // the target is the same kind of drive
    // the mirror covers more of the guest's writes as the copy's frontier advances: the latency climbs towards the switch-over
    expect(lat[3]).toBeGreaterThan(before * 1.02)
    expect(lat[13]).toBeGreaterThan(lat[3] * 1.1)
    expect(lat[13]).toBeGreaterThan(before * 1.3)
    // and the copy's I/O competes with the guest's: fewer guest IOPS during the copy
    const iops = series(r, 'iops')
    expect(iops[13]).toBeLessThan(0.8 * iops[0])
    expect(r.metrics.storage_migration_bytes as number).toBeGreaterThan(16 * 2 ** 20) // the copy and the mirrored writes
    expect(r.metrics.storage_migration_mirrored_writes as number).toBeGreaterThan(1000)
  })

  it('after the switch-over the source can fail without the guest noticing; without the migration it stalls the guest', () => {
    const fail = (p: Project): Project => {
      p.experiments[0].faults = [{ at: '190ms', kind: 'device-fail', target: 'n1' }]
      return p
    }
    const moved = run(fail(project({ size: '16MiB', rate: '1Gbps' }))).r
    expect(moved.metrics.outage_ms as number).toBeLessThan(0.5)
    const stayed = run(fail(project(undefined))).r
    expect(stayed.metrics.outage_ms as number).toBeGreaterThan(19) // hung from 190 ms to the end (210 ms): the 30 s command timeout has not expired
  })

  it('a copy that cannot finish in the run: the metrics are null with the reason; reads are never mirrored', () => {
    const { r } = run(project({ size: '64MiB', rate: '1Gbps' }, 'randread'))
    expect(r.metrics.storage_migration_total_ms).toBeNull()
    expect(r.missing?.storage_migration_total_ms).toMatch(/had not finished by the run's end .*copied/)
    expect(r.metrics.storage_migration_mirrored_writes).toBeNull()
    const { r: ok } = run(project({ size: '8MiB' }, 'randread'))
    expect(ok.metrics.storage_migration_mirrored_writes).toBe(0)
    expect(ok.metrics.storage_migration_bytes).toBe(8 * 2 ** 20)
  })

  it('without storage migrations there are no storage_migration metrics; same seed, same results', () => {
    expect(run(project(undefined)).r.metrics.storage_migration_total_ms).toBeUndefined()
    const p = project({ size: '8MiB' })
    expect(JSON.stringify(run(p).r.metrics)).toBe(JSON.stringify(run(p).r.metrics))
  })
})

describe('storage migration before a VM migration (a local disk)', () => {
  it('the disk moves to a storage array both hosts reach, then the VM migrates: both finish, validation accepts it', () => {
    const p = structuredClone(loadExample('technique-shootout.iovlab.json'))
    p.variables.nicTechnique = 'paravirtual'
    const n = (id: string, kind: string, host?: string): Project['topology']['nodes'][number] =>
      ({ id, kind, name: id, position: { x: 0, y: 0 }, ...(host !== undefined ? { host } : {}), params: {} }) as Project['topology']['nodes'][number]
    p.topology.nodes.push(n('ssd-a', 'ssd', 'host-a'), n('arr', 'storage-array'))
    p.topology.links.push({ id: 'sw-arr', kind: 'ethernet', from: 'sw', to: 'arr', params: {} } as Project['topology']['links'][number])
    p.topology.attachments.push({ id: 'vd', vm: 'nic-guests-a', device: 'ssd-a', technique: 'paravirtual', params: {} } as Project['topology']['attachments'][number])
    const vm = p.topology.nodes.find((x) => x.id === 'nic-guests-a')!
    vm.params = { ...vm.params, memorySize: '1MiB', writableWorkingSet: '256KiB', dirtyRate: '10Mbps', migrationMinRate: '400Mbps', migrationMaxRate: '800Mbps' }
    p.experiments = [{
      id: 'x', name: 'x', duration: '150ms', warmup: '5ms', replications: 1, stop: {}, sweep: [],
      workloads: [{ id: 'fio', kind: 'block', clients: 'nic-guests-a', params: { pattern: 'randwrite', blockSize: '4KiB', queueDepth: 2, workingSet: '1MiB' } }],
      storageMigrations: [{ vm: 'nic-guests-a', to: 'arr', at: '10ms', size: '1MiB' }],
      migrations: [{ vm: 'nic-guests-a', to: 'host-b', at: '60ms' }]
    }] as Project['experiments']
    const { r } = run(p)
    expect(r.metrics.storage_migration_total_ms as number).toBeGreaterThan(0)
    expect(r.metrics.storage_migration_total_ms as number).toBeLessThan(50)
    expect(r.metrics.migration_total_ms as number).toBeGreaterThan(0)
  })
})
