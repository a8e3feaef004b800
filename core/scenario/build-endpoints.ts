// Endpoints from attachments: each copy of a VM gets one endpoint per attachment, built
// by the attachment's technique on its device; a VM with several attachments gets a bond of
// them (models/net/bond.ts) as the endpoint workloads use — unless a workload names one
// attachment (clientAttachment / serverAttachment), whose own endpoint it then uses. A driver
// domain named by a workload but not attached to anything uses the first network device of its
// host natively.
import type { Domain } from '../models/host/domain'
import type { SharedKey } from '../models/shared-objects'
import { BondEndpoint, type BondMode } from '../models/net/bond'
import { num, str } from '../models/param-read'
import { rebindBond } from './bond-rebind'
import { defaultParams, type TechniqueId } from '../models/catalog'
import { attachmentTechnique } from '../project/resolve'
import { isStorageKind } from '../models/storage/storage-kinds'
import { technique } from '../techniques/registry'
import type { AttachContext, Endpoint } from '../techniques/types'
import { params as nodeParamsOf } from './build-hosts'
import type { World } from './world'

export class ScenarioError extends Error {}

/** Each world's endpoint of every attachment, per VM copy (key: attachment id # copy). */
const BY_ATTACHMENT = new WeakMap<World, Map<string, Endpoint>>()

/**
 * Builds the endpoint of VM `vmId`'s copy `copy` on `deviceId` with `tech`, and registers it as
 * the copy's endpoint. `standbyOf` (re-homing a migrating VM, rehome.ts): build it under that
 * endpoint id (the VM's address) and register nothing — the switches keep sending the address to
 * the device that has it until the switch-over moves it.
 */
function attach(w: World, vmId: string, copy: number, dom: Domain, deviceId: string, tech: TechniqueId, standbyOf?: number): Endpoint {
  const device = w.devices.get(deviceId)
  const vmNode = w.project.topology.nodes.find((n) => n.id === vmId)
  // A DC is not inside a host: its consumers reach it from their own host, through its Host Gateway.
  const hostId = device?.kind === 'dc' ? vmNode?.host : w.project.topology.nodes.find((n) => n.id === deviceId)?.host
  const host = hostId === undefined ? undefined : w.hosts.get(hostId)
  if (device === undefined || host === undefined) throw new ScenarioError(`VM "${vmId}" is attached to "${deviceId}", which is not a device on a host`)
  const t = technique(tech)
  if (t === undefined) throw new ScenarioError(`the "${tech}" technique is not modelled yet (attachment of VM "${vmId}" to "${deviceId}")`)
  const ctx: AttachContext = {
    sim: w.sim, pool: w.pool, stats: w.stats, rng: w.rng, host, domain: dom,
    driverDomain: w.driverDomains.get(host.id)!, device, endpointId: standbyOf ?? w.nextEndpoint++, protectionOffAcknowledged: w.protectionOffAcknowledged,
    vm: vmNode === undefined ? defaultParams('vm') : nodeParamsOf(w, vmNode),
    shared: <T>(key: SharedKey<T>, id: string, make: () => T): T => {
      return w.shared.get(key, id, make)
    }
  }
  let ep: Endpoint
  try {
    ep = t.attach(ctx)
  } catch (e) {
    throw new ScenarioError(`VM "${vmId}" on "${deviceId}" with "${tech}": ${(e as Error).message}`)
  }
  if (standbyOf !== undefined) return ep
  w.endpointDevice.set(ep.id, deviceId)
  w.endpoints.set(`${vmId}#${copy}`, ep)
  return ep
}

/** Builds the endpoints of every attachment; a VM copy with several gets their bond (its first attachment's address). */
export function buildEndpoints(w: World): void {
  const members = new Map<string, Endpoint[]>()
  const kindOf = new Map(w.project.topology.nodes.map((n) => [n.id, n.kind]))
  const byAttachment = new Map<string, Endpoint>()
  BY_ATTACHMENT.set(w, byAttachment)
  for (const att of w.project.topology.attachments) {
    if (isStorageKind(kindOf.get(att.device))) continue // a virtual disk, built by build-block.ts
    const doms = w.vmDomains.get(att.vm) ?? []
    const tech = attachmentTechnique(att, w.project.variables)
    doms.forEach((d, i) => {
      const key = `${att.vm}#${i}`
      const list = members.get(key) ?? []
      if (list.length === 0) members.set(key, list)
      const ep = attach(w, att.vm, i, d, att.device, tech)
      byAttachment.set(`${att.id}#${i}`, ep)
      list.push(ep)
    })
  }
  for (const [key, list] of members) {
    if (list.length === 1) {
      w.endpoints.set(key, list[0])
      continue
    }
    const vmNode = w.project.topology.nodes.find((n) => n.id === key.slice(0, key.lastIndexOf('#')))
    const p = vmNode === undefined ? defaultParams('vm') : nodeParamsOf(w, vmNode)
    const bond: BondEndpoint = new BondEndpoint(list, w.pool, {
      mode: str(p, 'bondMode') as BondMode, miimonNs: num(p, 'bondMiimon'), sim: w.sim,
      rebind: (m) => rebindBond(w, bond, m)
    })
    w.endpoints.set(key, bond)
  }
}

/** The endpoint of copy `copy` of VM `vmId`, creating the native one of a driver domain on demand. */
export function endpointOf(w: World, vmId: string, copy: number): Endpoint {
  const ep = w.endpoints.get(`${vmId}#${copy}`)
  if (ep !== undefined) return ep
  const node = w.project.topology.nodes.find((n) => n.id === vmId)
  const dom = w.vmDomains.get(vmId)?.[copy]
  const isDriver = node !== undefined && dom !== undefined && dom === w.driverDomains.get(node.host ?? '')
  const device = isDriver ? w.project.topology.nodes.find((n) => n.host === node.host && (n.kind === 'np-nic' || n.kind === 'nic')) : undefined
  if (!isDriver || device === undefined) throw new ScenarioError(`VM "${vmId}" takes part in a workload but is not attached to any device`)
  return attach(w, vmId, copy, dom, device.id, 'native')
}

/** The endpoint of attachment `attachmentId` of copy `copy` of its VM (the one interface, never the bond). */
export function attachmentEndpoint(w: World, attachmentId: string, copy: number): Endpoint {
  const ep = BY_ATTACHMENT.get(w)?.get(`${attachmentId}#${copy}`)
  if (ep === undefined) throw new ScenarioError(`attachment "${attachmentId}" has no endpoint for copy ${copy} of its VM`)
  return ep
}

/** A standby endpoint for copy `copy` of VM `vmId` on `deviceId` (another host's device) with `tech`, in domain `dom`, under the VM's address `endpointId`; registered nowhere (rehome.ts). */
export function attachStandby(w: World, vmId: string, copy: number, dom: Domain, deviceId: string, tech: TechniqueId, endpointId: number): Endpoint {
  return attach(w, vmId, copy, dom, deviceId, tech, endpointId)
}

/** Makes `ep` the endpoint of copy `copy` of VM `vmId` wherever `old` was (its own endpoint and its attachment's), before the workloads are built. */
export function replaceEndpoint(w: World, vmId: string, copy: number, old: Endpoint, ep: Endpoint): void {
  if (w.endpoints.get(`${vmId}#${copy}`) === old) w.endpoints.set(`${vmId}#${copy}`, ep)
  const byAtt = BY_ATTACHMENT.get(w)
  if (byAtt !== undefined) for (const [k, v] of byAtt) if (v === old) byAtt.set(k, ep)
}
