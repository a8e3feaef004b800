// Seed 001's storage story as mechanism claims (claims.ts) on examples/storage-paths.iovlab.json:
// the order of the front ends (pass-through ≈ native > paravirtual > SCSI-style > IDE-style
// emulation, in latency, IOPS and CPU per I/O), interposition adding its stage's cost, the
// buffer cache's durability trade (write-back faster but with acknowledged writes at risk,
// write-through with none), and seed 000's command combining through a DC lowering the host's
// CPU per I/O. These are orderings and identities of the model, not published figures: the
// tolerances say how strict each ordering is and why. Every point is the example's own sweep
// point; the native baseline is the driver domain's own disk (an identical NVMe SSD) on the same
// host without a hypervisor, as for the network path (001-passthrough-near-native).
import { describe, expect } from 'vitest'
import type { Project } from '../../core/project/index'
import { at, loadExample, num, run } from '../core/scenario/helpers'
import { claim, fmt } from './claims'

type Metrics = ReturnType<typeof run>

const FILE = 'storage-paths.iovlab.json'
let project: Project | undefined
const memo = new Map<string, Metrics>()

/** Runs experiment `exp` of the example with the sweep settings `sets` (once per file). */
function point(exp: string, sets: Record<string, unknown>): Metrics {
  const key = `${exp} ${JSON.stringify(sets)}`
  let m = memo.get(key)
  if (m !== undefined) return m
  project ??= loadExample(FILE)
  memo.set(key, (m = run(at(project, sets), exp)))
  return m
}

const QD = 'experiments.frontends.workloads.fio.params.queueDepth'
type Frontend = 'ide-emulated' | 'scsi-emulated' | 'paravirtual' | 'passthrough'
/** The example's zipped frontend axis (variables.frontend, technique, controller). */
const FRONT: Record<Frontend, Record<string, unknown>> = {
  'ide-emulated': { 'variables.frontend': 'ide-emulated', 'variables.technique': 'emulated', 'variables.controller': 'ide' },
  'scsi-emulated': { 'variables.frontend': 'scsi-emulated', 'variables.technique': 'emulated', 'variables.controller': 'scsi' },
  paravirtual: { 'variables.frontend': 'paravirtual', 'variables.technique': 'paravirtual', 'variables.controller': 'ide' },
  passthrough: { 'variables.frontend': 'passthrough', 'variables.technique': 'passthrough', 'variables.controller': 'ide' }
}
const front = (f: Frontend, qd: 1 | 32): Metrics => point('frontends', { ...FRONT[f], [QD]: qd })
/** The same job in the driver domain on its own NVMe SSD, the host without a hypervisor (the guest idle). */
const native = (qd: 1 | 32): Metrics => point('frontends', {
  ...FRONT.paravirtual, [QD]: qd, 'variables.virtualized': false, 'experiments.frontends.workloads.fio.clients': 'dom0'
})
const ORDER: readonly Frontend[] = ['passthrough', 'paravirtual', 'scsi-emulated', 'ide-emulated']

const lat = (m: Metrics): number => num(m, 'io_latency_median_us')
const iops = (m: Metrics): number => num(m, 'iops')
const cpuIo = (m: Metrics): number => num(m, 'cpu_per_io_us')
const row = (f: (m: Metrics) => number, unit: string, qd: 1 | 32): string =>
  ORDER.map((x) => `${x} ${fmt(f(front(x, qd)), unit)}`).join(', ')

