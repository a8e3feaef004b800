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
  att.devices.forEach((id, k) => {
    const at = [...path, 'devices', k]
    const node = idx.view.nodeById.get(id)
    if (node === undefined) out.push(problem('dangling-reference', at, `virtual disk "${att.id}": the RAID member "${id}" is not a node of the topology`))
    else if (!isStorageKind(node.kind)) out.push(problem('invalid-value', at, `virtual disk "${att.id}": the RAID member "${id}" is a ${node.kind}, not a storage device (disk, ssd, nvme or storage-array)`))
    else if (seen.has(id)) out.push(problem('invalid-value', at, `virtual disk "${att.id}": "${id}" is ${id === att.device ? 'its "device" already' : 'listed twice'}; each RAID member once`))
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
  return out
}
