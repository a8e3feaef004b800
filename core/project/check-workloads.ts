// The domain rules of workloads, as the scenario builds them (core/scenario/build-workloads.ts):
// every client and server is a VM placed on a host that reaches a device (its attachment, or
// the driver domain's own NIC); the access pattern is one the model runs; the techniques
// fit the workload; and frames of every flow can get from the client's device to the
// server's. Linear in the number of workloads and endpoint ids (flows are walked as runs of
// one client VM against one server VM, never copy by copy). A workload that names one
// attachment of a client or server VM (clientAttachment / serverAttachment) must name one of
// that side's VMs' own, and that VM then takes part through that attachment alone.
import { ATTACH_RULES, nicUsesShare } from '../models/attach-rules'
import { CATALOG } from '../models/catalog'
import type { ComponentKind, TechniqueId } from '../models/catalog'
import { ATTACK_TECHNIQUES, isWorkloadKind, WORKLOAD_KINDS } from '../models/workload-kinds'
import { resolveVar, canonicalParam } from './param-values'
import { isStorageKind } from '../models/storage/storage-kinds'
import { workloadParamSpec } from '../models/workload-kinds'
import { problem, type PathSegment, type Problem } from './problems'
import type { Attachment, ProjectNode as Node, Workload } from './schema'
import type { TopologyIndex } from './topology-index'

/** An endpoint VM as the scenario sees it: its device and technique, or why it has none. */
/** A VM as a workload reaches it: its first (primary) device, and every device it sends through (a bond). */
interface Reach { vm: Node; device?: Node; devices?: Node[]; technique?: string; copies: number }

function copiesOf(idx: TopologyIndex, vm: Node): number {
  if (idx.isDriverDomain(vm)) return 1
  const n = idx.param(vm, 'count')
  return typeof n === 'number' && n >= 1 ? n : 1
}

function describe(node: Node): string {
  return Object.hasOwn(CATALOG, node.kind) ? `${CATALOG[node.kind as ComponentKind].label} "${node.id}"` : `node "${node.id}"`
}

function reach(idx: TopologyIndex, id: string, at: PathSegment[], owner: string, out: Problem[], chosen?: Attachment): Reach | undefined {
  const node = idx.view.nodeById.get(id)
  if (!node) return undefined // dangling: check-refs reports it
  if (node.kind !== 'vm') {
    out.push(problem('invalid-value', at, `${owner}: ${describe(node)} is not a VM; workloads run between VMs`))
    return undefined
  }
  if (node.host === undefined) return undefined // not placed: check-domain reports it
  // A virtual disk (an attachment to a storage device) is no network interface.
  const all = (idx.attachmentsOf.get(id) ?? []).filter((a) => !isStorageKind(idx.view.nodeById.get(a.item.device)?.kind))
  const att = chosen?.vm === id ? chosen : all[0]?.item
  if (att) {
    const device = idx.view.nodeById.get(att.device)
    const technique = resolveVar(att.technique, idx.view.variables)
    const devices = all.length > 1 && att !== chosen ? all.flatMap((a) => idx.view.nodeById.get(a.item.device) ?? []) : undefined
    return { vm: node, device, devices, technique: typeof technique === 'string' ? technique : undefined, copies: copiesOf(idx, node) }
  }
  if (idx.isDriverDomain(node)) {
    const device = idx.firstNetDevice.get(node.host)
    if (device) {
      const exclusive = (idx.attachmentsTo.get(device.id) ?? []).find((a) => {
        const t = resolveVar(a.item.technique, idx.view.variables)
        const use = typeof t === 'string' && Object.hasOwn(ATTACH_RULES, t) ? ATTACH_RULES[t as TechniqueId].nicUse : undefined
        return device.kind === 'nic' && use !== undefined && !nicUsesShare('driver-domain', use)
      })
      if (exclusive) {
        out.push(problem('technique-not-allowed', at, `${owner}: VM "${id}" is the driver domain of host "${node.host}" and would drive ${describe(device)} natively, but attachment "${exclusive.item.id}" uses it in a way that cannot share it; attach the driver domain to another device`))
        return undefined
      }
      return { vm: node, device, technique: 'native', copies: 1 }
    }
    out.push(problem('no-path', at, `${owner}: VM "${id}" is the driver domain of host "${node.host}", which has no NIC or NP-NIC to drive; place one on it`))
    return undefined
  }
  out.push(problem('no-path', at, `${owner}: VM "${id}" takes part in the workload but is not attached to any device; attach it to a NIC, NP-NIC or DC`))
  return undefined
}

