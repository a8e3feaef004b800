// `iovlab verify`: re-runs the results stored in a project (with the overrides they record)
// and compares: the digest, the input digest, and every point's numbers, saying which differ.
import { canonicalJson, comparePoints, pointsDigest, readResultsDocuments, type ResultsDocument, type ResultsPoint } from '../../experiment/index'
import { breakdownOfMetric } from '../../project/metric-names'
import type { IovlabService, Project } from '../../api/index'
import { ENGINE_FINGERPRINT, ENGINE_VERSION, shortFingerprint } from '../../version'
import type { Command, Io } from '../command'
import { cliService, oneFile, openForCommand } from '../project-input'
import { startSession } from '../run-session'
import { intOption } from './run'

const MAX_LINES = 40

type Verdict = 'identical' | 'differs' | 'cancelled'

async function verifyOne(service: IovlabService, project: Project, doc: ResultsDocument, io: Io, jobs?: number): Promise<Verdict> {
  const name = `experiment "${doc.experiment}"`
  const diffs: string[] = []
  if (await pointsDigest(doc.points) !== doc.digest) diffs.push('the stored numbers do not match the stored digest (they were changed after the run)')
  const start = await startSession(service, {
    project, experimentIds: [doc.experiment],
    ...(doc.overrides && doc.overrides.length > 0 ? { overrides: [...doc.overrides] } : {}),
    ...(doc.uncertainty ? {
      uncertainty: doc.uncertainty.samples,
      ranges: doc.uncertainty.params.filter((p) => p.origin === 'given').map((p) => ({ path: p.path, lo: p.lo, hi: p.hi, why: p.why }))
    } : {}),
    ...(jobs === undefined ? {} : { jobs })
  }, io)
  if (!start.ok) {
    io.out(`${name}: differs: it cannot be re-run: ${start.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ')}`)
    return 'differs'
  }
  const result = await start.done
  if (result.cancelled) return 'cancelled'
  let fresh = result.documents[0]
  const notes: string[] = []
  // Results made before the breakdowns per workload / VM: compare what they hold (the re-run's
  // totals), and say that a re-run would add the breakdowns.
  if (!hasBreakdowns(doc.points) && hasBreakdowns(fresh.points)) {
    const points = fresh.points.map(withoutBreakdowns)
    fresh = { ...fresh, points, digest: await pointsDigest(points) }
    notes.push('these results predate the metrics per workload and per VM that this engine also reports (run --store again to keep them)')
  }
  if (fresh.inputDigest !== doc.inputDigest) notes.push(`stale: the project changed since these results (a parameter, the topology, the seed or the experiment; input digest ${doc.inputDigest} stored, ${fresh.inputDigest} now)`)
  const other = otherEngine(doc)
  if (other !== undefined) notes.push(other)
  if (fresh.digest !== doc.digest) diffs.push(`numbers differ: digest ${doc.digest} stored, ${fresh.digest} in the re-run`)
  const failed = (d: ResultsDocument): string[] => (d.errors ?? []).map((e) => `${canonicalJson(e.params)} #${e.replication} ${e.code}`).sort()
  if (canonicalJson(failed(doc)) !== canonicalJson(failed(fresh))) diffs.push(`${failed(doc).length} runs failed in the stored results, ${failed(fresh).length} in the re-run`)
  diffs.push(...comparePoints(doc.points, fresh.points))
  if (diffs.length === 0) {
    // Same numbers: a note says when they came from another engine or an earlier project.
    io.out(`${name}: identical${notes.length > 0 ? ' numbers' : ''} (${doc.points.length} points, ${doc.digest})`)
    for (const n of notes) io.out(`  ${n}`)
    return 'identical'
  }
  io.out(`${name}: differs`)
  for (const d of [...notes, ...diffs].slice(0, MAX_LINES)) io.out(`  ${d}`)
  if (notes.length + diffs.length > MAX_LINES) io.out(`  …and ${notes.length + diffs.length - MAX_LINES} more differences`)
  return 'differs'
}

