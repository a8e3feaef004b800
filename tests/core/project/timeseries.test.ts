// An experiment's `timeseries` (issue 12): a window length and optional workload metrics;
// one problem per thing wrong at its JSON path — too many windows, a window longer than the
// run, a metric no workload of the experiment reports, unknown fields.
import { describe, expect, test } from 'vitest'
import { MAX_SERIES_WINDOWS } from '../../../core/project/schema'
import { seriesWindows } from '../../../core/project/check-timeseries'
import { metricNameProblem, metricWorkloadKind } from '../../../core/project/metric-names'
import { baseDoc, codes, expectProblem, problemsOf, type Doc } from './helpers'

const withSeries = (ts: unknown, duration?: string): Doc => {
  const d = baseDoc()
  d.experiments[0].timeseries = ts
  if (duration !== undefined) d.experiments[0].duration = duration
  return d
}

describe('timeseries', () => {
  test('a valid one parses', () => {
    expect(problemsOf(withSeries({ interval: '1ms' }, '100ms'))).toEqual([])
    expect(problemsOf(withSeries({ interval: '10ms', metrics: ['rtt_p99_us', 'probes'] }, '100ms'))).toEqual([])
  })

  test(`at most ${MAX_SERIES_WINDOWS} windows`, () => {
    expect(seriesWindows(1e9, 1e6)).toBe(1000)
    expect(seriesWindows(25e6, 10e6)).toBe(3)
    const p = problemsOf(withSeries({ interval: '100us' }, '1s'))
    expectProblem(p, 'out-of-range', '$.experiments[0].timeseries.interval', /into 10000 windows; at most 1000 are kept \(make the interval at least 1000000 ns\)/)
    expect(p).toHaveLength(1)
  })

  test('a window longer than the run', () => {
    expectProblem(problemsOf(withSeries({ interval: '2s' }, '1s')), 'out-of-range', '$.experiments[0].timeseries.interval', /longer than the measured duration/)
  })

  test('metrics a workload of the experiment reports as numbers, each problem at its index', () => {
    const p = problemsOf(withSeries({ interval: '10ms', metrics: ['rtt_p99_us', 'vm_exits', 'goodput_mbps', 'rtt_cdf_us'] }, '100ms'))
    expect(codes(p)).toEqual(['invalid-value $.experiments[0].timeseries.metrics[1]', 'invalid-value $.experiments[0].timeseries.metrics[2]', 'invalid-value $.experiments[0].timeseries.metrics[3]'])
    expect(p[0].message).toMatch(/"vm_exits" is not a workload's number metric/)
    expect(p[1].message).toMatch(/has no stream workload, so no window measures "goodput_mbps"/)
  })

  test('the schema: an interval is required, a duration, and nothing else', () => {
    const p = problemsOf(withSeries({ metrics: [], every: 3, interval: 'soon' }, '100ms'))
    expect(p.length).toBeGreaterThanOrEqual(3)
    for (const at of ['$.experiments[0].timeseries.interval', '$.experiments[0].timeseries.metrics']) expect(codes(p).some((c) => c.endsWith(at))).toBe(true)
    expect(codes(p).some((c) => /timeseries(\.every)?$/.test(c))).toBe(true)
  })
})

describe('breakdown metric names', () => {
  test('a replications rule may name a workload\'s or a VM\'s metric', () => {
    expect(metricNameProblem('byWorkload.victim.rtt_p99_us')).toBeUndefined()
    expect(metricNameProblem('byVm.rack.1.guest.domain_cpu_util')).toBeUndefined()
    expect(metricNameProblem('byWorkload.victim.domain_cpu_util')).toMatch(/not a metric/)
    expect(metricNameProblem('byWorkload.victim.')).toMatch(/not a metric/)
    expect(metricWorkloadKind('byWorkload.victim.rtt_p99_us')).toBe('ping')
    const d = baseDoc()
    d.experiments[0].replications = { min: 2, max: 4, until: { metric: 'byWorkload.ping.rtt_p99_us', relativeHalfWidth: 0.1 } }
    expect(problemsOf(d)).toEqual([])
  })
})
