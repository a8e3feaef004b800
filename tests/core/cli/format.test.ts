// The CLI's pieces without a child process: CSV quoting and rows, number, time and ETA
// formats, the results table, the progress bar's payload, and main()'s exit codes.
import { describe, expect, test } from 'vitest'
import type { ResultsDocument } from '../../../core/experiment/index'
import { main } from '../../../core/cli/main'
import type { Io } from '../../../core/cli/command'
import { csvField, resultsCsv } from '../../../core/cli/csv'
import { formatEta, formatNumber, formatSimTime, formatSummary, unitOf } from '../../../core/cli/format'
import { progressPayload } from '../../../core/cli/progress-bar'
import { ProgressTracker } from '../../../core/experiment/progress'
import type { Run } from '../../../core/experiment/types'
import { mainMetrics, resultsTable } from '../../../core/cli/table'
import { ENGINE_FINGERPRINT, ENGINE_VERSION } from '../../../core/version'

const doc = (over: Partial<ResultsDocument> = {}): ResultsDocument => ({
  format: 'iovlab-results', version: 1, project: 'p', experiment: 'lat', engine: '0.1.0',
  inputDigest: `sha256:${'0'.repeat(64)}`, digest: `sha256:${'1'.repeat(64)}`,
  points: [
    { params: { guests: 1, variant: 'a,b' }, replications: 3, metrics: { rtt_median_us: { mean: 12.3456, ci95: 0.4 }, cpu_util: { dom0: { mean: 0.5, ci95: 0.01 } } } },
    { params: { guests: 2, variant: 'say "hi"' }, replications: 3, metricsMissing: { rtt_median_us: 'no probe completed in the 5 s measured after warm-up' }, metrics: { rtt_median_us: { mean: null, ci95: null, n: 0 }, cpu_util: { dom0: { mean: 0.7, ci95: 0 } } } }
  ],
  ...over
})

describe('CSV', () => {
  test('RFC 4180 quoting', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
  })

  test('one row per point, metric and key; blanks for nulls and absent parameters', () => {
    const other = doc({ experiment: 'tp', points: [{ params: { key: 'x' }, replications: 1, metrics: { goodput_mbps: { mean: 940, ci95: 0 } } }] })
    expect(resultsCsv([doc(), other]).split('\n')).toEqual([
      'experiment,guests,variant,param:key,metric,key,mean,ci95',
      'lat,1,"a,b",,rtt_median_us,,12.3456,0.4',
      'lat,1,"a,b",,cpu_util,dom0,0.5,0.01',
      'lat,2,"say ""hi""",,rtt_median_us,,,',
      'lat,2,"say ""hi""",,cpu_util,dom0,0.7,0',
      'tp,,,x,goodput_mbps,,940,0',
      ''
    ])
  })
})

