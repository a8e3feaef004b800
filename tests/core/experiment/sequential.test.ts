// Sequential stopping: the decision after a round (precise, max reached, metric missing, the next
// round's size), and the runner's rounds — the same replications and digest whatever order the
// executor returns outcomes in, a total that grows while rules may add runs, cancellation.
import { describe, expect, test } from 'vitest'
import {
  decide, executePlan, InProcessExecutor, planRuns, summarize, t975,
  type Executor, type ExecuteOptions, type ReplicationRule, type RunBatch, type RunOutcome, type RunProgress
} from '../../../core/experiment/index'
import type { Project } from '../../../core/project/index'
import { mm1Project } from './helpers'

const rule = (until: ReplicationRule['until'], min = 3, max = 40): ReplicationRule => ({ min, max, until })
const reps = (xs: readonly (number | null)[]): { metrics: Record<string, number | null>; missing?: Record<string, string> }[] =>
  xs.map((x) => (x === null ? { metrics: { m_us: null }, missing: { m_us: 'no probe completed' } } : { metrics: { m_us: x } }))

describe('decide', () => {
  test('precise when the 95 % half-width is within the relative target, with the numbers in the reason', () => {
    const xs = [100, 101, 99, 100.5]
    const d = decide(rule({ metric: 'm_us', relativeHalfWidth: 0.02 }), 4, reps(xs), 'µs')
    const s = summarize(xs)
    expect(d).toEqual({ done: true, stopping: { metric: 'm_us', stopped: 'precise', runs: 4, mean: s.mean, halfWidth: s.ci95, reason: expect.stringMatching(/^precise: ±1\.4 % ≤ 2 %$/) as unknown } })
  })

  test('an absolute target in the metric\'s unit', () => {
    const d = decide(rule({ metric: 'm_us', halfWidth: 0.5 }), 3, reps([10, 10.2, 9.9]), 'µs')
    expect(d.done && d.stopping.reason).toMatch(/^precise: ±0\.\d+ µs ≤ 0\.5 µs$/)
  })

  test('max reached keeps the last interval and says by how much it missed', () => {
    const d = decide(rule({ metric: 'm_us', relativeHalfWidth: 0.001 }, 3, 5), 5, reps([1, 2, 3, 4, 5]))
    expect(d.done).toBe(true)
    if (d.done) {
      expect(d.stopping.stopped).toBe('max-reached')
      expect(d.stopping.halfWidth).toBeCloseTo(t975(4) * Math.sqrt(2.5) / Math.sqrt(5), 12)
      expect(d.stopping.reason).toMatch(/^max reached: ±65 % > 0\.1 % after 5 replications$/)
    }
  })

  test('a metric measured fewer than twice stops the point with the runs\' reason, not a value', () => {
    const d = decide(rule({ metric: 'm_us', relativeHalfWidth: 0.02 }), 3, reps([null, 7, null]))
    expect(d).toEqual({ done: true, stopping: { metric: 'm_us', stopped: 'metric-missing', runs: 3, mean: 7, halfWidth: null,
      reason: 'metric missing: "m_us" measured in 1 of 3 replications (an interval needs 2): no probe completed' } })
    const f = decide(rule({ metric: 'x_us', relativeHalfWidth: 0.02 }), 4, reps([1, 2]))
    expect(f.done && f.stopping.reason).toBe('metric missing: "x_us" measured in 0 of 4 replications (an interval needs 2): the runs give no metric "x_us"; 2 of 4 replications failed')
  })

  test('the next round aims at the predicted count, at least one more and at most doubling, never past max', () => {
    const wide = reps([1, 2, 3])
    const r = rule({ metric: 'm_us', relativeHalfWidth: 0.01 }, 3, 50)
    expect(decide(r, 3, wide)).toEqual({ done: false, next: 6 })
    expect(decide({ ...r, max: 4 }, 3, wide)).toEqual({ done: false, next: 4 })
    // Nearly there: ((t·s)/target)² just above n → one more.
    const xs = [100, 101, 99, 100.5, 99.5, 100.2, 99.8, 100.1]
    const s = summarize(xs)
    const target = s.ci95! * 0.97
    const d = decide(rule({ metric: 'm_us', halfWidth: target }), 8, reps(xs))
    expect(d).toEqual({ done: false, next: 9 })
  })

  test('object metrics by key', () => {
    const d = decide(rule({ metric: 'stage_us.queue', halfWidth: 1 }), 2, [{ metrics: { stage_us: { queue: 1 } } }, { metrics: { stage_us: { queue: 1.1 } } }])
    expect(d.done && d.stopping.stopped).toBe('precise')
  })
})

/** Runs a batch on this thread and hands the outcomes back in an order of its own (reversed, or shuffled by a seed). */
class ReorderingExecutor implements Executor {
  readonly kind = 'reordering'
  readonly batches: number[] = []
  constructor(private readonly order: 'reverse' | number) {}
  async *run(batch: RunBatch, options?: ExecuteOptions): AsyncIterable<RunOutcome> {
    this.batches.push(batch.runs.length)
    const all: RunOutcome[] = []
    for await (const o of new InProcessExecutor().run(batch, options)) all.push(o)
    if (this.order === 'reverse') all.reverse()
    else {
      let s = this.order
      for (let i = all.length - 1; i > 0; i--) { s = (s * 1103515245 + 12345) % 2147483648; const j = s % (i + 1); [all[i], all[j]] = [all[j], all[i]] }
    }
    yield* all
  }
}

function ruled(until: ReplicationRule['until'] = { metric: 'wait_mean_us', relativeHalfWidth: 0.08 }, min = 3, max = 30): Project {
  const p = mm1Project()
  // The M/M/1 metrics are not model metrics, so the rule is set after validation.
  return { ...p, experiments: [{ ...p.experiments[0], duration: 5_000_000, replications: rule(until, min, max) }] }
}

