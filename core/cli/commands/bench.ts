// `iovlab bench`: the kernel benchmarks of CONTRACTS.md, one JSON object per line
// with --json, a readable table otherwise.

import { benchHold, benchTandem, HOLD_EVENTS, TANDEM_PACKETS, type BenchResult } from '../../bench/kernel-bench'
import { benchJobsSpeedup, benchLoad, benchRunnerOverhead, InProcessExecutor, ThreadExecutor, type RunnerBenchResult } from '../../experiment/node'
import type { Command, Io } from '../command'

export const benchCommand: Command = {
  name: 'bench',
  summary: 'measure the simulation kernel (hold, tandem)',
  usage: 'iovlab bench [--json] [--only hold|tandem] [--scale F] [--seed N] [--runner]',
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

Figures vary 14–70 % between runs on shared machines: compare ratios over several rounds.`,
  options: {
    json: { type: 'boolean' },
    runner: { type: 'boolean' },
    only: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' }
  },
  allowPositionals: false,
  async run(values, _positionals, io) {
    if (values.runner === true) return runnerBenchmarks(values.json === true, io)
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
