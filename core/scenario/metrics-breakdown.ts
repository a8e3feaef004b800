// Metrics per workload and per VM, beside the run totals (issue 12). They are ordinary metrics of
// the run whose names carry the breakdown — `byWorkload.<workloadId>.<metric>` and
// `byVm.<vmId>.<metric>` (ids may hold dots; metric names never do, so the metric is what follows
// the last dot) — so replication, aggregation, sequential stopping, CRN differences, uncertainty
// bands, caching, merging and the digests carry them like any other metric.
//
// - byWorkload.<id>.<m>: each workload's own metrics, exactly as it reports them (ping's RTT,
//   stream's goodput, rpc's latency, io-program's operations…), not merged with other workloads.
//   CPU is not attributed to a workload: several workloads may share a domain (the driver domain
//   always), and the model charges CPU time to domains, not to workloads — see byVm.
// - byVm.<vm>.<m>: per VM node (all its copies together): `domain_cpu_util`, the busy time of its
//   domains over the measured time as a fraction of its host's logical CPUs (the scale of
//   cpu_util.guests: on one host the guests' values add up to it), and the metrics of the
//   workloads it is a client of, over the flows whose client is one of its copies (several
//   workloads naming one metric are added, as in the run totals).
// A breakdown metric without samples is null with its reason in `missing`, never 0.
import type { Metrics, MissingReasons } from './types'
import type { Workload, WorkloadMetrics } from '../workloads/types'
import type { Domain } from '../models/host/domain'
import type { HostModel } from '../models/host/host-model'
import { workloadInfo } from './build-workloads'
import { rehomedDomains } from './rehome'
import { breakdownOfMetric } from '../project/metric-names'
import type { World } from './world'

export const BREAKDOWNS = ['byWorkload', 'byVm'] as const
export type Breakdown = typeof BREAKDOWNS[number]

/** The run-metric name of `metric` for one workload or VM: "byWorkload.victim.rtt_p99_us". */
export function breakdownMetric(by: Breakdown, id: string, metric: string): string {
  return `${by}.${id}.${metric}`
}

/** The parts of a breakdown metric's name; undefined for a run total. */
export const parseBreakdownMetric = breakdownOfMetric

/** Adds one workload's metrics to `into` under `prefix`; several naming one metric are added (null only when none measured it). */
function addMetrics(into: Metrics, reasons: Map<string, string[]>, r: WorkloadMetrics, name: (k: string) => string): void {
  for (const [k, v] of Object.entries(r.values)) {
    const key = name(k)
    const had = into[key]
    if (v === null) {
      if (had === undefined || had === null) {
        into[key] = null
        reasons.set(key, [...(reasons.get(key) ?? []), r.missing[k] ?? 'no sample'])
      }
    } else if (typeof v === 'number' && typeof had === 'number') into[key] = had + v
    else {
      into[key] = v
      reasons.delete(key)
    }
  }
}

function hostOfDomains(w: World): Map<Domain, HostModel> {
  const out = new Map<Domain, HostModel>()
  for (const h of w.hosts.values()) for (const d of h.domains) out.set(d, h)
  return out
}

/**
 * Adds the byWorkload and byVm metrics of a finished run to `m` and their reasons to `missing`
 * (call after the CPU accounts are flushed, as collectMetrics does).
 */
export function addBreakdowns(w: World, workloads: readonly Workload[], elapsed: number, m: Metrics, missing: MissingReasons): void {
  const reasons = new Map<string, string[]>()
  const built = workloads.flatMap((wl) => {
    const info = workloadInfo(wl)
    return info === undefined ? [] : [{ wl, info }]
  })
  for (const { wl, info } of built) addMetrics(m, reasons, wl.metrics(elapsed), (k) => breakdownMetric('byWorkload', info.id, k))

  const hostOf = hostOfDomains(w)
  const rehomed = rehomedDomains(w)
  for (const [vm, doms] of w.vmDomains) {
    let busy = 0
    for (const d of [...doms, ...(rehomed.get(vm) ?? [])]) { // a migrated VM's domains on its target too (rehome.ts)
      const h = hostOf.get(d)
      if (h !== undefined) busy += h.accounts.busyByAcct[d.acct] / h.accounts.busyByCpu.length
    }
    m[breakdownMetric('byVm', vm, 'domain_cpu_util')] = busy / elapsed
    for (const { wl, info } of built) {
      const flows = info.clientVms.flatMap((c, i) => (c === vm ? [i] : []))
      if (flows.length === 0) continue
      const name = (k: string): string => breakdownMetric('byVm', vm, k)
      if (wl.metricsOf !== undefined) addMetrics(m, reasons, wl.metricsOf(flows, elapsed), name)
      else {
        const why = `workload "${info.id}" does not break its metrics down by VM`
        const names = Object.keys(wl.metrics(elapsed).values)
        addMetrics(m, reasons, { values: Object.fromEntries(names.map((k) => [k, null])), missing: Object.fromEntries(names.map((k) => [k, why])) }, name)
      }
    }
  }
  for (const [k, list] of reasons) missing[k] = [...new Set(list)].join('; ')
}
