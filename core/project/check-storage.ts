// The domain rules of virtual disks (issue 11): an attachment of a VM to a storage device (disk,
// ssd, nvme, storage-array) must use a technique that builds a virtual disk; a VM has one
// virtual disk; RAID members (`devices`) exist, are storage devices and differ from the
// attachment's `device` and each other; a device passed through to a guest has no other user;
// and, for a technique whose guest drives the device itself (pass-through, SR-IOV), no back-end
// stage (interposition, buffer cache) is asked for — seed 001: the hypervisor is not on the data
// path, so it has nowhere to put them. One problem per issue, with its JSON path.
import { isStorageKind, BLOCK_TECHNIQUES, DIRECT_BLOCK_TECHNIQUES } from '../models/storage/storage-kinds'
import { resolveVar } from './param-values'
import { problem, type PathSegment, type Problem } from './problems'
import type { Attachment } from './schema'
import type { TopologyIndex } from './topology-index'

/** Back-end parameters that need the hypervisor (or the driver domain) on the data path, and the value that means "none". */
const BACKEND_ONLY: readonly { key: string; none: string }[] = [
  { key: 'interpose', none: 'none' },
  { key: 'cache', none: 'none' },
  { key: 'raid', none: 'none' }
]

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
  const raid = resolveVar(att.params?.raid, idx.view.variables)
  if (att.devices.length > 0 && (raid === undefined || raid === 'none')) {
    out.push(problem('invalid-value', [...path, 'devices'], `virtual disk "${att.id}" lists RAID members in "devices" but its "raid" is none; set "params.raid" to "raid0" or "raid1", or remove "devices"`))
  }
}

function checkDirect(idx: TopologyIndex, att: Attachment, technique: string, path: PathSegment[], out: Problem[]): void {
  if (!DIRECT_BLOCK_TECHNIQUES.includes(technique)) return
  for (const { key, none } of BACKEND_ONLY) {
    const v = resolveVar(att.params?.[key], idx.view.variables)
    if (v === undefined || v === none) continue
    out.push(problem('technique-not-allowed', [...path, 'params', key], `virtual disk "${att.id}": "${technique}" gives the guest the device itself, so the hypervisor is not on the data path and cannot ${key === 'cache' ? 'cache its I/O' : key === 'raid' ? 'aggregate devices' : 'interpose on its I/O'} ("${key}": ${JSON.stringify(v)}); use a paravirtual or emulated disk, or set "${key}" to "${none}"`))
  }
  if (technique === 'passthrough') {
    const vm = idx.view.nodeById.get(att.vm)
    const copies = vm === undefined ? 1 : idx.param(vm, 'count')
    if (typeof copies === 'number' && copies > 1 && !(vm !== undefined && idx.isDriverDomain(vm))) {
      out.push(problem('passthrough-shared', [...path, 'technique'], `virtual disk "${att.id}": "${att.device}" is passed through to VM "${att.vm}", which has ${copies} copies; a passed-through device has one user (use "sriov" to give each copy a virtual function)`))
    }
    const others = (idx.attachmentsTo.get(att.device) ?? []).filter((a) => a.item !== att)
    if (others.length > 0) {
      out.push(problem('passthrough-shared', [...path, 'technique'], `virtual disk "${att.id}": "${att.device}" is passed through to VM "${att.vm}", but attachment "${others[0].item.id}" uses it too; a passed-through device has one user (use "sriov" to share an NVMe device)`))
    }
  }
}

/** Every attachment to a storage device against the rules above. */
export function checkStorage(idx: TopologyIndex): Problem[] {
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
    if (!BLOCK_TECHNIQUES.includes(technique)) {
      out.push(problem('technique-not-allowed', [...path, 'technique'], `virtual disk "${att.id}": "${technique}" does not serve storage devices; a disk, SSD, NVMe device or storage array is reached with ${BLOCK_TECHNIQUES.join(', ')}`))
      continue
    }
    checkDirect(idx, att, technique, path, out)
  }
  return out
}
