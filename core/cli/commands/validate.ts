// `iovlab validate`: checks a project file without running it — every problem at once, one
// line each as `FILE: JSON.PATH: message`. The file is only read.
import { pointCount } from '../../experiment/index'
import type { Command } from '../command'
import { cliService, oneFile, openForCommand } from '../project-input'

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a project file without running it',
  usage: 'iovlab validate <project>',
  help: `Checks a project file: JSON syntax, the schema version (older files are migrated in memory,
never rewritten), types, units and ranges, component kinds, ids and references, the domain
rules of the topology, sweeps and size limits. Prints every problem at once, one per line:

  FILE: JSON.PATH: message

and, when the project is valid, one line saying what it holds.

Exit status: 0 valid, 2 invalid (or unreadable).`,
  options: {},
  allowPositionals: true,
  async run(_values, positionals, io) {
    const file = oneFile(positionals, 'project file', 'validate')
    const opened = await openForCommand(cliService(io), file, io)
    if (!opened) return 2
    const p = opened.project
    const runs = p.experiments.reduce((n, e) => n + pointCount(e.sweep) * e.replications, 0)
    const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`
    const migrated = opened.migratedFrom !== undefined && opened.applied.length > 0
      ? ` (schema version ${opened.migratedFrom}, read as the current version; the file was not changed)` : ''
    io.out(`${file}: valid: ${plural(p.topology.nodes.length, 'node')}, ${plural(p.topology.links.length, 'link')}, ` +
      `${plural(p.experiments.length, 'experiment')} (${plural(runs, 'run')} in all)${migrated}`)
    return 0
  }
}
