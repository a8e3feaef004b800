// The fault schedule (issue 12, docs/faults.md): each fault kind moves the right output; a link
// down on a single path stalls the stream, on an active-backup bond it recovers after the MII
// monitor's detection; packet loss lowers TCP goodput, more with a higher rate; a DC failure
// stops its programs; same seed → identical results.
import { describe, expect, it } from 'vitest'
import type { Project } from '../../../core/project/index'
import { runScenario } from '../../../core/scenario/index'
import { loadExample, num } from './helpers'

const BASE = loadExample('literature/dong2010-sriov.iovlab.json')
type Doc = Project
type Fault = NonNullable<Doc['experiments'][number]['faults']>[number]

/**
 * Host A's VM "c" on nic-a (and nic-a2 when `bonded`) streams to "s" on host B's nic-b, every port
 * 1 Gb/s; 20 ms warm-up, 100 ms measured, 10 ms windows; the bond's MII monitor polls every 5 ms.
 */
function project(faults: Fault[] | undefined, bonded = false, mode = 'active-backup', workload = 'stream'): Doc {
  const p = structuredClone(BASE)
  const t = p.topology
  t.nodes = t.nodes.filter((n) => !n.id.startsWith('guests'))
  for (const n of t.nodes) if (n.kind === 'nic' || n.kind === 'switch') n.params = { ...n.params, lineRate: '1Gbps' }
  const nic = (id: string, host: string): Doc['topology']['nodes'][number] => ({ id, kind: 'nic', name: id, position: { x: 0, y: 0 }, host, params: { lineRate: '1Gbps', sriovEnabled: true } })
  const vm = (id: string, host: string, params = {}): Doc['topology']['nodes'][number] => ({ id, kind: 'vm', name: id, position: { x: 0, y: 0 }, host, params })
  t.nodes.push(nic('nic-a2', 'host-a'), vm('c', 'host-a', { bondMode: mode, bondMiimon: '5ms' }), vm('s', 'host-b'))
  t.links = ['nic-a', 'nic-a2', 'nic-b'].map((d) => ({ id: `${d}-sw`, kind: 'ethernet', from: d, to: 'sw', params: { bandwidth: '1Gbps' } })) as Doc['topology']['links']
  t.attachments = [
    { id: 'c-a', vm: 'c', device: 'nic-a', technique: 'sriov' },
    ...(bonded ? [{ id: 'c-a2', vm: 'c', device: 'nic-a2', technique: 'sriov' }] : []),
    { id: 's-b', vm: 's', device: 'nic-b', technique: 'sriov' }
  ] as Doc['topology']['attachments']
  const wl: Doc['experiments'][number]['workloads'][number] = workload === 'stream'
    ? { id: 'st', kind: 'stream', pattern: 'n,n:1x1', clients: 'c', servers: 's', params: { minRto: '1ms' } }
    : { id: 'pg', kind: 'ping', pattern: 'n,n:1x1', clients: 'c', servers: 's', params: { probeBytes: '64B', waitMax: '100us' } }
  p.experiments = [{
    id: 'x', name: 'x', replications: 1, stop: {}, sweep: [], duration: '100ms', warmup: '20ms',
    timeseries: { interval: '10ms' },
    workloads: [wl], ...(faults !== undefined ? { faults } : {})
  }] as Doc['experiments']
  return p
}

const runIt = (p: Doc, seed = 1): ReturnType<typeof runScenario> => runScenario({ project: p, experimentId: 'x', seed })
const series = (r: ReturnType<typeof runScenario>, m = 'byWorkload.st.goodput_mbps'): (number | null)[] => [...(r.series?.metrics[m] ?? [])]

