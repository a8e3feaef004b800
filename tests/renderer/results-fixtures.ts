// Results documents for the results and run tests: a sweep of guests (1, 2, 4) × variant (two, with the
// technique zipped to it), with latency quantiles, goodput, CPU utilisation and a per-stage breakdown.
import type { ResultsDocument, ResultsPoint } from '../../core/api/contract'

const s = (mean: number, ci95: number) => ({ mean, ci95 })

export const VARIANTS = [
  { variant: 'self-virtualized', technique: 'self-virtualized', base: 60 },
  { variant: 'driver-domain', technique: 'paravirtual', base: 90 }
] as const

export function point(guests: number, v: (typeof VARIANTS)[number], shift = 0): ResultsPoint {
  const median = v.base + guests + shift
  return {
    params: { guests, variant: v.variant, technique: v.technique },
    replications: 3,
    metrics: {
      rtt_median_us: s(median, 2),
      rtt_p25_us: s(median - 5, 1),
      rtt_p75_us: s(median + 5, 1),
      rtt_p99_us: s(median + 20, 4),
      goodput_mbps: s(400 / guests, 10),
      vm_exits: s(0, 0),
      cpu_util: {
        cpu0: s(0.1, 0.01), 'host-a/cpu0': s(0.1, 0.01), 'host-b/cpu0': s(0.12, 0.01),
        dom0: s(0.05, 0.01), guests: s(0.2, 0.02), hypervisor: s(0.01, 0.001)
      },
      stage_us: { msg_send: s(14.5, 0.5), msg_recv: s(9.4, 0.3), unused: s(0, 0) }
    }
  }
}

export function sweepDoc(experiment = 'latency', shift = 0): ResultsDocument {
  const points = [1, 2, 4].flatMap((g) => VARIANTS.map((v) => point(g, v, shift)))
  return {
    format: 'iovlab-results', version: 1, project: 'sample', experiment, engine: '0.1.0',
    inputDigest: `sha256:${'1'.repeat(64)}`, digest: `sha256:${'2'.repeat(64)}`, points,
    paramPaths: { guests: 'variables.guests', variant: 'variables.variant', technique: 'variables.technique' }
  }
}
