// The rules of an experiment's `storageMigrations` (issue 12, core/scenario/storage-migration.ts,
// docs/migration.md "Storage migration") that the schema cannot state, one problem per rule broken
// with its JSON path: the VM is a VM placed on a host; the virtual disk is one of its attachments to
// a storage device (named, or the VM's only one), on one device (no RAID or replication members),
// reached through the hypervisor (emulated or paravirtual: the mirror driver is in the hypervisor's
// I/O path); the target is another storage device the VM's host reaches (a disk, ssd or nvme on
// that host, or a storage array a NIC of the host has an Ethernet path to); the extent, chunk and
// rate are quantities, the extent fits on both devices; the start falls within the run; one
// migration per virtual disk.
import { CATALOG, type ComponentKind } from '../models/catalog'
import { canonicalParam, resolveVar } from './param-values'
import { problem, type PathSegment, type Problem } from './problems'
import { parseBandwidth, parseDuration, parseSize } from './units'
import type { ProjectView } from './view'

const STORAGE = new Set(['disk', 'ssd', 'nvme', 'storage-array'])
const LOCAL = new Set(['disk', 'ssd', 'nvme'])
/** Techniques whose virtual disk the hypervisor (or its driver domain) serves, so its mirror driver sees every write. */
const MIRRORABLE = new Set(['emulated', 'paravirtual'])

/** Can host `host` reach storage array `array` (a NIC of the host, Ethernet links, switches)? */
export function hostReachesArray(view: ProjectView, host: string, array: string): boolean {
  const seen = new Set([array])
  const queue = [array]
  while (queue.length > 0) {
    const cur = queue.shift()!
    for (const { item: l } of view.links) {
      if (l.kind !== 'ethernet') continue
      const other = l.from === cur ? l.to : l.to === cur ? l.from : undefined
      if (other === undefined || seen.has(other)) continue
      const n = view.nodeById.get(other)
      if (n?.kind === 'nic' && n.host === host) return true
      if (n?.kind !== 'switch') continue
      seen.add(other)
      queue.push(other)
    }
  }
  return false
}

/** The capacity (bytes) of storage node `id`: its written value, else its kind's default. */
function capacityOf(view: ProjectView, id: string): number | undefined {
  const n = view.nodeById.get(id)
  if (n === undefined || !Object.hasOwn(CATALOG, n.kind)) return undefined
  const spec = CATALOG[n.kind as ComponentKind].params.find((p) => p.key === 'capacity')
  if (spec === undefined) return undefined
  const r = canonicalParam(spec, n.params.capacity, view.variables)
  return r.ok && typeof r.value === 'number' ? r.value : undefined
}

