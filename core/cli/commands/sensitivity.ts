// `iovlab sensitivity`: which parameter moves which metric, at one point of one experiment —
// elasticities with 95 % CIs from common-random-number runs (OAT or Morris), ranked, through the
// API service (worker threads, the progress bar, Ctrl-C) like `run`.
import { parseSetArgument } from '../../project/paths'
import type { ApiEvent, IovlabService, RequestParams, SensitivityReport } from '../../api/node'
import { UsageError, type Command, type Io } from '../command'
import { describeParams, formatNumber, unitOf } from '../format'
import { cliService, oneFile, openForCommand, problemLines } from '../project-input'
import { progressView } from '../progress-bar'
import { mainMetrics } from '../table'
import { intOption } from './run'

/** "10%", "0.1", "5 %" → 0.1, 0.1, 0.05. */
export function parseDelta(text: string): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:[eE][+-]?\d+)?)\s*(%?)\s*$/.exec(text)
  const v = m ? Number(m[1]) / (m[2] === '%' ? 100 : 1) : NaN
  if (!(v > 0 && v < 1)) throw new UsageError(`--delta must be a step above 0 and below 100 %, such as 10% or 0.05, not "${text}"`)
  return v
}

function signed(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–'
  return `${x > 0 ? '+' : ''}${formatNumber(x)}`
}

/** The tables a person reads: per metric, its value at the point and the top parameters. */
export function sensitivityTables(r: SensitivityReport, metrics: readonly string[], top: number): string {
  const method = r.method === 'oat' ? `one at a time, ±${formatNumber(r.delta * 100)} %` : `Morris, ${r.trajectories} trajectories over ±${formatNumber(r.delta * 100)} %`
  const lines = [
    `sensitivity of experiment "${r.experiment}" at point ${r.point.index} (${describeParams(r.point.params)}): ${method}, ${r.replications} replication${r.replications === 1 ? '' : 's'} each, ${r.runs} runs`,
    `  ${r.parameters.length} parameter${r.parameters.length === 1 ? '' : 's'} perturbed${r.skipped.length > 0 ? `, ${r.skipped.length} skipped (see --json)` : ''}; elasticity = relative change of the metric per relative change of the parameter`
  ]
  const byPath = new Map(r.parameters.map((p) => [p.path, p]))
  for (const name of metrics) {
    const m = r.metrics[name]
    if (!m) continue
    const unit = unitOf(name)
    lines.push('', `${name} = ${formatNumber(m.base.mean)}${unit ? ` ${unit}` : ''}${m.base.ci95 ? ` ± ${formatNumber(m.base.ci95)}` : ''} at the point`)
    const head = r.method === 'oat' ? ['#', 'parameter', 'elasticity', '95 % CI', 'source'] : ['#', 'parameter', 'μ*', 'μ ± 95 % CI', 'σ', 'source']
    const rows: string[][] = [head]
    m.effects.slice(0, top).forEach((e, i) => {
      const p = byPath.get(e.path)
      const src = p?.sourceKind ?? (p?.owner === 'variable' ? 'variable' : 'unlabelled')
      // Below 1e-9 of the effect the interval is rounding noise of identical runs.
      const ci = e.ci95 === null ? '–' : `±${formatNumber(e.ci95 <= 1e-9 * Math.max(1, Math.abs(e.elasticity ?? 0)) ? 0 : e.ci95)}`
      rows.push(r.method === 'oat'
        ? [String(i + 1), e.path, signed(e.elasticity), ci, e.note ? `${src} (${e.note})` : src]
        : [String(i + 1), e.path, formatNumber(e.muStar ?? null), `${signed(e.elasticity)} ${ci}`, formatNumber(e.sigma ?? null), src])
    })
    const widths = head.map((_, c) => Math.max(...rows.map((row) => row[c].length)))
    for (const row of rows) lines.push(`  ${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd()}`)
    if (m.effects.length > top) lines.push(`  … ${m.effects.length - top} more (--top N, or --json)`)
  }
  if (r.errors && r.errors.length > 0) lines.push('', `${r.errors.length} run${r.errors.length === 1 ? '' : 's'} failed; the intervals rest on the replications that finished at both ends`)
  return lines.join('\n')
}