describe('001 front ends on an NVMe SSD (4 KiB random reads)', () => {
  claim({
    id: '001-storage-passthrough-near-native', kind: 'mechanism', source: '001 "Approaches" (pass-through "can eliminate both the device emulation and back-end implementation overheads")',
    claim: 'a guest with the NVMe SSD passed through reads 4 KiB at queue depth 1 with the latency of native Linux on the host without a hypervisor: only the interrupt path (exits, IOTLB walks) is added to a device that takes tens of µs',
    published: '"near-native"', tolerance: 'median latency pass-through / native in [0.98, 1.10]: no number in 001; 10 % bounds what two interrupt-path exits per I/O may add to an NVMe read'
  }, () => {
    const r = lat(front('passthrough', 1)) / lat(native(1))
    return { value: r, lo: 0.98, hi: 1.1, model: `${fmt(r, '', 3)} (${fmt(lat(front('passthrough', 1)), 'µs')} vs native ${fmt(lat(native(1)), 'µs')})` }
  }, 120_000)

  claim({
    id: '001-storage-frontend-latency-order', kind: 'mechanism', source: '001 "Approaches"',
    claim: 'at queue depth 1 the median read latency rises strictly along pass-through < paravirtual < SCSI-style emulation < IDE-style emulation: each step adds work per request (the driver-domain back end and ring; then trapped register accesses, fewer for SCSI than for IDE\'s 8-bit OUTs)',
    published: 'ordering', tolerance: 'strict at every step'
  }, () => ({
    model: row(lat, 'µs', 1),
    check: () => { for (let i = 1; i < ORDER.length; i++) expect(lat(front(ORDER[i], 1)), `${ORDER[i]} above ${ORDER[i - 1]}`).toBeGreaterThan(lat(front(ORDER[i - 1], 1))) }
  }), 240_000)

  claim({
    id: '001-storage-frontend-iops-order', kind: 'mechanism', source: '001 "Approaches"',
    claim: 'at queue depth 32 the IOPS fall along pass-through ≥ paravirtual ≥ SCSI-style > IDE-style emulation (IDE has no command queueing, so its IOPS stay near its queue-depth-1 rate); pass-through and paravirtual may both reach the SSD\'s own limit, so those steps may tie',
    published: 'ordering', tolerance: 'each step ≥ the next × 0.98 (a tie at the device\'s limit is allowed, 2 % for run-to-run noise); IDE strictly below SCSI'
  }, () => ({
    model: row(iops, 'IOPS', 32),
    check: () => {
      for (let i = 1; i < ORDER.length - 1; i++) expect(iops(front(ORDER[i - 1], 32)), `${ORDER[i - 1]} vs ${ORDER[i]}`).toBeGreaterThanOrEqual(0.98 * iops(front(ORDER[i], 32)))
      expect(iops(front('ide-emulated', 32))).toBeLessThan(iops(front('scsi-emulated', 32)))
    }
  }), 240_000)

  claim({
    id: '001-storage-frontend-cpu-order', kind: 'mechanism', source: '001 "Approaches"',
    claim: 'at queue depth 32 the host\'s CPU per I/O (all domains and the hypervisor) rises strictly along pass-through < paravirtual < SCSI-style < IDE-style emulation: CPU per I/O does not saturate at the device\'s limit as IOPS do',
    published: 'ordering', tolerance: 'strict at every step'
  }, () => ({
    model: row(cpuIo, 'µs', 32),
    check: () => { for (let i = 1; i < ORDER.length; i++) expect(cpuIo(front(ORDER[i], 32)), `${ORDER[i]} above ${ORDER[i - 1]}`).toBeGreaterThan(cpuIo(front(ORDER[i - 1], 32))) }
  }), 240_000)
})

