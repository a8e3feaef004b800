// The common-random-numbers mechanism on the model itself: two NIC techniques of the technique
// shoot-out at four guest pairs (contention makes the RTT depend on the random probe waits), short runs; with CRN the 95 % interval of their latency difference
// is narrower than with independent seeds, and the two intervals agree.
// The metric is the mean RTT: the random waits decide the rare probes that meet contention (another
// pair's probe, a guest's timer tick with its domain switch and cold refill) and those move the mean
// of both techniques together (replication-to-replication correlation ≈ 0.8 at 12 replications). The
// median of a run's dozen probes ignores them; its spread is each probe's position against the guests'
// tick phases, which differs between the two paths (≈ 45 and ≈ 85 µs), so it is hardly correlated (≈ 0.2).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { executePlan, InProcessExecutor, pairedDifferences, planRuns, type Executor, type MetricSummary, type RunOutcome } from '../../../core/experiment/index'
import { parseProject, type Project } from '../../../core/project/index'
import { BY_VM_METRICS, NUMBER_METRICS, OBJECT_METRICS, breakdownOfMetric } from '../../../core/project/metric-names'

const ROOT = join(import.meta.dirname, '..', '..', '..')

function shootout(crn: boolean): Project {
  const r = parseProject(readFileSync(join(ROOT, 'examples', 'technique-shootout.iovlab.json'), 'utf8'), 'technique-shootout.iovlab.json')
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('; '))
  const e = r.project.experiments.find((x) => x.id === 'latency-vs-guests')!
  const axis = e.sweep[1]
  const pick = [2, 3] // paravirtual, sriov
  const sweep = [{ 'variables.guests': [4] }, Object.fromEntries(Object.entries(axis).map(([k, v]) => [k, pick.map((i) => v[i])]))]
  return { ...r.project, experiments: [{ ...e, duration: '40ms', warmup: '5ms', replications: 12, sweep, ...(crn ? { crn: ['variant'] } : {}) }] }
}

async function run(project: Project): Promise<{ outcomes: RunOutcome[]; diff?: MetricSummary }> {
  const outcomes: RunOutcome[] = []
  const rec: Executor = { kind: 'recording', async *run(b, o) { for await (const x of new InProcessExecutor().run(b, o)) { outcomes.push(x); yield x } } }
  const plan = planRuns(project)
  if (!plan.ok) throw new Error(plan.message)
  const res = await executePlan(plan.plan, { executor: rec })
  expect(res.failures).toEqual([])
  return { outcomes, diff: res.documents[0].points[1].diff?.metrics.rtt_mean_us as MetricSummary | undefined }
}

const byRep = (os: readonly RunOutcome[], point: number) => {
  const out: (RunOutcome & { ok: true })['metrics'][] = []
  for (const o of os) if (o.ok && o.run.pointIndex === point) out[o.run.replication] = o.metrics
  return out
}

test('SR-IOV − paravirtual RTT: narrower with CRN, same difference within the intervals', async () => {
  const a = await run(shootout(true))
  const b = await run(shootout(false))
  const crn = a.diff!
  const ind = pairedDifferences(byRep(b.outcomes, 1), byRep(b.outcomes, 0)).metrics.rtt_mean_us as MetricSummary
  expect(crn.n).toBe(12)
  expect(crn.ci95!).toBeLessThan(ind.ci95!)
  expect(Math.abs(crn.mean! - ind.mean!)).toBeLessThanOrEqual(crn.ci95! + ind.ci95!)
  // Every metric the model gave is one a replications rule may name (core/project/metric-names.ts).
  for (const o of a.outcomes) {
    if (!o.ok) continue
    // Breakdowns per workload / VM ("byWorkload.<id>.<metric>") name a listed metric (or a per-VM one).
    for (const [name, v] of Object.entries(o.metrics)) {
      const by = breakdownOfMetric(name)
      expect(typeof v === 'object' && v !== null ? OBJECT_METRICS : [...NUMBER_METRICS, ...(by?.by === 'byVm' ? BY_VM_METRICS : [])]).toContain(by?.metric ?? name)
    }
  }
}, 120_000)
