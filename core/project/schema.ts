// The project file format v1 as one zod schema — the single source of truth for the types,
// the JSON Schema in schema/ and validation; unknown fields are kept, never dropped.
import { z } from 'zod'
import { KINDS, LINK_KIND_ORDER, LINK_KINDS, TECHNIQUES } from '../models/catalog'
import { WORKLOAD_KIND_IDS } from '../models/workload-kinds'
import { parseDuration } from './units'
import { expected } from './zod-problems'

export const PROJECT_FORMAT = 'iovlab-project'
export const SCHEMA_VERSION = 2

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/
export const VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** Ids of nodes, links, attachments, experiments and workloads; usable as path segments. */
export const IdSchema = z.string()
  .regex(ID_PATTERN, { error: 'ids use letters, digits, "-" and "_", start with a letter or digit, and have no dots or spaces' })
  .max(128, { error: 'ids are at most 128 characters long' })
  .meta({ description: 'Stable identifier; letters, digits, "-" and "_".' })

export const VariableNameSchema = z.string().regex(VARIABLE_PATTERN, {
  error: 'variable names use letters, digits, "-" and "_" and start with a letter or "_"'
})

/** A reference to a project variable, e.g. `{"var": "guests"}`; sweeps change the variable. */
export const VarRefSchema = z.strictObject({ var: VariableNameSchema }).meta({ description: 'The value of a project variable.' })

export const ScalarSchema = z.union([z.number(), z.string(), z.boolean()], { error: expected('a number, a text or true/false') })

/** A parameter as written in the file: a number in canonical units, a text such as "10us", a boolean, or a variable reference. */
export const ParamValueSchema = z.union([z.number(), z.string(), z.boolean(), VarRefSchema], {
  error: expected('a number, a text such as "10us", true/false, or {"var": "name"}')
})

export const ParamsSchema = z.record(z.string(), ParamValueSchema).default({})
  .meta({ description: 'Parameters by key; units as suffixes ("10us", "1Gbps") or canonical numbers (ns, bit/s, bytes, Hz).' })

/** A duration: a number of nanoseconds or a text with a unit ("10us", "1.5ms", "30s"). */
export const DurationSchema = z.union([z.number(), z.string()], { error: expected('a duration such as "10us", "1.5ms" or a number of nanoseconds') })
  .superRefine((v, ctx) => {
    const r = parseDuration(v)
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message, input: v, params: { quantity: true } })
  })
  .meta({ description: 'Integer nanoseconds, or a text with a unit: "100ns", "10us", "1.5ms", "30s", "2min".' })

/** A duration longer than zero (an experiment's length). */
export const PositiveDurationSchema = DurationSchema.refine((v) => {
  const r = parseDuration(v)
  return !r.ok || r.value > 0
}, { error: 'an experiment needs a duration longer than 0', params: { quantity: true } })

export const PositionSchema = z.looseObject({ x: z.number(), y: z.number() })

/** A host's box on the canvas (canvas only: the simulation never reads it). */
export const SizeSchema = z.looseObject({
  width: z.number().positive().max(1e6),
  height: z.number().positive().max(1e6)
}).meta({ description: 'Canvas only: the size of a host\'s box holding its components (grows to fit them). Not read by the simulation.' })

/** Node fields that only say how the canvas draws a node: results digests must leave them out. */
export const CANVAS_ONLY_NODE_FIELDS = ['position', 'size'] as const

export const NodeSchema = z.looseObject({
  id: IdSchema,
  kind: z.string().meta({ description: 'Component kind from the catalog.', examples: [...KINDS] }),
  name: z.string(),
  position: PositionSchema,
  size: SizeSchema.optional(),
  host: IdSchema.optional().meta({ description: 'The host this node is placed on (VMs, NICs, NP-NICs, Host Gateways).' }),
  params: ParamsSchema
})

export const LinkSchema = z.looseObject({
  id: IdSchema,
  kind: z.string().meta({ description: 'Link kind from the catalog (PCI links are implicit: place the device on its host).', examples: LINK_KIND_ORDER.filter((k) => !LINK_KINDS[k].implicit) }),
  from: IdSchema,
  to: IdSchema,
  params: ParamsSchema
})

