// The one typed contract every host implements (CLI, Electron main, browser host, tests):
// requests with their zod schemas (so IPC messages are validated by the same definitions),
// results as values — never exceptions — and the events of a run. Pure types and schemas.
import { z } from 'zod'
import type { KindSpec, LinkKindSpec, TechniqueSpec } from '../models/catalog'
import type { Project } from '../project/schema'
import type { ResultsDocument, ResultsPoint, RunErrorCode } from '../experiment/types'
import type { RunProgress } from '../experiment/progress'
import type { SensitivityReport } from '../experiment/sensitivity'
import type { ShardPart } from '../experiment/shard'

export type { Project, ResultsDocument, ResultsPoint, RunProgress, KindSpec, LinkKindSpec, TechniqueSpec, SensitivityReport }
/** How startRun's `queue` and queueStatus's `url` are read (pure; the workbench checks what is typed with it). */
export { parseQueueUrl, type QueueUrl, type QueueUrlResult } from '../experiment/queue-url'

/** An error the user can cause, in their words; `path` is a JSON path such as `$.topology.nodes[3].kind`. */
export interface ApiError {
  readonly code: string
  readonly message: string
  readonly path?: string
}

/** Every request answers with a value: the result, or one or more errors. */
export type ApiResponse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly ApiError[] }

/** What a loaded file looked like on disk; pass it back to saveProject to refuse overwriting newer changes. */
export const FileInfoSchema = z.strictObject({ mtimeMs: z.number(), size: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })
export type FileInfo = z.infer<typeof FileInfoSchema>

const FilePath = z.string().min(1).max(4096)
const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/).max(128)
const None = z.strictObject({})

export const OverrideSchema = z.strictObject({ path: z.string().min(1).max(1000), value: z.unknown() })
/** A plausible range given with a run, beside the catalog's (`--range PATH=LO:HI`). */
export const RangeSchema = z.strictObject({ path: z.string().min(1).max(1000), lo: z.number(), hi: z.number(), why: z.string().max(2000).optional() })

/** The zod schema of every request's parameters; the Electron main validates IPC with these. */
export const REQUEST_SCHEMAS = {
  openProject: z.strictObject({ path: FilePath }),
  parseProject: z.strictObject({ text: z.string(), name: z.string().max(4096) }),
  validateProject: z.strictObject({ project: z.unknown() }),
  saveProject: z.strictObject({ path: FilePath, project: z.unknown(), expected: FileInfoSchema.optional(), force: z.boolean().optional() }),
  listExamples: None,
  openExample: z.strictObject({ id: Id }),
  catalog: None,
  startRun: z.strictObject({
    project: z.unknown(),
    experimentIds: z.array(Id).max(100).optional(),
    overrides: z.array(OverrideSchema).max(1000).optional(),
    replications: z.int().min(1).max(1000).optional(),
    jobs: z.int().min(1).max(64).optional(),
    /** Latin-hypercube samples of the ranged parameters (model uncertainty). */
    uncertainty: z.int().min(2).max(1024).optional(),
    ranges: z.array(RangeSchema).max(500).optional(),
    /** Run only shard `index` (1-based) of `count`; the end event then carries a `part` for `iovlab merge`, no documents. */
    shard: z.strictObject({ index: z.int().min(1).max(10_000), count: z.int().min(1).max(10_000) }).optional(),
    /** false: simulate every run, even those the result cache holds (`--no-cache`). Default: the host's cache, when it has one. */
    cache: z.boolean().optional(),
    /** Run on the workers of this Redis queue (redis://HOST:PORT) instead of this machine. */
    queue: z.string().min(1).max(2000).optional()
  }),
  /** Sensitivity analysis of one experiment at one point; ends with a `sensitivity-done` event; stopRun stops it. */
  startSensitivity: z.strictObject({
    project: z.unknown(),
    experimentId: Id,
    pointIndex: z.int().min(0).optional(),
    paths: z.array(z.string().min(1).max(1000)).max(2000).optional(),
    all: z.boolean().optional(),
    delta: z.number().gt(0).lt(1).optional(),
    method: z.enum(['oat', 'morris']).optional(),
    trajectories: z.int().min(2).max(100).optional(),
    overrides: z.array(OverrideSchema).max(1000).optional(),
    replications: z.int().min(1).max(1000).optional(),
    jobs: z.int().min(1).max(64).optional()
  }),
  stopRun: z.strictObject({ runId: z.string().min(1).max(200) }),
  engineVersion: None,
  /** Workers connected to a Redis queue and runs waiting there (the workbench's "Run on"). */
  queueStatus: z.strictObject({ url: z.string().min(1).max(2000) })
} as const

export type RequestName = keyof typeof REQUEST_SCHEMAS
export type RequestParams<K extends RequestName> = z.infer<(typeof REQUEST_SCHEMAS)[K]>

