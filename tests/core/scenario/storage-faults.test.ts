// Storage faults (issue 12, docs/faults.md "Storage"): a link down on one of two paths to a
// storage array is a short outage (dm-multipath fails the path when a lost command's timer
// expires and retries on the other), while the same fault on the only path stalls the guest to
// the end (queue_if_no_path) or until the path checker reinstates the path after link-up; a
// failed device's I/O hangs for the command timeout and then fails (io_errors); a RAID-1 with a
// failed member keeps serving, degraded.
import { describe, expect, it } from 'vitest'
import { ProjectSchema, type Project } from '../../../core/project/schema'
import { runScenario } from '../../../core/scenario/index'
import { validateProject } from '../../../core/project/index'

type Fault = NonNullable<Project['experiments'][number]['faults']>[number]

/** Host h's VM reads 4 KiB at random (queue depth 4) from a disk on storage array "arr", reached from nic1 (and nic2 when `dual`) through switch sw. */
function multipath(faults: Fault[], dual: boolean, vdisk: Record<string, unknown> = {}, workload: Record<string, unknown> = {}): Project {
  const node = (id: string, kind: string, extra: Record<string, unknown> = {}): unknown => ({ id, kind, name: id, position: { x: 0, y: 0 }, params: {}, ...extra })
  return ProjectSchema.parse({
    format: 'iovlab-project', schemaVersion: 2, name: 'multipath', seed: 1, variables: {},
    topology: {
      nodes: [
        node('h', 'host', { params: { logicalCpus: 4, threadsPerCore: 1 } }), node('vm', 'vm', { host: 'h' }),
        node('nic1', 'nic', { host: 'h' }), ...(dual ? [node('nic2', 'nic', { host: 'h' })] : []), node('sw', 'switch'),
        node('arr', 'storage-array', { params: { commandTimeout: '5ms' } })
      ],
      links: [
        { id: 'nic1-sw', kind: 'ethernet', from: 'nic1', to: 'sw', params: { bandwidth: '10Gbps' } },
        ...(dual ? [{ id: 'nic2-sw', kind: 'ethernet', from: 'nic2', to: 'sw', params: { bandwidth: '10Gbps' } }] : []),
        { id: 'sw-arr', kind: 'ethernet', from: 'sw', to: 'arr', params: { bandwidth: '10Gbps' } }
      ],
      attachments: [{ id: 'vd', vm: 'vm', device: 'arr', technique: 'paravirtual', params: { pathCheckInterval: '20ms', ...vdisk } }]
    },
    experiments: [{
      id: 'x', name: 'x', duration: '100ms', warmup: '20ms', replications: 1, stop: {}, sweep: [], timeseries: { interval: '10ms' }, faults,
      workloads: [{ id: 'fio', kind: 'block', clients: 'vm', params: { pattern: 'randread', blockSize: '4KiB', queueDepth: 4, workingSet: '16MiB', ...workload } }]
    }]
  })
}

const run = (p: Project): ReturnType<typeof runScenario> => {
  const v = validateProject(p)
  expect(v.ok ? [] : v.problems.map((x) => x.message)).toEqual([])
  return runScenario({ project: p, experimentId: 'x', seed: 1 })
}
const iopsSeries = (r: ReturnType<typeof runScenario>): number[] => (r.series?.metrics['byWorkload.fio.iops'] ?? []).map((v) => v ?? 0)

