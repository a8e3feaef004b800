// `iovlab validate`: checks a project file without running it — every problem at once, one
// line each as `FILE: JSON.PATH: message`. The file is only read.
import { freshness, initialReplications, isReplicationRule, pointCount, readResultsDocuments, type ResultsDocument } from '../../experiment/index'
import { protectionWarnings } from '../../project/protection-warnings'
import type { Project } from '../../project/schema'
import type { Command } from '../command'
import { otherEngine } from './verify'
import { cliService, oneFile, openForCommand } from '../project-input'

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a project file without running it',
  usage: 'iovlab validate <project>',
  help: `Checks a project file: JSON syntax, the schema version (older files are migrated in memory,
never rewritten), types, units and ranges, component kinds, ids and references, the domain
rules of the topology, sweeps and size limits. Prints every problem at once, one per line:

  FILE: JSON.PATH: message

and, when the project is valid, one line saying what it holds, and one per stored results
document saying whether it is current or stale (a parameter, the topology, the seed or its
experiment changed since; names, descriptions and canvas positions do not count), and whether
another engine made it. An experiment that studies a protection switched off
(protectionOffAcknowledged) gets one warning line per protection it runs without, on standard
error; the project is still valid.

Exit status: 0 valid, 2 invalid (or unreadable).`,
  options: {},
  allowPositionals: true,
  async run(_values, positionals, io) {
    const file = oneFile(positionals, 'project file', 'validate')
    const opened = await openForCommand(cliService(io), file, io)
    if (!opened) return 2
    const p = opened.project
    const runs = p.experiments.reduce((n, e) => n + pointCount(e.sweep) * initialReplications(e), 0)
    const ruled = p.experiments.some((e) => isReplicationRule(e.replications))
    const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`
    const migrated = opened.migratedFrom !== undefined && opened.applied.length > 0
      ? ` (schema version ${opened.migratedFrom}, read as the current version; the file was not changed)` : ''
    io.out(`${file}: valid: ${plural(p.topology.nodes.length, 'node')}, ${plural(p.topology.links.length, 'link')}, ` +
      `${plural(p.experiments.length, 'experiment')} (${ruled ? 'at least ' : ''}${plural(runs, 'run')} in all${ruled ? ', more where a replications rule asks for them' : ''})${migrated}`)
    for (const line of await storedResultsLines(p)) io.out(`  ${line}`)
    for (const w of protectionWarnings(p)) io.err(`${file}: ${w}`)
    return 0
  }
}

/** One line per stored results document: current or stale against the project, and its engine. */
export async function storedResultsLines(project: Project): Promise<string[]> {
  const read = readResultsDocuments(project.results ?? [], ['results'])
  if (!read.ok) return read.problems.map((pr) => `stored results: ${pr.path}: ${pr.message}`)
  return Promise.all(read.documents.map(async (doc) => `stored results of "${doc.experiment}": ${await resultsState(project, doc)}`))
}

/** "current", "stale: …" or "its experiment is gone", then the engine note when another engine made it. */
export async function resultsState(project: Project, doc: ResultsDocument): Promise<string> {
  const f = await freshness(project, doc)
  const state = f === 'current' ? 'current' : f === 'stale' ? 'stale: the project changed since these results' : 'its experiment is no longer in the project'
  const engine = otherEngine(doc)
  return engine ? `${state}; ${engine}` : state
}
