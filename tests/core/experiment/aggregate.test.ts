// Aggregation of replications: mean and Student-t 95 % half-width, one replication, missing
// and non-finite values, object metrics key by key, and canonical JSON and digests.
import { createHash } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { aggregateMetrics, aggregatePoint, canonicalJson, checkMetrics, isSummary, sha256Digest, summarize, t975 } from '../../../core/experiment/index'

describe('summarize', () => {
  test('mean and t(0.975, n−1)·s/√n', () => {
    const s = summarize([1, 2, 3])
    expect(s.mean).toBe(2)
    expect(s.ci95).toBeCloseTo((4.302652729749462 * 1) / Math.sqrt(3), 14)
    const x = [10.5, 11.25, 9.75, 10.0, 10.9]
    const mean = x.reduce((a, b) => a + b) / 5
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / 4)
    expect(summarize(x)).toEqual({ mean, ci95: (t975(4) * sd) / Math.sqrt(5) })
  })

  test('one replication: ci95 is 0; none: null', () => {
    expect(summarize([4.2])).toEqual({ mean: 4.2, ci95: 0 })
    expect(summarize([])).toEqual({ mean: null, ci95: null })
  })

  test('NaN and infinities are left out', () => {
    expect(summarize([NaN, 2, Infinity, 4])).toEqual(summarize([2, 4]))
    expect(summarize([NaN])).toEqual({ mean: null, ci95: null })
  })

  test('identical values: ci95 exactly 0', () => {
    expect(summarize([3, 3, 3, 3]).ci95).toBe(0)
  })
})

describe('aggregateMetrics', () => {
  test('number metrics and each key of object metrics, names sorted', () => {
    const m = aggregateMetrics([
      { rtt_median_us: 10, cpu_util: { 'host-a/cpu0': 0.5, dom0: 0.1 } },
      { rtt_median_us: 12, cpu_util: { 'host-a/cpu0': 0.7, dom0: 0.3 } }
    ])
    expect(Object.keys(m)).toEqual(['cpu_util', 'rtt_median_us'])
    expect(m.rtt_median_us).toEqual(summarize([10, 12]))
    expect(m.cpu_util).toEqual({ dom0: summarize([0.1, 0.3]), 'host-a/cpu0': summarize([0.5, 0.7]) })
    expect(isSummary(m.rtt_median_us)).toBe(true)
    expect(isSummary(m.cpu_util)).toBe(false)
  })

  test('a key missing from one replication is averaged over the others', () => {
    const m = aggregateMetrics([{ stage_us: { a: 1, b: 5 } }, { stage_us: { a: 3 } }])
    expect(m.stage_us).toEqual({ a: summarize([1, 3]), b: { mean: 5, ci95: 0, n: 1 } })
  })

  test('a metric without a value in every replication is null with the reasons, never 0', () => {
    const why = 'no probe completed in the 5 s measured after warm-up'
    const p = aggregatePoint([
      { metrics: { rtt_median_us: null, vm_exits: 0 }, missing: { rtt_median_us: why } },
      { metrics: { rtt_median_us: null, vm_exits: 2 }, missing: { rtt_median_us: why } }
    ])
    expect(p.metrics.rtt_median_us).toEqual({ mean: null, ci95: null, n: 0 })
    expect(p.metrics.vm_exits).toEqual(summarize([0, 2]))
    expect(p.metricsMissing).toEqual({ rtt_median_us: why })
  })

  test('a metric some replications measured is their mean, with their count and why the others did not', () => {
    const p = aggregatePoint([
      { metrics: { rtt_median_us: 10 } },
      { metrics: { rtt_median_us: null }, missing: { rtt_median_us: 'no probe completed' } },
      { metrics: { rtt_median_us: 14 } },
      { metrics: {} }
    ])
    expect(p.metrics.rtt_median_us).toEqual({ ...summarize([10, 14]), n: 2 })
    expect(p.metricsMissing.rtt_median_us).toBe('in 2 of 4 replications: no probe completed; not measured in this replication')
  })

  test('a metric no replication reports is absent, not 0', () => {
    const p = aggregatePoint([{ metrics: { vm_exits: 1 } }, { metrics: { vm_exits: 3 } }])
    expect(Object.keys(p.metrics)).toEqual(['vm_exits'])
    expect(p.metricsMissing).toEqual({})
  })

  test('metric shapes are checked', () => {
    expect(checkMetrics({ a: 1, b: { c: 2 } })).toBeUndefined()
    expect(checkMetrics({ a: 'x' })).toMatch(/metric "a"/)
    expect(checkMetrics({ a: { b: 'x' } })).toMatch(/metric "a"/)
    expect(checkMetrics(null)).toMatch(/no metrics/)
    expect(checkMetrics({ a: null }, { a: 'no sample' })).toBeUndefined()
    expect(checkMetrics({ a: null })).toMatch(/metric "a" is null without a reason/)
  })
})

describe('canonical JSON and digests', () => {
  test('keys sorted at every level, numbers exact, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { f: 1, e: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"e":2,"f":1}]},"b":1}')
    expect(canonicalJson([0.1 + 0.2, 1e21, -0, 5e-324, NaN, undefined, null, true])).toBe('[0.30000000000000004,1e+21,0,5e-324,null,null,null,true]')
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}')
  })

  test('every double round-trips through its canonical text', () => {
    for (const x of [Math.PI, 1 / 3, 123456789.123456789, 2 ** -1074, Number.MAX_VALUE, 0.1]) expect(Number(canonicalJson(x))).toBe(x)
  })

  test('sha256Digest is SHA-256 of the UTF-8 text', async () => {
    const text = '{"µ":"ü"}'
    expect(await sha256Digest(text)).toBe(`sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`)
  })
})
