// `iovlab run`: runs a project's experiments (all, or the named ones) with overrides, shows
// progress on a terminal, prints a table (or the results document with --json), and writes
// the document atomically with --out. The project file is only read.
import { resolve } from 'node:path'
import { protectionWarnings } from '../../project/protection-warnings'
import { parseSetArgument } from '../../project/paths'
import { CONDITIONAL_METRICS, breakdownOfMetric } from '../../project/metric-names'
import { isSummary, parseShard, type ResultsDocument, type ShardSpec } from '../../experiment/index'
import type { IovlabService, OpenedProject } from '../../api/node'
import { UsageError, type Command, type Io } from '../command'
import { openForCommand, cliService, oneFile, problemLines } from '../project-input'
import { queueOption, queuePreflight } from '../queue-option'
import { startSession } from '../run-session'
import { diffTable, resultsTable } from '../table'
import { byTable, parseBy } from '../by-table'
import { uncertaintyTable } from '../uncertainty-table'
import { outputProblem, sameFile, writeFileAtomic } from '../write-file'

export function intOption(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!(typeof value === 'string' && /^\d+$/.test(value.trim()) && Number.isInteger(n) && n >= min && n <= max)) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${String(value)}"`)
  }
  return n
}

/** The text --json prints and --out writes: one document, or a list when several experiments ran. */
export function documentsText(docs: readonly ResultsDocument[]): string {
  return `${JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2)}\n`
}

/** "PATH=LO:HI" → a range; LO and HI are plain numbers in canonical units. */
export function parseRange(arg: string): { path: string; lo: number; hi: number } {
  const m = /^([^=]+)=\s*([-+0-9.eE]+)\s*:\s*([-+0-9.eE]+)\s*$/.exec(arg)
  const lo = m ? Number(m[2]) : NaN
  const hi = m ? Number(m[3]) : NaN
  if (!m || !Number.isFinite(lo) || !Number.isFinite(hi)) throw new UsageError(`--range ${arg}: write PATH=LO:HI with numbers in canonical units, e.g. topology.nodes.host-a.params.clock=2.4e9:3.2e9`)
  if (!(lo < hi)) throw new UsageError(`--range ${arg}: the low end must be below the high end`)
  return { path: m[1].trim(), lo, hi }
}

function overridesOf(values: Record<string, unknown>): { path: string; value: unknown }[] {
  return ((values.set as string[] | undefined) ?? []).map((arg) => {
    const r = parseSetArgument(arg)
    if (!r.ok) throw new UsageError(`--set ${arg}: ${r.message}`)
    return r.value
  })
}

