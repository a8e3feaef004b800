// The domain rules of a topology: placement on hosts, which link kinds may join which
// components, and whether each VM-to-device attachment can work (technique, path, limits).
import { CATALOG, LINK_KINDS, linkKindsBetween, techniquesFor } from '../models/catalog'
import type { ComponentKind } from '../models/catalog'
import { isComponentKind, isLinkKind } from './check-catalog'
import { checkSharing } from './check-sharing'
import { resolveVar } from './param-values'
import { problem, type PathSegment, type Problem } from './problems'
import type { Attachment, ProjectNode as Node } from './schema'
import type { ProjectView } from './view'

const label = (kind: ComponentKind): string => CATALOG[kind].label

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

function neighbours(view: ProjectView): Map<string, string[]> {
  const adj = new Map<string, string[]>()
  const add = (x: string, y: string): void => {
    const list = adj.get(x)
    if (list) list.push(y)
    else adj.set(x, [y])
  }
  for (const { item } of view.links) {
    add(item.from, item.to)
    add(item.to, item.from)
  }
  return adj
}

function reachable(adj: Map<string, string[]>, from: readonly string[], target: string): boolean {
  const seen = new Set(from)
  const queue = [...from]
  while (queue.length > 0) {
    const cur = queue.shift() as string
    if (cur === target) return true
    for (const next of adj.get(cur) ?? []) {
      if (!seen.has(next)) {
        seen.add(next)
        queue.push(next)
      }
    }
  }
  return false
}

interface AttachmentCtx { view: ProjectView; adj: Map<string, string[]>; out: Problem[] }

function checkPath(ctx: AttachmentCtx, att: Attachment, vm: Node, device: Node, path: PathSegment[]): void {
  if (vm.host === undefined) return
  if (device.kind !== 'dc') {
    if (device.host !== undefined && device.host !== vm.host) {
      ctx.out.push(problem('no-path', [...path, 'device'], `attachment "${att.id}": VM "${vm.id}" on host "${vm.host}" cannot reach ${describe(device)} on host "${device.host}"; a ${label(device.kind as ComponentKind)} serves only VMs on its own host`))
    }
    return
  }
  const gateways = ctx.view.nodes.filter(({ item }) => item.kind === 'host-gateway' && item.host === vm.host).map(({ item }) => item.id)
  if (gateways.length === 0) {
    ctx.out.push(problem('no-host-gateway', [...path, 'device'], `attachment "${att.id}": VM "${vm.id}" uses ${describe(device)}, but its host "${vm.host}" has no Host Gateway; add one placed on "${vm.host}"`))
  } else if (!reachable(ctx.adj, gateways, device.id)) {
    ctx.out.push(problem('no-path', [...path, 'device'], `attachment "${att.id}": no link path leads from the Host Gateway of host "${vm.host}" (${gateways.join(', ')}) to ${describe(device)}`))
  }
}

function checkAttachment(ctx: AttachmentCtx, att: Attachment, index: number): void {
  const path: PathSegment[] = ['topology', 'attachments', index]
  const vm = ctx.view.nodeById.get(att.vm)
  const device = ctx.view.nodeById.get(att.device)
  if (vm && vm.kind !== 'vm') {
    ctx.out.push(problem('bad-placement', [...path, 'vm'], `attachment "${att.id}": "${vm.id}" is a ${isComponentKind(vm.kind) ? label(vm.kind) : vm.kind}, not a VM`))
  }
  if (!device || !isComponentKind(device.kind)) return
  const allowed = techniquesFor(device.kind)
  if (allowed.length === 0) {
    ctx.out.push(problem('technique-not-allowed', [...path, 'device'], `attachment "${att.id}": ${describe(device)} is not a device a VM can be attached to`))
    return
  }
  const technique = resolveVar(att.technique, ctx.view.variables)
  if (typeof technique === 'string' && !(allowed as readonly string[]).includes(technique)) {
    ctx.out.push(problem('technique-not-allowed', [...path, 'technique'], `attachment "${att.id}": a VM cannot reach ${describe(device)} with "${technique}"; a ${label(device.kind)} allows ${allowed.join(', ')}`))
  }
  if (vm && vm.kind === 'vm') checkPath(ctx, att, vm, device, path)
}

/** Placement, link kinds and attachment rules; every problem names the ids involved. */
export function checkDomain(view: ProjectView): Problem[] {
  const out: Problem[] = []
  checkPlacement(view, out)
  checkLinkKinds(view, out)
  const ctx: AttachmentCtx = { view, adj: neighbours(view), out }
  for (const { index, item } of view.attachments) checkAttachment(ctx, item, index)
  out.push(...checkSharing(view))
  return out
}
