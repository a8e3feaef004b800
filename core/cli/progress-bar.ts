// The progress bar of `run` and `verify` (cli-progress), on stderr and only when stderr is a
// terminal: runs done of total (a lower bound, "≥", while sequential stopping may add rounds), the simulated time of all runs so far and where the oldest
// active run is in its own, events/s, ETA.
import { SingleBar } from 'cli-progress'
import type { RunProgress } from '../experiment/index'
import type { Io } from './command'
import { formatEta, formatRate, formatSimTime } from './format'

export interface ProgressView {
  update(p: RunProgress): void
  stop(): void
}

/** The payload the bar's format string shows. */
export function progressPayload(p: RunProgress): { simulated: string; sim: string; eps: string; etaText: string; cached: string; atLeast: string } {
  const a = p.active[0]
  // Runs too short to report progress are never seen active: the oldest one's position is then
  // absent, but the simulated time of all runs still grows as they finish.
  const sim = a === undefined ? '' : a.durationNs > 0 ? ` (a run at ${formatSimTime(a.simTimeNs)} of ${formatSimTime(a.durationNs)})` : ''
  const cached = p.runsCached ? ` (${p.runsCached} from cache)` : ''
  // While sequential stopping may add rounds the total is a lower bound ("runs 40/≥90"), and the ETA too.
  const open = p.runsTotalOpen === true
  return { simulated: formatSimTime(p.simulatedNs ?? 0), sim, eps: formatRate(p.eventsPerSecond), etaText: `${open ? '≥' : ''}${formatEta(p.etaSeconds)}`, cached, atLeast: open ? '≥' : '' }
}

const quiet: ProgressView = { update: () => undefined, stop: () => undefined }

export function progressView(io: Io, total: number): ProgressView {
  if (!io.errIsTty || io.errStream === undefined) return quiet
  const bar = new SingleBar({
    stream: io.errStream,
    format: 'runs {value}/{atLeast}{total}{cached} {bar} simulated {simulated}{sim} | {eps} events/s | ETA {etaText}',
    barsize: 24,
    hideCursor: true,
    clearOnComplete: true,
    fps: 8
  })
  bar.start(total, 0, { simulated: '0 ns', sim: '', eps: '0', etaText: '?', cached: '', atLeast: '' })
  return {
    update: (p) => {
      if (p.runsTotal !== bar.getTotal()) bar.setTotal(p.runsTotal)
      bar.update(p.runsDone, progressPayload(p))
    },
    stop: () => bar.stop()
  }
}
