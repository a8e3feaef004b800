// Workloads of the experiment: clients and servers expanded into VM copies (in node
// order, copies in order), paired by the access pattern (n,n:1x1 — flow i joins client i
// and server i), parameters resolved with units and variables, receive dispatch by flow. A
// client or server VM a workload names an attachment of (clientAttachment / serverAttachment)
// takes part through that one interface instead of its bond.
import { canonicalParam } from '../project/param-values'
import type { Experiment, Workload as WorkloadSpec } from '../project/schema'
import type { ParamSpec } from '../models/catalog'
import { COMMON_WORKLOAD_PARAMS } from '../models/workload-kinds'
import { workloadKind } from '../workloads/registry'
import type { FlowPair, Workload } from '../workloads/types'
import type { Endpoint } from '../techniques/types'
import type { BlockPort } from '../models/storage/block'
import { ScenarioError, attachmentEndpoint, endpointOf } from './build-endpoints'
import type { World } from './world'
import { attackSurface } from './build-attack'

export { COMMON_WORKLOAD_PARAMS }

function refs(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}

/** What the breakdowns need of a built workload: its id and the VM node of each flow's client. */
export interface WorkloadInfo {
  readonly id: string
  /** VM node id of flow i's client (flows in order). */
  readonly clientVms: readonly string[]
}

const infos = new WeakMap<Workload, WorkloadInfo>()

/** The id and flows' client VMs of a workload built by buildWorkloads (undefined for others). */
export function workloadInfo(wl: Workload): WorkloadInfo | undefined {
  return infos.get(wl)
}

/** The endpoints of VMs `ids`, copy by copy; the VM of attachment `attachment` (when not empty) through that interface. */
function expand(w: World, ids: string[], attachment = '', vmOf?: Map<Endpoint, string>): Endpoint[] {
  const att = attachment === '' ? undefined : w.project.topology.attachments.find((a) => a.id === attachment)
  if (attachment !== '' && (att === undefined || !ids.includes(att.vm))) {
    throw new ScenarioError(`attachment "${attachment}" is not an attachment of ${ids.map((id) => `"${id}"`).join(', ')}`)
  }
  const out: Endpoint[] = []
  for (const id of ids) {
    const doms = w.vmDomains.get(id)
    if (doms === undefined) throw new ScenarioError(`workload endpoint "${id}" is not a VM on a host`)
    doms.forEach((_, i) => {
      const ep = att !== undefined && att.vm === id ? attachmentEndpoint(w, att.id, i) : endpointOf(w, id, i)
      vmOf?.set(ep, id)
      out.push(ep)
    })
  }
  return out
}

/** The virtual disks of the VMs `ids`, copies in order (a block workload's clients), with each one's VM. */
function disks(w: World, spec: WorkloadSpec, ids: string[], vms: string[]): BlockPort[] {
  const out: BlockPort[] = []
  for (const id of ids) {
    const doms = w.vmDomains.get(id)
    if (doms === undefined) throw new ScenarioError(`workload "${spec.id}": client "${id}" is not a VM on a host`)
    doms.forEach((_, i) => {
      const port = w.blockPorts.get(`${id}#${i}`)
      if (port === undefined) throw new ScenarioError(`workload "${spec.id}": VM "${id}" has no virtual disk (attach it to a disk, SSD, NVMe device or storage array)`)
      out.push(port)
      vms.push(id)
    })
  }
  return out
}

function resolveParams(w: World, spec: WorkloadSpec, specs: readonly ParamSpec[]): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {}
  for (const s of specs) {
    const r = canonicalParam(s, spec.params[s.key], w.project.variables)
    if (!r.ok) throw new ScenarioError(`workload "${spec.id}": "${s.key}" ${r.message}`)
    out[s.key] = r.value
  }
  return out
}

function pairs(spec: WorkloadSpec, clients: Endpoint[], servers: Endpoint[], active: number): FlowPair[] {
  const pattern = spec.pattern ?? 'n,n:1x1'
  if (!/:1x1$/.test(pattern)) throw new ScenarioError(`workload "${spec.id}": access pattern "${pattern}" is not modelled yet (only …:1x1)`)
  if (servers.length === 0 && workloadKind(spec.kind)?.serverless === true) servers = clients
  const n = Math.min(clients.length, servers.length)
  const all = Array.from({ length: n }, (_, i) => ({ client: clients[i], server: servers[i] }))
  return active > 0 ? all.slice(Math.max(0, n - active)) : all
}

/** Builds every workload of `exp`; endpoints' receive hooks dispatch by flow id. */
export function buildWorkloads(w: World, exp: Experiment): Workload[] {
  const owners: Workload[] = []
  const out: Workload[] = []
  for (const spec of exp.workloads) {
    const kind = workloadKind(spec.kind)
    if (kind === undefined) throw new ScenarioError(`workload "${spec.id}": the "${spec.kind}" workload is not modelled yet`)
    const p = resolveParams(w, spec, [...kind.params, ...COMMON_WORKLOAD_PARAMS])
    const ctx = { sim: w.sim, pool: w.pool, stats: w.stats, rng: w.rng, id: spec.id, flowBase: owners.length, blocks: w.blocks }
    let clientVms: string[] = []
    let wl: Workload
    let flowCount: number
    try {
      if (kind.createBlock !== undefined) {
        const vms: string[] = []
        const all = disks(w, spec, refs(spec.clients), vms)
        const active = Number(p.activeFlows)
        const from = active > 0 ? Math.max(0, all.length - active) : 0
        wl = kind.createBlock(ctx, all.slice(from), p)
        flowCount = wl.flowCount ?? 0
        // flows are jobs: job j of a workload with J jobs per disk belongs to disk ⌊j / J⌋
        const perDisk = all.length - from > 0 ? flowCount / (all.length - from) : 0
        clientVms = Array.from({ length: flowCount }, (_, j) => vms[from + Math.floor(j / Math.max(1, perDisk))] ?? '')
      } else {
        const vmOf = new Map<Endpoint, string>()
        const flows = pairs(spec, expand(w, refs(spec.clients), String(p.clientAttachment), vmOf), expand(w, refs(spec.servers), String(p.serverAttachment)), Number(p.activeFlows))
        wl = kind.createAttack !== undefined ? kind.createAttack(ctx, flows, flows.map((fl) => attackSurface(w, fl.client)), p) : kind.create(ctx, flows, p)
        flowCount = wl.flowCount ?? flows.length
        clientVms = flows.map((f) => vmOf.get(f.client) ?? '')
      }
    } catch (e) {
      if (e instanceof ScenarioError) throw e
      throw new ScenarioError(`workload "${spec.id}": ${(e as Error).message}`)
    }
    for (let i = 0; i < flowCount; i++) owners.push(wl)
    infos.set(wl, { id: spec.id, clientVms })
    out.push(wl)
  }
  const pool = w.pool
  const blocks = w.blocks
  for (const ep of w.endpoints.values()) ep.onReceive = (pkt) => owners[pool.flow[pkt]].receive(pkt)
  // A virtual disk's completions go to the workload whose job issued the request (by its flow id).
  for (const port of w.blockPorts.values()) port.onComplete = (req, ok) => owners[blocks.flow[req]].blockDone?.(req, ok)
  return out
}