export function checkStorageMigrations(view: ProjectView): Problem[] {
  const out: Problem[] = []
  for (const { index, item: exp } of view.experiments) {
    const list = exp.storageMigrations ?? []
    const end = (() => {
      const d = parseDuration(exp.duration), w = parseDuration(exp.warmup)
      return d.ok && w.ok ? d.value + w.value : undefined
    })()
    const disks = new Map<string, number>()
    list.forEach((m, j) => {
      const at: PathSegment[] = ['experiments', index, 'storageMigrations', j]
      const what = `experiment "${exp.id}": the storage migration of "${m.vm}"`
      const vm = view.nodeById.get(m.vm)
      if (vm === undefined || vm.kind !== 'vm') {
        out.push(problem(vm === undefined ? 'dangling-reference' : 'invalid-value', [...at, 'vm'], `${what}: "${m.vm}" is not a VM of the topology`))
        return
      }
      if (vm.host === undefined) out.push(problem('not-placed', [...at, 'vm'], `${what}: the VM is not placed on a host, so no host reaches the target`))
      const mine = view.attachments.filter(({ item: a }) => a.vm === m.vm && STORAGE.has(view.nodeById.get(a.device)?.kind ?? ''))
      const disk = m.disk !== undefined ? mine.find(({ item: a }) => a.id === m.disk) : mine.length === 1 ? mine[0] : undefined
      if (disk === undefined) {
        out.push(m.disk !== undefined
          ? problem('dangling-reference', [...at, 'disk'], `${what}: "${m.disk}" is not a virtual disk of the VM (an attachment of it to a disk, ssd, nvme or storage array)`)
          : problem('missing-field', [...at, 'disk'], `${what}: the VM has ${mine.length === 0 ? 'no virtual disk' : `${mine.length} virtual disks (${mine.map(({ item: a }) => a.id).join(', ')})`}; ${mine.length === 0 ? 'attach one to a storage device' : 'name the one to move with "disk"'}`))
        return
      }
      const a = disk.item
      const ap: PathSegment[] = ['topology', 'attachments', disk.index]
      const prev = disks.get(a.id)
      if (prev !== undefined) out.push(problem('invalid-value', at, `${what}: virtual disk "${a.id}" is already migrated by storage migration ${prev + 1}; one storage migration per virtual disk`))
      disks.set(a.id, j)
      if ((a.devices ?? []).length > 0) out.push(problem('invalid-value', [...ap, 'devices'], `${what}: virtual disk "${a.id}" spans ${1 + a.devices!.length} devices (RAID or replication); migrating a disk of several members is not modelled — migrate a disk on one device`))
      const technique = resolveVar(a.technique, view.variables)
      if (typeof technique === 'string' && !MIRRORABLE.has(technique)) {
        out.push(problem('technique-not-allowed', [...ap, 'technique'], `${what}: virtual disk "${a.id}" is ${technique}; the hypervisor is not on its data path, so its mirror driver cannot see the guest's writes — attach it emulated or paravirtual`))
      }
      const target = view.nodeById.get(m.to)
      if (target === undefined || !STORAGE.has(target.kind)) {
        out.push(problem(target === undefined ? 'dangling-reference' : 'invalid-value', [...at, 'to'], `${what}: "${m.to}" is not a storage device (disk, ssd, nvme or storage-array)${target === undefined ? '' : `; it is a ${target.kind}`}`))
      } else if (target.id === a.device) {
        out.push(problem('invalid-value', [...at, 'to'], `${what}: virtual disk "${a.id}" is already on "${m.to}"; migrate it to another device`))
      } else if (vm.host !== undefined) {
        const reach = LOCAL.has(target.kind) ? target.host === vm.host : hostReachesArray(view, vm.host, target.id)
        if (!reach) {
          out.push(problem('invalid-value', [...at, 'to'], LOCAL.has(target.kind)
            ? `${what}: ${target.kind} "${m.to}" is ${target.host === undefined ? 'not placed on a host' : `in host "${target.host}"`}, and the VM runs on host "${vm.host}"; a local device serves only its own host`
            : `${what}: host "${vm.host}" has no NIC with an Ethernet path to storage array "${m.to}"; draw one, directly or through switches`))
        }
      }
      const size = parseSize(m.size)
      if (!size.ok || size.value <= 0) out.push(problem('invalid-value', [...at, 'size'], `${what}: "size" (${String(m.size)}) must be a positive size such as "256MiB" (the extent the data mover copies)`))
      else {
        for (const [dev, key] of [[m.to, 'to'], [a.device, 'source']] as const) {
          const cap = capacityOf(view, dev)
          if (cap !== undefined && size.value > cap) out.push(problem('out-of-range', [...at, 'size'], `${what}: "size" (${String(m.size)}) is larger than the ${key === 'to' ? 'target' : 'source'} device "${dev}" (${cap} bytes)`))
        }
      }
      if (m.chunk !== undefined) {
        const c = parseSize(m.chunk)
        if (!c.ok || c.value < 512 || c.value > 64 * 1024 * 1024) out.push(problem('out-of-range', [...at, 'chunk'], `${what}: "chunk" (${String(m.chunk)}) must be a size from 512 B to 64 MiB`))
      }
      if (m.rate !== undefined) {
        const r = parseBandwidth(m.rate)
        if (!r.ok || r.value < 0) out.push(problem('invalid-value', [...at, 'rate'], `${what}: "rate" (${String(m.rate)}) must be a bandwidth such as "400Mbps" (0 = unlimited)`))
      }
      const start = parseDuration(m.at)
      if (start.ok && end !== undefined && start.value >= end) out.push(problem('out-of-range', [...at, 'at'], `${what} starts at ${String(m.at)}, at or after the run's end (warm-up + duration = ${end / 1e6} ms)`))
    })
  }
  return out
}
