// What a host offers for running on a Redis queue (core/experiment/queue*.ts, Node only): an
// executor for a queue URL, checked and reachable, and the queue's status for the workbench's
// "Run on" setting. Hosts without it (a browser alone) answer that they cannot.
import type { Executor } from '../experiment/types'
import type { ApiResponse, QueueStatusReport } from './contract'
import { fail } from './errors'

export interface QueueHost {
  /** The executor of runs on the queue at `url`; an error when the URL is bad or Redis cannot be reached. */
  executor(url: string): Promise<ApiResponse<Executor>>
  /** Workers connected and runs waiting at `url`. */
  status(url: string): Promise<ApiResponse<QueueStatusReport>>
}

/** The answer of a host that has no queue support. */
export const NO_QUEUE: QueueHost = {
  executor: async () => fail({ code: 'no-queue', message: 'this host runs on this machine only; run on a queue from the desktop app, `iovlab serve` or `iovlab run --queue`' }),
  status: async () => fail({ code: 'no-queue', message: 'this host runs on this machine only; it cannot reach a queue' })
}
