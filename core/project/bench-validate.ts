// A benchmark of project loading: builds a valid 2,000-node / 5,000-link project and times
// parse + validate of its text, for `iovlab bench` (the goal: under 300 ms).
import { parseProject } from './parse'
import { SCHEMA_VERSION, type ProjectInput } from './schema'
import { serializeProject } from './serialize'

export interface ValidateBenchResult {
  readonly benchmark: 'validate'
  readonly nodes: number
  readonly links: number
  readonly bytes: number
  readonly runs: number
  /** The first (cold: nothing compiled yet) parse + validate, in milliseconds, as a one-shot CLI sees it. */
  readonly firstMs: number
  /** Median and fastest wall-clock time of the following runs, in milliseconds. */
  readonly medianMs: number
  readonly minMs: number
}

const pos = (i: number): { x: number; y: number } => ({ x: (i % 50) * 40, y: Math.floor(i / 50) * 40 })

/** A valid project: hosts with a NIC each and guests attached to it, a fabric of switches. */
export function buildBenchProject(hosts = 100, guestsPerHost = 3, switches = 1500, links = 5000): ProjectInput {
  const nodes: ProjectInput['topology']['nodes'] = []
  const attachments: NonNullable<ProjectInput['topology']['attachments']> = []
  for (let h = 0; h < hosts; h++) {
    nodes.push({ id: `host-${h}`, kind: 'host', name: `Host ${h}`, position: pos(nodes.length), params: { clock: '2.8GHz', logicalCpus: 4 } })
    nodes.push({ id: `nic-${h}`, kind: 'nic', name: `NIC ${h}`, host: `host-${h}`, position: pos(nodes.length), params: { lineRate: '1Gbps' } })
    for (let g = 0; g < guestsPerHost; g++) {
      nodes.push({ id: `vm-${h}-${g}`, kind: 'vm', name: `Guest ${h}.${g}`, host: `host-${h}`, position: pos(nodes.length), params: { count: { var: 'guests' } } })
      attachments.push({ id: `att-${h}-${g}`, vm: `vm-${h}-${g}`, device: `nic-${h}`, technique: 'paravirtual' })
    }
  }
  for (let s = 0; s < switches; s++) nodes.push({ id: `sw-${s}`, kind: 'switch', name: `Switch ${s}`, position: pos(nodes.length), params: {} })
  // A device has one port: each NIC is linked to one switch; the other links join switches.
  const ends = Array.from({ length: switches }, (_, s) => `sw-${s}`)
  const edges: ProjectInput['topology']['links'] = []
  for (let h = 0; h < hosts; h++) {
    edges.push({ id: `link-nic-${h}`, kind: 'ethernet', from: `nic-${h}`, to: ends[(h * 7919) % ends.length], params: { bandwidth: '1Gbps', propagationDelay: '50ns' } })
  }
  for (let l = hosts; l < links; l++) {
    const a = ends[(l * 7919) % ends.length]
    let b = ends[(l * 104_729 + 13) % ends.length]
    if (b === a) b = ends[(ends.indexOf(a) + 1) % ends.length]
    edges.push({ id: `link-${l}`, kind: 'ethernet', from: a, to: b, params: { bandwidth: '1Gbps', propagationDelay: '50ns' } })
  }
  return {
    format: 'iovlab-project', schemaVersion: SCHEMA_VERSION, name: 'bench', seed: 1, variables: { guests: 1 },
    topology: { nodes, links: edges, attachments },
    experiments: [{ id: 'e', name: 'E', duration: '1s', sweep: [{ 'variables.guests': [1, 2, 4] }] }]
  }
}

/** Times parse + validate of the benchmark project's text: once cold, then `runs` times. */
export function benchValidate(runs = 7): ValidateBenchResult {
  const input = buildBenchProject()
  const text = serializeProject(input as never)
  const t0 = performance.now()
  const first = parseProject(text, 'bench')
  const firstMs = performance.now() - t0
  if (!first.ok) throw new Error(`bench project is invalid: ${first.problems[0]?.message}`)
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    parseProject(text, 'bench')
    times.push(performance.now() - t0)
  }
  times.sort((a, b) => a - b)
  const round = (x: number): number => Math.round(x * 10) / 10
  return {
    benchmark: 'validate', nodes: input.topology.nodes?.length ?? 0, links: input.topology.links?.length ?? 0,
    bytes: new TextEncoder().encode(text).byteLength, runs, firstMs: round(firstMs), medianMs: round(times[Math.floor(runs / 2)]), minMs: round(times[0])
  }
}
