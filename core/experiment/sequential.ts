// Sequential stopping: an experiment's `replications` may be a rule — {min, max, until: {metric,
// relativeHalfWidth | halfWidth}} — instead of a number. Every point first runs `min`
// replications; after each whole round the point's 95 % Student-t half-width of the metric is
// compared with the target, and either the point stops (precise, max reached, metric missing) or
// a next round is planned. The decision reads only the outcomes of replications 0…n−1 of that
// point, in replication order, so the number of replications never depends on the executor, the
// jobs, the workers or the order in which runs finish.
import { initialReplications, isReplicationRule, maxReplications, metricUnit } from '../project/replication-rule'
import type { ReplicationRule } from '../project/schema'
import type { Metrics, MissingReasons } from '../scenario/types'
import { t975 } from './student-t'

export type { ReplicationRule }
export { initialReplications, isReplicationRule, maxReplications, metricUnit }

/** Why a point stopped adding replications. */
export type StopCause = 'precise' | 'max-reached' | 'metric-missing'

/** A point's record of its sequential stopping (in the results, beside `replications`). */
export interface PointStopping {
  readonly metric: string
  readonly stopped: StopCause
  /** Replications planned for the point (failed ones included; `replications` counts those that finished). */
  readonly runs: number
  /** Mean and 95 % half-width of the metric at the stop; null when it was not measured twice. */
  readonly mean: number | null
  readonly halfWidth: number | null
  /** "precise: ±1.8 % ≤ 2 %", "max reached: ±3.1 % > 2 %", "metric missing: …". */
  readonly reason: string
}

/** One finished replication of a point, as the rule reads it (failed replications are absent). */
export interface ReplicationValue {
  readonly metrics: Metrics
  readonly missing?: MissingReasons
}

/** The metric's value in one replication: a number metric, or "object.key"; undefined when not measured. */
export function metricValue(metrics: Metrics, name: string): number | undefined {
  const direct = metrics[name]
  if (typeof direct === 'number') return Number.isFinite(direct) ? direct : undefined
  const dot = name.indexOf('.')
  if (dot <= 0) return undefined
  const obj = metrics[name.slice(0, dot)]
  if (typeof obj !== 'object' || obj === null) return undefined
  const v = obj[name.slice(dot + 1)]
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined
}

const sig = (x: number): string => String(Number(x.toPrecision(2)))
const pct = (x: number): string => `${sig(x * 100)} %`

/** The half-width and the target in the rule's terms: "±1.8 %" and "2 %", or "±0.41" and "0.5" (with the unit). */
function describe(rule: ReplicationRule, mean: number, hw: number, unit: string): { got: string; want: string } {
  const u = unit ? ` ${unit}` : ''
  if (rule.until.halfWidth !== undefined) return { got: `±${sig(hw)}${u}`, want: `${sig(rule.until.halfWidth)}${u}` }
  const rel = mean === 0 ? Infinity : hw / Math.abs(mean)
  return { got: rel === Infinity ? `±${sig(hw)}${u} around a mean of 0` : `±${pct(rel)}`, want: pct(rule.until.relativeHalfWidth ?? 0) }
}

export type StopDecision =
  | { readonly done: true; readonly stopping: PointStopping }
  | { readonly done: false; readonly next: number }

/**
 * The decision after the first `runs` replications of a point (all of them finished, `values` the
 * successful ones in replication order): stop, or run replications `runs`…`next`−1 next. The next
 * round aims at the replications the current spread predicts, ((t·s)/target)², at least one more
 * and at most as many again as have run (so a noisy first estimate cannot overshoot by much).
 */
export function decide(rule: ReplicationRule, runs: number, values: readonly ReplicationValue[], unit = ''): StopDecision {
  const metric = rule.until.metric
  const xs: number[] = []
  for (const v of values) {
    const x = metricValue(v.metrics, metric)
    if (x !== undefined) xs.push(x)
  }
  const m = xs.length
  if (m < 2) {
    const reasons = [...new Set(values.flatMap((v) => (metricValue(v.metrics, metric) === undefined
      ? [v.missing?.[metric] ?? v.missing?.[metric.split('.')[0]] ?? (metric in v.metrics || metric.split('.')[0] in v.metrics ? 'not measured' : `the runs give no metric "${metric}"`)]
      : [])))]
    const failed = runs - values.length
    const why = [
      ...(reasons.length > 0 ? [reasons.join('; ')] : []),
      ...(failed > 0 ? [`${failed} of ${runs} replications failed`] : [])
    ].join('; ')
    return { done: true, stopping: {
      metric, stopped: 'metric-missing', runs, mean: m === 1 ? xs[0] : null, halfWidth: null,
      reason: `metric missing: "${metric}" measured in ${m} of ${runs} replications (an interval needs 2)${why ? `: ${why}` : ''}`
    } }
  }
  let sum = 0
  for (const x of xs) sum += x
  const mean = sum / m
  let ss = 0
  for (const x of xs) ss += (x - mean) * (x - mean)
  const sd = Math.sqrt(ss / (m - 1))
  const t = t975(m - 1)
  const hw = (t * sd) / Math.sqrt(m)
  const target = rule.until.halfWidth ?? (rule.until.relativeHalfWidth ?? 0) * Math.abs(mean)
  const { got, want } = describe(rule, mean, hw, unit)
  if (hw <= target) return { done: true, stopping: { metric, stopped: 'precise', runs, mean, halfWidth: hw, reason: `precise: ${got} ≤ ${want}` } }
  if (runs >= rule.max) return { done: true, stopping: { metric, stopped: 'max-reached', runs, mean, halfWidth: hw, reason: `max reached: ${got} > ${want} after ${runs} replications` } }
  const predicted = target > 0 ? Math.ceil(((t * sd) / target) ** 2) : Infinity
  // Failed replications count as run: aim at `predicted` measured ones, scaled by the measured share.
  const wanted = Number.isFinite(predicted) ? Math.ceil((predicted * runs) / m) : Infinity
  const add = Math.min(Math.max(1, wanted - runs), runs)
  return { done: false, next: Math.min(rule.max, runs + add) }
}

