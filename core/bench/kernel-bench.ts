// The kernel benchmarks of CONTRACTS.md, written with the kernel's own API:
// `hold` (1000 processes rescheduling themselves after Exp(1)) and `tandem`
// (Poisson arrivals through three FIFO single-server stations).

import { RngStreams, SECOND, Server, Simulator } from '../sim'

export interface BenchResult {
  benchmark: string
  events: number
  seconds: number
  eventsPerSecond: number
  rssMB: number
  [extra: string]: number | string
}

export const HOLD_PROCESSES = 1000
export const HOLD_EVENTS = 2_000_000
export const TANDEM_PACKETS = 1_000_000

/** hold: N processes, each waits Exp(mean 1 s) and reschedules itself; stops after `events`. */
export function benchHold(events = HOLD_EVENTS, seed = 12345): BenchResult {
  const t0 = performance.now()
  const sim = new Simulator()
  const rng = new RngStreams(seed).stream('hold')
  let hold = 0
  hold = sim.register((id) => {
    sim.schedule(Math.round(rng.exponential(SECOND)), hold, id)
  }, 'hold')
  for (let i = 0; i < HOLD_PROCESSES; i++) sim.schedule(Math.round(rng.exponential(SECOND)), hold, i)
  sim.run({ maxEvents: events })
  const seconds = (performance.now() - t0) / 1000
  return result('hold', sim.eventsFired, seconds, { processes: HOLD_PROCESSES, endTimeS: round(sim.now / SECOND, 3) })
}

/** tandem: Poisson(0.9/s) arrivals, three FIFO stations with Exp(1 s) service; 4 events per packet. */
export function benchTandem(packets = TANDEM_PACKETS, seed = 12345): BenchResult {
  const t0 = performance.now()
  const sim = new Simulator()
  const streams = new RngStreams(seed)
  const arrivals = streams.stream('source')
  const [svc0, svc1, svc2] = [0, 1, 2].map((k) => streams.stream(`station-${k}`))
  const [st0, st1, st2] = [0, 1, 2].map((k) => new Server(sim, { name: `station-${k}` }))
  const entered = new Float64Array(packets)
  let generated = 0
  let done = 0
  let sojournNs = 0
  const leave = (p: number): void => {
    sojournNs += sim.now - entered[p]
    done++
  }
  const to2 = (p: number): void => st2.submit(Math.round(svc2.exponential(SECOND)), leave, p)
  const to1 = (p: number): void => st1.submit(Math.round(svc1.exponential(SECOND)), to2, p)
  let arrive = 0
  arrive = sim.register((p) => {
    entered[p] = sim.now
    st0.submit(Math.round(svc0.exponential(SECOND)), to1, p)
    if (generated < packets) sim.schedule(Math.round(arrivals.exponential(SECOND / 0.9)), arrive, generated++)
  }, 'arrival')
  sim.schedule(0, arrive, generated++)
  sim.run()
  const seconds = (performance.now() - t0) / 1000
  return result('tandem', sim.eventsFired, seconds, {
    packets: done,
    meanSojourn: round(sojournNs / done / SECOND, 3),
    utilization: round(st0.utilization(), 3)
  })
}

function result(benchmark: string, events: number, seconds: number, extra: Record<string, number>): BenchResult {
  return {
    benchmark,
    events,
    seconds: round(seconds, 3),
    eventsPerSecond: Math.round(events / seconds),
    rssMB: round(peakRssMB(), 1),
    ...extra
  }
}

function peakRssMB(): number {
  return process.resourceUsage().maxRSS / 1024
}

function round(x: number, digits: number): number {
  const f = 10 ** digits
  return Math.round(x * f) / f
}