describe('dm-multipath to a storage array', () => {
  it('a link down on one of two paths is an outage of about the command timeout; the second path carries the I/O after it', () => {
    const r = run(multipath([{ at: '50ms', kind: 'link-down', target: 'nic1-sw' }], true))
    const outage = r.metrics.outage_ms as number
    // the oldest lost command's timer (issued up to a disk read before the fault) fires up to 5 ms after it, then the retry is served
    expect(outage).toBeGreaterThan(1.5)
    expect(outage).toBeLessThan(9)
    // the detection is the command timer: 20 ms instead of 5 lengthens the outage by about 15 ms
    const slow = multipath([{ at: '50ms', kind: 'link-down', target: 'nic1-sw' }], true)
    slow.topology.nodes.find((n) => n.id === 'arr')!.params.commandTimeout = '20ms'
    const longer = run(slow).metrics.outage_ms as number
    expect(longer - outage).toBeGreaterThan(12)
    expect(longer - outage).toBeLessThan(18)
    const s = iopsSeries(r)
    expect(s[s.length - 1]).toBeGreaterThan(0.5 * s[0]) // the second path serves the rest of the run
    expect(r.metrics.io_errors).toBe(0) // the guest saw no error: the I/O was retried
  })

  it('the same fault on the only path stalls the guest to the end (queue_if_no_path)', () => {
    const r = run(multipath([{ at: '50ms', kind: 'link-down', target: 'nic1-sw' }], false))
    expect(r.metrics.outage_ms as number).toBeGreaterThan(69) // from 50 ms to the end (120 ms)
    expect(iopsSeries(r).slice(4).every((v) => v === 0)).toBe(true)
    expect(r.metrics.io_errors).toBe(0)
  })

  it('after link-up the path checker reinstates the only path at its next poll and the queued I/O flows', () => {
    const r = run(multipath([{ at: '50ms', kind: 'link-down', target: 'nic1-sw', until: '70ms' }], false))
    const outage = r.metrics.outage_ms as number
    // stalled from ≈ 50 ms to the first check after 70 ms (80 ms): ≈ 30 ms
    expect(outage).toBeGreaterThan(28)
    expect(outage).toBeLessThan(36)
    const s = iopsSeries(r)
    expect(s[s.length - 1]).toBeGreaterThan(0.5 * s[0])
  })

  it('round-robin and service-time use both paths: a link-bound guest (cached 64 KiB reads) moves more than on one path', () => {
    const big = { blockSize: '64KiB', queueDepth: 16, workingSet: '4MiB' }
    const mbps = (policy: string): number => {
      const p = multipath([], true, { multipathPolicy: policy }, big)
      p.topology.nodes.find((n) => n.id === 'sw')!.params.lineRate = '10Gbps' // the NICs' 1 Gb/s ports are the paths' limit
      return run(p).metrics.io_mbps as number
    }
    const one = mbps('failover')
    expect(one).toBeGreaterThan(800) // one 1 Gb/s NIC port nearly full
    expect(one).toBeLessThan(1000)
    for (const policy of ['round-robin', 'service-time']) {
      const both = mbps(policy)
      expect(both / one, policy).toBeGreaterThan(1.3)
      expect(both / one, policy).toBeLessThan(2.05)
    }
  })

  it('noPathRetry "fail": with no path left the guest sees I/O errors instead of a stall', () => {
    const r = run(multipath([{ at: '50ms', kind: 'link-down', target: 'nic1-sw' }], false, { noPathRetry: 'fail' }))
    expect(r.metrics.io_errors as number).toBeGreaterThan(0)
  })

  it('round-robin spreads the I/O over both paths; a path failure still costs about one command timeout', () => {
    const r = run(multipath([{ at: '50ms', kind: 'link-down', target: 'nic1-sw' }], true, { multipathPolicy: 'round-robin' }))
    const outage = r.metrics.outage_ms as number
    expect(outage).toBeGreaterThan(1.5)
    expect(outage).toBeLessThan(9)
    const s = iopsSeries(r)
    expect(s[s.length - 1]).toBeGreaterThan(0.5 * s[0])
  })
})

/** Host h's VM does 4 KiB random reads and writes on an SSD (and a second SSD in RAID-1 when `raid1`). */
function local(faults: Fault[], raid1: boolean, kind = 'ssd'): Project {
  const node = (id: string, k: string, extra: Record<string, unknown> = {}): unknown => ({ id, kind: k, name: id, position: { x: 0, y: 0 }, params: {}, ...extra })
  return ProjectSchema.parse({
    format: 'iovlab-project', schemaVersion: 2, name: 'local', seed: 1, variables: {},
    topology: {
      nodes: [
        node('h', 'host', { params: { logicalCpus: 4, threadsPerCore: 1 } }), node('vm', 'vm', { host: 'h' }),
        node('d1', kind, { host: 'h', params: { commandTimeout: '10ms' } }), ...(raid1 ? [node('d2', kind, { host: 'h', params: { commandTimeout: '10ms' } })] : [])
      ],
      links: [],
      attachments: [{ id: 'vd', vm: 'vm', device: 'd1', technique: 'paravirtual', ...(raid1 ? { devices: ['d2'], params: { raid: 'raid1' } } : {}) }]
    },
    experiments: [{
      id: 'x', name: 'x', duration: '100ms', warmup: '20ms', replications: 1, stop: {}, sweep: [], timeseries: { interval: '10ms' }, faults,
      workloads: [{ id: 'fio', kind: 'block', clients: 'vm', params: { pattern: 'randrw', blockSize: '4KiB', queueDepth: 4, workingSet: '16MiB' } }]
    }]
  })
}

