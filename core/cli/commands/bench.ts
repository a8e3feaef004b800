// `iovlab bench`: the kernel benchmarks of CONTRACTS.md, one JSON object per line
// with --json, a readable table otherwise.

import { benchHold, benchTandem, HOLD_EVENTS, TANDEM_PACKETS, type BenchResult } from '../../bench/kernel-bench'
import { benchJobsSpeedup, benchLoad, benchRunnerOverhead, InProcessExecutor, ThreadExecutor, type RunnerBenchResult } from '../../experiment/node'
import type { Command, Io } from '../command'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { benchModel } from '../../bench/model-bench'

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure the simulation kernel (hold, tandem)',
  usage: 'iovlab bench [--json] [--only hold|tandem] [--scale F] [--seed N] [--runner] [--models [PROJECT]]',
  help: `Runs the kernel benchmarks:
  hold    ${HOLD_EVENTS.toLocaleString('en')} events: 1000 processes, each waits Exp(1 s) and reschedules itself
  tandem  ${TANDEM_PACKETS.toLocaleString('en')} packets: Poisson(0.9/s) arrivals through 3 FIFO stations with
          Exp(1 s) service (4 events per packet); prints the mean sojourn time (≈ 30 s)

Options:
  --json        one JSON object per line:
                {"benchmark":"hold","events":N,"seconds":S,"eventsPerSecond":R,"rssMB":M,…}
  --only NAME   run one benchmark
  --scale F     multiply the problem sizes by F (default 1)
  --seed N      random seed (default 12345)
  --runner      instead, the experiment runner's benchmarks:
                runner-overhead  wall time per run of a scenario that does nothing (goal < 5 ms),
                                 on this thread and on 2 worker threads
                runner-speedup   a 20-point sweep of a CPU-bound M/M/1 (~0.5 s per run) with
                                 --jobs 1 and --jobs 2 (goal ≥ 1.7× on 2 cores)
                load             read + validate a 2,000-node / 5,000-link project (goal < 300 ms)
  --models      instead, the full models: every run of examples/technique-shootout.iovlab.json
                (or the project given with --project) on this thread, after \`hold\` in the same
                process; prints kernel events/s of the models and their ratio to hold
                (goals ≥ 1.5 M events/s and ≥ 0.3 × hold); then, unless --project is given, the
                block-I/O cases: virtio-blk on NVMe and emulated IDE, 4 KiB random reads
                (events/s, kernel events per I/O, ratio to hold; goal ≥ 3.5 M events/s)
  --project F   the project --models runs
  --max-runs N  with --models, run at most N of its runs (spread over the sweep)

Figures vary 14–70 % between runs on shared machines: compare ratios over several rounds.`,
  options: {
    json: { type: 'boolean' },
    runner: { type: 'boolean' },
    models: { type: 'boolean' },
    project: { type: 'string' },
    'max-runs': { type: 'string' },
    only: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' }
  },
  allowPositionals: false,
  async run(values, _positionals, io) {
    if (values.runner === true) return runnerBenchmarks(values.json === true, io)
    if (values.models === true) return modelBenchmarks(values, io)
    const scale = values.scale === undefined ? 1 : Number(values.scale)
    const seed = values.seed === undefined ? 12345 : Number(values.seed)
    if (!(scale > 0 && scale <= 100)) throw new BenchArgError(`--scale must be a number in (0, 100], not "${String(values.scale)}"`)
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new BenchArgError(`--seed must be an unsigned 32-bit integer, not "${String(values.seed)}"`)
    const only = values.only as string | undefined
    if (only !== undefined && only !== 'hold' && only !== 'tandem') throw new BenchArgError(`--only must be hold or tandem, not "${only}"`)
    const runs: (() => BenchResult)[] = []
    if (only !== 'tandem') runs.push(() => benchHold(Math.round(HOLD_EVENTS * scale), seed))
    if (only !== 'hold') runs.push(() => benchTandem(Math.round(TANDEM_PACKETS * scale), seed))
    if (values.json !== true) io.out(`${pad('benchmark', 10)}${pad('events', 12)}${pad('seconds', 9)}${pad('events/s', 12)}${pad('peak RSS', 10)}notes`)
    for (const go of runs) {
      const r = go()
      io.out(values.json === true ? JSON.stringify(r) : row(r))
    }
    return 0
  }
}

async function modelBenchmarks(values: Record<string, unknown>, io: Io): Promise<0> {
  const project = resolve(io.cwd, (values.project as string | undefined) ?? join(packageRoot(), 'examples', 'technique-shootout.iovlab.json'))
  const maxRuns = values['max-runs'] === undefined ? undefined : Number(values['max-runs'])
  if (maxRuns !== undefined && !(Number.isInteger(maxRuns) && maxRuns >= 1)) throw new BenchArgError(`--max-runs must be a whole number ≥ 1, not "${String(values['max-runs'])}"`)
  let results: BenchResult[]
  try {
    results = await benchModel({ project, block: values.project === undefined, ...(maxRuns === undefined ? {} : { maxRuns }) })
  } catch (e) {
    throw new BenchArgError((e as Error).message)
  }
  for (const r of results) io.out(values.json === true ? JSON.stringify(r) : Object.entries(r).map(([k, v]) => `${k}=${v}`).join('  '))
  return 0
}

/** The folder holding package.json (the CLI bundle lives in out/cli, sources in core/cli/commands). */
function packageRoot(): string {
  let dir = __dirname
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

async function runnerBenchmarks(json: boolean, io: Io): Promise<0> {
  const show = (r: RunnerBenchResult): void => io.out(json ? JSON.stringify(r) : Object.entries(r).map(([k, v]) => `${k}=${v}`).join('  '))
  show(await benchRunnerOverhead(new InProcessExecutor(), 1))
  show(await benchRunnerOverhead(new ThreadExecutor(), 2))
  show(await benchJobsSpeedup())
  show(await benchLoad())
  return 0
}

class BenchArgError extends Error {
  readonly usage = true
}

function row(r: BenchResult): string {
  const notes = r.benchmark === 'tandem' ? `mean sojourn ${r.meanSojourn} s (theory 30)` : `t_end ${r.endTimeS} s`
  return `${pad(r.benchmark, 10)}${pad(r.events.toLocaleString('en'), 12)}${pad(r.seconds.toFixed(3), 9)}` +
    `${pad((r.eventsPerSecond / 1e6).toFixed(2) + ' M', 12)}${pad(r.rssMB.toFixed(0) + ' MB', 10)}${notes}`
}

function pad(s: string, n: number): string {
  return s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length)
}