describe('fault schedule', () => {
  const healthy = runIt(project([]))

  it('without faults: outage_ms is null with the reason; with an empty schedule no frame is dropped by a fault', () => {
    expect(healthy.metrics.outage_ms).toBeNull()
    expect(healthy.missing?.outage_ms).toMatch(/no fault was scheduled/)
    expect(runIt(project(undefined)).metrics.outage_ms).toBeUndefined() // no "faults" field: the metric does not apply
    expect(series(healthy).every((v) => v !== null && v > 500)).toBe(true)
  })

  it('link-down on the only path stalls the stream to the end: goodput windows drop to 0, outage ≈ the rest of the run', () => {
    const r = runIt(project([{ at: '60ms', kind: 'link-down', target: 'nic-a-sw' }]))
    const s = series(r)
    expect(s.slice(0, 3).every((v) => (v ?? 0) > 500)).toBe(true) // windows 0–30 ms after warm-up (40–50 ms of the run)
    expect(s.slice(5).every((v) => v === 0)).toBe(true) // from 50 ms after warm-up on: nothing delivered
    expect(num(r.metrics, 'outage_ms')).toBeGreaterThan(55)
    expect(num(r.metrics, 'outage_ms')).toBeLessThanOrEqual(60.1)
    expect(num(r.metrics, 'byWorkload.st.outage_ms')).toBe(num(r.metrics, 'outage_ms'))
    expect(num(r.metrics, 'fault_drops')).toBeGreaterThan(0)
    expect(num(r.metrics, 'goodput_mbps')).toBeLessThan(num(healthy.metrics, 'goodput_mbps') * 0.6)
  })

  it('link-down then link-up: the stream recovers after the link returns (TCP retransmits after its timeout)', () => {
    const r = runIt(project([{ at: '50ms', kind: 'link-down', target: 'nic-a-sw' }, { at: '70ms', kind: 'link-up', target: 'nic-a-sw' }]))
    const s = series(r)
    expect(s[4]).toBe(0) // 60–70 ms of the run: down
    expect(s.at(-1)!).toBeGreaterThan(500) // recovered
    expect(num(r.metrics, 'outage_ms')).toBeGreaterThanOrEqual(19.9)
    expect(num(r.metrics, 'outage_ms')).toBeLessThan(40) // 20 ms down + the retransmission back-off
    expect(num(r.metrics, 'retransmits')).toBeGreaterThan(num(healthy.metrics, 'retransmits'))
  })

  it('an active-backup bond fails over after the MII monitor sees the lost carrier: a short outage, then the stream goes on', () => {
    const single = runIt(project([{ at: '52ms', kind: 'link-down', target: 'nic-a-sw' }]))
    const bond = runIt(project([{ at: '52ms', kind: 'link-down', target: 'nic-a-sw' }], true))
    expect(num(bond.metrics, 'bond_failovers')).toBe(1)
    // the failure at 52 ms is seen at the 55 ms poll (5 ms interval): at least 3 ms without progress
    expect(num(bond.metrics, 'outage_ms')).toBeGreaterThanOrEqual(2.9)
    expect(num(bond.metrics, 'outage_ms')).toBeLessThan(20)
    expect(num(single.metrics, 'outage_ms')).toBeGreaterThan(60)
    expect(series(bond).at(-1)!).toBeGreaterThan(500)
    expect(num(bond.metrics, 'goodput_mbps')).toBeGreaterThan(num(single.metrics, 'goodput_mbps') * 1.5)
  })

  it('the detection time is the MII monitor interval: a slower monitor makes a longer outage', () => {
    const slow = project([{ at: '52ms', kind: 'link-down', target: 'nic-a-sw' }], true)
    slow.topology.nodes.find((n) => n.id === 'c')!.params.bondMiimon = '40ms' // polls at 40 and 80 ms: seen at 80 ms
    const fast = runIt(project([{ at: '52ms', kind: 'link-down', target: 'nic-a-sw' }], true))
    const r = runIt(slow)
    expect(num(r.metrics, 'outage_ms')).toBeGreaterThanOrEqual(27.9)
    expect(num(r.metrics, 'outage_ms')).toBeGreaterThan(num(fast.metrics, 'outage_ms') + 20)
  })

  it('device-fail of a NIC stalls its traffic; device-repair brings it back; on a bond the failure fails over', () => {
    const failed = runIt(project([{ at: '50ms', kind: 'device-fail', target: 'nic-b' }, { at: '80ms', kind: 'device-repair', target: 'nic-b' }]))
    expect(series(failed)[5]).toBe(0)
    expect(series(failed).at(-1)!).toBeGreaterThan(500)
    expect(num(failed.metrics, 'outage_ms')).toBeGreaterThanOrEqual(29.9)
    const bond = runIt(project([{ at: '50ms', kind: 'device-fail', target: 'nic-a' }], true))
    expect(num(bond.metrics, 'bond_failovers')).toBe(1)
    expect(num(bond.metrics, 'outage_ms')).toBeLessThan(20)
  })

  it('a ping (psapp waits for each reply, without a timeout) whose probe is lost while the link is down stops for the rest of the run', () => {
    const r = runIt(project([{ at: '40ms', kind: 'link-down', target: 'nic-b-sw', until: '60ms' }], false, 'active-backup', 'ping'))
    const ok = runIt(project([], false, 'active-backup', 'ping'))
    expect(num(r.metrics, 'probes')).toBeLessThan(num(ok.metrics, 'probes') / 2)
    expect(num(r.metrics, 'outage_ms')).toBeGreaterThan(75) // from the loss (≈ 40 ms of the run) to the end (120 ms)
    expect(num(r.metrics, 'outage_ms')).toBeLessThanOrEqual(100.1)
  })

  it('a ping with a probe timeout gives the lost probe up and goes on after the link returns', () => {
    const p = project([{ at: '40ms', kind: 'link-down', target: 'nic-b-sw', until: '60ms' }], false, 'active-backup', 'ping')
    p.experiments[0].workloads[0].params.probeTimeout = '2ms'
    const r = runIt(p)
    const s = series(r, 'byWorkload.pg.probes')
    expect(s[2]).toBe(0) // 40–50 ms of the run: down
    expect(s.at(-1)!).toBeGreaterThan(50) // probes again
    expect(num(r.metrics, 'outage_ms')).toBeGreaterThanOrEqual(19.9)
    expect(num(r.metrics, 'outage_ms')).toBeLessThan(23) // the down time + at most the timeout and one wait (100 µs)
  })

  it('packet loss lowers TCP goodput, monotonically in the loss rate, and raises retransmits', () => {
    const g = [0, 0.001, 0.01, 0.05].map((rate) => runIt(project(rate === 0 ? [] : [{ at: '0ms', kind: 'packet-loss', target: 'nic-b-sw', lossRate: rate }])).metrics)
    for (let i = 1; i < g.length; i++) {
      expect(num(g[i], 'goodput_mbps')).toBeLessThan(num(g[i - 1], 'goodput_mbps'))
      expect(num(g[i], 'retransmits')).toBeGreaterThan(num(g[i - 1], 'retransmits'))
    }
    expect(num(g[2], 'fault_drops')).toBeGreaterThan(0)
  })

  it('same seed → identical results; another seed draws other losses', () => {
    const p = project([{ at: '0ms', kind: 'packet-loss', target: 'nic-b-sw', lossRate: 0.01 }, { at: '50ms', kind: 'link-down', target: 'nic-a-sw', until: '55ms' }], true)
    expect(JSON.stringify(runIt(p, 7))).toBe(JSON.stringify(runIt(p, 7)))
    expect(num(runIt(p, 7).metrics, 'fault_drops')).not.toBe(num(runIt(p, 8).metrics, 'fault_drops'))
  })
})

describe('DC failure', () => {
  const SIO = loadExample('scalable-io-dc.iovlab.json')
  const dc = (faults: Fault[]): Doc => {
    const p = structuredClone(SIO)
    p.experiments = [{
      id: 'x', name: 'x', replications: 1, stop: {}, sweep: [], duration: '40ms', warmup: '5ms',
      workloads: [{ id: 'ops', kind: 'io-program', clients: 'consumers', params: { commands: 1, combine: true, bytesPerCommand: '4KiB', outstanding: 1 } }],
      faults
    }] as Doc['experiments']
    return p
  }

  it('a DC failure stops its programs for its duration; they resume after it', () => {
    const ok = runIt(dc([])).metrics
    const r = runIt(dc([{ at: '15ms', kind: 'dc-fail', target: 'dc', until: '30ms' }])).metrics
    expect(num(r, 'ops_per_s')).toBeLessThan(num(ok, 'ops_per_s') * 0.75)
    expect(num(r, 'ops_per_s')).toBeGreaterThan(0)
    expect(num(r, 'outage_ms')).toBeGreaterThanOrEqual(14.9)
    expect(num(r, 'outage_ms')).toBeLessThan(16)
  })
})
