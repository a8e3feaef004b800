// Validation of an experiment's sequential-stopping rule and of its common random numbers: one
// problem per thing wrong, each at its JSON path; a valid rule and crn parse.
import { describe, expect, test } from 'vitest'
import { parseProject } from '../../../core/project/index'
import { metricNameProblem, NUMBER_METRICS } from '../../../core/project/metric-names'
import { baseDoc, expectProblem, problemsOf, type Doc } from './helpers'

const rule = (r: unknown): Doc => {
  const d = baseDoc()
  d.experiments[0].replications = r
  return d
}
const good = { min: 3, max: 50, until: { metric: 'rtt_median_us', relativeHalfWidth: 0.02 } }

describe('replications rule', () => {
  test('a rule parses and keeps its shape; a number still works', () => {
    const r = parseProject(JSON.stringify(rule(good)), 'x.iovlab.json')
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.project.experiments[0].replications).toEqual(good)
    expect(problemsOf(rule({ min: 2, max: 2, until: { metric: 'stage_us.msg_recv', halfWidth: 0.5 } }))).toEqual([])
    expect(problemsOf(rule(7))).toEqual([])
  })

  test('min below 2, max above 10,000, max below min: each at its path', () => {
    expectProblem(problemsOf(rule({ ...good, min: 1 })), 'out-of-range', '$.experiments[0].replications.min', /at least 2/)
    expectProblem(problemsOf(rule({ ...good, max: 20_000 })), 'out-of-range', '$.experiments[0].replications.max', /at most 10000/)
    const p = problemsOf(rule({ ...good, min: 10, max: 5 }))
    expect(p).toHaveLength(1)
    expectProblem(p, 'out-of-range', '$.experiments[0].replications.max', /"max" \(5\) must be at least its "min" \(10\)/)
  })

  test('a metric IOV Lab does not produce, or an object metric without a key', () => {
    expectProblem(problemsOf(rule({ ...good, until: { metric: 'rtt_median', relativeHalfWidth: 0.02 } })), 'invalid-value',
      '$.experiments[0].replications.until.metric', /"rtt_median" is not a metric IOV Lab produces \(did you mean "rtt_median_us"/)
    expectProblem(problemsOf(rule({ ...good, until: { metric: 'cpu_util', relativeHalfWidth: 0.02 } })), 'invalid-value',
      '$.experiments[0].replications.until.metric', /one value per key/)
  })

  test('a workload metric the experiment\'s workloads do not produce', () => {
    expectProblem(problemsOf(rule({ ...good, until: { metric: 'goodput_mbps', relativeHalfWidth: 0.02 } })), 'invalid-value',
      '$.experiments[0].replications.until.metric', /has no stream workload, so no run measures "goodput_mbps" \(its workloads: ping\)/)
    expect(problemsOf(rule({ ...good, until: { metric: 'vm_exits', relativeHalfWidth: 0.02 } }))).toEqual([])
  })

  test('exactly one tolerance, above 0', () => {
    expectProblem(problemsOf(rule({ ...good, until: { metric: 'rtt_median_us' } })), 'missing-field', '$.experiments[0].replications.until', /needs a tolerance/)
    expectProblem(problemsOf(rule({ ...good, until: { metric: 'rtt_median_us', relativeHalfWidth: 0.02, halfWidth: 1 } })), 'invalid-value', '$.experiments[0].replications.until', /not both/)
    expectProblem(problemsOf(rule({ ...good, until: { metric: 'rtt_median_us', relativeHalfWidth: 0 } })), 'out-of-range', '$.experiments[0].replications.until.relativeHalfWidth', /above 0/)
    expectProblem(problemsOf(rule({ ...good, until: { metric: 'rtt_median_us', halfWidth: -1 } })), 'out-of-range', '$.experiments[0].replications.until.halfWidth', /above 0/)
  })

  test('a malformed rule says what is wrong inside it, not only "expected a number or a rule"', () => {
    const p = problemsOf(rule({ min: 3, max: 5 }))
    expectProblem(p, 'missing-field', '$.experiments[0].replications.until')
    expectProblem(problemsOf(rule({ ...good, step: 2 })), 'invalid-value', '$.experiments[0].replications')
    expectProblem(problemsOf(rule('many')), 'invalid-value', '$.experiments[0].replications', /a whole number of replications from 1 to 1000, or a rule/)
  })

  test('every listed metric name passes; names with a dot need a known object metric', () => {
    for (const m of NUMBER_METRICS) expect(metricNameProblem(m)).toBeUndefined()
    expect(metricNameProblem('cpu_util.dom0')).toBeUndefined()
    expect(metricNameProblem('nope.dom0')).toMatch(/not a metric/)
    expect(metricNameProblem('cpu_util.')).toMatch(/not a metric/)
  })
})

describe('common random numbers', () => {
  const crn = (f: (e: Doc) => void): Doc => { const d = baseDoc(); f(d.experiments[0]); return d }

  test('short names or paths of swept axes, with a baseline among the swept values', () => {
    expect(problemsOf(crn((e) => { e.crn = ['technique'] }))).toEqual([])
    expect(problemsOf(crn((e) => { e.crn = ['variables.guests']; e.crnBaseline = { guests: 4 } }))).toEqual([])
  })

  test('a name that is not swept, an axis named twice, a baseline that is not a swept value or not a CRN path', () => {
    expectProblem(problemsOf(crn((e) => { e.crn = ['clock'] })), 'bad-path', '$.experiments[0].crn[0]', /"clock" in "crn" is not a swept path of the experiment \(the swept paths are "variables.guests" \("guests"\)/)
    expectProblem(problemsOf(crn((e) => { e.crn = ['technique', 'variant'] })), 'bad-path', '$.experiments[0].crn[1]', /names sweep axis 1 a second time/)
    expectProblem(problemsOf(crn((e) => { e.crn = ['guests']; e.crnBaseline = { guests: 3 } })), 'invalid-value', '$.experiments[0].crnBaseline.guests', /the baseline 3 of "guests" is not one of its swept values \(1, 2, 4, 8\)/)
    expectProblem(problemsOf(crn((e) => { e.crn = ['guests']; e.crnBaseline = { technique: 'paravirtual' } })), 'invalid-value', '$.experiments[0].crnBaseline.technique', /not a path of the "crn" axes/)
    expectProblem(problemsOf(crn((e) => { e.crnBaseline = { technique: 'paravirtual' } })), 'invalid-value', '$.experiments[0].crnBaseline', /needs "crn"/)
  })
})
