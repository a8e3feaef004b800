// Where Run runs: on this machine, or on the workers of a Redis queue (docs/queue.md). The URL is
// checked with the same rules as the CLI's --queue; the queue's status is put in words.
import { parseQueueUrl, type QueueStatusReport } from '../../../core/api/contract'

export type RunOn = 'here' | 'queue'

/** What is wrong with a typed queue URL, or null when it reads (an empty one asks for a URL). */
export function queueUrlProblem(text: string): string | null {
  if (text.trim() === '') return 'Type the queue\'s URL, e.g. redis://127.0.0.1:6379.'
  const r = parseQueueUrl(text.trim())
  return r.ok ? null : r.message
}

/** startRun's extra parameters for where to run. */
export function runOnParams(on: RunOn, url: string): { queue?: string } {
  return on === 'queue' ? { queue: url.trim() } : {}
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/** The queue's status in words: workers of this engine with their threads, others that refuse, runs waiting. */
export function queueStatusText(status: QueueStatusReport | null, error: string | null): string {
  if (error !== null) return error
  if (status === null) return 'Checking the queue…'
  const others = status.workers - status.workersOfThisEngine
  const refuse = others > 0 ? `; ${plural(others, 'worker')} of another engine (${others === 1 ? 'it refuses' : 'they refuse'} these runs)` : ''
  const waiting = status.waiting > 0 ? `; ${plural(status.waiting, 'run')} waiting` : ''
  if (status.workersOfThisEngine === 0) return `No worker connected${refuse}: start one with iovlab worker --queue ${status.url}${waiting}`
  return `${plural(status.workersOfThisEngine, 'worker')} connected (${plural(status.threads, 'thread')})${refuse}${waiting}`
}
