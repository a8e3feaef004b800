// Metrics per workload and per VM (issue 12): a victim pings while a noisy neighbour streams
// through the same NIC and driver domain. The totals keep today's merge; the breakdowns give each
// workload's and each VM's own; the time series cuts the measured period into windows.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseProject, type Project } from '../../../core/project/index'
import { runScenario, type Metrics, type ScenarioResult } from '../../../core/scenario/index'
import { breakdownMetric, parseBreakdownMetric } from '../../../core/scenario/metrics-breakdown'

export function noisyFixture(): Project {
  const file = resolve(import.meta.dirname, '../../fixtures/noisy-neighbour.iovlab.json')
  const r = parseProject(readFileSync(file, 'utf8'), file)
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'))
  return r.project
}

const run = (project: Project, exp: string, seed = 3): ScenarioResult => runScenario({ project, experimentId: exp, seed })
const num = (m: Metrics, k: string): number => {
  const v = m[k]
  if (typeof v !== 'number') throw new Error(`${k} is ${JSON.stringify(v)}`)
  return v
}

describe('metrics per workload and per VM', () => {
  const project = noisyFixture()
  const both = run(project, 'noisy-neighbour')
  const m = both.metrics
  const alone = run(project, 'victim-alone').metrics

  test('each workload reports its own metrics beside the unchanged totals', () => {
    expect(num(m, 'byWorkload.victim.rtt_median_us')).toBe(num(m, 'rtt_median_us'))
    expect(num(m, 'byWorkload.noisy.goodput_mbps')).toBe(num(m, 'goodput_mbps'))
    expect(num(m, 'byWorkload.noisy.goodput_mbps')).toBeGreaterThan(100)
    // No cross-talk: the stream has no RTT, the ping no goodput.
    expect(m['byWorkload.noisy.rtt_median_us']).toBeUndefined()
    expect(m['byWorkload.victim.goodput_mbps']).toBeUndefined()
    expect(m['byWorkload.victim.rtt_cdf_us']).toEqual(m.rtt_cdf_us)
  })

  test('the noisy neighbour slows the victim down through the shared driver domain', () => {
    expect(num(m, 'byWorkload.victim.rtt_median_us')).toBeGreaterThan(1.2 * num(alone, 'byWorkload.victim.rtt_median_us'))
    expect(num(m, 'byWorkload.victim.rtt_p99_us')).toBeGreaterThan(num(alone, 'byWorkload.victim.rtt_p99_us'))
  })

  test('two workloads of one kind: the totals add them up, the breakdown keeps them apart', () => {
    const exp = project.experiments.find((e) => e.id === 'noisy-neighbour')!
    const twoPings = { ...project, experiments: [{ ...exp, id: 'two', timeseries: undefined, workloads: [exp.workloads[0], { ...exp.workloads[0], id: 'other', clients: 'noisy-a', servers: 'noisy-b', params: { waitMax: '5ms' } }] }] }
    const t = run(twoPings, 'two').metrics
    const a = num(t, 'byWorkload.victim.probes'), b = num(t, 'byWorkload.other.probes')
    expect(num(t, 'probes')).toBe(a + b)
    expect(a).toBeGreaterThan(2 * b) // waits of up to 1 ms against up to 5 ms
    expect(num(t, 'rtt_median_us')).toBe(num(t, 'byWorkload.victim.rtt_median_us') + num(t, 'byWorkload.other.rtt_median_us'))
    expect(num(t, 'byVm.noisy-a.probes')).toBe(b)
  })

  test('per VM: the CPU of its domains and the workloads it is a client of', () => {
    expect(num(m, 'byVm.noisy-a.goodput_mbps')).toBe(num(m, 'goodput_mbps'))
    expect(num(m, 'byVm.victim-a.probes')).toBe(num(m, 'probes'))
    expect(num(m, 'byVm.victim-a.rtt_p99_us')).toBe(num(m, 'rtt_p99_us'))
    // Servers are clients of nothing: only their CPU.
    expect(Object.keys(m).filter((k) => k.startsWith('byVm.victim-b.'))).toEqual(['byVm.victim-b.domain_cpu_util'])
    // The streaming guest burns more CPU than the pinging one; the driver domain more than both.
    expect(num(m, 'byVm.noisy-a.domain_cpu_util')).toBeGreaterThan(10 * num(m, 'byVm.victim-a.domain_cpu_util'))
    expect(num(m, 'byVm.dom0-a.domain_cpu_util')).toBeGreaterThan(num(m, 'byVm.noisy-a.domain_cpu_util'))
    // One host's guests add up to its share of cpu_util.guests (averaged over the two hosts).
    const cpu = m.cpu_util as Record<string, number>
    const guests = ['victim-a', 'noisy-a', 'victim-b', 'noisy-b'].reduce((s, v) => s + num(m, `byVm.${v}.domain_cpu_util`), 0)
    expect(guests / 2).toBeCloseTo(cpu.guests, 9)
  })

  test('a VM of several copies sums its copies; a per-VM median is over its flows only', () => {
    const p = { ...project, topology: { ...project.topology, nodes: project.topology.nodes.map((n) => (n.id === 'victim-a' || n.id === 'victim-b' ? { ...n, params: { ...n.params, count: 2 } } : n)) } }
    const r = run(p, 'victim-alone').metrics
    expect(num(r, 'byVm.victim-a.probes')).toBe(num(r, 'probes'))
    expect(num(r, 'byVm.victim-a.rtt_median_us')).toBeCloseTo(num(r, 'rtt_median_us'), 9)
  })

  test('a breakdown without samples is null with a reason', () => {
    const exp = project.experiments.find((e) => e.id === 'victim-alone')!
    // A ping that waits longer than the run: no probe completes after warm-up.
    const slow = { ...project, experiments: [{ ...exp, duration: '1ms', warmup: '5ms', workloads: [{ ...exp.workloads[0], params: { waitMax: '1s' } }] }] }
    const r = run(slow, 'victim-alone', 1)
    expect(r.metrics['byWorkload.victim.rtt_median_us']).toBeNull()
    expect(r.missing?.['byWorkload.victim.rtt_median_us']).toMatch(/no probe completed/)
    expect(r.metrics['byVm.victim-a.rtt_p99_us']).toBeNull()
    expect(r.missing?.['byVm.victim-a.rtt_p99_us']).toMatch(/no probe completed/)
  })

  test('names round-trip, ids with dots included', () => {
    expect(parseBreakdownMetric(breakdownMetric('byVm', 'rack.1.vm', 'rtt_p99_us'))).toEqual({ by: 'byVm', id: 'rack.1.vm', metric: 'rtt_p99_us' })
    expect(parseBreakdownMetric('rtt_p99_us')).toBeUndefined()
    expect(parseBreakdownMetric('cpu_util.dom0')).toBeUndefined()
  })
})

