// Test helpers for the technique-shootout topology: the settings that make a technique the
// one under test (the example's zipped variant axis), shortened experiments, and an added
// closed-loop rpc experiment.
import type { Project } from '../../../core/project/index'
import { at, loadExample, run } from '../scenario/helpers'

export const SHOOTOUT = loadExample('technique-shootout.iovlab.json')

/** Techniques measured on the shootout's NIC guests (the others have their own guest groups). */
const ON_NIC = ['emulated', 'paravirtual', 'passthrough', 'sriov', 'vpio']

/** Sweep settings for variant `v` of experiment `exp` whose workload is `wl` (as the example's variant axis). */
export function variant(exp: string, wl: string, v: string): Record<string, unknown> {
  const group = v === 'native' ? 'dom0' : v === 'self-virtualized' ? 'np-guests' : v === 'scalable-io' ? 'dc-guests' : 'nic-guests'
  return {
    'variables.variant': v,
    'variables.nicTechnique': ON_NIC.includes(v) ? v : 'sriov',
    [`experiments.${exp}.workloads.${wl}.clients`]: `${group}-a`,
    [`experiments.${exp}.workloads.${wl}.servers`]: `${group}-b`
  }
}

/** Ping RTT setup of the shootout for technique `v`, shortened, with extra settings. */
export function pingProject(v: string, extra: Record<string, unknown> = {}, duration = '2s'): Project {
  return at(SHOOTOUT, {
    ...variant('latency-one-guest', 'ping', v), 'experiments.latency-one-guest.duration': duration,
    'experiments.latency-one-guest.warmup': '50ms', ...extra
  })
}

export function rtt(v: string, extra: Record<string, unknown> = {}, duration = '2s'): number {
  const m = run(pingProject(v, extra, duration), 'latency-one-guest')
  return m.rtt_median_us as number
}

/** The shootout with an extra experiment "rpc": n,n:1x1 closed-loop rpc between the NIC guests. */
export function withRpc(project: Project, outstanding = 1, duration = '200ms'): Project {
  const p = structuredClone(project)
  p.experiments.push({
    id: 'rpc', name: 'rpc', replications: 1, stop: {}, sweep: [], duration, warmup: '50ms',
    workloads: [{ id: 'rpc', kind: 'rpc', pattern: 'n,n:1x1', clients: 'nic-guests-a', servers: 'nic-guests-b', params: { outstanding } }]
  })
  return p
}
