// `iovlab serve [--port N]`: the workbench in a browser — the built UI and the API on 127.0.0.1,
// until Ctrl+C; prints `Listening on http://127.0.0.1:PORT`.
import { availableParallelism } from 'node:os'
import { createNodeService } from '../../api/node'
import type { Command, ExitCode, Io } from '../command'
import { startServer, type RunningServer } from '../serve/server'
import { findRendererDir } from '../serve/static-files'

export const DEFAULT_PORT = 5417
/** Runs in progress at once; each may use every core, so more would only share them and the memory. */
export const MAX_CONCURRENT_RUNS = 2

class ServeArgError extends Error {
  readonly usage = true
}

function parsePort(value: unknown): number {
  if (value === undefined) return DEFAULT_PORT
  const text = String(value)
  const port = Number(text)
  if (!/^\d+$/.test(text) || port > 65535) throw new ServeArgError(`--port must be a number from 0 to 65535 (0: any free port), not "${text}"`)
  return port
}

/** Resolves when the process is asked to stop (Ctrl+C, SIGTERM) — or when `stop` is called (tests). */
function untilStopped(server: RunningServer, close: () => void, io: Io): Promise<ExitCode> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      close()
      void server.close().then(() => {
        io.err('iovlab serve: stopped')
        resolve(0)
      })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve the workbench to a browser on 127.0.0.1',
  usage: 'iovlab serve [--port N]',
  help: `Serves the IOV Lab workbench (the same UI as the desktop app) and its API on
http://127.0.0.1:PORT, for this machine only. Projects are opened and saved by their
paths on this machine. Stop it with Ctrl+C.

Options:
  --port N   the port (default ${DEFAULT_PORT}; 0 picks a free one)

Projects are read and validated on worker threads. A run uses at most one thread per core,
at most ${MAX_CONCURRENT_RUNS} runs go at once (another start is refused with HTTP 429 until one
ends), and request bodies are at most 64 MiB (HTTP 413 beyond).

Prints "Listening on http://127.0.0.1:PORT" once it accepts connections.`,
  options: { port: { type: 'string', short: 'p' } },
  allowPositionals: false,
  async run(values, _positionals, io) {
    const port = parsePort(values.port)
    const rendererDir = findRendererDir()
    if (!rendererDir) throw new ServeArgError('the workbench UI is not built; run `npm run build` first')
    // Projects are read and validated on worker threads, so one large file never freezes the page
    // for every client; a run gets at most one thread per core, and at most two runs go at once.
    const service = createNodeService({ checks: 'threads', maxJobs: availableParallelism(), maxConcurrentRuns: MAX_CONCURRENT_RUNS })
    let server: RunningServer
    try {
      server = await startServer({ api: service, rendererDir, port })
    } catch (e) {
      service.close()
      const code = (e as NodeJS.ErrnoException).code
      if (code === 'EADDRINUSE') throw new ServeArgError(`port ${port} is already in use; choose another with --port N (or --port 0)`)
      if (code === 'EACCES') throw new ServeArgError(`port ${port} needs privileges; choose one above 1023 with --port N`)
      throw e
    }
    io.out(`Listening on ${server.url}`)
    return untilStopped(server, () => service.close(), io)
  }
}