export const AttachmentSchema = z.looseObject({
  id: IdSchema,
  vm: IdSchema,
  device: IdSchema,
  technique: z.union([z.string().meta({ examples: TECHNIQUES.map((t) => t.id) }), VarRefSchema], {
    error: expected('a technique id such as "self-virtualized", or {"var": "name"}')
  }),
  // A network attachment has no `params` (since schemaVersion 2, migrations/v1-to-v2.ts: techniques
  // read the device's and the VM's); an attachment to a storage device is a virtual disk and has them.
  params: z.record(z.string(), ParamValueSchema).optional()
    .meta({ description: 'Only on an attachment to a storage device (a virtual disk): its front-end and back-end parameters (controller, paravirtDriver, backend, interpose, cache, raid, …); units as suffixes.' }),
  devices: z.array(IdSchema, { error: expected('a list of storage device ids') }).optional()
    .meta({ description: 'Only on a virtual disk with "raid": the other member devices (besides "device") of the RAID set.' })
})

export const TopologySchema = z.looseObject({
  nodes: z.array(NodeSchema).default([]),
  links: z.array(LinkSchema).default([]),
  attachments: z.array(AttachmentSchema).default([])
})

export const WORKLOAD_KINDS = WORKLOAD_KIND_IDS
export const PATTERN_PATTERN = /^(\d+|n),(\d+|n):(\d+)x(\d+)$/
const NodeRefsSchema = z.union([IdSchema, z.array(IdSchema)], { error: expected('a node id or a list of node ids') })

export const WorkloadSchema = z.looseObject({
  id: IdSchema,
  kind: z.enum(WORKLOAD_KINDS, { error: expected(`one of ${WORKLOAD_KINDS.join(', ')}`) }),
  pattern: z.string().regex(PATTERN_PATTERN, { error: 'an access pattern looks like "n,n:1x1" (clients,servers:flows-per-client x flows-per-server)' }).optional(),
  clients: NodeRefsSchema.optional(),
  servers: NodeRefsSchema.optional(),
  params: ParamsSchema
})

export const StopSchema = z.looseObject({
  maxEvents: z.int().min(1).max(Number.MAX_SAFE_INTEGER).optional()
    .meta({ description: 'Stop a run with an error after this many simulation events.' }),
  maxWallSeconds: z.number().positive().max(7 * 24 * 3600).optional()
    .meta({ description: 'Stop a run with an error after this many seconds of wall-clock time.' })
})

/** A parameter path such as "variables.guests" or "topology.nodes.host-a.params.clockHz". */
export const ParamPathSchema = z.string().regex(/^[^.\s]+(\.[^.\s]+)*$/, { error: 'a parameter path is dot-separated, e.g. "variables.guests"' })

/** One sweep axis: its paths move together (zipped); the lists must have equal lengths. */
export const SweepAxisSchema = z.record(ParamPathSchema, z.array(ScalarSchema).min(1, { error: 'a swept path needs at least one value' }))
  .meta({ description: 'Paths swept together (zipped); axes of a sweep combine as a cartesian product.' })

/** The most replications a sequential-stopping rule may ask for at one point. */
export const MAX_RULE_REPLICATIONS = 10_000

/**
 * Sequential stopping: replications are added to a point in rounds until the 95 % Student-t
 * half-width of `until.metric` is at most `relativeHalfWidth` × |mean| or `halfWidth` (in the
 * metric's unit), or `max` replications ran (core/experiment/sequential.ts).
 */
export const ReplicationRuleSchema = z.strictObject({
  min: z.int().min(2).max(MAX_RULE_REPLICATIONS)
    .meta({ description: 'Replications every point runs before the interval is first looked at (at least 2).' }),
  max: z.int().min(2).max(MAX_RULE_REPLICATIONS)
    .meta({ description: 'Replications after which a point stops even when the interval is still too wide.' }),
  until: z.strictObject({
    metric: z.string().min(1).meta({ description: 'A number metric, e.g. "rtt_median_us".' }),
    relativeHalfWidth: z.number().optional().meta({ description: 'Stop when the 95 % half-width ≤ this fraction of |mean| (0.02 = ±2 %).' }),
    halfWidth: z.number().optional().meta({ description: 'Stop when the 95 % half-width ≤ this, in the metric\'s unit.' })
  })
}).meta({ description: 'Replications added until the 95 % interval of a metric is tight enough.' })

/** The most windows a time series may have (results stay bounded: docs/results-format.md). */
export const MAX_SERIES_WINDOWS = 1000

/**
 * Metrics over simulated time (issue 12): the measured period (after warm-up) cut into windows of
 * `interval`, each workload's metrics per window (core/scenario/timeseries.ts).
 */