/** Starts the analysis through the service and waits for its report, with progress and Ctrl-C. */
async function runSensitivity(service: IovlabService, params: RequestParams<'startSensitivity'>, io: Io, file: string): Promise<{ report: SensitivityReport | null; cancelled: boolean; failures: string[] } | undefined> {
  const buffered: ApiEvent[] = []
  let handle: ((e: ApiEvent) => void) | undefined
  const unsubscribe = service.subscribe((e) => (handle ? handle(e) : buffered.push(e)))
  const started = await service.startSensitivity(params)
  if (!started.ok) {
    unsubscribe()
    for (const e of started.errors) io.err(e.path !== undefined ? problemLines(file, [e])[0] : `iovlab sensitivity: ${e.message}`)
    return undefined
  }
  const { runId } = started.value
  const view = progressView(io, started.value.runs)
  const failures: string[] = []
  const stopInterrupt = io.onInterrupt?.(() => {
    io.err('iovlab: stopping the runs (press Ctrl-C again to quit at once)')
    void service.stopRun({ runId })
    stopInterrupt?.()
  })
  return new Promise((resolve) => {
    handle = (e) => {
      if (e.runId !== runId) return
      if (e.type === 'run-progress') view.update(e.progress)
      else if (e.type === 'run-error') failures.push(`${e.run ? `replication ${e.run.replication + 1} (seed ${e.run.seed}): ` : ''}${e.error.message}`)
      else if (e.type === 'sensitivity-done') {
        view.stop()
        unsubscribe()
        stopInterrupt?.()
        resolve({ report: e.report, cancelled: e.cancelled, failures })
      }
    }
    for (const e of buffered.splice(0)) handle(e)
  })
}

