// The designer's "until precise" form as data: an experiment's replications rule (sequential
// stopping, core/experiment/sequential.ts) to and from four text fields — metric, tolerance
// ("2 %" relative to the mean, or "0.5" in the metric's unit), min and max — and the metrics worth
// offering (the experiment's workloads' own first). Pure, so it is tested without a browser.
import { isReplicationRule, MAX_RULE_REPLICATIONS, metricNameProblem, metricUnit, metricWorkloadKind, NUMBER_METRICS, type Experiment, type ReplicationRule } from '../../../../core/project'

export interface RuleForm {
  readonly metric: string
  /** "2 %" (of the mean) or "0.5" (in the metric's unit). */
  readonly tolerance: string
  readonly min: string
  readonly max: string
}

/** The workloads' own metrics, by kind, offered first. */
const WORKLOAD_METRICS: Readonly<Record<string, readonly string[]>> = {
  ping: ['rtt_median_us', 'rtt_p99_us', 'rtt_mean_us'],
  stream: ['goodput_mbps'],
  rpc: ['rpc_median_us', 'rpc_p99_us', 'rpc_per_s'],
  'io-program': ['op_median_us', 'op_p99_us', 'ops_per_s']
}

/**
 * Metrics to offer for an experiment: its workloads' headline metrics first, then the others its
 * workloads or the run's mechanisms produce (not those of workload kinds it does not have).
 */
export function ruleMetricChoices(experiment: Pick<Experiment, 'workloads'> | { workloads?: readonly { kind: string }[] }): string[] {
  const kinds = new Set((experiment.workloads ?? []).map((w) => w.kind))
  const own = [...new Set([...kinds].flatMap((k) => WORKLOAD_METRICS[k] ?? []))]
  return [...own, ...NUMBER_METRICS.filter((m) => !own.includes(m) && (metricWorkloadKind(m) === undefined || kinds.has(metricWorkloadKind(m)!)))]
}

const trimZeros = (x: number): string => String(Number(x.toPrecision(6)))

/** The form of a rule; null for a plain number of replications. */
export function ruleToForm(replications: Experiment['replications'] | undefined): RuleForm | null {
  if (!isReplicationRule(replications)) return null
  const u = replications.until
  const tolerance = u.relativeHalfWidth !== undefined ? `${trimZeros(u.relativeHalfWidth * 100)} %` : u.halfWidth !== undefined ? trimZeros(u.halfWidth) : ''
  return { metric: u.metric, tolerance, min: String(replications.min), max: String(replications.max) }
}

/** The rule a fresh "until precise" starts from: the current replications as min (at least 2), up to 50, ±2 % of the first offered metric. */
export function defaultRule(experiment: Pick<Experiment, 'replications' | 'workloads'>): ReplicationRule {
  const n = isReplicationRule(experiment.replications) ? experiment.replications.min : experiment.replications ?? 1
  const min = Math.max(2, Math.min(n, 50))
  return { min, max: Math.max(50, min), until: { metric: ruleMetricChoices(experiment)[0], relativeHalfWidth: 0.02 } }
}

export type FormResult = { ok: true; rule: ReplicationRule } | { ok: false; field: keyof RuleForm; message: string }

const wholeIn = (text: string, lo: number, hi: number): number | undefined => {
  const t = text.trim()
  const n = Number(t)
  return /^\d+$/.test(t) && n >= lo && n <= hi ? n : undefined
}

/** The rule of a filled form, or the first field that is wrong and why. */
export function formToRule(form: RuleForm): FormResult {
  const bad = metricNameProblem(form.metric)
  if (bad !== undefined) return { ok: false, field: 'metric', message: bad }
  const min = wholeIn(form.min, 2, MAX_RULE_REPLICATIONS)
  if (min === undefined) return { ok: false, field: 'min', message: `a whole number from 2 to ${MAX_RULE_REPLICATIONS.toLocaleString('en-US')}` }
  const max = wholeIn(form.max, 2, MAX_RULE_REPLICATIONS)
  if (max === undefined) return { ok: false, field: 'max', message: `a whole number from 2 to ${MAX_RULE_REPLICATIONS.toLocaleString('en-US')}` }
  if (max < min) return { ok: false, field: 'max', message: `at least the minimum (${min})` }
  const t = form.tolerance.trim()
  const rel = /^([0-9]*\.?[0-9]+(?:e-?\d+)?)\s*%$/i.exec(t)
  if (rel) {
    const f = Number(rel[1]) / 100
    if (!(f > 0 && f < 1)) return { ok: false, field: 'tolerance', message: 'a percentage above 0 and below 100' }
    return { ok: true, rule: { min, max, until: { metric: form.metric, relativeHalfWidth: f } } }
  }
  const abs = /^[0-9]*\.?[0-9]+(?:e-?\d+)?$/i.test(t) ? Number(t) : NaN
  const unit = metricUnit(form.metric)
  if (!(abs > 0 && Number.isFinite(abs))) return { ok: false, field: 'tolerance', message: `"2 %" of the mean, or a half-width above 0${unit ? ` in ${unit}` : ''}` }
  return { ok: true, rule: { min, max, until: { metric: form.metric, halfWidth: abs } } }
}

/** "±2 % of the mean" or "±0.5 µs": what the tolerance means, for the field's preview. */
export function toleranceText(rule: ReplicationRule): string {
  if (rule.until.relativeHalfWidth !== undefined) return `stop when the 95 % interval is within ±${trimZeros(rule.until.relativeHalfWidth * 100)} % of the mean`
  const unit = metricUnit(rule.until.metric)
  return `stop when the 95 % interval is within ±${trimZeros(rule.until.halfWidth ?? 0)}${unit ? ` ${unit}` : ''}`
}
