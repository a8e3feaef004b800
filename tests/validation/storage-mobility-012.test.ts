// Validation of the storage side of mobility and faults (issue 12) on
// examples/isolation-and-mobility.iovlab.json: live storage migration by IO mirroring
// (core/scenario/storage-migration.ts; Mashtizadeh et al., "The Design and Evolution of Live
// Storage Migration in VMware ESX", USENIX ATC 2011, §4) and dm-multipath over two SAN paths
// (core/models/storage/array/multipath.ts; multipath.conf(5)). Mechanism claims only: the paper's
// figures (migration times, guest penalties) were not found, so no prediction compares with them.
import { describe } from 'vitest'
import { setPath, type Project } from '../../core/project/index'
import { runScenario, type Metrics } from '../../core/scenario/index'
import { loadExample } from '../core/scenario/helpers'
import { claim, fmt } from './claims'

const BASE = loadExample('isolation-and-mobility.iovlab.json')

function run(id: string, sets: Record<string, unknown> = {}): { metrics: Metrics; series: Readonly<Record<string, readonly (number | null)[]>> } {
  let p: Project = BASE
  for (const [path, v] of Object.entries(sets)) {
    const r = setPath(p, path, v as never)
    if (!r.ok) throw new Error(r.message)
    p = r.value
  }
  const r = runScenario({ project: p, experimentId: id, seed: 12 })
  return { metrics: r.metrics, series: r.series?.metrics ?? {} }
}
const num = (m: Metrics, k: string): number => {
  const v = m[k]
  if (typeof v !== 'number') throw new Error(`${k} is ${String(v)}`)
  return v
}

describe('issue 12: storage migration and dm-multipath', () => {
  claim({
    id: 'storage-migration-copy-follows-rate', kind: 'mechanism', source: 'Mashtizadeh et al., USENIX ATC 2011, §4 (a data mover copies the disk while the mirror driver keeps the target current)',
    claim: 'a paced copy of the disk\'s 16 MiB used extent at 1 Gbit/s takes size × 8 / rate ≈ 134 ms while the guest keeps writing',
    published: 'size / rate (identity)', tolerance: '[125, 140] ms'
  }, () => {
    const v = num(run('storage-migration').metrics, 'storage_migration_total_ms')
    return { value: v, lo: 125, hi: 140, model: fmt(v, 'ms') }
  }, 60_000)

  claim({
    id: 'storage-migration-mirroring-raises-write-latency', kind: 'mechanism', source: 'Mashtizadeh et al., USENIX ATC 2011, §4 (mirrored writes complete when both devices have them)',
    claim: 'the guest\'s median write latency late in the copy (most writes mirrored, the copy competing) exceeds its latency before the copy, and falls back after the switch-over',
    published: 'higher during mirroring (direction)', tolerance: 'late-copy / before in [1.05, 3]; after / before in [0.9, 1.1]'
  }, () => {
    const s = run('storage-migration').series['byWorkload.writer.io_latency_median_us'].map((x) => x ?? NaN)
    const before = s[0], late = s[12], after = s[s.length - 1]
    return {
      check: () => {
        if (!(late / before >= 1.05 && late / before <= 3)) throw new Error(`late-copy / before = ${late / before}`)
        if (!(after / before >= 0.9 && after / before <= 1.1)) throw new Error(`after / before = ${after / before}`)
      },
      model: `${fmt(before, 'µs')} before, ${fmt(late, 'µs')} late in the copy, ${fmt(after, 'µs')} after`
    }
  }, 60_000)

  claim({
    id: 'multipath-outage-is-detection', kind: 'mechanism', source: 'multipath.conf(5); RHEL Storage Administration Guide, SCSI command timer (an I/O that times out fails the path; dm-multipath retries it on another)',
    claim: 'a SAN link failing on one of two paths stalls the guest for about the command timeout (10 ms here), not to the end',
    published: '≈ commandTimeout', tolerance: '[2, 15] ms'
  }, () => {
    const v = num(run('multipath').metrics, 'outage_ms')
    return { value: v, lo: 2, hi: 15, model: fmt(v, 'ms') }
  }, 60_000)

  claim({
    id: 'multipath-single-path-stalls', kind: 'mechanism', source: 'multipath.conf(5): no_path_retry queue (queue_if_no_path)',
    claim: 'the same failure on the only path stalls the guest from the failure (50 ms) to the run\'s end (120 ms), with no I/O error',
    published: 'to the end', tolerance: '[65, 71] ms'
  }, () => {
    const m = run('multipath', { 'topology.links.nic-s2-san.to': 'sw', 'variables.paths': 1 }).metrics
    const v = num(m, 'outage_ms')
    if (num(m, 'io_errors') !== 0) throw new Error('the guest saw I/O errors')
    return { value: v, lo: 65, hi: 71, model: `${fmt(v, 'ms')}, ${num(m, 'io_errors')} I/O errors` }
  }, 60_000)
})
