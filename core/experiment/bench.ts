// Benchmarks of the runner for `iovlab bench --runner` (the goals): its own overhead
// per run (a scenario that does nothing), the speed-up of 2 jobs over 1 on a 20-point sweep
// of a CPU-bound scenario, and loading + validating a 2,000-node / 5,000-link project. Node only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildBenchProject } from '../project/bench-validate'
import { loadProject } from '../project/load'
import type { Project } from '../project/schema'
import { serializeProject } from '../project/serialize'
import { validateProject } from '../project/validate'
import { InProcessExecutor } from './in-process-executor'
import { executePlan, planRuns } from './runner'
import { ThreadExecutor } from './thread-executor'
import type { Executor } from './types'

export interface RunnerBenchResult {
  readonly benchmark: string
  readonly [figure: string]: number | string
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits

function project(durationNs: number, points: number, replications: number): Project {
  const r = validateProject({
    format: 'iovlab-project', schemaVersion: 1, name: 'runner-bench', seed: 1, variables: { load: 0.5, point: 0 }, topology: {},
    experiments: [{ id: 'bench', name: 'Runner bench', duration: durationNs, replications,
      // `point` changes only the seeds: every run does the same amount of work.
      sweep: [{ 'variables.point': Array.from({ length: points }, (_, i) => i) }] }]
  })
  if (!r.ok) throw new Error(`runner bench project invalid: ${r.problems[0].message}`)
  return r.project
}

/** Wall seconds, and CPU seconds of the whole process (all its threads) over wall: the cores it really got. */
async function timeRuns(p: Project, executor: Executor, scenario: string, jobs: number): Promise<{ seconds: number; cores: number; runs: number; failed: number }> {
  const plan = planRuns(p)
  if (!plan.ok) throw new Error(plan.message)
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  const res = await executePlan(plan.plan, { executor, scenario, jobs })
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  return { seconds, cores: (cpu.user + cpu.system) / 1e6 / seconds, runs: plan.plan.runs.length, failed: res.failures.length }
}

/** Wall time per run of a scenario that does nothing: planning, dispatch, aggregation, digests (goal < 5 ms). */
export async function benchRunnerOverhead(executor: Executor, jobs: number, runs = 2000): Promise<RunnerBenchResult> {
  const t = await timeRuns(project(1000, runs / 10, 10), executor, 'synthetic:noop', jobs)
  return { benchmark: 'runner-overhead', executor: executor.kind, jobs, runs: t.runs, failed: t.failed, seconds: round(t.seconds), msPerRun: round((t.seconds * 1000) / t.runs) }
}

/** Simulated nanoseconds of M/M/1 that take about `targetMs` of wall time here. */
async function calibrate(targetMs: number): Promise<number> {
  const probeNs = 50_000_000
  const plan = planRuns(project(probeNs, 1, 1))
  if (!plan.ok) throw new Error(plan.message)
  const exec = new InProcessExecutor()
  await executePlan(plan.plan, { executor: exec, scenario: 'synthetic:mm1' }) // warm up the JIT
  let best = Infinity
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now()
    await executePlan(plan.plan, { executor: exec, scenario: 'synthetic:mm1' })
    best = Math.min(best, performance.now() - t0)
  }
  return Math.max(1_000_000, Math.round((probeNs * targetMs) / Math.max(best, 0.1)))
}

/** A 20-point sweep of a CPU-bound scenario (~`runMs` per run) with 1 and with 2 worker threads (goal ≥ 1.7× on 2 free cores). */
export async function benchJobsSpeedup(workerFile?: string, points = 20, runMs = 500): Promise<RunnerBenchResult> {
  const durationNs = await calibrate(runMs)
  const p = project(durationNs, points, 1)
  const threads = new ThreadExecutor(workerFile ? { workerFile } : {})
  const one = await timeRuns(p, threads, 'synthetic:mm1', 1)
  const two = await timeRuns(p, threads, 'synthetic:mm1', 2)
  return {
    benchmark: 'runner-speedup', points, runMsTarget: runMs, simulatedSeconds: round(durationNs / 1e9), failed: one.failed + two.failed,
    jobs1Seconds: round(one.seconds), jobs2Seconds: round(two.seconds), speedup: round(one.seconds / two.seconds, 2),
    // Below ~1.9 the machine did not give this process two free cores (other load): the speed-up cannot show.
    jobs2CoresUsed: round(two.cores, 2)
  }
}

/** Reads, parses, migrates and validates a 2,000-node / 5,000-link project file (goal < 300 ms). */
export async function benchLoad(rounds = 7): Promise<RunnerBenchResult> {
  const input = buildBenchProject()
  const dir = mkdtempSync(join(tmpdir(), 'iovlab-bench-'))
  const path = join(dir, 'bench.iovlab.json')
  try {
    writeFileSync(path, serializeProject(input as Project))
    const times: number[] = []
    for (let i = 0; i < rounds + 1; i++) {
      const t0 = performance.now()
      const r = await loadProject(path)
      times.push(performance.now() - t0)
      if (!r.ok) throw new Error(`bench project invalid: ${r.problems[0].message}`)
    }
    const [first, ...rest] = times
    rest.sort((a, b) => a - b)
    return {
      benchmark: 'load', nodes: input.topology.nodes?.length ?? 0, links: input.topology.links?.length ?? 0,
      firstMs: round(first, 1), medianMs: round(rest[Math.floor(rest.length / 2)], 1), minMs: round(rest[0], 1)
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
