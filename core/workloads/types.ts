// What a workload is: traffic between pairs of endpoints (flow i pairs client i with
// server i, 004's n,n:1x1), driven as application work on the domains' vCPUs, with its
// own streaming statistics that become metrics at the end of a run.
import type { RngStreams, Simulator } from '../sim'
import type { ParamSpec } from '../models/catalog'
import type { WorkloadKindId } from '../models/workload-kinds'
import type { PacketPool } from '../models/packet'
import type { RunStats } from '../models/run-stats'
import type { Endpoint } from '../models/net/endpoint'
import type { BlockPool, BlockPort } from '../models/storage/block'
import type { AttackSurface } from '../models/attack/surface'

/** A workload's canonical parameters by key (K: its catalog keys, see core/models/workload-kinds.ts). */
export type WorkloadParams<K extends string = string> = Readonly<Record<K, number | string | boolean>>
/** A workload's metrics: null where it measured nothing, with the reason in `missing`. */
export interface WorkloadMetrics {
  readonly values: Record<string, number | null | Record<string, number>>
  /** Metric name → why it has no value; every null in `values` has one. */
  readonly missing: Record<string, string>
}

/** "5 s", "250 ms", "40 µs": a measured period for reasons and notes. */
export function periodText(ns: number): string {
  const fmt = (x: number): string => String(Number(x.toPrecision(3)))
  if (ns >= 1e9) return `${fmt(ns / 1e9)} s`
  if (ns >= 1e6) return `${fmt(ns / 1e6)} ms`
  if (ns >= 1e3) return `${fmt(ns / 1e3)} µs`
  return `${fmt(ns)} ns`
}

/**
 * Latency metrics from a histogram in µs, null with a reason when nothing completed: `noun` is what
 * completes ("probe", "request"), `flows` the workload's flow count (0: it has none to measure);
 * `cdf` adds the distribution (Quantiles.cdf, in ns) as an object metric of µs by percentile.
 */
export function latencyMetrics(entries: Record<string, number>, count: number, noun: string, flows: number, elapsedNs: number,
  cdf?: { readonly name: string; readonly ns: Record<string, number> | null }): WorkloadMetrics {
  if (count > 0) {
    const values: Record<string, number | Record<string, number>> = {}
    for (const [k, ns] of Object.entries(entries)) values[k] = ns / 1000
    if (cdf?.ns) values[cdf.name] = Object.fromEntries(Object.entries(cdf.ns).map(([k, ns]) => [k, ns / 1000]))
    return { values, missing: {} }
  }
  const reason = flows === 0
    ? `the workload has no ${noun === 'operation' ? 'client' : 'client/server pair'} to measure`
    : `no ${noun} completed in the ${periodText(elapsedNs)} measured after warm-up`
  const values: Record<string, null> = {}
  const missing: Record<string, string> = {}
  for (const k of [...Object.keys(entries), ...(cdf ? [cdf.name] : [])]) {
    values[k] = null
    missing[k] = reason
  }
  return { values, missing }
}

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
  /** Flow ids of this workload are flowBase … flowBase + flows − 1 (pool.flow of its packets, blocks.flow of its block requests). */
  readonly flowBase: number
  /** The run's block requests (issue 11), for workloads on virtual disks. */
  readonly blocks: BlockPool
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
  /** Flow ids it uses from its flowBase, when not one per flow pair (a block workload: one per job). */
  readonly flowCount?: number
  /** A block request of one of its flows completed in the guest (block workloads). */
  blockDone?(req: number, ok: boolean): void
  /**
   * The same metrics over a subset of this workload's flows (local indexes 0 … flows − 1, e.g. the
   * flows whose client is one VM's copies), since the last reset: the per-VM breakdown. Optional: a
   * workload without it has no per-VM metrics (metrics-breakdown.ts says so).
   */
  metricsOf?(flows: readonly number[], elapsedNs: number): WorkloadMetrics
  /**
   * The metrics of the window since the previous call (or the last reset), `elapsedNs` long, and
   * starts the next window: the time series. Optional, like metricsOf.
   */
  windowMetrics?(elapsedNs: number): WorkloadMetrics
  /**
   * A count that grows whenever the workload completes work (bytes delivered in order, probes
   * answered, requests or operations completed): the fault schedule's `outage_ms` watches it
   * (core/scenario/faults.ts). Optional: a workload without it has no outage metric.
   */
  progress?(): number
}

export interface WorkloadKind {
  readonly kind: WorkloadKindId
  /** Parameters the workload reads from its `params`, documented like catalog parameters. */
  readonly params: readonly ParamSpec[]
  /** The clients work on their own (e.g. I/O programs to a device): without servers, each client is its own flow. */
  readonly serverless?: boolean
  create(ctx: WorkloadContext, flows: readonly FlowPair[], params: WorkloadParams): Workload
  /** For a kind whose clients drive virtual disks (issue 11): built on the clients' ports (World.blockPorts) instead of flow pairs. */
  createBlock?(ctx: WorkloadContext, ports: readonly BlockPort[], params: WorkloadParams): Workload
  /** For the attack kind (issue 12): flow i's client attacks through surfaces[i] (World-built: technique, IOMMU, device, DC). */
  createAttack?(ctx: WorkloadContext, flows: readonly FlowPair[], surfaces: readonly AttackSurface[], params: WorkloadParams): Workload
}

/** Longest wait of one attempt of a request with back-off: nfs(5)'s ceiling ("up to a maximum timeout length of 60 seconds"), or the first timeout when that is longer. */
export const MAX_ATTEMPT_TIMEOUT_NS = 60e9

/** The timeout of attempt `attempt` (0 = the first transmission) of a request: `timeoutNs` × `backoff`^attempt, at most MAX_ATTEMPT_TIMEOUT_NS (or `timeoutNs` when that is longer), whole ns. */
export function attemptTimeoutNs(timeoutNs: number, backoff: number, attempt: number): number {
  return Math.round(Math.min(timeoutNs * backoff ** attempt, Math.max(timeoutNs, MAX_ATTEMPT_TIMEOUT_NS)))
}