/** Saves the documents into the project's `results` (one per experiment, newest wins); false on failure. */
async function storeResults(service: IovlabService, opened: OpenedProject, file: string, docs: readonly ResultsDocument[], io: Io): Promise<boolean> {
  const ran = new Set(docs.map((d) => d.experiment))
  const kept = (opened.project.results ?? []).filter((r) => !ran.has(r.experiment))
  const project = { ...opened.project, results: [...kept, ...docs] }
  const saved = await service.saveProject({ path: resolve(io.cwd, file), project, ...(opened.fileInfo ? { expected: opened.fileInfo } : {}) })
  if (!saved.ok) {
    for (const line of problemLines(file, saved.errors, ' (results not stored)')) io.err(line)
    return false
  }
  io.err(`iovlab run: stored ${docs.length} results document${docs.length === 1 ? '' : 's'} in ${file} (the previous version is kept as ${file}.bak)`)
  return true
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a project\'s experiments and print or save the results',
  usage: 'iovlab run <project> [--experiment ID]… [--set PATH=VALUE]… [--replications N] [--jobs N] [--uncertainty N [--range PATH=LO:HI]…] [--shard I/N] [--no-cache] [--out FILE] [--json] [--by workload|vm] [--diff] [--store] [--queue redis://HOST:PORT]',
  help: `Runs the experiments of a project (all of them, or those named with --experiment) and prints
a table per experiment: the swept parameters, then the main metrics as mean ± 95 % CI; an
experiment that stages a live migration, faults or an attack gets their metrics in tables of
their own under it (units in the headers; for attacks, the protection's denials and costs).

Options:
  --experiment ID     run only this experiment (repeatable)
  --set PATH=VALUE    override a parameter by its path in the project (repeatable); VALUE is
                      read as JSON when it parses (16, true, "x") and as text otherwise (5s), e.g.
                      --set experiments.latency-vs-guests.duration=5s --set variables.guests=8
  --replications N    replications per sweep point (overrides each experiment's own)
  --jobs N            runs at once on worker threads (default: the CPUs available)
  --queue URL         run on the workers of a Redis queue (redis://HOST:PORT; see \`iovlab worker\`
                      and docs/queue.md) instead of this machine: the same progress, results and
                      digest; Ctrl-C removes the waiting runs and stops the running ones
  --uncertainty N     model uncertainty: draw N Latin-hypercube samples (seeded from the project
                      seed) of every parameter whose catalog entry carries a plausible range and
                      that the project leaves at its default, run every point once per sample with
                      the point's own seeds, and report per point and metric the 5th–95th
                      percentile over samples beside the replications' 95 % CI; for a sweep over
                      techniques (any text-valued axis), how often each ordering holds
                      (N × points × replications more runs)
  --range PATH=LO:HI  sample this parameter too, uniformly from LO to HI in canonical units (ns,
                      bit/s, bytes, Hz, …), beside or instead of the catalog's range (repeatable)
  --shard I/N         run only the I-th of N deterministic slices of the runs (every N-th run in
                      plan order) and write a part file with --out; \`iovlab merge\` turns the N
                      parts into the results document of one unsharded run (same digest), e.g.
                      one Slurm array task or Kubernetes Job index per shard (examples/cluster/)
  --no-cache          simulate every run, even those in the result cache
  --out FILE          write the results document to FILE (atomically; never over the project)
  --json              print the results document on stdout instead of the table
  --by workload|vm    print one row per point and workload (or VM node) instead of the run
                      totals: each workload's own metrics ("byWorkload.<id>.<metric>" in the
                      document), or each VM's CPU (domain_cpu_util: its domains' busy time as a
                      fraction of its host's CPUs) and the metrics of the workloads it is a
                      client of ("byVm.<id>.<metric>")
  --diff              for experiments with common random numbers ("crn"), also print each
                      point's paired difference to its baseline: mean ± 95 % paired-t interval
                      over the replications both ran
  --store             store the results in the project file (replacing earlier results of the
                      same experiments) so that \`iovlab verify\` can re-run them; the file is
                      saved atomically, its previous version kept as <file>.bak, and refused if
                      it changed on disk during the run

An experiment whose "replications" is a rule ({"min", "max", "until": {"metric", "relativeHalfWidth"
or "halfWidth"}}) adds replications per point in rounds until the metric's 95 % interval is that
tight or "max" ran; the table then shows each point's replications and why it stopped, and the
progress bar's total reads "≥ N" while rounds may be added.

With one experiment the document is one JSON object; with several, a list of them.
The same project, seed and engine give the same "digest" on any machine and with any --jobs.
A progress bar (runs, simulated time, events/s, ETA) is drawn on stderr when it is a terminal.

Result cache: each successful run's outcome is kept under the digest of what determines it (the
engine fingerprint, the project as that run sees it, the point's values and the seed), and a later
run of the same point takes it from there — after adding a sweep value, editing another experiment
or re-opening the project — with the same numbers; stderr then says "N of M runs from cache" and
the document's provenance "cachedRuns". The cache is $IOVLAB_CACHE_DIR, else $XDG_CACHE_HOME/iovlab,
else ~/.cache/iovlab, bounded by IOVLAB_CACHE_SIZE (default 512MiB; least recently used entries
are removed first). \`verify\` never uses it.

A metric that applies but got no sample at a point (no probe completed…) is shown as "—" with
its reason below the table, and is null in the document with the reason in the point's
"metricsMissing"; metrics that do not apply to the experiment's workloads are left out.

Exit status: 0 done, 1 a run failed (each failure is listed) or a metric got no sample at some
point, 2 bad usage or an invalid project.
Environment: IOVLAB_SCENARIO=synthetic:mm1 runs a built-in M/M/1 test scenario instead of the models.`,
  options: {
    experiment: { type: 'string', multiple: true },
    set: { type: 'string', multiple: true },
    replications: { type: 'string' },
    jobs: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    diff: { type: 'boolean' },
    store: { type: 'boolean' },
    uncertainty: { type: 'string' },
    range: { type: 'string', multiple: true },
    shard: { type: 'string' },
    'no-cache': { type: 'boolean' },
    queue: { type: 'string' },
    by: { type: 'string' }
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    const file = oneFile(positionals, 'project file', 'run')
    const by = parseBy(values.by)
    if (values.by !== undefined && by === undefined) throw new UsageError(`--by must be "workload" or "vm", not "${String(values.by)}"`)
    if (by !== undefined && values.json === true) throw new UsageError('--by chooses the table; with --json the document carries every breakdown (metrics "byWorkload.<id>.<metric>", "byVm.<id>.<metric>")')
    const replications = intOption(values.replications, '--replications', 1, 1000)
    const jobs = intOption(values.jobs, '--jobs', 1, 64)
    const overrides = overridesOf(values)
    const uncertainty = intOption(values.uncertainty, '--uncertainty', 2, 1024)
    const ranges = ((values.range as string[] | undefined) ?? []).map(parseRange)
    if (ranges.length > 0 && uncertainty === undefined) throw new UsageError('--range is sampled only with --uncertainty N')
    const out = values.out as string | undefined
    if (out !== undefined) {
      if (sameFile(resolve(io.cwd, out), resolve(io.cwd, file))) throw new UsageError(`--out ${out} is the project file itself; results are never written over a project — choose another file`)
      const bad = outputProblem(out, io.cwd)
      if (bad) throw new UsageError(`--out ${out}: ${bad}`)
    }
    let shard: ShardSpec | undefined
    if (values.shard !== undefined) {
      const parsed = parseShard(values.shard as string)
      if (!parsed.ok) throw new UsageError(`--shard: ${parsed.message}`)
      shard = parsed.shard
      if (out === undefined) throw new UsageError('--shard I/N writes a part file: give --out FILE (then `iovlab merge` the parts)')
      if (values.store === true) throw new UsageError('--shard stores no results in the project: merge the parts with `iovlab merge`')
    }
    const useCache = values['no-cache'] !== true
    const queue = await queueOption(values.queue, 'run')
    if (queue !== undefined && jobs !== undefined) throw new UsageError('--jobs is for this machine; with --queue each worker\'s --concurrency decides')
    if (queue !== undefined && !(await queuePreflight(queue, io, 'run'))) return 2
    const service = cliService(io, { cache: useCache })
    const opened = await openForCommand(service, file, io)
    if (!opened) return 2
    const experimentIds = values.experiment as string[] | undefined
    for (const w of protectionWarnings(opened.project, experimentIds ? new Set(experimentIds) : undefined)) io.err(`${file}: ${w}`)
    const start = await startSession(service, {
      project: opened.project,
      ...(experimentIds ? { experimentIds } : {}),
      ...(overrides.length > 0 ? { overrides } : {}),
      ...(replications === undefined ? {} : { replications }),
      ...(jobs === undefined ? {} : { jobs }),
      ...(uncertainty === undefined ? {} : { uncertainty }),
      ...(ranges.length > 0 ? { ranges } : {}),
      ...(shard ? { shard } : {}),
      ...(useCache ? {} : { cache: false }),
      ...(queue === undefined ? {} : { queue: String(values.queue) })
    }, io)
    if (!start.ok) {
      for (const e of start.errors) {
        if (e.code === 'bad-override') io.err(`iovlab run: --set ${e.path}: ${e.message}`)
        else if (e.code === 'unknown-experiment') io.err(`iovlab run: --experiment: ${e.message}`)
        else if (e.code === 'bad-uncertainty') io.err(`iovlab run: --uncertainty: ${e.message}`)
        else if (e.code === 'bad-shard') io.err(`iovlab run: --shard: ${e.message}`)
        else if (e.path !== undefined) io.err(problemLines(file, [e])[0])
        else io.err(`iovlab run: ${e.message}`)
      }
      return 2
    }
    const result = await start.done
    if (result.cancelled) {
      io.err(`iovlab run: cancelled; no results were written`)
      return 1
    }
    if (result.cachedRuns > 0) io.err(`iovlab run: ${result.cachedRuns} of ${start.started.runs} runs from cache`)
    if (shard) {
      if (!result.part) {
        io.err('iovlab run: the shard ended without its part; nothing was written')
        return 1
      }
      try {
        await writeFileAtomic(resolve(io.cwd, out!), `${JSON.stringify(result.part)}\n`)
      } catch (e) {
        io.err(`iovlab run: the part could not be written to ${out} (${(e as Error).message}); nothing was written there`)
        return 1
      }
      io.err(`iovlab run: shard ${shard.index}/${shard.count}: ${result.part.outcomes.length} of ${result.part.runsTotal} runs written to ${out}`)
      if (values.json === true) io.out(JSON.stringify(result.part, null, 2))
      if (result.failures.length > 0) {
        io.err(`iovlab run: ${result.failures.length} of ${start.started.runs} runs failed (they are in the part; merge lists them as errors)`)
        return 1
      }
      return 0
    }
    const text = documentsText(result.documents)
    if (out !== undefined) {
      try {
        await writeFileAtomic(resolve(io.cwd, out), text)
      } catch (e) {
        io.err(`iovlab run: the results could not be written to ${out} (${(e as Error).message}); nothing was written there`)
        return 1
      }
    }
    if (values.json === true) io.out(text.trimEnd())
    else {
      const names = new Map(opened.project.experiments.map((e) => [e.id, e.name]))
      const diff = values.diff === true
      io.out(result.documents.map((d) => [by !== undefined ? byTable(d, by, names.get(d.experiment)) : resultsTable(d, names.get(d.experiment), diff), by !== undefined ? '' : uncertaintyTable(d), diff ? diffTable(d) : ''].filter((t) => t !== '').join('\n')).join('\n\n'))
    }
    if (values.store === true && !(await storeResults(service, opened, file, result.documents, io))) return 1
    if (result.failures.length > 0) {
      io.err(`iovlab run: ${result.failures.length} of ${start.started.runs} runs failed`)
      return 1
    }
    const unmeasured = unmeasuredPoints(result.documents)
    if (unmeasured > 0) {
      io.err(`iovlab run: ${unmeasured} point${unmeasured === 1 ? '' : 's'} measured nothing for some metric (shown as — with the reason)`)
      return 1
    }
    return 0
  }
}

/** Points where some metric has no value at all (every replication missed it). */
export function unmeasuredPoints(docs: readonly ResultsDocument[]): number {
  let n = 0
  // Run totals only: a breakdown is null only where its total is, or where another workload measured the total.
  // A metric null by configuration (no crash scheduled, no cache) is no failed measurement.
  for (const d of docs) for (const p of d.points) if (p.replications > 0 && Object.entries(p.metrics).some(([k, m]) => breakdownOfMetric(k) === undefined && !CONDITIONAL_METRICS.has(k) && isSummary(m) && m.mean === null)) n++
  return n
}
