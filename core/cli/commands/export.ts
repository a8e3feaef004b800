// `iovlab export --csv`: the results stored in a project, or a results file from `run --out`,
// as tidy CSV on stdout or atomically into a file. The input is only read.
import { promises as fsp } from 'node:fs'
import { resolve } from 'node:path'
import { readResultsDocuments, type ResultsDocument } from '../../experiment/index'
import { decodeUtf8, parseJsonText } from '../../project/json-text'
import { LIMITS } from '../../project/limits'
import { fsErrorProblem } from '../../project/load'
import { formatPath, PROJECT_FORMAT } from '../../project/index'
import { UsageError, type Command, type Io } from '../command'
import { resultsCsv, seriesCsv } from '../csv'
import { resultsState } from './validate'
import { cliService, oneFile, openForCommand } from '../project-input'
import { outputProblem, sameFile, writeFileAtomic } from '../write-file'

async function readBytes(path: string, file: string, io: Io): Promise<Uint8Array | undefined> {
  try {
    const st = await fsp.stat(path)
    if (st.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' })
    if (!st.isFile()) { io.err(`${file}: $: not a regular file`); return undefined }
    if (st.size > LIMITS.fileBytes) { io.err(`${file}: $: the file is larger than the ${LIMITS.fileBytes / 1024 / 1024} MiB IOV Lab reads`); return undefined }
    return await fsp.readFile(path)
  } catch (e) {
    io.err(`${file}: $: ${fsErrorProblem(e, file).message}`)
    return undefined
  }
}

/** The results documents in a project (its stored results) or in a results file; undefined after printing problems. */
async function documentsIn(file: string, io: Io): Promise<ResultsDocument[] | undefined> {
  const path = resolve(io.cwd, file)
  const bytes = await readBytes(path, file, io)
  if (!bytes) return undefined
  const text = decodeUtf8(bytes)
  const json = text.ok ? parseJsonText(text.text) : { ok: false as const, problems: text.problems }
  if (!json.ok) {
    for (const p of json.problems) io.err(`${file}: ${formatPath(p.path)}: ${p.message}`)
    return undefined
  }
  const value = json.value as { format?: unknown } | null
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && (value.format === PROJECT_FORMAT || 'schemaVersion' in value)) {
    const opened = await openForCommand(cliService(io), file, io)
    if (!opened) return undefined
    const stored = opened.project.results ?? []
    if (stored.length === 0) {
      io.err(`${file}: $.results: the project has no stored results to export`)
      return undefined
    }
    const read = readResultsDocuments(stored, ['results'])
    if (read.ok) {
      for (const doc of read.documents) {
        const state = await resultsState(opened.project, doc)
        if (state !== 'current') io.err(`${file}: note: results of "${doc.experiment}": ${state}`)
      }
      return read.documents
    }
    for (const p of read.problems) io.err(`${file}: ${p.path}: ${p.message}`)
    return undefined
  }
  const read = readResultsDocuments(value)
  if (read.ok) return read.documents
  for (const p of read.problems) io.err(`${file}: ${p.path}: ${p.message}`)
  return undefined
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write results as tidy CSV',
  usage: 'iovlab export <project|results.json> --csv [--series] [--out FILE]',
  help: `Writes results as tidy CSV, one row per point, metric and key:

  experiment,<swept parameters…>,metric,key,mean,ci95

"key" is blank for a number metric and names the part of an object metric (cpu_util,
stage_us); "ci95" is the half-width of the 95 % confidence interval. The input is a project
with stored results, or a results document (or a list of them) from \`iovlab run --out\`.
Results with metrics per workload or VM get two more columns before "metric": "scope" (total,
workload or vm) and "scope_id" (the workload's or VM's id; blank for totals).

Options:
  --csv        the format (the only one for now; required)
  --series     write the time series instead (experiments with "timeseries"), one row per
               point, series and window: experiment,<swept parameters…>,scope,scope_id,metric,
               window,window_end_ms,mean,ci95,n
  --out FILE   write to FILE atomically instead of stdout

Exit status: 0 written, 2 bad usage or unreadable input.`,
  options: { csv: { type: 'boolean' }, series: { type: 'boolean' }, out: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals, io) {
    const file = oneFile(positionals, 'project or results file', 'export')
    if (values.csv !== true) throw new UsageError('choose a format: --csv')
    const out = values.out as string | undefined
    if (out !== undefined) {
      if (sameFile(resolve(io.cwd, out), resolve(io.cwd, file))) throw new UsageError(`--out ${out} is the input file itself; choose another file`)
      const bad = outputProblem(out, io.cwd)
      if (bad) throw new UsageError(`--out ${out}: ${bad}`)
    }
    const docs = await documentsIn(file, io)
    if (!docs) return 2
    if (values.series === true && !docs.some((d) => d.points.some((p) => p.series !== undefined))) {
      io.err(`${file}: $: these results have no time series (give the experiment a "timeseries": {"interval": "100ms"} and run it again)`)
      return 2
    }
    const csv = values.series === true ? seriesCsv(docs) : resultsCsv(docs)
    if (out !== undefined) await writeFileAtomic(resolve(io.cwd, out), csv)
    else io.out(csv.trimEnd())
    return 0
  }
}
