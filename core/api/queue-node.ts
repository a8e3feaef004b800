// The queue support of Node hosts (CLI, `iovlab serve`, the Electron main): the URL checked, Redis
// reached once (one line when not), then a QueueExecutor; and the queue's status from the workers'
// heartbeats. The queue code (bullmq, ioredis) is loaded on first use only.
import { parseQueueUrl, type QueueUrl } from '../experiment/queue-url'
import { ENGINE_FINGERPRINT } from '../version'
import type { ApiResponse, QueueStatusReport } from './contract'
import { fail, ok } from './errors'
import type { QueueHost } from './queue-host'

function readUrl(text: string): ApiResponse<QueueUrl> {
  const r = parseQueueUrl(text)
  return r.ok ? ok(r.url) : fail({ code: 'bad-queue', message: r.message, path: '$.queue' })
}

export const nodeQueueHost: QueueHost = {
  async executor(text) {
    const url = readUrl(text)
    if (!url.ok) return url
    const { checkReachable } = await import('../experiment/queue')
    const reach = await checkReachable(url.value)
    if (!reach.ok) return fail({ code: 'queue-unreachable', message: reach.message })
    const { QueueExecutor } = await import('../experiment/queue-executor')
    return ok(new QueueExecutor({ url: url.value }))
  },
  async status(text) {
    const url = readUrl(text)
    if (!url.ok) return { ok: false, errors: url.errors.map((e) => ({ ...e, path: '$.url' })) }
    const { checkReachable, readQueueStatus, redisOptions } = await import('../experiment/queue')
    const reach = await checkReachable(url.value, 3000)
    if (!reach.ok) return fail({ code: 'queue-unreachable', message: reach.message })
    const { Redis } = await import('ioredis')
    const client = new Redis({ ...redisOptions(url.value), maxRetriesPerRequest: 1 })
    client.on('error', () => undefined)
    try {
      const s = await readQueueStatus(client, url.value)
      const mine = s.workers.filter((w) => w.engineFingerprint === ENGINE_FINGERPRINT)
      const report: QueueStatusReport = {
        url: s.url, workers: s.workers.length, workersOfThisEngine: mine.length,
        threads: mine.reduce((n, w) => n + w.concurrency, 0), waiting: s.waiting, active: s.active
      }
      return ok(report)
    } catch (e) {
      return fail({ code: 'queue-unreachable', message: `cannot read the queue at ${url.value.display}: ${e instanceof Error ? e.message : String(e)}` })
    } finally {
      client.disconnect()
    }
  }
}
