// The designer's "until precise" form model and the results view's difference-to-baseline data:
// rules to and from the four fields, every wrong field named, the metrics offered, and the chart
// drawing paired differences with their band.
import { describe, expect, test } from 'vitest'
import { defaultRule, formToRule, ruleMetricChoices, ruleToForm, toleranceText } from '../../renderer/src/features/experiments/precision-rule'
import { chartOption } from '../../renderer/src/features/results/chart-option'
import { CHART_THEMES } from '../../renderer/src/features/results/chart-theme'
import type { ChartDocument } from '../../renderer/src/model/metric-info'
import { baselineText, diffDocument, hasDifferences } from '../../renderer/src/model/results-view'

describe('until-precise form', () => {
  const rule = { min: 3, max: 50, until: { metric: 'rtt_median_us', relativeHalfWidth: 0.02 } }

  test('a rule to fields and back; a number has no form', () => {
    expect(ruleToForm(rule)).toEqual({ metric: 'rtt_median_us', tolerance: '2 %', min: '3', max: '50' })
    expect(formToRule(ruleToForm(rule)!)).toEqual({ ok: true, rule })
    const abs = { min: 2, max: 9, until: { metric: 'goodput_mbps', halfWidth: 12.5 } }
    expect(ruleToForm(abs)).toEqual({ metric: 'goodput_mbps', tolerance: '12.5', min: '2', max: '9' })
    expect(formToRule(ruleToForm(abs)!)).toEqual({ ok: true, rule: abs })
    expect(ruleToForm(3)).toBeNull()
    expect(ruleToForm(undefined)).toBeNull()
  })

  test('each wrong field is named with why', () => {
    const f = ruleToForm(rule)!
    expect(formToRule({ ...f, metric: 'rtt' })).toMatchObject({ ok: false, field: 'metric', message: expect.stringMatching(/not a metric/) as unknown })
    expect(formToRule({ ...f, min: '1' })).toEqual({ ok: false, field: 'min', message: 'a whole number from 2 to 10,000' })
    expect(formToRule({ ...f, max: '2' })).toEqual({ ok: false, field: 'max', message: 'at least the minimum (3)' })
    expect(formToRule({ ...f, tolerance: '0 %' })).toEqual({ ok: false, field: 'tolerance', message: 'a percentage above 0 and below 100' })
    expect(formToRule({ ...f, tolerance: 'tight' })).toEqual({ ok: false, field: 'tolerance', message: '"2 %" of the mean, or a half-width above 0 in µs' })
    expect(formToRule({ ...f, tolerance: '0.5' })).toEqual({ ok: true, rule: { ...rule, until: { metric: 'rtt_median_us', halfWidth: 0.5 } } })
  })

  test('what the tolerance means; the metrics offered; a fresh rule', () => {
    expect(toleranceText(rule)).toBe('stop when the 95 % interval is within ±2 % of the mean')
    expect(toleranceText({ ...rule, until: { metric: 'rtt_median_us', halfWidth: 0.5 } })).toBe('stop when the 95 % interval is within ±0.5 µs')
    const choices = ruleMetricChoices({ workloads: [{ kind: 'stream' }, { kind: 'ping' }] })
    expect(choices.slice(0, 4)).toEqual(['goodput_mbps', 'rtt_median_us', 'rtt_p99_us', 'rtt_mean_us'])
    expect(new Set(choices).size).toBe(choices.length)
    expect(choices).toContain('vm_exits')
    expect(choices).not.toContain('rpc_median_us')
    expect(choices).not.toContain('ops_per_s')
    expect(defaultRule({ replications: 3, workloads: [{ id: 'w', kind: 'ping', params: {} }] })).toEqual({ min: 3, max: 50, until: { metric: 'rtt_median_us', relativeHalfWidth: 0.02 } })
    expect(defaultRule({ replications: 1, workloads: [] }).min).toBe(2)
  })
})

describe('difference to baseline', () => {
  const doc: ChartDocument = {
    experiment: 'lat',
    points: [
      { params: { guests: 1, technique: 'pv' }, replications: 4, metrics: { rtt_median_us: { mean: 100, ci95: 2 } } },
      { params: { guests: 1, technique: 'sriov' }, replications: 4, metrics: { rtt_median_us: { mean: 40, ci95: 2 } },
        diff: { baseline: { technique: 'pv' }, metrics: { rtt_median_us: { mean: -60, ci95: 0.5, n: 4 } } } },
      { params: { guests: 2, technique: 'pv' }, replications: 4, metrics: { rtt_median_us: { mean: 110, ci95: 2 } } },
      { params: { guests: 2, technique: 'sriov' }, replications: 4, metrics: { rtt_median_us: { mean: 45, ci95: 2 } },
        diff: { baseline: { technique: 'pv' }, metrics: { rtt_median_us: { mean: null, ci95: null, n: 0 } }, missing: { rtt_median_us: 'the baseline did not measure it' } } }
    ]
  }

  test('the points with a baseline, their differences as metrics', () => {
    expect(hasDifferences(doc)).toBe(true)
    expect(hasDifferences({ ...doc, points: [doc.points[0]] })).toBe(false)
    expect(baselineText(doc)).toBe('technique=pv')
    expect(diffDocument(doc).points).toEqual([
      { params: { guests: 1, technique: 'sriov' }, replications: 4, metrics: { rtt_median_us: { mean: -60, ci95: 0.5, n: 4 } } },
      { params: { guests: 2, technique: 'sriov' }, replications: 4, metrics: { rtt_median_us: { mean: null, ci95: null, n: 0 } }, metricsMissing: { rtt_median_us: 'the baseline did not measure it' } }
    ])
  })

  test('the sweep chart draws the differences with their band and says so', () => {
    const view = { kind: 'sweep' as const, metric: 'rtt_median_us', key: null, keys: [], family: null, x: 'guests' }
    const input = { doc, view, overlays: [], theme: CHART_THEMES.light, cpuView: 'domain' as const }
    const plain = chartOption(input) as { title: { text: string }; series: { type: string; data: unknown[] }[] }
    const diff = chartOption({ ...input, difference: true }) as { title: { text: string; subtext: string }; series: { type: string; name: string; data: unknown[] }[] }
    expect(plain.title.text).not.toMatch(/baseline/)
    expect(diff.title.text).toMatch(/− baseline \(technique=pv, common random numbers\)/)
    expect(diff.title.subtext).toMatch(/mean paired difference with 95 % paired-t band/)
    expect(diff.title.subtext).toMatch(/no value at 1 of 2 points: the baseline did not measure it/)
    const line = diff.series.find((s) => s.type === 'line')!
    expect(line.data).toEqual([[1, -60, 0.5], [2, null, null]])
    expect(diff.series.some((s) => s.type === 'custom')).toBe(true)
  })
})
