// Metrics per workload / VM and time series in results documents (issue 12): aggregated over
// replications (mean, CI per window), in the digest, deterministic, read back by the schema with
// JSON paths, an older document (without them) still read, and the CSV columns.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { executePlan, InProcessExecutor, planRuns, readResultsDocuments, withoutProvenance, type MetricSummary, type ResultsDocument } from '../../../core/experiment/index'
import { parseProject, type Project } from '../../../core/project/index'
import { resultsCsv, seriesCsv } from '../../../core/api/results-csv'

function fixture(): Project {
  const file = resolve(import.meta.dirname, '../../fixtures/noisy-neighbour.iovlab.json')
  const r = parseProject(readFileSync(file, 'utf8'), file)
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'))
  const exp = r.project.experiments[0]
  // Short runs, three replications, one technique: enough for a mean and an interval.
  return { ...r.project, experiments: [{ ...exp, duration: '40ms', replications: 3, sweep: [{ 'variables.technique': ['paravirtual'] }] }] }
}

async function documents(project: Project, jobs = 1): Promise<ResultsDocument[]> {
  const plan = planRuns(project)
  if (!plan.ok) throw new Error(plan.message)
  const res = await executePlan(plan.plan, { executor: new InProcessExecutor(), jobs })
  expect(res.failures).toEqual([])
  return res.documents
}

const summary = (v: unknown): MetricSummary => v as MetricSummary

describe('results with breakdowns and a time series', async () => {
  const [doc] = await documents(fixture())
  const p = doc.points[0]

  test('breakdowns are summaries over the replications, beside the totals', () => {
    const victim = summary(p.metrics['byWorkload.victim.rtt_p99_us'])
    expect(victim.mean).toBe(summary(p.metrics.rtt_p99_us).mean)
    expect(victim.ci95).toBeGreaterThan(0)
    expect(summary(p.metrics['byVm.noisy-a.goodput_mbps']).mean).toBeCloseTo(summary(p.metrics.goodput_mbps).mean!, 9)
    expect(summary(p.metrics['byVm.noisy-a.domain_cpu_util']).mean).toBeGreaterThan(0)
    expect(Object.keys(p.metrics['byWorkload.victim.rtt_cdf_us'])).toContain('p99')
  })

  test('the series: per window the mean and CI over the replications', () => {
    const s = p.series!
    expect(s.windowEndNs).toHaveLength(4)
    expect(s.intervalNs).toBe(10e6)
    const probes = s.metrics['byWorkload.victim.probes']
    expect(probes).toHaveLength(4)
    const total = probes.reduce((a, w) => a + w.mean!, 0)
    expect(total).toBeCloseTo(summary(p.metrics.probes).mean!, 9)
    for (const w of s.metrics['byWorkload.noisy.goodput_mbps']) {
      expect(w.mean).toBeGreaterThan(0)
      expect(w.ci95).not.toBeNull()
    }
  })

  test('the digest covers the series; same project and seed: byte-identical document, any jobs', async () => {
    const [again] = await documents(fixture(), 2)
    expect(JSON.stringify(withoutProvenance(again))).toBe(JSON.stringify(withoutProvenance(doc)))
    const other = fixture()
    const [noSeries] = await documents({ ...other, experiments: [{ ...other.experiments[0], timeseries: undefined }] })
    expect(noSeries.points[0].series).toBeUndefined()
    expect(noSeries.points[0].metrics).toEqual(p.metrics) // windows do not change the numbers
    expect(noSeries.digest).not.toBe(doc.digest)
  })

  test('the schema reads it back; a bad series is one problem at its JSON path', () => {
    const read = readResultsDocuments(JSON.parse(JSON.stringify(doc)))
    expect(read.ok).toBe(true)
    const bad = JSON.parse(JSON.stringify(doc))
    bad.points[0].series.metrics['byWorkload.victim.probes'].pop()
    const r = readResultsDocuments(bad)
    expect(r).toEqual({ ok: false, problems: [{ path: '$.points[0].series.metrics["byWorkload.victim.probes"]', message: 'a series has one summary per window: 4 windows, 3 summaries' }] })
  })

  test('an older results document (version 1, no breakdowns, no series) still reads', () => {
    const old = {
      format: 'iovlab-results', version: 1, project: 'p', experiment: 'e', engine: '0.2.0',
      inputDigest: `sha256:${'a'.repeat(64)}`, digest: `sha256:${'b'.repeat(64)}`,
      points: [{ params: {}, replications: 1, metrics: { rtt_median_us: { mean: 50, ci95: 0 }, cpu_util: { dom0: { mean: 0.1, ci95: 0 } } } }]
    }
    const r = readResultsDocuments(old)
    expect(r.ok).toBe(true)
    // Its CSV keeps the columns it always had.
    expect(resultsCsv([old as unknown as ResultsDocument]).split('\n')[0]).toBe('experiment,metric,key,mean,ci95')
  })

  test('CSV: long format with scope and scope_id; the series one row per window', () => {
    const csv = resultsCsv([doc]).trimEnd().split('\n')
    expect(csv[0]).toBe('experiment,technique,scope,scope_id,metric,key,mean,ci95')
    expect(csv).toContain(`noisy-neighbour,paravirtual,workload,victim,rtt_p99_us,,${summary(p.metrics['byWorkload.victim.rtt_p99_us']).mean},${summary(p.metrics['byWorkload.victim.rtt_p99_us']).ci95}`)
    expect(csv.some((l) => l.startsWith('noisy-neighbour,paravirtual,total,,rtt_p99_us,,'))).toBe(true)
    expect(csv.some((l) => l.startsWith('noisy-neighbour,paravirtual,vm,noisy-a,domain_cpu_util,,'))).toBe(true)
    expect(csv.some((l) => l.startsWith('noisy-neighbour,paravirtual,workload,victim,rtt_cdf_us,p99,'))).toBe(true)
    const series = seriesCsv([doc]).trimEnd().split('\n')
    expect(series[0]).toBe('experiment,technique,scope,scope_id,metric,window,window_end_ms,mean,ci95,n')
    const probes = series.filter((l) => l.includes(',workload,victim,probes,'))
    expect(probes.map((l) => l.split(',').slice(5, 7).join(','))).toEqual(['1,10', '2,20', '3,30', '4,40'])
    expect(series).toHaveLength(1 + 4 * Object.keys(p.series!.metrics).length)
  })
})
