// comparePoints: what verify says when stored and re-run points differ — means, intervals, the
// replications that measured a metric, and the reasons a metric has no value.
import { describe, expect, test } from 'vitest'
import { comparePoints } from '../../../core/experiment/compare'
import type { ResultsPoint } from '../../../core/experiment/types'

const point = (over: Partial<ResultsPoint> = {}): ResultsPoint => ({
  params: { guests: 1 }, replications: 3, metrics: { rtt_median_us: { mean: 10, ci95: 1 } }, ...over
})

describe('comparePoints', () => {
  test('identical points: nothing to say', () => {
    expect(comparePoints([point()], [point()])).toEqual([])
  })

  test('a metric that lost its value, with the reason and the count', () => {
    const why = 'no probe completed in the 5 s measured after warm-up'
    const lines = comparePoints([point()], [point({ metrics: { rtt_median_us: { mean: null, ci95: null, n: 0 } }, metricsMissing: { rtt_median_us: why } })])
    expect(lines).toEqual([
      'point guests=1: rtt_median_us mean 10 stored, null in the re-run',
      'point guests=1: rtt_median_us ci95 1 stored, null in the re-run',
      'point guests=1: rtt_median_us measured by every replication(s) stored, 0 in the re-run',
      `point guests=1: rtt_median_us without a value: measured stored, "${why}" in the re-run`
    ])
  })
})
