// The result cache as an executor decorator: it wraps any executor (this machine's threads, a
// queue of remote workers), answers each run it has seen before from its store, and hands only
// the others to the executor it wraps, storing what they give. A run is stored under the digest
// of everything that determines its outcome — the engine fingerprint, the scenario, the project
// as that run sees it (numbersInput of its experiment, without the sweep's list of values and the
// replication count, which no single run reads), the point's values and the seed — so adding a
// sweep value, changing another experiment, renaming things or re-opening the project all hit,
// while any change of a number, of the engine or of the seed misses. Only successful runs are
// stored (a failure may depend on the wall clock). Runs anywhere: the store is an interface
// (cache-disk.ts is the Node one, on the machine that submits the runs).
import type { Project } from '../project/schema'
import { ENGINE_FINGERPRINT } from '../version'
import { canonicalJson, sha256Digest } from './canonical'
import { numbersInput } from './results'
import type { ExecuteOptions, Executor, Run, RunBatch, RunOutcome, RunSuccess } from './types'

/** What the cache keeps of a successful run (the run itself is the asker's). */
export interface CachedOutcome {
  readonly metrics: RunSuccess['metrics']
  readonly missing?: RunSuccess['missing']
  readonly series?: RunSuccess['series']
  readonly events: number
  readonly simTimeNs: number
  readonly wallMs: number
}

/** A key → outcome store. Implementations never throw from get (a damaged entry is a miss). */
export interface ResultCache {
  get(key: string): Promise<CachedOutcome | undefined>
  put(key: string, value: CachedOutcome): Promise<void>
  /** Called after a batch: keep the store within its size bound. */
  trim?(): Promise<void>
}

/** Version of the key recipe; bump when what goes into a key changes. */
const KEY_VERSION = 1

/** The project as one experiment's runs see it, without the experiment's sweep values and replication count. */
export function runInput(project: Project, experimentId: string): unknown {
  const input = numbersInput(project, experimentId) as { experiments: Record<string, unknown>[] }
  return {
    ...input,
    experiments: input.experiments.map((e) => {
      const { sweep: _s, replications: _r, ...rest } = e
      return rest
    })
  }
}

/** The cache keys of `runs`: one digest of each experiment's input, then one small digest per run. */
export async function runKeys(project: Project, scenario: string, runs: readonly Run[], fingerprint: string = ENGINE_FINGERPRINT): Promise<string[]> {
  const inputs = new Map<string, string>()
  for (const r of runs) if (!inputs.has(r.experimentId)) inputs.set(r.experimentId, await sha256Digest(canonicalJson(runInput(project, r.experimentId))))
  return Promise.all(runs.map((r) => sha256Digest(canonicalJson({
    v: KEY_VERSION, engine: fingerprint, scenario, input: inputs.get(r.experimentId), experiment: r.experimentId, params: r.params, seed: r.seed
  }))))
}

/** Whether the engine can tell itself apart from other builds (an unbuilt engine cannot: nothing is cached). */
export function cacheUsable(fingerprint: string = ENGINE_FINGERPRINT): boolean {
  return fingerprint.startsWith('sha256:')
}

export interface CachingOptions {
  /** Default: this engine's (tests pass another to see a miss). */
  readonly fingerprint?: string
}

export class CachingExecutor implements Executor {
  readonly kind: string
  private readonly fingerprint: string

  constructor(private readonly inner: Executor, private readonly cache: ResultCache, options: CachingOptions = {}) {
    this.kind = inner.kind
    this.fingerprint = options.fingerprint ?? ENGINE_FINGERPRINT
  }

  async *run(batch: RunBatch, options: ExecuteOptions = {}): AsyncIterable<RunOutcome> {
    if (!cacheUsable(this.fingerprint)) {
      yield* this.inner.run(batch, options)
      return
    }
    const keys = await runKeys(batch.project, batch.scenario, batch.runs, this.fingerprint)
    const keyOf = new Map(batch.runs.map((r, i) => [r.id, keys[i]]))
    const misses: Run[] = []
    for (let i = 0; i < batch.runs.length; i++) {
      if (options.signal?.aborted) return
      const run = batch.runs[i]
      const hit = await this.cache.get(keys[i])
      if (hit) yield { ok: true, run, metrics: hit.metrics, ...(hit.missing ? { missing: hit.missing } : {}), ...(hit.series ? { series: hit.series } : {}), events: hit.events, simTimeNs: hit.simTimeNs, wallMs: hit.wallMs, cached: true }
      else misses.push(run)
    }
    try {
      if (misses.length === 0 || options.signal?.aborted) return
      for await (const o of this.inner.run({ ...batch, runs: misses }, options)) {
        if (o.ok && !o.cached) {
          const key = keyOf.get(o.run.id)
          if (key !== undefined) {
            // A store that cannot be written (full disk, no permission) costs the cache, never the run.
            await this.cache.put(key, { metrics: o.metrics, ...(o.missing ? { missing: o.missing } : {}), ...(o.series ? { series: o.series } : {}), events: o.events, simTimeNs: o.simTimeNs, wallMs: o.wallMs }).catch(() => undefined)
          }
        }
        yield o
      }
    } finally {
      await this.cache.trim?.().catch(() => undefined)
    }
  }
}
