// Synthetic scenarios on the real kernel, for the runner's tests and benchmarks: an M/M/1
// queue whose metrics depend on swept variables and the seed, and a run that does nothing.
// They read only `variables` and the experiment's duration, warm-up and limits.
import { durationNs } from '../project/resolve'
import type { Project } from '../project/schema'
import { RngStreams, Server, Simulator, Tally } from '../sim'
import { ScenarioLimitError, type RunScenario, type ScenarioInput, type ScenarioResult } from '../scenario/types'

function numberVar(project: Project, name: string, fallback: number): number {
  const v = project.variables[name]
  return typeof v === 'number' ? v : fallback
}

function experimentOf(input: ScenarioInput): Project['experiments'][number] {
  const exp = input.project.experiments.find((e) => e.id === input.experimentId)
  if (!exp) throw new Error(`the project has no experiment "${input.experimentId}"`)
  return exp
}

/**
 * M/M/1: Poisson arrivals at rate `load`/`serviceUs` (variables `load`, default 0.5, and
 * `serviceUs`, default 1 µs; or `arrivalPerUs` and `serviceUs`, see below), one FIFO server with Exp(`serviceUs`) service, for the
 * experiment's duration; statistics after its warm-up. Theory: mean wait ρ·s/(1−ρ).
 * A load outside (0, 1) is an error (the queue would be unstable), which tests use as a
 * failing point.
 */
export const mm1Scenario: RunScenario = (input, onProgress): ScenarioResult => {
  const exp = experimentOf(input)
  // A string variable `station` picks the service time `serviceUs_<station>` (a categorical
  // sweep axis with a known ordering); a number `arrivalPerUs` fixes the arrival rate instead of
  // the load, so the load follows the service time (ρ = λ·s, as in a sensitivity analysis).
  const station = input.project.variables.station
  const serviceUs = typeof station === 'string' ? numberVar(input.project, `serviceUs_${station}`, 1) : numberVar(input.project, 'serviceUs', 1)
  const serviceNs = serviceUs * 1000
  const lambda = input.project.variables.arrivalPerUs
  const rho = typeof lambda === 'number' ? lambda * serviceUs : numberVar(input.project, 'load', 0.5)
  if (!(rho > 0 && rho < 1)) throw new Error(`an M/M/1 queue at load ${rho} is unstable; the load must be in (0, 1)`)
  const endNs = durationNs(exp.duration)
  const warmupNs = durationNs(exp.warmup)
  const maxEvents = input.limits?.maxEvents ?? Infinity
  const maxWallMs = input.limits?.maxWallMs ?? Infinity
  const sim = new Simulator()
  const streams = new RngStreams(input.seed)
  const arrivals = streams.stream('arrivals')
  const service = streams.stream('service')
  const server = new Server(sim, { name: 'queue' })
  const sojourns = new Tally()
  const entered: number[] = []
  let head = 0
  let arrive = 0
  const leave = (): void => {
    const t0 = entered[head++]
    if (t0 >= warmupNs) sojourns.record(sim.now - t0)
  }
  arrive = sim.register(() => {
    entered.push(sim.now)
    const work = Math.round(service.exponential(serviceNs))
    server.submit(work, leave)
    sim.schedule(Math.round(arrivals.exponential(serviceNs / rho)), arrive)
  }, 'arrival')
  sim.schedule(0, arrive)
  sim.after(warmupNs, () => server.resetStats())
  const started = performance.now()
  let stop: 'max-wall' | 'cancelled' | undefined
  const reason = sim.run({
    until: endNs,
    maxEvents,
    progressEvery: 16384,
    progress: (now, events) => {
      if (performance.now() - started > maxWallMs) { stop = 'max-wall'; return false }
      if (onProgress?.({ simTimeNs: now, durationNs: endNs, events }) === false) { stop = 'cancelled'; return false }
      return true
    }
  })
  if (reason === 'max-events') throw new ScenarioLimitError('max-events', `stopped after ${sim.eventsFired} events (stop.maxEvents)`)
  if (stop === 'max-wall') throw new ScenarioLimitError('max-wall', `stopped after ${maxWallMs / 1000} s of wall-clock time (stop.maxWallSeconds)`)
  if (stop === 'cancelled') throw new ScenarioLimitError('cancelled', 'cancelled')
  if (sojourns.count === 0 || server.waits.count === 0) {
    // Nobody went through the queue after warm-up: the waits were not measured (null with the reason, never 0).
    const why = `no customer left the queue in the ${(endNs - warmupNs) / 1000} µs measured after warm-up`
    return {
      metrics: { wait_mean_us: null, sojourn_mean_us: null, utilization: server.utilization(), served: sojourns.count },
      missing: { wait_mean_us: why, sojourn_mean_us: why },
      events: sim.eventsFired,
      simTimeNs: sim.now
    }
  }
  const waitUs = server.waits.mean / 1000
  const sojournUs = sojourns.mean / 1000
  return {
    metrics: {
      wait_mean_us: waitUs,
      sojourn_mean_us: sojournUs,
      utilization: server.utilization(),
      served: sojourns.count,
      stage_us: { queue: waitUs, service: sojournUs - waitUs }
    },
    events: sim.eventsFired,
    simTimeNs: sim.now
  }
}

/** Does nothing but draw one number from the run's seed: the runner's own overhead. */
export const noopScenario: RunScenario = (input) => {
  const u = new RngStreams(input.seed).stream('noop').uniform()
  return { metrics: { u, seed_low: input.seed % 1000 }, events: 0, simTimeNs: 0 }
}