describe('001 interposition in the back end (paravirtual disk, 4 KiB random writes)', () => {
  const INTERPOSE: Record<string, [string, number]> = { none: ['none', 2], encryption: ['encryption', 2], 'replication-2': ['replication', 2], snapshot: ['snapshot-cow', 2] }
  const inter = (v: string): Metrics => point('interposition', {
    'variables.interpose': v, 'variables.interposeMode': INTERPOSE[v][0], 'variables.replicas': INTERPOSE[v][1], 'variables.technique': 'paravirtual'
  })
  const adds = (v: string, why: string): void => claim({
    id: `001-storage-${v === 'replication-2' ? 'replication' : v}-cost`, kind: 'mechanism', source: '001 "Approaches", "Challenges" (interposition "can incur additional overhead")',
    claim: `${v} in the back end adds its stage's cost: ${why}`,
    published: 'adds overhead', tolerance: 'CPU per I/O and median write latency both strictly above no interposition'
  }, () => {
    const [m, base] = [inter(v), inter('none')]
    return {
      model: `CPU/I/O ${fmt(cpuIo(m), 'µs')} vs ${fmt(cpuIo(base), 'µs')}; latency ${fmt(lat(m), 'µs')} vs ${fmt(lat(base), 'µs')}`,
      check: () => { expect(cpuIo(m)).toBeGreaterThan(cpuIo(base)); expect(lat(m)).toBeGreaterThan(lat(base)) }
    }
  }, 120_000)
  adds('encryption', 'the CPU that encrypts every written byte, on the write\'s path before the device')
  adds('replication-2', 'a second write per request, and the guest\'s write completes only when both copies have')
  adds('snapshot', 'copy-on-write: a first write to a block reads the old block and writes it aside before the guest\'s write proceeds')
})

describe('001 caching and durability (paravirtual disk, 4 KiB random writes)', () => {
  const cache = (c: 'write-through' | 'write-back'): Metrics => point('write-cache', { 'variables.cache': c, 'variables.technique': 'paravirtual' })
  const atRisk = (m: Metrics): number => num(m, 'writes_at_risk_mean')

  claim({
    id: '001-storage-write-back-faster', kind: 'mechanism', source: '001 "Challenges" (a buffer cache must stay write-through to keep the guest\'s durability)',
    claim: 'a write-back buffer cache acknowledges writes before the device has them, so the guest\'s median write latency is below write-through\'s',
    published: 'write-back faster, not durable', tolerance: 'strictly below'
  }, () => {
    const [wb, wt] = [lat(cache('write-back')), lat(cache('write-through'))]
    return { model: `${fmt(wb, 'µs')} vs write-through ${fmt(wt, 'µs')}`, check: () => expect(wb).toBeLessThan(wt) }
  }, 120_000)

  claim({
    id: '001-storage-write-back-at-risk', kind: 'mechanism', source: '001 "Challenges"',
    claim: 'write-back leaves acknowledged writes not yet durable (writes_at_risk_mean above 0); write-through never acknowledges a write the device does not hold (exactly 0)',
    published: 'write-through keeps durability', tolerance: 'write-back > 0; write-through = 0 exactly'
  }, () => {
    const [wb, wt] = [atRisk(cache('write-back')), atRisk(cache('write-through'))]
    return { model: `write-back ${fmt(wb)}, write-through ${fmt(wt)}`, check: () => { expect(wb).toBeGreaterThan(0); expect(wt).toBe(0) } }
  }, 120_000)
})

describe('000 block programs through a DC (4 KiB random reads)', () => {
  const K = [1, 2, 3, 4, 5, 6, 7, 8]
  const dc = (k: number): Metrics => point('dc-storage', { 'variables.k': k })

  claim({
    id: '000-storage-dc-combining-cpu', kind: 'mechanism', source: '000 §3.4 (command combining)',
    claim: 'combining k read commands into one block program (one submission, one credential check, one status message) lowers the host\'s CPU per I/O as k grows from 1 to 8',
    published: 'k − 1 round trips saved', tolerance: 'CPU per I/O at k + 1 ≤ at k × 1.01 for every k (1 % for run-to-run noise) and k = 8 strictly below k = 1'
  }, () => {
    const c = K.map((k) => cpuIo(dc(k)))
    return {
      model: K.map((k, i) => `k=${k} ${fmt(c[i], 'µs')}`).join(', '),
      check: () => { for (let i = 1; i < c.length; i++) expect(c[i], `k=${K[i]}`).toBeLessThanOrEqual(c[i - 1] * 1.01); expect(c[7]).toBeLessThan(c[0]) }
    }
  }, 240_000)
})
