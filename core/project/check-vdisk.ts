// The domain rules of virtual disks (issue 11) beside the back end's (check-storage.ts: direct
// techniques refuse interposition and the cache, RAID / replication member counts) and the
// sharing rules (check-sharing.ts: a passed-through device has one guest, NVMe VF budgets): an
// attachment of a VM to a storage device (disk, ssd, nvme, storage-array) must use a technique
// that builds a virtual disk (attachBlock); a VM has one virtual disk; RAID members (`devices`)
// exist, are storage devices and differ from `device` and each other; a direct technique (pass-
// through, SR-IOV) has no back end to aggregate devices in. One problem per issue, with its path.
import { isStorageKind, BLOCK_TECHNIQUES, DIRECT_BLOCK_TECHNIQUES } from '../models/storage/storage-kinds'
import { ATTACH_RULES } from '../models/attach-rules'
import type { ComponentKind, TechniqueId } from '../models/catalog'
import { isComponentKind } from './check-catalog'
import { arrayReachable } from './check-domain'
import { resolveVar } from './param-values'
import { problem, type PathSegment, type Problem } from './problems'
import type { Attachment } from './schema'
import type { TopologyIndex } from './topology-index'

function techniqueOf(idx: TopologyIndex, att: Attachment): string | undefined {
  const t = resolveVar(att.technique, idx.view.variables)
  return typeof t === 'string' ? t : undefined
}

function checkMembers(idx: TopologyIndex, att: Attachment, path: PathSegment[], out: Problem[]): void {
  if (att.devices === undefined) return
  const seen = new Set<string>([att.device])
  const host = idx.view.nodeById.get(att.vm)?.host
  att.devices.forEach((id, k) => {
    const at = [...path, 'devices', k]
    const node = idx.view.nodeById.get(id)
    if (node === undefined) out.push(problem('dangling-reference', at, `virtual disk "${att.id}": the RAID member "${id}" is not a node of the topology`))
    else if (!isStorageKind(node.kind)) out.push(problem('invalid-value', at, `virtual disk "${att.id}": the RAID member "${id}" is a ${node.kind}, not a storage device (disk, ssd, nvme or storage-array)`))
    else if (seen.has(id)) out.push(problem('invalid-value', at, `virtual disk "${att.id}": "${id}" is ${id === att.device ? 'its "device" already' : 'listed twice'}; each RAID member once`))
    else if (host !== undefined) {
      // a member is reached as the device is: a local one on the VM's host, an array over Ethernet from it
      if (node.kind === 'storage-array' && !arrayReachable(idx, host, id)) {
        out.push(problem('no-path', at, `virtual disk "${att.id}": the member storage array "${id}" cannot be reached from host "${host}"; draw an Ethernet link from a NIC of "${host}" to it, directly or through switches`))
      } else if (node.kind !== 'storage-array' && node.host !== undefined && node.host !== host) {
        out.push(problem('bad-placement', at, `virtual disk "${att.id}": the member "${id}" is on host "${node.host}", not on VM "${att.vm}"'s host "${host}"`))
      }
    }
    seen.add(id)
  })
}

/** A direct technique has no back end: RAID over several devices has nowhere to run. */
function checkDirect(idx: TopologyIndex, att: Attachment, technique: string, path: PathSegment[], out: Problem[]): void {
  if (!DIRECT_BLOCK_TECHNIQUES.includes(technique)) return
  const raid = resolveVar(att.params?.raid, idx.view.variables)
  if (raid !== undefined && raid !== 'none') {
    out.push(problem('technique-not-allowed', [...path, 'params', 'raid'], `virtual disk "${att.id}": "${technique}" gives the guest the device itself, so the hypervisor is not on the data path and cannot aggregate devices ("raid": ${JSON.stringify(raid)}); use a paravirtual or emulated disk, or set "raid" to "none"`))
  }
}

/** Who owns hardware queues of a local storage device, by technique (pass-through takes them all: check-sharing's rule; SR-IOV uses VF queues). */
const QUEUE_OWNER: Readonly<Record<string, string>> = {
  native: 'the driver domain', emulated: 'the driver domain', paravirtual: 'the driver domain', vpio: 'VPIO', 'scalable-io': 'the DC'
}

const numberOr = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : d)

/**
 * A disk or SSD has one hardware queue, an NVMe device `ioQueues`: each owner of a local device —
 * the driver domain's native driver (serving native, emulated and paravirtual disks; a queue per
 * vCPU when it shares the device), VPIO, a DC — binds its own, so more owners than queues cannot
 * be built. One problem per device, on the attachment that adds the owner too many.
 */
