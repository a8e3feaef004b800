// The service behind the contract: every request of contract.ts on top of core/project and
// core/experiment, with the host's executor and file access injected. Nothing here knows
// which host it serves; errors come back as values, never as exceptions.
import type { Executor } from '../experiment/types'
import type { ResultCache } from '../experiment/cache'
import { MODEL_SCENARIO } from '../experiment/scenarios'
import { CATALOG, KINDS, LINK_KINDS, LINK_KIND_ORDER, TECHNIQUES } from '../models/catalog'
import type { LoadResult } from '../project/load'
import type { Project } from '../project/schema'
import { ENGINE_VERSION } from '../version'
import type { ApiEvent, ApiListener, ApiResponse, CatalogData, ExampleInfo, IovlabApi, OpenedProject, RequestParams } from './contract'
import { fail, failProblems, ok, problemToError } from './errors'
import { inlineChecks, type ProjectChecks } from './checks'
import type { ProjectFiles } from './files'
import { NO_QUEUE, type QueueHost } from './queue-host'
import { RunRegistry } from './runs'

export interface ServiceOptions {
  readonly executor: Executor
  readonly files: ProjectFiles
  /** Folder of the shipped `*.iovlab.json` examples; none listed without it. */
  readonly examplesDir?: string
  /** Scenario name for runs (default "model": core/scenario; tests use "synthetic:mm1"). */
  readonly scenario?: string
  /** Jobs when a start does not say (default 1). */
  readonly defaultJobs?: number
  /** Jobs of one run at most (default: as asked). */
  readonly maxJobs?: number
  /** Runs in progress at once at most (default: no limit); more are refused with `too-many-runs`. */
  readonly maxConcurrentRuns?: number
  /** Where parsing and validation run (default: this thread). */
  readonly checks?: ProjectChecks
  /** The result cache runs use unless a start says `cache: false` (default: none). */
  readonly cache?: ResultCache
  /** Running on a Redis queue (startRun's `queue`, queueStatus); default: not offered. */
  readonly queue?: QueueHost
  /** Called by `close` (e.g. to end a pool of check threads). */
  readonly onClose?: () => void
}

/** The service: the contract's requests and events, plus `close` for the host's shutdown. */
export type IovlabService = IovlabApi & {
  /** Stops every run in progress. */
  close(): void
}

const EXAMPLE_SUFFIX = '.iovlab.json'

function opened(r: LoadResult, path?: string): ApiResponse<OpenedProject> {
  if (!r.ok) return failProblems(r.problems)
  return ok({ project: r.project, ...(path === undefined ? {} : { path }), fileInfo: r.fileInfo, migratedFrom: r.migratedFrom, applied: r.applied })
}

function catalogData(): CatalogData {
  return {
    kinds: KINDS.map((k) => CATALOG[k]),
    linkKinds: LINK_KIND_ORDER.map((k) => LINK_KINDS[k]),
    techniques: [...TECHNIQUES]
  }
}

async function exampleInfo(files: ProjectFiles, dir: string, file: string): Promise<ExampleInfo> {
  const id = file.slice(0, -EXAMPLE_SUFFIX.length)
  const r = await files.load(files.join(dir, file))
  if (!r.ok) return { id, file, name: id, description: '', experiments: [], problems: r.problems.map(problemToError) }
  const p: Project = r.project
  return { id, file, name: p.name, description: p.description, experiments: p.experiments.map((e) => ({ id: e.id, name: e.name })) }
}

export function createService(options: ServiceOptions): IovlabService {
  const { files, examplesDir } = options
  const listeners = new Set<ApiListener>()
  const emit = (event: ApiEvent): void => {
    for (const l of [...listeners]) {
      try {
        l(event)
      } catch {
        // A failing listener must not stop the run or the other listeners.
      }
    }
  }
  const checks = options.checks ?? inlineChecks
  const runs = new RunRegistry({
    executor: options.executor, scenario: options.scenario ?? MODEL_SCENARIO, defaultJobs: options.defaultJobs ?? 1, emit,
    validate: (value) => checks.validate(value),
    queue: options.queue ?? NO_QUEUE,
    ...(options.maxJobs === undefined ? {} : { maxJobs: options.maxJobs }),
    ...(options.maxConcurrentRuns === undefined ? {} : { maxConcurrentRuns: options.maxConcurrentRuns }),
    ...(options.cache ? { cache: options.cache } : {})
  })

  const service: IovlabService = {
    async openProject({ path }: RequestParams<'openProject'>) {
      return opened(await files.load(path), path)
    },
    async parseProject({ text, name }: RequestParams<'parseProject'>) {
      const r = await checks.parse(text, name)
      if (!r.ok) return failProblems(r.problems)
      return ok({ project: r.project, migratedFrom: r.migratedFrom, applied: r.applied })
    },
    async validateProject({ project }: RequestParams<'validateProject'>) {
      const r = await checks.validate(project)
      return ok(r.ok ? { valid: true, problems: [], project: r.project } : { valid: false, problems: r.problems.map(problemToError) })
    },
    async saveProject({ path, project, expected, force }: RequestParams<'saveProject'>) {
      const r = await files.save(path, project as Project, { ...(expected ? { expected } : {}), force: force === true })
      if (!r.ok) return failProblems(r.problems)
      return ok({ fileInfo: r.fileInfo, ...(r.backupPath === undefined ? {} : { backupPath: r.backupPath }) })
    },
    async listExamples() {
      if (examplesDir === undefined) return ok([])
      const names = (await files.list(examplesDir)).filter((f) => f.endsWith(EXAMPLE_SUFFIX)).sort()
      return ok(await Promise.all(names.map((f) => exampleInfo(files, examplesDir, f))))
    },
    async openExample({ id }: RequestParams<'openExample'>) {
      if (examplesDir === undefined || !/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(id)) {
        return fail({ code: 'unknown-example', message: `there is no example "${id}"` })
      }
      const names = await files.list(examplesDir)
      if (!names.includes(`${id}${EXAMPLE_SUFFIX}`)) {
        const known = names.filter((f) => f.endsWith(EXAMPLE_SUFFIX)).map((f) => f.slice(0, -EXAMPLE_SUFFIX.length))
        return fail({ code: 'unknown-example', message: `there is no example "${id}" (known: ${known.join(', ') || 'none'})` })
      }
      const path = files.join(examplesDir, `${id}${EXAMPLE_SUFFIX}`)
      return opened(await files.load(path), path)
    },
    async catalog() {
      return ok(catalogData())
    },
    async startRun(params: RequestParams<'startRun'>) {
      return runs.start(params)
    },
    async startSensitivity(params: RequestParams<'startSensitivity'>) {
      return runs.startSensitivity(params)
    },
    async stopRun({ runId }: RequestParams<'stopRun'>) {
      return runs.stop(runId)
    },
    async engineVersion() {
      return ok(ENGINE_VERSION)
    },
    async queueStatus({ url }: RequestParams<'queueStatus'>) {
      return (options.queue ?? NO_QUEUE).status(url)
    },
    subscribe(listener: ApiListener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    close() {
      runs.stopAll()
      options.onClose?.()
    }
  }
  return service
}
