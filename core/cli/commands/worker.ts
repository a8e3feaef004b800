// `iovlab worker --queue redis://HOST:PORT [--concurrency N]`: serves runs from a Redis queue
// (BullMQ) on worker threads until Ctrl+C or SIGTERM. The first stop lets the running runs finish;
// a second quits at once (their jobs are retried by other workers once their locks lapse).
import { availableParallelism } from 'node:os'
import { shortFingerprint } from '../../version'
import { UsageError, type Command, type ExitCode, type Io } from '../command'
import { queueOption } from '../queue-option'
import { intOption } from './run'

export const workerCommand: Command = {
  name: 'worker',
  summary: 'serve runs from a Redis queue (for `iovlab run --queue`)',
  usage: 'iovlab worker --queue redis://HOST:PORT [--concurrency N] [--stall-seconds S]',
  help: `Serves runs that \`iovlab run --queue\` (or the workbench's "Run on" a queue) puts on a Redis
queue, on worker threads of this machine, until Ctrl+C. Start as many workers on as many machines
as you like; each takes runs as it has threads free.

Options:
  --queue URL         the Redis server: redis://HOST:PORT[/DB], redis://USER:PASSWORD@HOST:PORT,
                      or rediss://… for TLS
  --concurrency N     runs at once (default: the CPUs available, here ${availableParallelism()})
  --stall-seconds S   a run whose worker stops answering for S seconds (killed, machine lost) is
                      given to another worker (default 30)

A worker runs only runs submitted by the same engine (the fingerprint of \`iovlab --version\`);
others are refused, and the submitting side reports each refused run with both fingerprints.
The project of a run is fetched from Redis once per project and kept (the 4 most recent).
Ctrl+C once lets the running runs finish; twice quits at once (their runs go to other workers).
See docs/queue.md.

Exit status: 0 stopped, 2 bad usage or Redis unreachable at the start.`,
  options: {
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    'stall-seconds': { type: 'string' }
  },
  allowPositionals: false,
  async run(values, _positionals, io): Promise<ExitCode> {
    const url = await queueOption(values.queue, 'worker')
    if (url === undefined) throw new UsageError('give the queue to serve: --queue redis://HOST:PORT (see `iovlab worker --help`)')
    const concurrency = intOption(values.concurrency, '--concurrency', 1, 256)
    const stallSeconds = intOption(values['stall-seconds'], '--stall-seconds', 1, 3600)
    const { checkReachable } = await import('../../experiment/queue')
    const reach = await checkReachable(url)
    if (!reach.ok) {
      io.err(`iovlab worker: ${reach.message}`)
      return 2
    }
    const { QueueWorker } = await import('../../experiment/queue-worker')
    let worker: InstanceType<typeof QueueWorker>
    try {
      worker = new QueueWorker({
        url, ...(concurrency === undefined ? {} : { concurrency }), ...(stallSeconds === undefined ? {} : { stallSeconds }),
        log: (line) => io.err(`iovlab worker: ${line}`)
      })
      await worker.start()
    } catch (e) {
      io.err(`iovlab worker: ${(e as Error).message.split('\n')[0]}`)
      return 2
    }
    io.err(`iovlab worker: serving runs from ${url.display} with ${worker.concurrency} thread${worker.concurrency === 1 ? '' : 's'} (engine ${shortFingerprint(worker.engineFingerprint)}); Ctrl+C to stop`)
    return untilStopped(worker, io)
  }
}

function untilStopped(worker: { close(force?: boolean): Promise<void> }, io: Io): Promise<ExitCode> {
  return new Promise((resolve) => {
    let stopping = false
    const stop = (): void => {
      if (stopping) {
        io.err('iovlab worker: quitting at once; the runs in progress go to other workers')
        process.exit(130)
      }
      stopping = true
      io.err('iovlab worker: finishing the runs in progress (Ctrl+C again to quit at once)')
      void worker.close().then(() => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        io.err('iovlab worker: stopped')
        resolve(0)
      })
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}
