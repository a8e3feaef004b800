// How long one send-queue poll takes when k egress contexts poll at once: exact mean-value
// analysis of a closed network (ME core, SDRAM channel, fixed SDRAM latency). Egress
// contexts poll without pause, so the poll time — and the wait for a new message —
// grows with the number of polling contexts (004 §4.3.1) without a per-VIF constant.

export interface PollCosts {
  /** ME compute per poll, ns (shared core of the egress MEs). */
  meNs: number
  /** SDRAM channel occupancy per poll, ns. */
  channelNs: number
  /** SDRAM access latency not spent holding the channel, ns. */
  latencyNs: number
}

/** Mean time of one poll (ns) with `k` contexts polling concurrently. */
export function pollResponseNs(k: number, c: PollCosts): number {
  let qMe = 0, qCh = 0, rMe = c.meNs, rCh = c.channelNs
  for (let n = 1; n <= k; n++) {
    rMe = c.meNs * (1 + qMe)
    rCh = c.channelNs * (1 + qCh)
    const x = n / (rMe + rCh + c.latencyNs)
    qMe = x * rMe
    qCh = x * rCh
  }
  return rMe + rCh + c.latencyNs
}