/** A project as opened: validated and migrated (the file on disk is never changed by opening). */
export interface OpenedProject {
  readonly project: Project
  /** Where it came from (openProject, openExample). */
  readonly path?: string
  readonly fileInfo?: FileInfo
  /** The schema version of the file before migration (equal to the current one when none ran). */
  readonly migratedFrom: number
  readonly applied: readonly string[]
}

export interface ValidationReport {
  readonly valid: boolean
  readonly problems: readonly ApiError[]
  /** The validated project with defaults filled in, when valid. */
  readonly project?: Project
}

export interface SavedProject {
  readonly fileInfo: FileInfo
  readonly backupPath?: string
}

export interface ExampleInfo {
  /** File name without `.iovlab.json`; what openExample takes. */
  readonly id: string
  readonly file: string
  readonly name: string
  readonly description: string
  readonly experiments: readonly { readonly id: string; readonly name: string }[]
  /** Problems when the example does not load (it is still listed). */
  readonly problems?: readonly ApiError[]
}

export interface CatalogData {
  readonly kinds: readonly KindSpec[]
  readonly linkKinds: readonly LinkKindSpec[]
  readonly techniques: readonly TechniqueSpec[]
}

export interface StartedRun {
  readonly runId: string
  readonly runs: number
  readonly experiments: readonly { readonly id: string; readonly points: number; readonly replications: number }[]
  readonly jobs: number
}

export interface StartedSensitivity {
  readonly runId: string
  readonly runs: number
  /** Parameters perturbed, and those left out with the reason. */
  readonly parameters: number
  readonly skipped: readonly { readonly path: string; readonly reason: string }[]
  readonly jobs: number
}

/** A Redis queue as the workbench shows it: who serves it and what waits there. */
export interface QueueStatusReport {
  /** The URL without its password. */
  readonly url: string
  /** Workers connected (a fresh heartbeat). */
  readonly workers: number
  /** Of them, those of this host's engine; the others refuse its runs. */
  readonly workersOfThisEngine: number
  /** Runs at once on this engine's workers together. */
  readonly threads: number
  readonly waiting: number
  readonly active: number
}

/** The results of each request. */
export interface RequestResults {
  openProject: OpenedProject
  parseProject: OpenedProject
  validateProject: ValidationReport
  saveProject: SavedProject
  listExamples: readonly ExampleInfo[]
  openExample: OpenedProject
  catalog: CatalogData
  startRun: StartedRun
  startSensitivity: StartedSensitivity
  stopRun: { readonly stopped: boolean }
  engineVersion: string
  queueStatus: QueueStatusReport
}

/** The run a failure belongs to. */
export interface RunRef {
  readonly experimentId: string
  readonly pointIndex: number
  /** Swept values by short name. */
  readonly params: Readonly<Record<string, string | number | boolean>>
  readonly replication: number
  readonly seed: number
}

export type ApiEvent =
  | { readonly type: 'run-progress'; readonly runId: string; readonly progress: RunProgress }
  /** A point's aggregated results, as soon as all its replications are in. */
  | { readonly type: 'run-point'; readonly runId: string; readonly experimentId: string; readonly pointIndex: number; readonly point: ResultsPoint }
  /** One run failed (the others go on), or the whole start failed (no `run`). */
  | { readonly type: 'run-error'; readonly runId: string; readonly error: ApiError & { readonly code: RunErrorCode | string }; readonly run?: RunRef }
  /** The end: one results document per experiment (none when cancelled). */
  | {
    readonly type: 'run-done'; readonly runId: string; readonly documents: readonly ResultsDocument[]; readonly failed: number; readonly cancelled: boolean
    /** Runs taken from the result cache instead of simulated (absent when none). */
    readonly cachedRuns?: number
    /** With `shard`: this shard's outcomes for `iovlab merge` (no documents then); absent when cancelled. */
    readonly part?: ShardPart
  }
  /** The end of a sensitivity analysis (progress and failures come as run-progress and run-error); no report when cancelled. */
  | { readonly type: 'sensitivity-done'; readonly runId: string; readonly report: SensitivityReport | null; readonly failed: number; readonly cancelled: boolean }

export type ApiEventType = ApiEvent['type']
export type ApiListener = (event: ApiEvent) => void

/** What every host implements: one async function per request, and a subscription to events. */
export type IovlabApi = {
  readonly [K in RequestName]: (params: RequestParams<K>) => Promise<ApiResponse<RequestResults[K]>>
} & {
  /** Calls `listener` with every event; returns the function that unsubscribes. */
  subscribe(listener: ApiListener): () => void
}

export const REQUEST_NAMES = Object.keys(REQUEST_SCHEMAS) as RequestName[]