describe('formats', () => {
  test('numbers, units, summaries', () => {
    expect([formatNumber(12.3456), formatNumber(940), formatNumber(0), formatNumber(1.5e9), formatNumber(2e-5), formatNumber(null)])
      .toEqual(['12.35', '940', '0', '1.50e+9', '2.00e-5', '—'])
    expect([unitOf('rtt_median_us'), unitOf('goodput_mbps'), unitOf('bytes_copied'), unitOf('vm_exits')]).toEqual(['µs', 'Mbit/s', 'B', ''])
    expect(formatSummary({ mean: 12.3456, ci95: 0.4 }, 'µs')).toBe('12.35 ± 0.40 µs')
    expect(formatSummary({ mean: 3, ci95: 0 }, '')).toBe('3')
    expect(formatSummary({ mean: null, ci95: null }, 'µs')).toBe('—')
  })

  test('each mean to the digits its interval supports', () => {
    const f = (mean: number, ci95: number): string => formatSummary({ mean, ci95 }, '')
    expect(f(63.456, 2.16)).toBe('63.5 ± 2.2')
    expect(f(1234.5, 151)).toBe('1230 ± 150')
    expect(f(0.5, 0.0123)).toBe('0.500 ± 0.012')
    expect(f(-5.5, 0.99)).toBe('-5.50 ± 0.99')
    expect(f(99.96, 9.96)).toBe('100 ± 10')
    expect(f(3, 40)).toBe('3 ± 40')
    expect(f(1.23456e9, 1.234e6)).toBe('1.2346e+9 ± 1.2e+6')
    // Equal replications whose sums round differently: no "± 2.16e-14".
    expect(f(100.00000000000001, 2.16e-14)).toBe('100')
  })

  test('simulated time and ETA', () => {
    expect([formatSimTime(2.5e9), formatSimTime(1.2e8), formatSimTime(15_000), formatSimTime(12)]).toEqual(['2.5 s', '120 ms', '15 µs', '12 ns'])
    expect([formatEta(null), formatEta(42.4), formatEta(185), formatEta(3720)]).toEqual(['?', '42s', '3m05s', '1h02m'])
  })

  test('the progress bar shows the simulated time of all runs and of the oldest active one, events/s and ETA', () => {
    expect(progressPayload({
      runsDone: 3, runsFailed: 0, runsTotal: 10, eventsPerSecond: 2.5e6, etaSeconds: 65, elapsedSeconds: 30, simulatedNs: 32e9,
      active: [{ runId: 'e/3/0', experimentId: 'e', pointIndex: 3, replication: 0, simTimeNs: 2e9, durationNs: 1e10, events: 5 }]
    })).toEqual({ simulated: '32 s', sim: ' (a run at 2 s of 10 s)', eps: '2.5M', etaText: '1m05s', cached: '', atLeast: '' })
    // Between runs too short to report progress, the simulated time of all runs still shows.
    expect(progressPayload({ runsDone: 4, runsFailed: 0, runsTotal: 10, eventsPerSecond: 1e6, etaSeconds: 9, elapsedSeconds: 3, simulatedNs: 4.4e8, active: [] }))
      .toEqual({ simulated: '440 ms', sim: '', eps: '1.0M', etaText: '9s', cached: '', atLeast: '' })
    // Runs taken from the result cache are said beside the count.
    expect(progressPayload({ runsDone: 7, runsFailed: 0, runsTotal: 10, runsCached: 5, eventsPerSecond: 1e6, etaSeconds: 9, elapsedSeconds: 3, simulatedNs: 4.4e8, active: [] }).cached)
      .toBe(' (5 from cache)')
  })

  test('the runner counts the simulated time of finished and active runs', () => {
    const run = (id: string): Run => ({ id, projectName: 'p', experimentId: 'e', pointIndex: 0, params: {}, replication: 0, seed: 1 })
    const runs = new Map([['a', run('a')], ['b', run('b')]])
    const t = new ProgressTracker(runs, () => 0)
    t.onEvent({ type: 'run-progress', runId: 'a', simTimeNs: 5e8, durationNs: 1e9, events: 10 })
    t.onEvent({ type: 'run-progress', runId: 'b', simTimeNs: 2e8, durationNs: 1e9, events: 10 })
    t.onOutcome({ ok: true, run: run('a'), metrics: {}, events: 20, simTimeNs: 1e9, wallMs: 1 })
    expect(t.snapshot().simulatedNs).toBe(1.2e9)
  })

  test('runs from the result cache are counted, and the ETA extrapolates from the simulated runs only', () => {
    const run = (id: string): Run => ({ id, projectName: 'p', experimentId: 'e', pointIndex: 0, params: {}, replication: 0, seed: 1 })
    const runs = new Map(['a', 'b', 'c', 'd'].map((id) => [id, run(id)]))
    let now = 0
    const t = new ProgressTracker(runs, () => now)
    t.onOutcome({ ok: true, run: run('a'), metrics: {}, events: 20, simTimeNs: 1e9, wallMs: 1, cached: true })
    t.onOutcome({ ok: true, run: run('b'), metrics: {}, events: 20, simTimeNs: 1e9, wallMs: 1, cached: true })
    now = 10_000
    t.onOutcome({ ok: true, run: run('c'), metrics: {}, events: 20, simTimeNs: 1e9, wallMs: 10_000 })
    const s = t.snapshot()
    expect(s).toMatchObject({ runsDone: 3, runsCached: 2, runsTotal: 4 })
    // One of the two simulated runs took 10 s: about 10 s left (not 3.3 s as if cached runs had cost time).
    expect(s.etaSeconds).toBeCloseTo(10, 5)
  })
})

describe('table', () => {
  test('parameters, then the main metrics, then a note of the rest', () => {
    expect(resultsTable(doc(), 'Latency').split('\n')).toEqual([
      'lat — Latency: 2 points, 3 replications each (mean ± 95 % CI)',
      '  guests  variant   rtt_median_us',
      '  1       a,b       12.35 ± 0.40 µs',
      '  2       say "hi"  —',
      '  — rtt_median_us at guests=2 variant=say "hi": no probe completed in the 5 s measured after warm-up',
      '  also: cpu_util{…} (see --json, or export --csv)'
    ])
    expect(mainMetrics(['zeta', 'drops', 'rtt_p99_us', 'alpha', 'rtt_median_us', 'b', 'c', 'd'])).toEqual(['rtt_median_us', 'rtt_p99_us', 'drops', 'alpha', 'b', 'c'])
    // An I/O-program experiment's table leads with its own latency and rate, not the counters.
    expect(mainMetrics(['vm_exits', 'irqs_physical', 'ops_per_s', 'op_median_us', 'drops'])).toEqual(['op_median_us', 'ops_per_s', 'vm_exits', 'irqs_physical', 'drops'])
    // a block run: the workload's I/O rate, latency percentiles and CPU per I/O first (issue 11)
    expect(mainMetrics(['vm_exits', 'io_mbps', 'cpu_per_io_us', 'io_latency_p99_us', 'iops', 'io_latency_median_us', 'drops']))
      .toEqual(['iops', 'io_latency_median_us', 'io_latency_p99_us', 'cpu_per_io_us', 'io_mbps', 'vm_exits'])
    expect([unitOf('iops'), unitOf('io_mbps'), unitOf('io_latency_p99_us'), unitOf('cpu_per_io_us')]).toEqual(['IO/s', 'Mbit/s', 'µs', 'µs'])
  })
})

describe('main', () => {
  function io(): Io & { lines: string[]; errors: string[] } {
    const lines: string[] = []
    const errors: string[] = []
    return { lines, errors, out: (t) => lines.push(t), err: (t) => errors.push(t), errIsTty: false, cwd: process.cwd(), env: {} }
  }

  test('exit codes: help 0, no command 2, unknown command 2, --version 0', async () => {
    const a = io()
    expect(await main(['run', '--help'], a)).toBe(0)
    expect(a.lines[0]).toMatch(/^Usage: iovlab run <project>/)
    expect(await main([], io())).toBe(2)
    expect(await main(['nope'], io())).toBe(2)
    const v = io()
    expect(await main(['--version'], v)).toBe(0)
    expect(v.lines).toEqual([`${ENGINE_VERSION} (engine ${ENGINE_FINGERPRINT})`])
  })
})
