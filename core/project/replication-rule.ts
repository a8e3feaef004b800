// An experiment's replications — a number, or a sequential-stopping rule {min, max, until} — as
// the runner, the validator and the designer read them (core/experiment/sequential.ts decides the
// rounds). Pure data, usable anywhere (the renderer included).
import type { Experiment, ReplicationRule } from './schema'

/** True when an experiment's replications are a rule, not a number. */
export function isReplicationRule(r: Experiment['replications'] | undefined): r is ReplicationRule {
  return typeof r === 'object' && r !== null
}

/** Replications every point runs first: the number itself, or the rule's `min`. */
export function initialReplications(experiment: Pick<Experiment, 'replications'>): number {
  const r = experiment.replications
  return isReplicationRule(r) ? r.min : r
}

/** The most replications a point may run: the number itself, or the rule's `max`. */
export function maxReplications(experiment: Pick<Experiment, 'replications'>): number {
  const r = experiment.replications
  return isReplicationRule(r) ? r.max : r
}

/** A metric's unit from its name's suffix (CONTRACTS.md names carry it), for tolerances and reasons. */
export function metricUnit(metric: string): string {
  const base = metric.split('.')[0]
  const units: readonly [RegExp, string][] = [[/_us$/, 'µs'], [/_ns$/, 'ns'], [/_ms$/, 'ms'], [/_s$/, 's'], [/_mbps$/, 'Mbit/s'], [/_gbps$/, 'Gbit/s'], [/_bytes$/, 'B'], [/^bytes_/, 'B'], [/_pct$/, '%']]
  return units.find(([re]) => re.test(base))?.[1] ?? ''
}
