// The iovlab command line: dispatches to sub-commands, turns every user error into
// one clear line and exit code 2, and never prints a stack trace for bad input.

import { benchCommand } from './commands/bench'
import { catalogCommand } from './commands/catalog'
import { exportCommand } from './commands/export'
import { runCommand } from './commands/run'
import { validateCommand } from './commands/validate'
import { verifyCommand } from './commands/verify'
import { serveCommand } from './commands/serve'
import { sensitivityCommand } from './commands/sensitivity'
import { mergeCommand } from './commands/merge'
import { workerCommand } from './commands/worker'
import { parseCommandArgs, UsageError, type Command, type ExitCode, type Io } from './command'
import { ENGINE_FINGERPRINT, ENGINE_VERSION } from '../version'

const commands: Command[] = [runCommand, mergeCommand, sensitivityCommand, validateCommand, verifyCommand, exportCommand, catalogCommand, serveCommand, workerCommand, benchCommand]

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2
  return [
    `iovlab ${ENGINE_VERSION} — the IOV Lab simulator on the command line`,
    '',
    'Usage: iovlab <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `iovlab <command> --help` for a command\'s options.'
  ].join('\n')
}

export async function main(argv: string[], io: Io): Promise<ExitCode> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview())
    return name === undefined ? 2 : 0
  }
  if (name === '--version' || name === '-v') {
    io.out(`${ENGINE_VERSION} (engine ${ENGINE_FINGERPRINT})`)
    return 0
  }
  const cmd = commands.find((c) => c.name === name)
  if (cmd === undefined) {
    io.err(`iovlab: unknown command "${name}"; commands are ${commands.map((c) => c.name).join(', ')} (see \`iovlab --help\`)`)
    return 2
  }
  try {
    const { values, positionals } = parseCommandArgs(cmd, rest)
    if (values.help === true) {
      io.out(`Usage: ${cmd.usage}\n\n${cmd.help}`)
      return 0
    }
    return await cmd.run(values, positionals, io)
  } catch (e) {
    if (e instanceof UsageError || (e as { usage?: boolean }).usage === true) {
      io.err(`iovlab ${cmd.name}: ${(e as Error).message}`)
      return 2
    }
    io.err(`iovlab ${cmd.name}: internal error: ${(e as Error).message}`)
    if ((io.env ?? process.env).IOVLAB_DEBUG) io.err(String((e as Error).stack))
    return 1
  }
}

/**
 * A write function for a standard stream that goes quiet when its reader has gone away
 * (`iovlab export --csv | head -1`): EPIPE ends output, never the command with a stack trace.
 * Other errors of the stream are still thrown.
 */
export function pipeWriter(stream: NodeJS.WritableStream & { destroyed?: boolean }): (text: string) => void {
  let closed = false
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') closed = true
    else throw e
  })
  return (text) => {
    if (closed || stream.destroyed === true) return
    stream.write(text + '\n')
  }
}

/** Runs the CLI on this process's arguments and sets its exit code. */
export function cli(): void {
  const io: Io = {
    out: pipeWriter(process.stdout),
    err: pipeWriter(process.stderr),
    errIsTty: process.stderr.isTTY === true,
    cwd: process.cwd(),
    errStream: process.stderr,
    onInterrupt: (handler) => {
      process.once('SIGINT', handler)
      return () => { process.removeListener('SIGINT', handler) }
    },
    env: process.env
  }
  // A reader that stops early (`iovlab catalog | head`) closes the pipe: not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw e })
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code },
    (e: unknown) => { process.stderr.write(`iovlab: internal error: ${(e as Error).message}\n`); process.exitCode = 1 }
  )
}

if (typeof require !== 'undefined' && require.main === module) cli()
