// Opening the project a command names: one line per problem, `FILE: JSON.PATH: message`, on
// stderr; the file is only ever read. Also the service every command uses.
import { resolve } from 'node:path'
import { createNodeService, type ApiError, type IovlabService, type OpenedProject } from '../api/node'
import { oneLine } from '../project/problems'
import { UsageError, type Io } from './command'
import { userCache, type ResultCache } from '../experiment/node'

/**
 * The service for one command: worker threads, the scenario IOVLAB_SCENARIO names (default
 * "model"), and with `cache` the user's result cache (IOVLAB_CACHE_DIR, IOVLAB_CACHE_SIZE).
 */
export function cliService(io: Io, options: { cache?: boolean } = {}): IovlabService {
  const scenario = io.env?.IOVLAB_SCENARIO
  let cache: ResultCache | undefined
  if (options.cache === true) {
    try {
      cache = userCache(io.env ?? process.env)
    } catch (e) {
      throw new UsageError((e as Error).message)
    }
  }
  return createNodeService({ ...(scenario ? { scenario } : {}), ...(cache ? { cache } : {}) })
}

/** `FILE: JSON.PATH: message`, each part made one line (control characters escaped, long values cut). */
export function problemLines(file: string, errors: readonly ApiError[], note = ''): string[] {
  return errors.map((e) => `${oneLine(file)}: ${oneLine(e.path ?? '$')}: ${oneLine(e.message)}${note}`)
}

/** The one project file argument of a command. */
export function oneFile(positionals: readonly string[], what: string, command: string): string {
  if (positionals.length === 0) throw new UsageError(`give the ${what} (see \`iovlab ${command} --help\`)`)
  if (positionals.length > 1) throw new UsageError(`give one ${what}, not ${positionals.length} (see \`iovlab ${command} --help\`)`)
  if (positionals[0] === '') throw new UsageError(`the ${what} name is empty`)
  return positionals[0]
}

/** Opens and validates a project; prints its problems and returns undefined when it is not valid. */
export async function openForCommand(service: IovlabService, file: string, io: Io): Promise<OpenedProject | undefined> {
  const r = await service.openProject({ path: resolve(io.cwd, file) })
  if (r.ok) return r.value
  for (const line of problemLines(file, r.errors)) io.err(line)
  return undefined
}
