// What an experiment measures only when it stages something (issue 12) — a live migration, a fault
// schedule, an attack — grouped for the tables that show them: the CLI's (scenario-table.ts) and the
// workbench's (renderer/src/features/results/ScenarioSummary.vue). Pure data, no imports; it lives
// in core/project so that both import this one list. The unit is in each column's header ("downtime (ms)"); for attacks, the
// protection's work beside the outcome: its denials (which protection stopped the attempts) and its
// cost (the checks it made, the IOTLB misses, the mean time of the attack's check stage).
export interface ScenarioColumn {
  /** The stored metric, or `stage_us.attack_` for the mean of the attack's check stage(s). */
  readonly metric: string
  readonly header: string
  /** Stored value × scale is shown (bytes → MB). */
  readonly scale?: number
  /** Shown only when some point has a non-zero value (a protection counter that did nothing stays out). */
  readonly whenNonZero?: boolean
}

export interface ScenarioGroup {
  readonly id: 'migration' | 'storage-migration' | 'faults' | 'attacks'
  readonly title: string
  /** The group is shown when a point has one of these. */
  readonly marker: readonly string[]
  readonly columns: readonly ScenarioColumn[]
}

/** The prefix of the stage an attack records per attempt (core/workloads/attack.ts: `attack_<kind>_check`). */
export const ATTACK_STAGE_PREFIX = 'attack_'

export const SCENARIO_GROUPS: readonly ScenarioGroup[] = [
  {
    id: 'migration', title: 'live migration', marker: ['migration_total_ms', 'migration_downtime_ms'],
    columns: [
      { metric: 'migration_total_ms', header: 'total (ms)' },
      { metric: 'migration_downtime_ms', header: 'downtime (ms)' },
      { metric: 'migration_bytes', header: 'sent (MB)', scale: 1e-6 },
      { metric: 'migration_rounds', header: 'rounds' },
      { metric: 'migration_failover_ms', header: 'failover (ms)' }
    ]
  },
  {
    id: 'storage-migration', title: 'storage migration', marker: ['storage_migration_total_ms', 'storage_migration_bytes'],
    columns: [
      { metric: 'storage_migration_total_ms', header: 'total (ms)' },
      { metric: 'storage_migration_bytes', header: 'written to target (MB)', scale: 1e-6 },
      { metric: 'storage_migration_mirrored_writes', header: 'mirrored writes' }
    ]
  },
  {
    id: 'faults', title: 'faults', marker: ['outage_ms', 'fault_drops', 'io_errors'],
    columns: [
      { metric: 'outage_ms', header: 'longest outage (ms)' },
      { metric: 'fault_drops', header: 'frames lost to faults' },
      { metric: 'bond_failovers', header: 'bond failovers' },
      { metric: 'io_errors', header: 'I/O errors', whenNonZero: true },
      { metric: 'request_timeouts', header: 'request timeouts', whenNonZero: true },
      { metric: 'request_failures', header: 'requests given up', whenNonZero: true }
    ]
  },
  {
    id: 'attacks', title: 'attacks: which protection stopped what, at what cost', marker: ['attacks_tried'],
    columns: [
      { metric: 'attacks_tried', header: 'tried' },
      { metric: 'attacks_stopped', header: 'stopped' },
      { metric: 'attacks_succeeded', header: 'succeeded' },
      { metric: 'victim_bytes_corrupted', header: 'victim corrupted (MB)', scale: 1e-6 },
      { metric: 'dma_denials', header: 'DMA denials', whenNonZero: true },
      { metric: 'credential_denials', header: 'credential denials', whenNonZero: true },
      { metric: 'dma_checks', header: 'DMA checks', whenNonZero: true },
      { metric: 'credential_checks', header: 'credential checks', whenNonZero: true },
      { metric: 'iotlb_misses', header: 'IOTLB misses', whenNonZero: true },
      { metric: `stage_us.${ATTACK_STAGE_PREFIX}`, header: 'check stage (µs per attempt)' }
    ]
  }
]
