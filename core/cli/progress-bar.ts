// The progress bar of `run` and `verify` (cli-progress), on stderr and only when stderr is a
// terminal: runs done of total, the simulated time of the oldest active run, events/s, ETA.
import { SingleBar } from 'cli-progress'
import type { RunProgress } from '../experiment/index'
import type { Io } from './command'
import { formatEta, formatRate, formatSimTime } from './format'

export interface ProgressView {
  update(p: RunProgress): void
  stop(): void
}

/** The payload the bar's format string shows. */
export function progressPayload(p: RunProgress): { sim: string; eps: string; etaText: string } {
  const a = p.active[0]
  const sim = a === undefined ? '–' : a.durationNs > 0 ? `${formatSimTime(a.simTimeNs)} of ${formatSimTime(a.durationNs)}` : formatSimTime(a.simTimeNs)
  return { sim, eps: formatRate(p.eventsPerSecond), etaText: formatEta(p.etaSeconds) }
}

const quiet: ProgressView = { update: () => undefined, stop: () => undefined }

export function progressView(io: Io, total: number): ProgressView {
  if (!io.errIsTty || io.errStream === undefined) return quiet
  const bar = new SingleBar({
    stream: io.errStream,
    format: 'runs {value}/{total} {bar} sim {sim} | {eps} events/s | ETA {etaText}',
    barsize: 24,
    hideCursor: true,
    clearOnComplete: true,
    fps: 8
  })
  bar.start(total, 0, { sim: '–', eps: '0', etaText: '?' })
  return {
    update: (p) => bar.update(p.runsDone, progressPayload(p)),
    stop: () => bar.stop()
  }
}
