// A noisy-neighbour project for network QoS tests and claims: a victim pings while noisy VMs
// stream through the same driver domain or NIC; each workload measured from its own object.
import type { Project } from '../../../../core/project/index'
import { buildWorld } from '../../../../core/scenario/index'
import { at, loadExample } from '../../scenario/helpers'

const SHOOTOUT = loadExample('technique-shootout.iovlab.json')
type Wl = Project['experiments'][number]['workloads'][number]

/**
 * The shootout's NIC hosts with `technique`: the victim (nic-guests) pings and `noisy` VMs
 * (noisy-1…, each with its own params) stream to their twins on host-b, all on one NIC.
 */
export function project(technique: string, noisy: Record<string, unknown>[], sets: Record<string, unknown> = {}, victimPing = true): Project {
  const p = structuredClone(at(SHOOTOUT, { 'variables.nicTechnique': technique, ...sets }))
  const wls: Wl[] = victimPing
    ? [{ id: 'victim', kind: 'ping', pattern: 'n,n:1x1', clients: 'nic-guests-a', servers: 'nic-guests-b', params: { probeBytes: '64B', waitMax: '2ms' } }]
    : []
  noisy.forEach((params, i) => {
    for (const side of ['a', 'b']) {
      const id = `noisy${i + 1}-${side}`
      p.topology.nodes.push({ id, name: id, kind: 'vm', host: `host-${side}`, position: { x: 0, y: 0 }, params: side === 'a' ? params : {} } as Project['topology']['nodes'][number])
      p.topology.attachments.push({ id: `${id}-nic`, vm: id, device: `nic-${side}`, technique } as Project['topology']['attachments'][number])
    }
    wls.push({ id: `noisy${i + 1}`, kind: 'stream', pattern: 'n,n:1x1', clients: `noisy${i + 1}-a`, servers: `noisy${i + 1}-b`, params: { window: '256KiB' } })
  })
  p.experiments.push({ id: 'q', name: 'q', replications: 1, stop: {}, sweep: [], duration: '300ms', warmup: '50ms', workloads: wls })
  return p
}

/** Each workload's metrics, by workload id, from one run. */
export function run(p: Project): Record<string, Record<string, unknown>> {
  const { world, workloads } = buildWorld({ project: p, experimentId: 'q', seed: 1 })
  const exp = p.experiments.find((e) => e.id === 'q')!
  for (const wl of workloads) wl.start()
  world.sim.run({ until: 50e6 })
  for (const wl of workloads) wl.resetStats()
  world.sim.run({ until: 350e6 })
  return Object.fromEntries(workloads.map((wl, i) => [exp.workloads[i].id, wl.metrics(300e6).values]))
}

export const n = (v: unknown): number => {
  if (typeof v !== 'number') throw new Error(`not a number: ${String(v)}`)
  return v
}