describe('storage device failure', () => {
  it('a failed SSD hangs its I/O for the command timeout, then goes offline and every I/O fails', () => {
    const r = run(local([{ at: '50ms', kind: 'device-fail', target: 'd1' }], false))
    expect(r.metrics.io_errors as number).toBeGreaterThan(100) // offline: every later I/O fails at once
    // no I/O completes successfully after the failure: outage to the end
    expect(r.metrics.outage_ms as number).toBeGreaterThan(69)
  })

  it('a repair before the command timer expires: the error handler\'s reset succeeds, the hung I/O is retried, no error', () => {
    const r = run(local([{ at: '50ms', kind: 'device-fail', target: 'd1', until: '55ms' }], false))
    expect(r.metrics.io_errors).toBe(0)
    const outage = r.metrics.outage_ms as number
    expect(outage).toBeGreaterThan(9.5) // the hung commands wait for their timer (10 ms after the failure)
    expect(outage).toBeLessThan(12)
  })

  it('RAID-1 keeps serving degraded when one member fails: no error reaches the guest, I/O continues on the other member', () => {
    const r = run(local([{ at: '50ms', kind: 'device-fail', target: 'd1' }], true))
    expect(r.metrics.io_errors).toBe(0)
    const outage = r.metrics.outage_ms as number
    // the I/O in flight on the failed member waits for its timer (10 ms after the failure); reads on the other member finish first
    expect(outage).toBeGreaterThan(8)
    expect(outage).toBeLessThan(12)
    const s = iopsSeries(r)
    expect(s[s.length - 1]).toBeGreaterThan(0.3 * s[0])
  })

  it('a failed storage array: its I/O hangs for the command timeout, dm-multipath fails every path and queues (a stall, no error)', () => {
    const r = run(multipath([{ at: '50ms', kind: 'device-fail', target: 'arr' }], true))
    expect(r.metrics.io_errors).toBe(0)
    expect(r.metrics.outage_ms as number).toBeGreaterThan(69)
  })

  it('same seed, same results', () => {
    const p = multipath([{ at: '50ms', kind: 'link-down', target: 'nic1-sw' }], true)
    expect(JSON.stringify(run(p).metrics)).toBe(JSON.stringify(run(p).metrics))
  })
})

describe('validation of storage faults', () => {
  const problems = (p: Project): string[] => {
    const v = validateProject(p)
    return v.ok ? [] : v.problems.map((x) => `${x.path.join('.')}: ${x.message}`)
  }
  it('accepts device-fail of a storage device and link-down of a SAN link; refuses packet loss on a link to an array and the failure of a switch', () => {
    expect(problems(local([{ at: '50ms', kind: 'device-fail', target: 'd1', until: '60ms' }], false))).toEqual([])
    expect(problems(multipath([{ at: '50ms', kind: 'device-fail', target: 'arr' }, { at: '60ms', kind: 'link-down', target: 'sw-arr' }], true))).toEqual([])
    const loss = problems(multipath([{ at: '50ms', kind: 'packet-loss', target: 'sw-arr', lossRate: 0.01 }], true))
    expect(loss).toEqual([expect.stringMatching(/^experiments\.0\.faults\.0\.target: .*reaches a storage array and carries only storage messages/)])
    const sw = problems(multipath([{ at: '50ms', kind: 'device-fail', target: 'sw' }], true))
    expect(sw).toEqual([expect.stringMatching(/^experiments\.0\.faults\.0\.target: .*"sw" is a switch; device-fail needs a NIC or a storage device/)])
  })
})