export const sensitivityCommand: Command = {
  name: 'sensitivity',
  summary: 'which parameter moves which metric: elasticities at one point, ranked',
  usage: 'iovlab sensitivity <project> [--experiment ID] [--params a,b | --all] [--delta 10%] [--method oat|morris] [--point K] [--set PATH=VALUE]… [--json]',
  help: `Perturbs parameters of one experiment at one sweep point and reports, for every metric, each
parameter's elasticity — the relative change of the metric per relative change of the
parameter — with its 95 % confidence interval, largest first. Every configuration runs the
point's own replications with the point's own seeds (common random numbers), so a difference is
the parameter's and not the noise's.

Options:
  --experiment ID     the experiment (default: the project's first)
  --point K           the sweep point, 0-based in the order \`run\` lists them (default 0)
  --params a,b        parameters by path, as --set writes them, e.g.
                      topology.nodes.host-a.params.clock,variables.guests
  --all               every numeric catalog parameter of the topology's components and links
                      (text, enum and true/false ones are skipped with a note, and so are those
                      the catalog marks descriptive)
  --delta STEP        the relative step, 10% by default (5%, 0.2, …)
  --method oat|morris oat (default): each parameter at x·(1 − δ) and x·(1 + δ), a central
                      difference, 1 + 2P configurations; morris: elementary effects along seeded
                      random trajectories of a 4-level grid over x·[1 − δ, 1 + δ], 1 + T·(P + 1)
                      configurations, ranked by μ* (mean |effect|), σ for interactions
  --trajectories T    Morris trajectories (default 6)
  --set PATH=VALUE    override a parameter before the analysis (repeatable)
  --replications N    replications per configuration (overrides the experiment's)
  --metric NAME       metrics to show (repeatable; default the main ones; --json has all)
  --top N             parameters to show per metric (default 10)
  --jobs N            runs at once on worker threads (default: the CPUs available)
  --json              print the whole report as JSON

The interval is Student-t over replications of the paired differences (OAT) or over
trajectories (Morris), divided by the metric's mean at the point. Runs and the report are
byte-identical for any --jobs. Exit status: 0 done, 1 a run failed or cancelled, 2 bad usage.`,
  options: {
    experiment: { type: 'string' },
    point: { type: 'string' },
    params: { type: 'string' },
    all: { type: 'boolean' },
    delta: { type: 'string' },
    method: { type: 'string' },
    trajectories: { type: 'string' },
    set: { type: 'string', multiple: true },
    replications: { type: 'string' },
    metric: { type: 'string', multiple: true },
    top: { type: 'string' },
    jobs: { type: 'string' },
    json: { type: 'boolean' }
  },
  allowPositionals: true,
  async run(values, positionals, io) {
    const file = oneFile(positionals, 'project file', 'sensitivity')
    const method = values.method as string | undefined
    if (method !== undefined && method !== 'oat' && method !== 'morris') throw new UsageError(`--method must be oat or morris, not "${method}"`)
    const all = values.all === true
    const paths = typeof values.params === 'string' ? values.params.split(',').map((s) => s.trim()).filter((s) => s !== '') : undefined
    if (all && paths) throw new UsageError('give --params or --all, not both')
    if (!all && (paths === undefined || paths.length === 0)) throw new UsageError('name the parameters with --params a,b or ask for --all (see `iovlab sensitivity --help`)')
    if (values.trajectories !== undefined && method !== 'morris') throw new UsageError('--trajectories is for --method morris')
    const delta = values.delta === undefined ? undefined : parseDelta(String(values.delta))
    const pointIndex = intOption(values.point, '--point', 0, 1_000_000)
    const trajectories = intOption(values.trajectories, '--trajectories', 2, 100)
    const replications = intOption(values.replications, '--replications', 1, 1000)
    const jobs = intOption(values.jobs, '--jobs', 1, 64)
    const top = intOption(values.top, '--top', 1, 10_000) ?? 10
    const overrides = ((values.set as string[] | undefined) ?? []).map((arg) => {
      const r = parseSetArgument(arg)
      if (!r.ok) throw new UsageError(`--set ${arg}: ${r.message}`)
      return r.value
    })
    const service = cliService(io)
    const opened = await openForCommand(service, file, io)
    if (!opened) return 2
    const experimentId = (values.experiment as string | undefined) ?? opened.project.experiments[0]?.id
    if (experimentId === undefined) { io.err(`iovlab sensitivity: ${file} has no experiments`); return 2 }
    const done = await runSensitivity(service, {
      project: opened.project, experimentId,
      ...(pointIndex === undefined ? {} : { pointIndex }),
      ...(all ? { all } : { paths }),
      ...(delta === undefined ? {} : { delta }),
      ...(method ? { method: method as 'oat' | 'morris' } : {}),
      ...(trajectories === undefined ? {} : { trajectories }),
      ...(overrides.length > 0 ? { overrides } : {}),
      ...(replications === undefined ? {} : { replications }),
      ...(jobs === undefined ? {} : { jobs })
    }, io, file)
    if (!done) return 2
    if (done.cancelled || !done.report) { io.err('iovlab sensitivity: cancelled; no report'); return 1 }
    const report = done.report
    if (values.json === true) io.out(JSON.stringify(report, null, 2))
    else {
      // By default the main metrics that have an elasticity (a metric that is 0 or missing at the point has none).
      const wanted = (values.metric as string[] | undefined) ?? mainMetrics(Object.keys(report.metrics)
        .filter((m) => !m.includes('.') && report.metrics[m].effects.some((e) => e.elasticity !== null)))
      const unknown = wanted.filter((m) => !report.metrics[m])
      if (unknown.length > 0) io.err(`iovlab sensitivity: no metric ${unknown.map((m) => `"${m}"`).join(', ')} (known: ${Object.keys(report.metrics).join(', ')})`)
      io.out(sensitivityTables(report, wanted, top))
    }
    for (const line of done.failures.slice(0, 20)) io.err(`iovlab: run failed: ${line}`)
    return done.failures.length > 0 ? 1 : 0
  }
}
