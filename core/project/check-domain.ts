// The domain rules of a topology: placement on hosts, which link kinds may join which
// components, and whether each VM-to-device attachment can work: the technique's rule from
// core/models/attach-rules.ts, the path, the limits. Linear: every look-up goes through one
// TopologyIndex built per call.
import { ATTACH_RULES, msixGroups } from '../models/attach-rules'
import { CATALOG, LINK_KINDS, linkKindsBetween, techniquesFor } from '../models/catalog'
import type { ComponentKind, TechniqueId } from '../models/catalog'
import { isComponentKind, isLinkKind } from './check-catalog'
import { checkSharing } from './check-sharing'
import { checkWorkloads } from './check-workloads'
import { checkVirtualDisks } from './check-vdisk'
import { checkDmaMemory } from './check-dma-memory'
import { acknowledgement, checkProtections, type Acknowledgement } from './check-protections'
import { indexTopology, type TopologyIndex } from './topology-index'
import { resolveVar } from './param-values'
import { problem, type PathSegment, type Problem } from './problems'
import type { Attachment, ProjectNode as Node } from './schema'
import type { ProjectView } from './view'

const label = (kind: ComponentKind): string => CATALOG[kind].label
const FRAME_DEVICES = new Set(['nic', 'np-nic', 'dc', 'storage-array'])

function describe(node: Node): string {
  return isComponentKind(node.kind) ? `${label(node.kind)} "${node.id}"` : `node "${node.id}"`
}

function checkPlacement(view: ProjectView, out: Problem[]): void {
  for (const { index, item: node } of view.nodes) {
    if (!isComponentKind(node.kind)) continue
    const placedOn = CATALOG[node.kind].placedOn
    const path: PathSegment[] = ['topology', 'nodes', index, 'host']
    if (placedOn && node.host === undefined) {
      out.push(problem('not-placed', path, `${describe(node)} is not placed on a host; set its "host" to the id of a ${placedOn.map(label).join(' or ')}`))
    } else if (!placedOn && node.host !== undefined) {
      out.push(problem('bad-placement', path, `${describe(node)} is not placed inside another component; remove its "host"`))
    } else if (placedOn && node.host !== undefined) {
      const target = view.nodeById.get(node.host)
      if (target && !(placedOn as readonly string[]).includes(target.kind)) {
        out.push(problem('bad-placement', path, `${describe(node)} is placed on ${describe(target)}, but it can only be placed on a ${placedOn.map(label).join(' or ')}`))
      }
    }
  }
}

function checkLinkKinds(view: ProjectView, out: Problem[]): void {
  for (const { index, item: link } of view.links) {
    const a = view.nodeById.get(link.from)
    const b = view.nodeById.get(link.to)
    if (!a || !b || !isComponentKind(a.kind) || !isComponentKind(b.kind) || !isLinkKind(link.kind)) continue
    if (LINK_KINDS[link.kind].implicit) continue
    const allowed = linkKindsBetween(a.kind, b.kind).filter((k) => !LINK_KINDS[k].implicit)
    if (allowed.includes(link.kind)) continue
    const hint = allowed.length > 0 ? `use ${allowed.join(' or ')}` : `no link kind joins a ${label(a.kind)} to a ${label(b.kind)}`
    out.push(problem('link-not-allowed', ['topology', 'links', index, 'kind'],
      `link "${link.id}": a ${LINK_KINDS[link.kind].label} link cannot join ${describe(a)} and ${describe(b)}; ${hint}`))
  }
}

/** A NIC, NP-NIC, DC or storage array sends every frame out of one port: a second Ethernet link would never carry its sends. */
function checkPorts(idx: TopologyIndex, out: Problem[]): void {
  const seen = new Map<string, number>()
  for (const { index, item: link } of idx.view.links) {
    if (link.kind !== 'ethernet') continue
    for (const end of [link.from, link.to]) {
      const node = idx.view.nodeById.get(end)
      if (!node || !FRAME_DEVICES.has(node.kind)) continue
      const prev = seen.get(end)
      if (prev === undefined) seen.set(end, index)
      else {
        out.push(problem('link-not-allowed', ['topology', 'links', index],
          `link "${link.id}": ${describe(node)} already has an Ethernet link ("${idx.view.links[prev]?.item.id ?? prev}"); a device has one port — connect more devices through a switch`))
      }
    }
  }
}

