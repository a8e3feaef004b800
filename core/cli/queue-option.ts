// `--queue redis://HOST:PORT` of `iovlab run` and `iovlab worker`: the URL read or refused in one
// line, Redis reached or "cannot reach …" in one line, and a word when no worker of this engine
// is connected yet (the service then runs on the queue: startRun's `queue`). The queue code (bullmq, ioredis) is loaded
// only when --queue is given.
import type { QueueUrl } from '../experiment/queue'
import { ENGINE_FINGERPRINT, shortFingerprint } from '../version'
import { UsageError, type Io } from './command'

/** The queue URL of --queue, or a usage error in one line. */
export async function queueOption(value: unknown, command: string): Promise<QueueUrl | undefined> {
  if (value === undefined) return undefined
  const { parseQueueUrl } = await import('../experiment/queue')
  const r = parseQueueUrl(String(value))
  if (!r.ok) throw new UsageError(`--queue: ${r.message} (see \`iovlab ${command} --help\`)`)
  return r.url
}

/** Whether Redis can be reached (else the reason is printed); says so when no worker of this engine serves it yet. */
export async function queuePreflight(url: QueueUrl, io: Io, command: string): Promise<boolean> {
  const { checkReachable, readQueueStatus, redisOptions } = await import('../experiment/queue')
  const reach = await checkReachable(url)
  if (!reach.ok) {
    io.err(`iovlab ${command}: ${reach.message}`)
    return false
  }
  const { Redis } = await import('ioredis')
  const client = new Redis({ ...redisOptions(url), maxRetriesPerRequest: 1 })
  client.on('error', () => undefined)
  try {
    const status = await readQueueStatus(client, url)
    const mine = status.workers.filter((w) => w.engineFingerprint === ENGINE_FINGERPRINT)
    const others = status.workers.length - mine.length
    if (mine.length === 0) {
      io.err(`iovlab ${command}: no worker of this engine (${shortFingerprint(ENGINE_FINGERPRINT)}) serves ${url.display} yet${others > 0 ? ` (${others} of another engine, which will refuse the runs)` : ''}; the runs wait until one does — start one with \`iovlab worker --queue ${url.display}\``)
    }
  } catch {
    // the status is a courtesy; the run reports its own connection problems
  } finally {
    client.disconnect()
  }
  return true
}