function checkQueueOwners(idx: TopologyIndex, out: Problem[]): void {
  const owners = new Map<string, { owners: Set<string>; reported: boolean }>()
  for (const { index, item: att } of idx.view.attachments) {
    const technique = techniqueOf(idx, att)
    const owner = technique === undefined ? undefined : QUEUE_OWNER[technique]
    if (owner === undefined) continue
    for (const id of [att.device, ...(att.devices ?? [])]) {
      const dev = idx.view.nodeById.get(id)
      if (dev === undefined || !['disk', 'ssd', 'nvme'].includes(dev.kind)) continue
      const e = owners.get(id) ?? { owners: new Set<string>(), reported: false }
      owners.set(id, e)
      e.owners.add(owner)
      const queues = dev.kind === 'nvme' ? numberOr(resolveVar(dev.params.ioQueues, idx.view.variables), 31) : 1
      let dd = 1
      if (e.owners.has('the driver domain') && e.owners.size > 1) {
        const dom0 = idx.view.nodes.find(({ item: n }) => n.kind === 'vm' && n.host === dev.host && resolveVar(n.params.role, idx.view.variables) === 'driver-domain')?.item
        const host = dev.host === undefined ? undefined : idx.view.nodeById.get(dev.host)
        dd = dom0 !== undefined ? numberOr(resolveVar(dom0.params.vcpus, idx.view.variables), 1) : numberOr(resolveVar(host?.params.driverDomainVcpus, idx.view.variables), 1)
      }
      const needed = e.owners.size - (e.owners.has('the driver domain') ? 1 : 0) + (e.owners.has('the driver domain') ? dd : 0)
      if (needed > queues && !e.reported) {
        e.reported = true
        out.push(problem('technique-not-allowed', ['topology', 'attachments', index, 'technique'], `virtual disk "${att.id}": ${dev.kind === 'nvme' ? 'NVMe device' : dev.kind === 'ssd' ? 'SSD' : 'disk'} "${id}" has ${queues} hardware queue${queues === 1 ? '' : 's'}, but ${[...e.owners].join(', ')} each need their own${dd > 1 ? ` (the driver domain one per vCPU: ${dd})` : ''}; serve its virtual disks one way${dev.kind === 'nvme' ? ' or raise its "ioQueues"' : ''}`))
      }
    }
  }
}

/** Each virtual disk copy on a storage array (as its device or a member) opens an initiator session: at most the array's `sessions`. */
function checkSessions(idx: TopologyIndex, out: Problem[]): void {
  const open = new Map<string, number>()
  for (const { index, item: att } of idx.view.attachments) {
    const vm = idx.view.nodeById.get(att.vm)
    const copies = vm === undefined ? 1 : numberOr(resolveVar(vm.params.count, idx.view.variables), 1)
    for (const id of new Set([att.device, ...(att.devices ?? [])])) {
      const dev = idx.view.nodeById.get(id)
      if (dev?.kind !== 'storage-array') continue
      const sessions = numberOr(resolveVar(dev.params.sessions, idx.view.variables), 16)
      const before = open.get(id) ?? 0
      open.set(id, before + copies)
      if (before <= sessions && before + copies > sessions) {
        out.push(problem('technique-not-allowed', ['topology', 'attachments', index, 'device'], `virtual disk "${att.id}": storage array "${id}" accepts ${sessions} initiator session${sessions === 1 ? '' : 's'}, and its virtual disks need ${before + copies} so far (one per VM copy); raise its "sessions"`))
      }
    }
  }
}

/** Every attachment to a storage device against the rules above. */
export function checkVirtualDisks(idx: TopologyIndex): Problem[] {
  const out: Problem[] = []
  const disksOf = new Map<string, string>()
  for (const { index, item: att } of idx.view.attachments) {
    const device = idx.view.nodeById.get(att.device)
    if (device === undefined || !isStorageKind(device.kind)) continue
    const path: PathSegment[] = ['topology', 'attachments', index]
    const first = disksOf.get(att.vm)
    if (first !== undefined) {
      out.push(problem('invalid-value', [...path, 'vm'], `virtual disk "${att.id}": VM "${att.vm}" already has the virtual disk "${first}"; a VM has one virtual disk (aggregate devices with "devices" and "raid")`))
    } else disksOf.set(att.vm, att.id)
    checkMembers(idx, att, path, out)
    const technique = techniqueOf(idx, att)
    if (technique === undefined) continue
    // A technique whose attach rule leaves out the device's kind is check-domain's problem; this one
    // is a technique the rule allows (or a kind the catalog does not know yet) that builds no virtual disk.
    const ruled = Object.hasOwn(ATTACH_RULES, technique) && isComponentKind(device.kind)
    if (ruled && !ATTACH_RULES[technique as TechniqueId].deviceKinds.includes(device.kind as ComponentKind)) continue
    if (!BLOCK_TECHNIQUES.includes(technique)) {
      out.push(problem('technique-not-allowed', [...path, 'technique'], `virtual disk "${att.id}": "${technique}" does not serve storage devices; a disk, SSD, NVMe device or storage array is reached with ${BLOCK_TECHNIQUES.join(', ')}`))
      continue
    }
    checkDirect(idx, att, technique, path, out)
  }
  checkQueueOwners(idx, out)
  checkSessions(idx, out)
  return out
}