describe('time series', () => {
  const project = noisyFixture()
  const withSeries = run(project, 'noisy-neighbour')
  const s = withSeries.series!

  test('the windows do not change the run: same totals and breakdowns as without a series', () => {
    const exp = project.experiments.find((e) => e.id === 'noisy-neighbour')!
    const without = run({ ...project, experiments: [{ ...exp, timeseries: undefined }] }, 'noisy-neighbour')
    expect(without.series).toBeUndefined()
    expect(withSeries.metrics).toEqual(without.metrics)
    expect(withSeries.events).toBe(without.events)
  })

  test('ten windows of 10 ms; per-window values add up to the run', () => {
    expect(s.intervalNs).toBe(10e6)
    expect(s.windowEndNs).toEqual(Array.from({ length: 10 }, (_, k) => (k + 1) * 10e6))
    expect(Object.keys(s.metrics)).toEqual(['byWorkload.noisy.goodput_mbps', 'byWorkload.victim.probes', 'byWorkload.victim.rtt_median_us', 'byWorkload.victim.rtt_p99_us'])
    const probes = s.metrics['byWorkload.victim.probes'] as number[]
    expect(probes.reduce((a, b) => a + b, 0)).toBe(withSeries.metrics.probes)
    const goodput = s.metrics['byWorkload.noisy.goodput_mbps'] as number[]
    expect(goodput.reduce((a, b) => a + b, 0) / 10).toBeCloseTo(withSeries.metrics.goodput_mbps as number, 6)
    // Each window's p99 is within the run's range of RTTs.
    const cdf = withSeries.metrics.rtt_cdf_us as Record<string, number>
    for (const v of s.metrics['byWorkload.victim.rtt_p99_us']) {
      if (v === null) continue
      expect(v).toBeGreaterThanOrEqual(cdf.p0)
      expect(v).toBeLessThanOrEqual(cdf.p100)
    }
  })

  test('a window without a sample is null with its reason; a last short window keeps its length', () => {
    const exp = project.experiments.find((e) => e.id === 'victim-alone')!
    const p = { ...project, experiments: [{ ...exp, duration: '25ms', timeseries: { interval: '10ms' }, workloads: [{ ...exp.workloads[0], params: { waitMax: '30ms' } }] }] }
    const r = run(p, 'victim-alone', 5)
    expect(r.series!.windowEndNs).toEqual([10e6, 20e6, 25e6])
    const probes = r.series!.metrics['byWorkload.victim.probes']
    expect(probes.reduce<number>((a, b) => a + (b ?? 0), 0)).toBe(r.metrics.probes)
    const p99 = r.series!.metrics['byWorkload.victim.rtt_p99_us']
    const empty = probes.map((n, k) => (n === 0 ? k : -1)).filter((k) => k >= 0)
    for (const k of empty) expect(p99[k]).toBeNull()
    expect(empty.length).toBeGreaterThan(0)
    expect(r.series!.missing?.['byWorkload.victim.rtt_p99_us']).toMatch(/no probe completed in the window \(window/)
  })

  test('same project and seed: identical series', () => {
    expect(run(project, 'noisy-neighbour').series).toEqual(s)
  })
})