function refsOf(w: Workload, role: 'clients' | 'servers'): { id: string; at: PathSegment[] }[] {
  const refs = w[role]
  if (refs === undefined) return []
  return (Array.isArray(refs) ? refs : [refs]).map((id, k) => ({ id, at: Array.isArray(refs) ? [role, k] : [role] }))
}

interface Side { reach: Reach; at: PathSegment[] }

/**
 * The attachment a workload names for one side (clientAttachment / serverAttachment), when it is
 * one of that side's VMs' own; a problem at the parameter's path when it is not. Undefined: none named.
 */
function chosenAttachment(idx: TopologyIndex, w: Workload, role: 'clients' | 'servers', base: PathSegment[], owner: string, out: Problem[]): Attachment | undefined {
  const key = role === 'clients' ? 'clientAttachment' : 'serverAttachment'
  const raw = resolveVar(w.params[key], idx.view.variables)
  if (typeof raw !== 'string' || raw === '') return undefined // absent, or not a text: check-catalog reports that
  const at = [...base, 'params', key]
  const att = idx.view.attachments.find((a) => a.item.id === raw)?.item
  const vms = refsOf(w, role).map((r) => r.id)
  const side = role === 'clients' ? 'client' : 'server'
  if (att === undefined) {
    out.push(problem('dangling-reference', at, `${owner}: ${key} "${raw}" is not an attachment of this project`))
  } else if (!vms.includes(att.vm)) {
    out.push(problem('invalid-value', at, `${owner}: ${key} "${raw}" attaches VM "${att.vm}", which is not a ${side} of the workload (${vms.length > 0 ? vms.map((v) => `"${v}"`).join(', ') : 'none'}); name an attachment of a ${side} VM`))
  } else return att
  return undefined
}

function sides(idx: TopologyIndex, w: Workload, role: 'clients' | 'servers', base: PathSegment[], owner: string, out: Problem[]): Side[] | undefined {
  let ok = true
  const list: Side[] = []
  const chosen = chosenAttachment(idx, w, role, base, owner, out)
  for (const { id, at } of refsOf(w, role)) {
    const r = reach(idx, id, [...base, ...at], owner, out, chosen)
    if (r) list.push({ reach: r, at: [...base, ...at] })
    else ok = false
  }
  return ok ? list : undefined
}

/** Runs of flows: client copy i meets server copy i; walks both lists by runs of one VM each. */
function flowRuns(clients: Side[], servers: Side[], active: number, visit: (c: Side, s: Side) => boolean): void {
  const total = Math.min(clients.reduce((n, c) => n + c.reach.copies, 0), servers.reduce((n, s) => n + s.reach.copies, 0))
  const first = active > 0 ? Math.max(0, total - active) : 0
  let ci = 0, si = 0, cLeft = clients[0]?.reach.copies ?? 0, sLeft = servers[0]?.reach.copies ?? 0, flow = 0
  while (ci < clients.length && si < servers.length && flow < total) {
    const step = Math.min(cLeft, sLeft)
    if (flow + step > first && !visit(clients[ci], servers[si])) return
    flow += step
    cLeft -= step
    sLeft -= step
    if (cLeft === 0 && ++ci < clients.length) cLeft = clients[ci].reach.copies
    if (sLeft === 0 && ++si < servers.length) sLeft = servers[si].reach.copies
  }
}

function checkTechniques(kind: keyof typeof WORKLOAD_KINDS, list: Side[], owner: string, out: Problem[]): void {
  const spec = WORKLOAD_KINDS[kind]
  for (const { reach: r, at } of list) {
    const t = r.technique
    if (t === undefined || !Object.hasOwn(ATTACH_RULES, t)) continue
    if (spec.techniques && !spec.techniques.includes(t as TechniqueId)) {
      out.push(problem('technique-not-allowed', at, `${owner}: VM "${r.vm.id}" is attached with "${t}", but a ${spec.label} workload needs ${spec.techniques.join(' or ')}`))
    }
  }
}