async function run(project: Project, executor: Executor, jobs = 1, onProgress?: (p: RunProgress) => void) {
  const r = planRuns(project)
  if (!r.ok) throw new Error(r.message)
  return executePlan(r.plan, { executor, scenario: 'synthetic:mm1', jobs, progressEveryMs: 0, onEvent: (e) => { if (e.type === 'progress') onProgress?.(e.progress) } })
}

describe('the runner with a replications rule', () => {
  test('each point runs until its interval is tight enough; the same replications and digest in any completion order', async () => {
    const project = ruled()
    const a = await run(project, new InProcessExecutor())
    const b = await run(project, new ReorderingExecutor('reverse'))
    const shuffled = new ReorderingExecutor(12345)
    const c = await run(project, shuffled, 3)
    const doc = a.documents[0]
    expect(b.documents[0].digest).toBe(doc.digest)
    expect(c.documents[0].digest).toBe(doc.digest)
    expect(shuffled.batches.length).toBeGreaterThan(1)
    expect(shuffled.batches[0]).toBe(9) // 3 points × min 3
    for (const p of doc.points) {
      const s = p.stopping!
      expect(s.runs).toBe(p.replications)
      expect(p.replications).toBeGreaterThanOrEqual(3)
      const wait = p.metrics.wait_mean_us as { mean: number; ci95: number }
      expect(s.mean).toBeCloseTo(wait.mean, 12)
      expect(s.halfWidth).toBeCloseTo(wait.ci95, 12)
      if (s.stopped === 'precise') expect(wait.ci95).toBeLessThanOrEqual(0.08 * wait.mean)
      else expect(s.stopped).toBe('max-reached')
      expect(s.reason).toMatch(/^(precise: ±[\d.]+ % ≤ 8 %|max reached: ±[\d.]+ % > 8 % after 30 replications)$/)
    }
    // The loads differ in noise, so the points do not all need the same replications.
    expect(new Set(doc.points.map((p) => p.replications)).size).toBeGreaterThan(1)
  })

  test('the rounds replay: the rule applied to replications 0…n−1 of a fixed-replication run of the same seeds stops at the same n', async () => {
    const r = rule({ metric: 'wait_mean_us', relativeHalfWidth: 0.08 }, 3, 30)
    const doc = (await run(ruled(r.until, 3, 30), new InProcessExecutor())).documents[0]
    const fixed = mm1Project()
    const recorded: RunOutcome[] = []
    const recorder: Executor = { kind: 'recording', async *run(batch, options) { for await (const o of new InProcessExecutor().run(batch, options)) { recorded.push(o); yield o } } }
    await run({ ...fixed, experiments: [{ ...fixed.experiments[0], duration: 5_000_000, replications: 30 }] }, recorder)
    doc.points.forEach((p, i) => {
      const mine = recorded.filter((o) => o.run.pointIndex === i).sort((a, b) => a.run.replication - b.run.replication)
        .map((o) => (o.ok ? { metrics: o.metrics } : { metrics: {} }))
      let n = 3
      for (;;) {
        const d = decide(r, n, mine.slice(0, n), 'µs')
        if (d.done) { expect(d.stopping).toEqual(p.stopping); break }
        n = d.next
      }
      expect(n).toBe(p.replications)
    })
  })

  test('progress says the total is a lower bound while rounds may be added, and grows', async () => {
    const seen: RunProgress[] = []
    const res = await run(ruled(), new InProcessExecutor(), 1, (p) => seen.push(p))
    const total = res.documents[0].points.reduce((n, p) => n + p.replications, 0)
    expect(seen[0].runsTotal).toBe(9)
    expect(seen[0].runsTotalOpen).toBe(true)
    const last = seen[seen.length - 1]
    expect(last.runsTotal).toBe(total)
    expect(last.runsDone).toBe(total)
    expect(last.runsTotalOpen).toBeUndefined()
  })

  test('a metric the runs do not give stops every point after min, with the reason', async () => {
    const doc = (await run(ruled({ metric: 'nothing_us', relativeHalfWidth: 0.1 }), new InProcessExecutor())).documents[0]
    for (const p of doc.points) {
      expect(p.replications).toBe(3)
      expect(p.stopping).toMatchObject({ stopped: 'metric-missing', runs: 3, mean: null, halfWidth: null })
      expect(p.stopping!.reason).toBe('metric missing: "nothing_us" measured in 0 of 3 replications (an interval needs 2): the runs give no metric "nothing_us"')
    }
  })

  test('the plan\'s run limit counts a rule at its max', () => {
    const p = ruled(undefined, 3, 10_000)
    const big = { ...p, experiments: [{ ...p.experiments[0], sweep: [{ 'variables.load': Array.from({ length: 30 }, (_, i) => 0.1 + i * 0.02) }] }] }
    const r = planRuns(big)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(/up to 300,000 runs .*lower a rule's "max"/)
  })

  test('cancelling during a later round ends without documents', async () => {
    const ac = new AbortController()
    const project = ruled()
    const r = planRuns(project)
    if (!r.ok) throw new Error(r.message)
    let outcomes = 0
    const res = await executePlan(r.plan, { executor: new InProcessExecutor(), scenario: 'synthetic:mm1', signal: ac.signal,
      onEvent: (e) => { if (e.type === 'progress' && e.progress.runsDone >= 10 && ++outcomes === 1) ac.abort() }, progressEveryMs: 0 })
    expect(res.cancelled).toBe(true)
    expect(res.documents).toEqual([])
  })
})
