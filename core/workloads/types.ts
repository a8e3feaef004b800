// What a workload is: traffic between pairs of endpoints (flow i pairs client i with
// server i, 004's n,n:1x1), driven as application work on the domains' vCPUs, with its
// own streaming statistics that become metrics at the end of a run.
import type { RngStreams, Simulator } from '../sim'
import type { ParamSpec } from '../models/catalog'
import type { WorkloadKindId } from '../models/workload-kinds'
import type { PacketPool } from '../models/packet'
import type { RunStats } from '../models/run-stats'
import type { Endpoint } from '../techniques/types'

/** A workload's canonical parameters by key (K: its catalog keys, see core/models/workload-kinds.ts). */
export type WorkloadParams<K extends string = string> = Readonly<Record<K, number | string | boolean>>
export type WorkloadMetrics = Record<string, number | Record<string, number>>

export interface FlowPair {
  readonly client: Endpoint
  readonly server: Endpoint
}

export interface WorkloadContext {
  readonly sim: Simulator
  readonly pool: PacketPool
  readonly stats: RunStats
  readonly rng: RngStreams
  /** Workload id, for random-stream names. */
  readonly id: string
  /** Flow ids of this workload are flowBase … flowBase + flows − 1 (pool.flow of its packets). */
  readonly flowBase: number
}

export interface Workload {
  /** Starts traffic at the current simulated time. */
  start(): void
  /** A packet of one of this workload's flows reached an endpoint's socket layer. */
  receive(pkt: number): void
  /** End of warm-up: forget what was measured so far. */
  resetStats(): void
  /** Metrics over the `elapsedNs` since the last reset. */
  metrics(elapsedNs: number): WorkloadMetrics
}

export interface WorkloadKind {
  readonly kind: WorkloadKindId
  /** Parameters the workload reads from its `params`, documented like catalog parameters. */
  readonly params: readonly ParamSpec[]
  /** The clients work on their own (e.g. I/O programs to a device): without servers, each client is its own flow. */
  readonly serverless?: boolean
  create(ctx: WorkloadContext, flows: readonly FlowPair[], params: WorkloadParams): Workload
}
