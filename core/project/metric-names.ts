// The metrics the model produces (core/scenario/metrics.ts and the workloads in core/workloads),
// by kind: a number metric has one value, an object metric one per key ("cpu_util" by CPU or
// domain). A project names a metric where a rule needs one (sequential stopping's
// `replications.until.metric`); tests/core/project/metric-names.test.ts runs the examples and
// checks that every metric they produce is listed here, so the list cannot fall behind.

/** Number metrics. */
export const NUMBER_METRICS: readonly string[] = [
  // ping
  'rtt_median_us', 'rtt_p25_us', 'rtt_p75_us', 'rtt_p99_us', 'rtt_mean_us', 'probes',
  // stream
  'goodput_mbps', 'retransmits',
  // rpc
  'rpc_median_us', 'rpc_p99_us', 'rpc_mean_us', 'rpc_per_s',
  // io-program
  'op_median_us', 'op_p99_us', 'op_mean_us', 'ops_per_s', 'programs_per_s', 'commands_per_s', 'op_failures',
  // block (issue 11)
  'iops', 'io_mbps', 'io_latency_median_us', 'io_latency_p99_us', 'cpu_per_io_us',
  // attack (issue 12)
  'attacks_tried', 'attacks_stopped', 'attacks_succeeded', 'victim_bytes_corrupted',
  // the run's mechanisms
  'vm_exits', 'irqs_physical', 'irqs_virtual', 'signals', 'signals_redundant', 'irq_virt_us', 'bytes_copied',
  'pci_read_bytes', 'pci_write_bytes', 'credential_checks', 'credential_denials', 'io_page_faults', 'drops',
  'context_switches', 'iotlb_hits', 'iotlb_misses', 'dma_checks', 'dma_denials', 'port_ios', 'device_handoffs',
  'me_egress_us', 'me_ingress_us', 'dc_util',
  // virtual-disk back ends (core/models/storage/backend/metrics.ts)
  'writes_at_risk_mean', 'writes_at_risk_peak', 'writes_lost', 'cache_hit_ratio',
  // PARDA's control loop on a storage array (issue 12; backend/metrics.ts), with an array's "parda" on
  'parda_latency_ms',
  // live migration (core/scenario/migration.ts), with an experiment's `migrations`
  'migration_total_ms', 'migration_downtime_ms', 'migration_bytes', 'migration_rounds', 'migration_failover_ms',
  // the fault schedule (core/scenario/faults.ts)
  'outage_ms', 'fault_drops', 'bond_failovers',
  // request timeouts of ping, rpc and io-program (present only for a workload with probeTimeout / requestTimeout)
  'request_timeouts', 'request_failures',
  // storage faults and storage migration (core/scenario/faults.ts, core/scenario/storage-migration.ts)
  'io_errors', 'storage_migration_total_ms', 'storage_migration_bytes', 'storage_migration_mirrored_writes'
]

/**
 * Metrics that are null by the project's configuration, not because a measurement failed: writes
 * lost without a scheduled crash, a cache hit ratio without a cache or without reads. `run` does not
 * count them when it exits 1 for a point that measured nothing.
 */
export const CONDITIONAL_METRICS: ReadonlySet<string> = new Set(['writes_lost', 'cache_hit_ratio', 'outage_ms', 'attacks_stopped', 'attacks_succeeded', 'victim_bytes_corrupted', 'parda_latency_ms', 'parda_window', 'io_errors', 'storage_migration_total_ms', 'storage_migration_bytes', 'storage_migration_mirrored_writes'])

/** Object metrics (one value per key). */
export const OBJECT_METRICS: readonly string[] = ['cpu_util', 'vm_exits_by_reason', 'stage_us', 'rtt_cdf_us', 'rpc_cdf_us', 'op_cdf_us', 'parda_window']

/**
 * Metrics per workload and per VM (core/scenario/metrics-breakdown.ts): "byWorkload.<id>.<metric>"
 * and "byVm.<id>.<metric>" with a metric above, or one of BY_VM_METRICS per VM. Ids may hold dots;
 * metric names never do.
 */
export const BY_VM_METRICS: readonly string[] = ['domain_cpu_util']

/** The parts of a breakdown metric's name ("byWorkload.victim.rtt_p99_us"); undefined for a run total. */
export function breakdownOfMetric(name: string): { by: 'byWorkload' | 'byVm'; id: string; metric: string } | undefined {
  const first = name.indexOf('.')
  const last = name.lastIndexOf('.')
  if (first <= 0 || last <= first + 1 || last === name.length - 1) return undefined
  const by = name.slice(0, first)
  if (by !== 'byWorkload' && by !== 'byVm') return undefined
  return { by, id: name.slice(first + 1, last), metric: name.slice(last + 1) }
}

/** The workload kind a workload's own metric comes from (undefined for the run's mechanism metrics). */
export function metricWorkloadKind(name: string): string | undefined {
  const base = breakdownOfMetric(name)?.metric ?? name.split('.')[0]
  if (/^rtt_/.test(base) || base === 'probes') return 'ping'
  if (base === 'goodput_mbps' || base === 'retransmits') return 'stream'
  if (/^rpc_/.test(base)) return 'rpc'
  if (/^op_/.test(base) || ['ops_per_s', 'programs_per_s', 'commands_per_s'].includes(base)) return 'io-program'
  if (/^io_/.test(base) || base === 'iops' || base === 'cpu_per_io_us') return 'block'
  return undefined
}

/**
 * Why `name` cannot be the metric of a rule, or undefined when it can: a number metric, or one key
 * of an object metric written "object.key" ("stage_us.msg_recv", "cpu_util.dom0").
 */
export function metricNameProblem(name: string): string | undefined {
  if (NUMBER_METRICS.includes(name)) return undefined
  const by = breakdownOfMetric(name)
  if (by !== undefined && (NUMBER_METRICS.includes(by.metric) || (by.by === 'byVm' && BY_VM_METRICS.includes(by.metric)))) return undefined
  if (OBJECT_METRICS.includes(name)) return `"${name}" has one value per key; name one key, e.g. "${name}.<key>"`
  const dot = name.indexOf('.')
  if (dot > 0 && OBJECT_METRICS.includes(name.slice(0, dot)) && dot < name.length - 1) return undefined
  const near = NUMBER_METRICS.filter((m) => m.split('_')[0] === name.split('_')[0])
  return `"${name}" is not a metric IOV Lab produces${near.length > 0 ? ` (did you mean ${near.slice(0, 4).map((m) => `"${m}"`).join(', ')}?)` : ' (see docs/results-format.md for the metric names)'}`
}