export const TimeseriesSchema = z.strictObject({
  interval: PositiveDurationSchema.meta({ description: `Window length, e.g. "100ms"; at most ${MAX_SERIES_WINDOWS} windows per run.` }),
  metrics: z.array(z.string().min(1)).min(1).optional()
    .meta({ description: 'The workloads\' number metrics to record per window, e.g. ["rtt_p99_us", "goodput_mbps"] (default: all of them).' })
}).meta({ description: 'Record each workload\'s metrics per window of simulated time.' })

/**
 * A live migration (issue 12, core/scenario/migration.ts): at `at` from the run's start, VM `vm` is
 * pre-copied to host `to` over link `link` (default: the Ethernet link of the VM's network device).
 */
export const MigrationSchema = z.strictObject({
  vm: IdSchema.meta({ description: 'The VM to migrate (every copy of it).' }),
  to: IdSchema.meta({ description: 'The target host.' }),
  at: DurationSchema.meta({ description: 'When the migration starts, from the run\'s start (warm-up included), e.g. "1s".' }),
  link: IdSchema.optional().meta({ description: 'The Ethernet link the migration traffic leaves the source host on (default: the link of the VM\'s network device).' })
}).meta({ description: 'A pre-copy live migration of a VM to another host.' })

/**
 * A live storage migration (issue 12, core/scenario/storage-migration.ts, docs/migration.md): at `at`,
 * VM `vm`'s virtual disk is mirrored to storage device `to` while in use (VMware ESX's IO mirroring).
 */
export const StorageMigrationSchema = z.strictObject({
  vm: IdSchema.meta({ description: 'The VM whose virtual disk moves (every copy of it).' }),
  disk: IdSchema.optional().meta({ description: 'The virtual disk (attachment id); default: the VM\'s only one on a storage device.' }),
  to: IdSchema.meta({ description: 'The target storage device (disk, ssd, nvme on the VM\'s host, or a storage array the host reaches).' }),
  at: DurationSchema.meta({ description: 'When the copy starts, from the run\'s start (warm-up included).' }),
  size: z.union([z.number(), z.string()]).meta({ description: 'The used extent the data mover copies, from offset 0, e.g. "256MiB".' }),
  chunk: z.union([z.number(), z.string()]).optional().meta({ description: 'Bytes per copy I/O (default 64 KiB).' }),
  outstanding: z.int().min(1).max(1024).optional().meta({ description: 'Copy I/Os in flight at once (default 16).' }),
  rate: z.union([z.number(), z.string()]).optional().meta({ description: 'The copy\'s pace, e.g. "400Mbps" (default: unlimited, bounded by the devices).' })
}).meta({ description: 'A live storage migration: a virtual disk mirrored to another device while in use.' })

/** Kinds of a scheduled fault (issue 12, docs/faults.md). */
export const FAULT_KINDS = ['link-down', 'link-up', 'device-fail', 'device-repair', 'dc-fail', 'packet-loss'] as const

/** One fault of an experiment's schedule (core/scenario/faults.ts; checks in check-faults.ts). */
export const FaultSchema = z.strictObject({
  at: DurationSchema.meta({ description: 'When the fault starts, from the run\'s start (warm-up included), e.g. "25ms".' }),
  kind: z.enum(FAULT_KINDS).meta({ description: 'link-down / link-up (an Ethernet link), device-fail / device-repair (a NIC), dc-fail (a DC), packet-loss (an Ethernet link).' }),
  target: IdSchema.meta({ description: 'The link id (link-down, link-up, packet-loss) or node id (device-fail, device-repair, dc-fail).' }),
  until: DurationSchema.optional().meta({ description: 'When the fault ends (link up again, device repaired, loss stops); without it the fault lasts to the run\'s end.' }),
  lossRate: z.number().min(0).max(1).optional().meta({ description: 'packet-loss only: the probability that each frame on the link is dropped (seeded stream "fault/<link>").' })
}).meta({ description: 'A fault at a simulated time: a link down, a NIC failure, a DC failure, packet loss on a link.' })

