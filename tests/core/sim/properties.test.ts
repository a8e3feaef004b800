// Property-based kernel checks: same seed → identical trace; time never goes backwards;
// every job that enters a resource leaves it or is still inside.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { RngStreams, Server, Simulator } from '../../../core/sim'

interface Net { stations: number; servers: number[]; slice: number; preemptive: boolean; jobs: number; seed: number; horizon: number }

const netArb: fc.Arbitrary<Net> = fc.record({
  stations: fc.integer({ min: 1, max: 4 }),
  servers: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 4, maxLength: 4 }),
  slice: fc.constantFrom(0, 0, 50, 300),
  preemptive: fc.boolean(),
  jobs: fc.integer({ min: 1, max: 300 }),
  seed: fc.nat(),
  horizon: fc.integer({ min: 100, max: 100_000 })
})

/** A random open network of stations; returns the trace and the bookkeeping to check. */
function simulate(net: Net) {
  const sim = new Simulator()
  const rng = new RngStreams(net.seed >>> 0)
  const route = rng.stream('route')
  const stations = Array.from({ length: net.stations }, (_, k) =>
    new Server(sim, { name: `s${k}`, servers: net.servers[k], priorities: 2, preemptive: net.preemptive, timeSliceNs: net.slice }))
  const trace: string[] = []
  const times: number[] = []
  sim.trace = (t, name, arg) => { trace.push(`${t} ${name} ${arg}`); times.push(t) }
  let entered = 0, left = 0
  const hop = (job: number): void => {
    if (route.uniform() < 0.3) { left++; return }
    const k = route.below(net.stations)
    stations[k].submit(Math.round(rng.stream('work').exponential(100)), hop, job, route.below(2))
  }
  const arrive = sim.register((job) => {
    entered++
    stations[0].submit(Math.round(rng.stream('work').exponential(100)), hop, job, 1)
    if (job + 1 < net.jobs) sim.schedule(Math.round(rng.stream('arrivals').exponential(80)), arrive, job + 1)
  }, 'arrive')
  sim.schedule(0, arrive, 0)
  sim.run({ until: net.horizon })
  const inside = stations.reduce((a, s) => a + s.load, 0)
  return { trace, times, entered, left, inside, stations, sim }
}

describe('kernel properties', () => {
  it('the same seed gives an identical event trace', () => {
    fc.assert(fc.property(netArb, (net) => {
      expect(simulate(net).trace).toEqual(simulate(net).trace)
    }), { numRuns: 60 })
  })

  it('simulated time never goes backwards', () => {
    fc.assert(fc.property(netArb, (net) => {
      const { times } = simulate(net)
      for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1])
    }), { numRuns: 60 })
  })

  it('every job that enters a resource leaves it or is still inside', () => {
    fc.assert(fc.property(netArb, (net) => {
      const { entered, left, inside, stations } = simulate(net)
      // Jobs are either gone (left), in some station, or between stations — and hops are instantaneous.
      expect(left + inside).toBe(entered)
      for (const s of stations) expect(s.load).toBeGreaterThanOrEqual(0)
    }), { numRuns: 60 })
  })

  it('utilisation of a station never exceeds 1', () => {
    fc.assert(fc.property(netArb, (net) => {
      const { stations } = simulate(net)
      for (const s of stations) {
        expect(s.utilization()).toBeLessThanOrEqual(1 + 1e-12)
        expect(s.utilization()).toBeGreaterThanOrEqual(0)
      }
    }), { numRuns: 40 })
  })
})