function checkDriverDomains(idx: TopologyIndex, out: Problem[]): void {
  for (const { index, item: node } of idx.view.nodes) {
    if (node.kind !== 'vm' || node.host === undefined || idx.param(node, 'role') !== 'driver-domain') continue
    const first = idx.driverVm.get(node.host)
    if (first && first !== node && idx.view.nodeById.get(node.id) === node) {
      out.push(problem('bad-placement', ['topology', 'nodes', index, 'params', 'role'],
        `VM "${node.id}": host "${node.host}" already has the driver domain "${first.id}"; a host has one driver domain`))
    }
  }
}

function checkPath(idx: TopologyIndex, att: Attachment, vm: Node, device: Node, path: PathSegment[], out: Problem[]): void {
  if (vm.host === undefined) return
  if (device.kind === 'storage-array') {
    if (!arrayReachable(idx, vm.host, device.id)) {
      out.push(problem('no-path', [...path, 'device'], `attachment "${att.id}": VM "${vm.id}" on host "${vm.host}" cannot reach ${describe(device)}; draw an Ethernet link from a NIC placed on "${vm.host}" to it, directly or through switches`))
    }
    return
  }
  if (device.kind !== 'dc') {
    if (device.host !== undefined && device.host !== vm.host) {
      out.push(problem('no-path', [...path, 'device'], `attachment "${att.id}": VM "${vm.id}" on host "${vm.host}" cannot reach ${describe(device)} on host "${device.host}"; a ${label(device.kind as ComponentKind)} serves only VMs on its own host`))
    }
    return
  }
  const gateways = idx.gatewaysOn.get(vm.host) ?? []
  if (gateways.length === 0) {
    out.push(problem('no-host-gateway', [...path, 'device'], `attachment "${att.id}": VM "${vm.id}" uses ${describe(device)}, but its host "${vm.host}" has no Host Gateway; add one placed on "${vm.host}"`))
  } else if (!idx.gatewayLinked(vm.host, device.id)) {
    out.push(problem('no-path', [...path, 'device'], `attachment "${att.id}": no interconnect link (shared-memory, InfiniBand or TCP) joins the Host Gateway of host "${vm.host}" (${gateways.join(', ')}) to ${describe(device)}; draw one`))
  }
}

/** Does a NIC placed on `hostId` have an Ethernet path (through switches only) to storage array `arrayId`? */
export function arrayReachable(idx: TopologyIndex, hostId: string, arrayId: string): boolean {
  const links = idx.view.links.filter(({ item }) => item.kind === 'ethernet').map(({ item }) => item)
  const seen = new Set([arrayId])
  const queue = [arrayId]
  while (queue.length > 0) {
    const cur = queue.shift()!
    for (const l of links) {
      const other = l.from === cur ? l.to : l.to === cur ? l.from : undefined
      if (other === undefined || seen.has(other)) continue
      const node = idx.view.nodeById.get(other)
      if (node?.kind === 'nic' && node.host === hostId) return true
      if (node?.kind === 'switch') { seen.add(other); queue.push(other) }
    }
  }
  return false
}

/** The rule of the technique (attach-rules.ts): the domain's role, the host's IOMMU, SR-IOV's vectors. */
function checkRule(idx: TopologyIndex, att: Attachment, technique: TechniqueId, vm: Node, device: Node, path: PathSegment[], out: Problem[], ack: Acknowledgement): void {
  const rule = ATTACH_RULES[technique]
  const isDriver = idx.isDriverDomain(vm)
  if (rule.role === 'guest' && isDriver) {
    out.push(problem('technique-not-allowed', [...path, 'technique'], `attachment "${att.id}": VM "${vm.id}" is the driver domain of host "${vm.host}" and cannot use "${technique}": ${rule.roleWhy ?? 'it is for guests'}; use "native"`))
  }
  if (rule.role === 'driver-domain' && !isDriver) {
    out.push(problem('technique-not-allowed', [...path, 'technique'], `attachment "${att.id}": VM "${vm.id}" is a guest and cannot use "${technique}": ${rule.roleWhy ?? 'it is the driver domain\'s'}; give the VM the role "driver-domain" or choose another technique`))
  }
  const host = device.host === undefined ? undefined : idx.view.nodeById.get(device.host)
  if (rule.needsIommu && host?.kind === 'host' && idx.param(host, 'iommuEnabled') === false && !ack.ok) {
    out.push(problem('technique-not-allowed', [...path, 'technique'], `attachment "${att.id}": "${technique}" needs the IOMMU of host "${host.id}" to confine the guest's DMA; set the host's "iommuEnabled" to true${ack.hint}`))
  }
  if (technique === 'sriov') {
    const vectors = idx.param(device, 'msixVectors'), perVf = idx.param(device, 'msixVectorsPerVf')
    if (typeof vectors === 'number' && typeof perVf === 'number' && msixGroups(vectors, perVf) < 1) {
      out.push(problem('technique-not-allowed', [...path, 'technique'], `attachment "${att.id}": NIC "${device.id}" has ${vectors} MSI-X vectors, fewer than the ${perVf} one virtual function needs; raise its "msixVectors"`))
    }
  }
}