export const ExperimentSchema = z.looseObject({
  id: IdSchema,
  name: z.string(),
  description: z.string().optional(),
  workloads: z.array(WorkloadSchema).default([]),
  duration: PositiveDurationSchema,
  warmup: DurationSchema.default(0),
  replications: z.union([z.int().min(1).max(1000), ReplicationRuleSchema], {
    error: expected('a whole number of replications from 1 to 1000, or a rule {"min": …, "max": …, "until": {"metric": …, "relativeHalfWidth": …}}')
  }).default(1),
  stop: StopSchema.default({}),
  sweep: z.array(SweepAxisSchema).default([]),
  crashAt: DurationSchema.optional()
    .meta({ description: 'A host crash at this simulated time from the run\'s start (within warm-up + duration): the run reports "writes_lost", the writes its virtual disks had acknowledged and not yet made durable then (issue 11).' }),
  crn: z.array(z.string().min(1)).optional()
    .meta({ description: 'Common random numbers: swept paths (or their short names) whose values share the same seeds; results then carry paired differences to a baseline.' }),
  crnBaseline: z.record(z.string(), ScalarSchema).optional()
    .meta({ description: 'The baseline value of each common-random-numbers path (default: each axis\'s first value).' }),
  timeseries: TimeseriesSchema.optional(),
  migrations: z.array(MigrationSchema).optional()
    .meta({ description: 'Live migrations during the run (issue 12): metrics migration_total_ms, migration_downtime_ms, migration_bytes, migration_rounds.' }),
  storageMigrations: z.array(StorageMigrationSchema).optional()
    .meta({ description: 'Live storage migrations during the run (issue 12): metrics storage_migration_total_ms, storage_migration_bytes, storage_migration_mirrored_writes.' }),
  faults: z.array(FaultSchema).optional()
    .meta({ description: 'A fault schedule (issue 12, docs/faults.md): links down, NICs or DCs failing, packet loss; metric "outage_ms".' }),
  protectionOffAcknowledged: z.boolean().optional()
    .meta({ description: 'Issue 12: this experiment studies a protection turned off (a host without its IOMMU under pass-through or SR-IOV, VPIO without DMA validation or its reusable-state handoff, a DC without credential or replay checks, a Host Gateway without PDMA validation, an NP-NIC with a writable VIF ring). Without it validation refuses such a configuration, so that it is never an accident.' })
})

const DigestSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, { error: 'a digest looks like "sha256:" followed by 64 lowercase hex digits' })

/** A stored results document (CONTRACTS.md); loosely typed beyond its identity and digests. */
export const ResultsDocumentSchema = z.looseObject({
  format: z.literal('iovlab-results', { error: 'a stored result must have "format": "iovlab-results"' }),
  version: z.literal(1, { error: 'this version of IOV Lab reads stored results of version 1' }),
  project: z.string(),
  experiment: z.string(),
  engine: z.string(),
  inputDigest: DigestSchema,
  digest: DigestSchema,
  points: z.array(z.looseObject({}))
})

export const ProjectSchema = z.looseObject({
  $schema: z.string().optional().meta({ description: 'Path or URL of this JSON Schema, for editors.' }),
  format: z.literal(PROJECT_FORMAT, { error: `a project must have "format": "${PROJECT_FORMAT}"` }),
  schemaVersion: z.literal(SCHEMA_VERSION, { error: `this version of IOV Lab reads "schemaVersion": ${SCHEMA_VERSION}` }),
  name: z.string().min(1, { error: 'a project needs a name' }),
  description: z.string().default(''),
  seed: z.int().min(0).max(0xffff_ffff).meta({ description: 'Root seed (unsigned 32-bit); every run derives its seed from it.' }),
  variables: z.record(VariableNameSchema, ScalarSchema).default({})
    .meta({ description: 'Named values that parameters reference as {"var": "name"}; sweeps change them.' }),
  topology: TopologySchema,
  experiments: z.array(ExperimentSchema).default([]),
  results: z.array(ResultsDocumentSchema).optional()
})

export type Project = z.infer<typeof ProjectSchema>
export type ProjectInput = z.input<typeof ProjectSchema>
export type ProjectNode = z.infer<typeof NodeSchema>
export type ProjectLink = z.infer<typeof LinkSchema>
export type Attachment = z.infer<typeof AttachmentSchema>
export type Topology = z.infer<typeof TopologySchema>
export type Experiment = z.infer<typeof ExperimentSchema>
export type Migration = z.infer<typeof MigrationSchema>
export type StorageMigration = z.infer<typeof StorageMigrationSchema>
export type ReplicationRule = z.infer<typeof ReplicationRuleSchema>
export type Workload = z.infer<typeof WorkloadSchema>
export type SweepAxis = z.infer<typeof SweepAxisSchema>
export type ParamValue = z.infer<typeof ParamValueSchema>
export type VarRef = z.infer<typeof VarRefSchema>
export type Scalar = z.infer<typeof ScalarSchema>
export type ResultsDocument = z.infer<typeof ResultsDocumentSchema>

export function isVarRef(v: unknown): v is VarRef {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { var?: unknown }).var === 'string'
}
