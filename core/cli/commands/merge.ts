// `iovlab merge`: the part files of `run --shard I/N` into the results document(s) of one
// unsharded run — the same bytes (provenance aside) and the same digest. Refuses, one line per
// problem, parts of different starts or engines, overlapping or missing shards, and damaged files.
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { mergeParts, type PartFile } from '../../experiment/merge'
import { UsageError, type Command } from '../command'
import { documentsText } from './run'
import { outputProblem, writeFileAtomic } from '../write-file'

/** Part files are small next to a project, but never unbounded. */
const MAX_PART_BYTES = 512 * 1024 * 1024

export const mergeCommand: Command = {
  name: 'merge',
  summary: 'merge the part files of `run --shard I/N` into one results document',
  usage: 'iovlab merge <part>… [--out FILE]',
  help: `Merges the N part files that \`iovlab run <project> --shard I/N --out part-I.json\` wrote (one per
shard, in any order) into the results document one unsharded run gives: the runs are planned again
from the project the parts carry, each run's outcome is taken from its shard, and the points are
aggregated as a local run aggregates them — the same "digest", the same bytes but for the
provenance (whose start and end span the shards, with "shards": N).

Refused, one line per problem: parts of different projects, overrides or experiments; parts run
by different engines (engine fingerprints); a shard given twice or missing (named); a file that
is not JSON (its line and column) or not a part file (the JSON path).

Options:
  --out FILE   write the document to FILE (atomically) instead of printing it

Exit status: 0 merged, 1 some run failed (listed in the document's "errors"), 2 the parts do not merge.
Example: iovlab merge part-*.json --out results.json`,
  options: { out: { type: 'string' } },
  allowPositionals: true,
  async run(values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('give the part files to merge, e.g. `iovlab merge part-*.json --out results.json`')
    const out = values.out as string | undefined
    if (out !== undefined) {
      const bad = outputProblem(out, io.cwd)
      if (bad) throw new UsageError(`--out ${out}: ${bad}`)
      if (positionals.some((p) => resolve(io.cwd, p) === resolve(io.cwd, out))) throw new UsageError(`--out ${out} is one of the parts; write the merged document to another file`)
    }
    // Read one at a time inside the merge (a part carries its project: N of them at once could be large).
    const files: PartFile[] = positionals.map((path) => ({
      path,
      text: async () => {
        const buf = await readFile(resolve(io.cwd, path))
        if (buf.byteLength > MAX_PART_BYTES) throw new Error(`${buf.byteLength} bytes, more than a part file can be (${MAX_PART_BYTES})`)
        return buf.toString('utf8')
      }
    }))
    const merged = await mergeParts(files)
    if (!merged.ok) {
      for (const line of merged.problems) io.err(`iovlab merge: ${line}`)
      return 2
    }
    const text = documentsText(merged.documents)
    if (out !== undefined) {
      try {
        await writeFileAtomic(resolve(io.cwd, out), text)
      } catch (e) {
        io.err(`iovlab merge: the results could not be written to ${out} (${(e as Error).message}); nothing was written there`)
        return 1
      }
      io.err(`iovlab merge: ${files.length} part${files.length === 1 ? '' : 's'}, ${merged.runs} runs${merged.cachedRuns > 0 ? ` (${merged.cachedRuns} from cache)` : ''} → ${out}`)
    } else io.out(text.trimEnd())
    const errors = merged.documents.reduce((n, d) => n + (d.errors?.length ?? 0), 0)
    if (errors > 0) {
      io.err(`iovlab merge: ${errors} of ${merged.runs} runs failed (listed in the document's "errors")`)
      return 1
    }
    return 0
  }
}