/** Issue 12: an attack's clients must be attached with a technique the attack applies to. */
function checkAttack(idx: TopologyIndex, w: Workload, clients: Side[], owner: string, out: Problem[]): void {
  const raw = resolveVar(w.params.kind, idx.view.variables) ?? 'rogue-dma'
  if (typeof raw !== 'string' || !Object.hasOwn(ATTACK_TECHNIQUES, raw)) return
  const ok: readonly string[] = ATTACK_TECHNIQUES[raw as keyof typeof ATTACK_TECHNIQUES]
  for (const { reach: r, at } of clients) {
    if (r.technique !== undefined && ok.includes(r.technique)) continue
    out.push(problem('technique-not-allowed', at, `${owner}: the "${raw}" attack needs its attacker attached with ${ok.join(', ')}; VM "${r.vm.id}" is ${r.technique === undefined ? 'not attached to a device' : `attached with "${r.technique}"`}`))
  }
}

function checkPaths(idx: TopologyIndex, clients: Side[], servers: Side[], active: number, owner: string, out: Problem[]): void {
  let reported = 0
  flowRuns(clients, servers, active, (c, s) => {
    const a0 = c.reach.device, b0 = s.reach.device
    if (!a0 || !b0) return true
    // A bonded side sends through any of its devices and receives on its first: each must reach the other side's first.
    const pairs: [Node, Node][] = [[a0, b0], ...(c.reach.devices ?? []).slice(1).map((d): [Node, Node] => [d, b0]), ...(s.reach.devices ?? []).slice(1).map((d): [Node, Node] => [a0, d])]
    for (const [a, b] of pairs) {
      // A DC's offloaded stack loops frames between its own consumers back without the wire.
      if (idx.framesReach(a.id, b.id) || (a.id === b.id && a.kind === 'dc')) continue
      const why = !idx.portsOf.has(a.id) ? `${describe(a)} has no Ethernet link`
        : !idx.portsOf.has(b.id) ? `${describe(b)} has no Ethernet link`
          : a.id === b.id ? `frames ${describe(a)} sends leave through its port and come back only through a switch`
            : `no Ethernet link or switch joins ${describe(a)} and ${describe(b)}`
      out.push(problem('no-path', c.at, `${owner}: client "${c.reach.vm.id}" cannot reach server "${s.reach.vm.id}": ${why}`))
      return ++reported < 20
    }
    return true
  })
}

function checkWorkload(idx: TopologyIndex, expId: string, w: Workload, base: PathSegment[], out: Problem[]): void {
  const owner = `workload "${w.id}" of experiment "${expId}"`
  const pattern = w.pattern ?? 'n,n:1x1'
  if (!/:1x1$/.test(pattern)) {
    out.push(problem('invalid-value', [...base, 'pattern'], `${owner}: the access pattern "${pattern}" is not modelled yet; only one flow per client and server ("…:1x1") is`))
  }
  if (!isWorkloadKind(w.kind)) return
  const spec = WORKLOAD_KINDS[w.kind]
  if (spec.block === true) return checkBlockWorkload(idx, w, base, owner, out)
  const clients = sides(idx, w, 'clients', base, owner, out)
  const servers = sides(idx, w, 'servers', base, owner, out)
  if (clients) checkTechniques(w.kind, clients, owner, out)
  if (clients && w.kind === 'attack') checkAttack(idx, w, clients, owner, out)
  if (servers) checkTechniques(w.kind, servers, owner, out)
  if (!spec.network || !clients || !servers || idx.incomplete) return
  const activeRaw = resolveVar(w.params.activeFlows, idx.view.variables)
  const active = typeof activeRaw === 'number' && Number.isInteger(activeRaw) && activeRaw > 0 ? activeRaw : 0
  checkPaths(idx, clients, servers, active, owner, out)
}

/**
 * A block workload: every client is a VM on a host with a virtual disk (an attachment to a storage
 * device); it has no servers; its block size is a whole number of 512-byte sectors.
 */
