// The CLI's and the CSV's view of sequential stopping and common random numbers: the table's
// replications column with each point's reason, the --diff table of paired differences, the CSV's
// extra columns, and a progress bar whose total is a lower bound while rounds may be added.
import { describe, expect, test } from 'vitest'
import type { ResultsDocument } from '../../../core/experiment/index'
import { resultsCsv } from '../../../core/api/results-csv'
import { progressPayload } from '../../../core/cli/progress-bar'
import { diffTable, resultsTable } from '../../../core/cli/table'

const doc = (over: Partial<ResultsDocument> = {}): ResultsDocument => ({
  format: 'iovlab-results', version: 1, project: 'p', experiment: 'lat', engine: '0.1.0',
  inputDigest: `sha256:${'0'.repeat(64)}`, digest: `sha256:${'1'.repeat(64)}`,
  points: [
    { params: { technique: 'emulated' }, replications: 4, metrics: { rtt_median_us: { mean: 100, ci95: 1.5 } },
      stopping: { metric: 'rtt_median_us', stopped: 'precise', runs: 4, mean: 100, halfWidth: 1.5, reason: 'precise: ±1.5 % ≤ 2 %' } },
    { params: { technique: 'sriov' }, replications: 12, metrics: { rtt_median_us: { mean: 40, ci95: 1.2 } },
      stopping: { metric: 'rtt_median_us', stopped: 'max-reached', runs: 12, mean: 40, halfWidth: 1.2, reason: 'max reached: ±3 % > 2 % after 12 replications' },
      diff: { baseline: { technique: 'emulated' }, metrics: { rtt_median_us: { mean: -60.25, ci95: 0.41, n: 4 } } } }
  ],
  ...over
})

describe('table', () => {
  test('a replications column with why each point stopped', () => {
    const t = resultsTable(doc())
    expect(t).toMatch(/^lat: 2 points, 4\/12 replications each/)
    expect(t).toMatch(/^ {2}technique +replications +rtt_median_us$/m)
    expect(t).toMatch(/^ {2}emulated +4 \(precise: ±1\.5 % ≤ 2 %\) +100\.0 ± 1\.5 µs$/m)
    expect(t).toMatch(/^ {2}sriov +12 \(max reached: ±3 % > 2 % after 12 replications\) +40\.0 ± 1\.2 µs$/m)
    expect(t).toContain('paired differences to the baseline (common random numbers): see --diff')
    expect(resultsTable(doc(), undefined, true)).not.toContain('see --diff')
  })

  test('the --diff table: signed differences with their paired intervals, baselines left out', () => {
    expect(diffTable(doc())).toBe([
      'lat: difference to the baseline (technique=emulated) on common random numbers (mean ± 95 % paired CI, n pairs)',
      '  technique  n  rtt_median_us',
      '  sriov      4  −60.25 ± 0.41 µs'
    ].join('\n'))
    const pts = doc().points.map((p) => ({ ...p, diff: undefined }))
    expect(diffTable(doc({ points: pts }))).toBe('')
  })

  test('a difference nobody could pair is — with the reason', () => {
    const d = doc()
    const p1 = { ...d.points[1], diff: { baseline: { technique: 'emulated' }, metrics: { rtt_median_us: { mean: null, ci95: null, n: 0 } }, missing: { rtt_median_us: 'the baseline did not measure it' } } }
    expect(diffTable({ ...d, points: [d.points[0], p1] })).toContain('  — rtt_median_us at technique=sriov: the baseline did not measure it')
  })
})

describe('CSV', () => {
  test('replications, stopped and the diff columns', () => {
    const lines = resultsCsv([doc()]).trimEnd().split('\n')
    expect(lines).toEqual([
      'experiment,technique,metric,key,mean,ci95,replications,stopped,diff_baseline,diff_mean,diff_ci95,diff_n',
      'lat,emulated,rtt_median_us,,100,1.5,4,precise: ±1.5 % ≤ 2 %,,,,',
      'lat,sriov,rtt_median_us,,40,1.2,12,max reached: ±3 % > 2 % after 12 replications,technique=emulated,-60.25,0.41,4'
    ])
  })

  test('without either feature the columns are as before', () => {
    const plain = doc({ points: doc().points.map(({ stopping: _s, diff: _d, ...p }) => p) })
    expect(resultsCsv([plain]).split('\n')[0]).toBe('experiment,technique,metric,key,mean,ci95')
  })
})

describe('progress', () => {
  test('"≥" before the total and the ETA while rounds may be added', () => {
    const base = { runsDone: 3, runsFailed: 0, runsTotal: 9, active: [], eventsPerSecond: 10, etaSeconds: 5, elapsedSeconds: 1 }
    expect(progressPayload({ ...base, runsTotalOpen: true })).toMatchObject({ atLeast: '≥', etaText: '≥5s' })
    expect(progressPayload(base)).toMatchObject({ atLeast: '', etaText: '5s' })
  })
})
