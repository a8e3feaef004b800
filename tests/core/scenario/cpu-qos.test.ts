// CPU controls as mechanisms in a whole run (issue 12): every logical CPU of host-a is
// contended by four SR-IOV guests and four self-virtualized guests streaming with a costly TCP
// send path (as the perturbation test's contended scenario); a weight, a cap or a reservation on
// the SR-IOV guests moves their throughput against the others'. Each workload's goodput is read
// from its own workload object.
import { describe, expect, it } from 'vitest'
import type { Project } from '../../../core/project/index'
import { buildWorld } from '../../../core/scenario/index'
import { at, loadExample } from './helpers'

const SHOOTOUT = loadExample('technique-shootout.iovlab.json')

function contended(sets: Record<string, unknown> = {}, implicitDom0 = false): Project {
  const p = structuredClone(at(SHOOTOUT, {
    'variables.guests': 4, 'variables.nicTechnique': implicitDom0 ? 'paravirtual' : 'sriov', 'topology.nodes.nic-guests-a.params.placement': 'any',
    'topology.nodes.np-guests-a.params.placement': 'any', 'topology.nodes.host-a.params.tcpSendCycles': 300_000, ...sets
  }))
  if (implicitDom0) p.topology.nodes = p.topology.nodes.filter((n) => !n.id.startsWith('dom0'))
  p.experiments.push({
    id: 'q', name: 'q', replications: 1, stop: {}, sweep: [], duration: '300ms', warmup: '30ms',
    workloads: [
      { id: 'nic', kind: 'stream', pattern: 'n,n:1x1', clients: 'nic-guests-a', servers: 'nic-guests-b', params: {} },
      { id: 'np', kind: 'stream', pattern: 'n,n:1x1', clients: 'np-guests-a', servers: 'np-guests-b', params: {} }
    ]
  })
  return p
}

/** Goodput (Mb/s) of each workload by id. */
function goodput(p: Project): Record<string, number> {
  const { world, workloads } = buildWorld({ project: p, experimentId: 'q', seed: 1 })
  for (const wl of workloads) wl.start()
  world.sim.run({ until: 30e6 })
  for (const wl of workloads) wl.resetStats()
  world.sim.run({ until: 330e6 })
  return Object.fromEntries(workloads.map((wl, i) => [p.experiments.at(-1)!.workloads[i].id, wl.metrics(300e6).values.goodput_mbps as number]))
}

describe('CPU controls under contention (whole runs)', () => {
  const base = goodput(contended())

  it('a higher weight gives the SR-IOV guests more of the contended CPUs', () => {
    const heavy = goodput(contended({ 'topology.nodes.nic-guests-a.params.weight': 1024 }))
    console.log(`weight 256 → 1024: SR-IOV guests ${base.nic.toFixed(1)} → ${heavy.nic.toFixed(1)} Mb/s, NP guests ${base.np.toFixed(1)} → ${heavy.np.toFixed(1)} Mb/s`)
    expect(heavy.nic).toBeGreaterThan(1.2 * base.nic)
    expect(heavy.np).toBeLessThan(base.np)
  })

  it('a cap holds the SR-IOV guests below their contended share, and the others gain', () => {
    const capped = goodput(contended({ 'topology.nodes.nic-guests-a.params.cap': 10 }))
    console.log(`cap 10 %: SR-IOV guests ${base.nic.toFixed(1)} → ${capped.nic.toFixed(1)} Mb/s, NP guests ${base.np.toFixed(1)} → ${capped.np.toFixed(1)} Mb/s`)
    expect(capped.nic).toBeLessThan(0.6 * base.nic)
    expect(capped.np).toBeGreaterThan(base.np)
  })

  it('a reservation raises the SR-IOV guests\' throughput under contention', () => {
    const reserved = goodput(contended({ 'topology.nodes.nic-guests-a.params.reservation': 60 }))
    console.log(`reservation 60 %: SR-IOV guests ${base.nic.toFixed(1)} → ${reserved.nic.toFixed(1)} Mb/s`)
    expect(reserved.nic).toBeGreaterThan(1.1 * base.nic)
  })

  it('a cap on the implicit driver domain lowers the paravirtual guests\' throughput', () => {
    const free = goodput(contended({}, true))
    const capped = goodput(contended({ 'topology.nodes.host-a.params.driverDomainCap': 10 }, true))
    console.log(`driver-domain cap 10 %: paravirtual guests ${free.nic.toFixed(1)} → ${capped.nic.toFixed(1)} Mb/s`)
    expect(capped.nic).toBeLessThan(0.75 * free.nic) // measured ≈ 0.53: netback and the bridge get 10 % of one CPU
  })
})