function checkBlockWorkload(idx: TopologyIndex, w: Workload, base: PathSegment[], owner: string, out: Problem[]): void {
  if (w.servers !== undefined && refsOf(w, 'servers').length > 0) {
    out.push(problem('invalid-value', [...base, 'servers'], `${owner}: a block workload drives its clients' virtual disks and has no servers; remove "servers"`))
  }
  const disks: { id: string; att: Attachment }[] = []
  for (const { id, at } of refsOf(w, 'clients')) {
    const node = idx.view.nodeById.get(id)
    if (!node) continue // dangling: check-refs reports it
    if (node.kind !== 'vm') {
      out.push(problem('invalid-value', [...base, ...at], `${owner}: ${describe(node)} is not a VM; a block workload runs in VMs`))
      continue
    }
    if (node.host === undefined) continue // not placed: check-domain reports it
    const disk = (idx.attachmentsOf.get(id) ?? []).find((a) => isStorageKind(idx.view.nodeById.get(a.item.device)?.kind))
    if (!disk) out.push(problem('no-path', [...base, ...at], `${owner}: VM "${id}" has no virtual disk; attach it to a disk, SSD, NVMe device or storage array`))
    else disks.push({ id, att: disk.item })
  }
  const bs = blockParam(idx, w, 'blockSize')
  if (bs !== undefined && bs % 512 !== 0) {
    out.push(problem('bad-param', [...base, 'params', 'blockSize'], `${owner}: "blockSize" ${bs} B is not a whole number of 512-byte sectors`))
  }
  const ws = blockParam(idx, w, 'workingSet')
  if (ws === undefined || bs === undefined) return
  if (ws > 0 && ws < bs) {
    out.push(problem('bad-param', [...base, 'params', 'workingSet'], `${owner}: the working set (${ws} B) holds no ${bs}-byte block; make it at least "blockSize"`))
  }
  for (const { id, att } of disks) {
    const cap = diskCapacity(idx, att)
    if (cap !== undefined && ws > cap) {
      out.push(problem('bad-param', [...base, 'params', 'workingSet'], `${owner}: the working set (${ws} B) is larger than the ${cap} B virtual disk of VM "${id}" ("${att.id}")`))
      break
    }
  }
}

/** A block workload's numeric parameter, canonical (default when unwritten); undefined when unreadable (reported elsewhere). */
function blockParam(idx: TopologyIndex, w: Workload, key: string): number | undefined {
  const spec = workloadParamSpec('block', key)
  if (spec === undefined) return undefined
  const r = canonicalParam(spec, w.params[key], idx.view.variables)
  return r.ok && typeof r.value === 'number' ? r.value : undefined
}

/**
 * The bytes a virtual disk exports, when its devices state their size (a catalog parameter of
 * dimension size named "…capacity…"): the smallest member, times the members for RAID-0.
 */
function diskCapacity(idx: TopologyIndex, att: Attachment): number | undefined {
  const members = [att.device, ...(att.devices ?? [])].map((d) => idx.view.nodeById.get(d))
  const caps: number[] = []
  for (const m of members) {
    if (m === undefined || !Object.hasOwn(CATALOG, m.kind)) return undefined
    const spec = CATALOG[m.kind as ComponentKind].params.find((s) => s.dimension === 'size' && /capacity/i.test(s.key))
    const v = spec === undefined ? undefined : idx.param(m, spec.key)
    if (typeof v !== 'number') return undefined
    caps.push(v)
  }
  const raid = resolveVar(att.params?.raid, idx.view.variables)
  return Math.min(...caps) * (raid === 'raid0' ? caps.length : 1)
}

/**
 * Every workload of every experiment against the topology — or, at a sweep point (`experiment`, an
 * index into the experiments), only that experiment's: the point's topology is run by it alone.
 */
export function checkWorkloads(idx: TopologyIndex, experiment?: number): Problem[] {
  const out: Problem[] = []
  for (const { index, item: exp } of idx.view.experiments) {
    if (experiment !== undefined && index !== experiment) continue
    exp.workloads.forEach((w, wi) => checkWorkload(idx, exp.id, w, ['experiments', index, 'workloads', wi], out))
  }
  return out
}