function checkAttachment(idx: TopologyIndex, att: Attachment, index: number, out: Problem[], ack: Acknowledgement): void {
  const path: PathSegment[] = ['topology', 'attachments', index]
  const vm = idx.view.nodeById.get(att.vm)
  const device = idx.view.nodeById.get(att.device)
  if (vm && vm.kind !== 'vm') {
    out.push(problem('bad-placement', [...path, 'vm'], `attachment "${att.id}": "${vm.id}" is a ${isComponentKind(vm.kind) ? label(vm.kind) : vm.kind}, not a VM`))
  }
  if (vm && vm.kind === 'vm') {
    // Several network interfaces per VM (bonded: issue 10), one per device; a DC's I/O-program port stands alone.
    const mine = idx.attachmentsOf.get(vm.id) ?? []
    const before = mine.slice(0, mine.findIndex((a) => a.item === att))
    const same = before.find((a) => a.item.device === att.device)
    const isDc = (a: Attachment): boolean => idx.view.nodeById.get(a.device)?.kind === 'dc'
    if (same) {
      out.push(problem('invalid-value', [...path, 'vm'], `attachment "${att.id}": VM "${vm.id}" is already attached by "${same.item.id}" to "${att.device}"; a VM has one interface per device`))
    } else if (before.length > 0 && (isDc(att) || isDc(before[0].item))) {
      out.push(problem('invalid-value', [...path, 'vm'], `attachment "${att.id}": VM "${vm.id}" is already attached by "${before[0].item.id}"; a VM that runs I/O programs on a DC has that one interface, and a DC cannot join a bond of network interfaces`))
    }
  }
  if (!device || !isComponentKind(device.kind)) return
  const allowed = techniquesFor(device.kind)
  if (allowed.length === 0) {
    out.push(problem('technique-not-allowed', [...path, 'device'], `attachment "${att.id}": ${describe(device)} is not a device a VM can be attached to`))
    return
  }
  const technique = resolveVar(att.technique, idx.view.variables)
  if (typeof technique !== 'string' || !Object.hasOwn(ATTACH_RULES, technique)) return
  if (!(allowed as readonly string[]).includes(technique)) {
    out.push(problem('technique-not-allowed', [...path, 'technique'], `attachment "${att.id}": a VM cannot reach ${describe(device)} with "${technique}"; a ${label(device.kind)} allows ${allowed.join(', ')}`))
    return
  }
  if (vm && vm.kind === 'vm') {
    checkPath(idx, att, vm, device, path, out)
    checkRule(idx, att, technique as TechniqueId, vm, device, path, out, ack)
  }
}

/** Placement, link kinds and attachment rules; every problem names the ids involved. */
/**
 * Checks the domain rules; `experiment` (an index into the experiments) is the one a sweep point
 * belongs to — its protectionOffAcknowledged lets a protection be off (issue 12) — and undefined
 * for the project as written, which every experiment runs.
 */
export function checkDomain(view: ProjectView, idx: TopologyIndex = indexTopology(view), experiment?: number): Problem[] {
  const ack = acknowledgement(view, experiment)
  const out: Problem[] = []
  checkPlacement(view, out)
  checkLinkKinds(view, out)
  checkPorts(idx, out)
  checkDriverDomains(idx, out)
  for (const { index, item } of view.attachments) checkAttachment(idx, item, index, out, ack)
  out.push(...checkProtections(idx, ack))
  out.push(...checkSharing(view))
  out.push(...checkVirtualDisks(idx))
  out.push(...checkWorkloads(idx, experiment))
  out.push(...checkDmaMemory(idx))
  return out
}
