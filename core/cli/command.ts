// The shape every iovlab sub-command shares: its name, help text, option table and
// a run function returning the exit code (0 done, 1 a run failed, 2 bad usage or input).

import { parseArgs, type ParseArgsConfig } from 'node:util'

export type ExitCode = 0 | 1 | 2

export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  /** Whether stderr is a terminal (progress bars only then). */
  errIsTty: boolean
  cwd: string
  /** The stream a progress bar draws on (stderr of a real process); none in tests. */
  errStream?: NodeJS.WritableStream
  /** Calls `handler` on Ctrl-C until the returned function is called (a real process only). */
  onInterrupt?: (handler: () => void) => () => void
  /** Environment variables (IOVLAB_SCENARIO, IOVLAB_DEBUG). */
  env?: Readonly<Record<string, string | undefined>>
}

export interface Command {
  name: string
  summary: string
  usage: string
  /** Full help: usage, options, examples. */
  help: string
  options: NonNullable<ParseArgsConfig['options']>
  allowPositionals: boolean
  run(values: Record<string, unknown>, positionals: string[], io: Io): Promise<ExitCode>
}

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {}

export function parseCommandArgs(cmd: Command, argv: string[]): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...cmd.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: cmd.allowPositionals,
      strict: true
    })
    return { values: values as Record<string, unknown>, positionals }
  } catch (e) {
    throw new UsageError(`${(e as Error).message.split('\n')[0]} (see \`iovlab ${cmd.name} --help\`)`)
  }
}