const isBreakdown = (name: string): boolean => breakdownOfMetric(name) !== undefined
/** Whether some point carries metrics per workload or VM, or a time series. */
function hasBreakdowns(points: readonly ResultsPoint[]): boolean {
  return points.some((p) => p.series !== undefined || Object.keys(p.metrics).some(isBreakdown))
}
/** A point without its breakdowns and series (as an engine before them made it). */
function withoutBreakdowns(p: ResultsPoint): ResultsPoint {
  const { series: _s, metricsMissing, ...rest } = p
  const missing = Object.entries(metricsMissing ?? {}).filter(([k]) => !isBreakdown(k))
  return {
    ...rest,
    metrics: Object.fromEntries(Object.entries(p.metrics).filter(([k]) => !isBreakdown(k))),
    ...(missing.length > 0 ? { metricsMissing: Object.fromEntries(missing) } : {}),
    ...(p.diff ? { diff: { ...p.diff, metrics: Object.fromEntries(Object.entries(p.diff.metrics).filter(([k]) => !isBreakdown(k))), ...(p.diff.missing ? { missing: Object.fromEntries(Object.entries(p.diff.missing).filter(([k]) => !isBreakdown(k))) } : {}) } } : {}),
    ...(p.uncertainty ? { uncertainty: { ...p.uncertainty, metrics: Object.fromEntries(Object.entries(p.uncertainty.metrics).filter(([k]) => !isBreakdown(k))) } } : {})
  }
}

/** "made by another engine (…)" when the stored document's engine is not this one; undefined when it is. */
export function otherEngine(doc: ResultsDocument): string | undefined {
  const stored = (doc.provenance as { engineFingerprint?: unknown } | undefined)?.engineFingerprint
  const fp = typeof stored === 'string' ? stored : undefined
  if (fp !== undefined && fp !== ENGINE_FINGERPRINT) {
    return `made by another engine (fingerprint ${shortFingerprint(fp)}, this engine ${shortFingerprint(ENGINE_FINGERPRINT)}${doc.engine !== ENGINE_VERSION ? `; version ${doc.engine}, this ${ENGINE_VERSION}` : ''})`
  }
  if (fp === undefined) return `made by an engine without a fingerprint (version ${doc.engine}; this engine ${ENGINE_VERSION}, fingerprint ${shortFingerprint(ENGINE_FINGERPRINT)})`
  if (doc.engine !== ENGINE_VERSION) return `made by engine version ${doc.engine} with this engine's fingerprint; this is version ${ENGINE_VERSION}`
  return undefined
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 're-run the results stored in a project and compare digests',
  usage: 'iovlab verify <project> [--jobs N]',
  help: `Re-runs every results document stored in the project's "results" (with the overrides each
one records) and compares it with the stored one: the results digest, the input digest, and
every point's numbers. Prints one line per experiment, and for a difference which points and
metrics differ. Also catches stored numbers changed after the run (their digest no longer fits).
Says apart from the numbers when the results were made by another engine (the fingerprint of
the model sources in their provenance differs from this engine's) and when they are stale (a
parameter, the topology, the seed or the experiment changed; names, descriptions and positions
on the canvas do not count).

Options:
  --jobs N    runs at once (default: the CPUs available); the digest does not depend on it

Exit status: 0 identical numbers (even from another engine or a changed project, noted), 1 differs (or a run failed), 2 an invalid project or no stored results.`,
  options: { jobs: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals, io) {
    const file = oneFile(positionals, 'project file', 'verify')
    const jobs = intOption(values.jobs, '--jobs', 1, 64)
    const service = cliService(io)
    const opened = await openForCommand(service, file, io)
    if (!opened) return 2
    const stored = opened.project.results ?? []
    if (stored.length === 0) {
      io.err(`${file}: $.results: the project has no stored results to verify`)
      return 2
    }
    const read = readResultsDocuments(stored, ['results'])
    if (!read.ok) {
      for (const p of read.problems) io.err(`${file}: ${p.path}: ${p.message}`)
      return 2
    }
    let worst: Verdict = 'identical'
    for (const doc of read.documents) {
      const v = await verifyOne(service, opened.project, doc, io, jobs)
      if (v === 'cancelled') {
        io.err('iovlab verify: cancelled')
        return 1
      }
      if (v === 'differs') worst = 'differs'
    }
    return worst === 'identical' ? 0 : 1
  }
}
