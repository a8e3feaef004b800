// The rules of an experiment's `migrations` (issue 12, core/scenario/migration.ts) that the schema
// cannot state, one problem per rule broken with its JSON path: the VM is a VM placed on a host,
// the target is another host, the link is an Ethernet link, the start falls within the run, a
// pass-through or SR-IOV guest has a bonding failover to a paravirtual device (seed 001: those
// devices do not migrate), and a guest whose virtual disk is on a device local to its host is
// refused unless a storage migration of the same experiment moves that disk to a storage array
// the target host reaches (core/project/check-storage-migration.ts).
import { resolveVar } from './param-values'
import { problem, type PathSegment, type Problem } from './problems'
import { parseDuration } from './units'
import type { ProjectView } from './view'
import { ATTACH_RULES, nicUsesShare } from '../models/attach-rules'
import type { TechniqueId } from '../models/catalog-types'
import { REHOMED_KINDS, rehomeDevice } from './rehome-target'
import { hostReachesArray } from './check-storage-migration'

const DIRECT = new Set(['passthrough', 'sriov'])
const LOCAL_STORAGE = new Set(['disk', 'ssd', 'nvme'])

export function checkMigrations(view: ProjectView): Problem[] {
  const out: Problem[] = []
  for (const { index, item: exp } of view.experiments) {
    const list = exp.migrations ?? []
    const end = (() => {
      const d = parseDuration(exp.duration), w = parseDuration(exp.warmup)
      return d.ok && w.ok ? d.value + w.value : undefined
    })()
    list.forEach((m, j) => {
      const at: PathSegment[] = ['experiments', index, 'migrations', j]
      const what = `experiment "${exp.id}": the migration of "${m.vm}"`
      const vm = view.nodeById.get(m.vm)
      if (vm === undefined || vm.kind !== 'vm') {
        out.push(problem(vm === undefined ? 'dangling-reference' : 'invalid-value', [...at, 'vm'], `${what}: "${m.vm}" is not a VM of the topology`))
        return
      }
      if (vm.host === undefined) out.push(problem('not-placed', [...at, 'vm'], `${what}: the VM is not placed on a host, so it has nowhere to migrate from`))
      const target = view.nodeById.get(m.to)
      if (target === undefined || target.kind !== 'host') out.push(problem(target === undefined ? 'dangling-reference' : 'invalid-value', [...at, 'to'], `${what}: "${m.to}" is not a host of the topology`))
      else if (target.id === vm.host) out.push(problem('invalid-value', [...at, 'to'], `${what}: the VM is already on host "${m.to}"; migrate it to another host`))
      if (resolveVar(vm.params.role, view.variables) === 'driver-domain') out.push(problem('invalid-value', [...at, 'vm'], `${what}: a driver domain owns its host's devices and does not migrate; migrate a guest`))
      if (m.link !== undefined) {
        const link = view.links.find((l) => l.item.id === m.link)?.item
        if (link === undefined) out.push(problem('dangling-reference', [...at, 'link'], `${what}: there is no link "${m.link}"`))
        else if (link.kind !== 'ethernet') out.push(problem('invalid-value', [...at, 'link'], `${what}: link "${m.link}" is ${link.kind}; migration traffic crosses an Ethernet link`))
      } else {
        const devices = new Set(view.attachments.filter((a) => a.item.vm === m.vm).map((a) => a.item.device))
        if (!view.links.some((l) => l.item.kind === 'ethernet' && (devices.has(l.item.from) || devices.has(l.item.to)))) {
          out.push(problem('missing-field', at, `${what}: the VM's devices have no Ethernet link to carry it; name one with "link"`))
        }
      }
      const start = parseDuration(m.at)
      if (start.ok && end !== undefined && start.value >= end) out.push(problem('out-of-range', [...at, 'at'], `${what} starts at ${String(m.at)}, at or after the run's end (warm-up + duration = ${end / 1e6} ms)`))
      const failover = resolveVar(vm.params.migrationFailover, view.variables) ?? 'none'
      if (target?.kind === 'host' && target.id !== vm.host) out.push(...rehomeProblems(view, m.vm, m.to, failover, [...at, 'to'], what))
      for (const { index: ai, item: a } of view.attachments) {
        if (a.vm !== m.vm) continue
        const device = view.nodeById.get(a.device)
        const technique = resolveVar(a.technique, view.variables)
        // a local disk moves with a storage migration to an array the target host reaches (ESX's storage vMotion before vMotion)
        const moved = (exp.storageMigrations ?? []).some((s) => s.vm === m.vm && (s.disk === undefined || s.disk === a.id) && view.nodeById.get(s.to)?.kind === 'storage-array' && hostReachesArray(view, m.to, s.to))
        if (LOCAL_STORAGE.has(device?.kind ?? '') && !moved) {
          out.push(problem('technique-not-allowed', [...at, 'vm'], `${what}: its virtual disk (topology.attachments[${ai}]) is on ${device!.kind} "${a.device}", local to host "${vm.host ?? '?'}", which the target host cannot reach; add a storage migration (a "storageMigrations" entry) that mirrors it to a storage array host "${m.to}" reaches (docs/migration.md), or put the disk on such an array`))
        } else if (typeof technique === 'string' && DIRECT.has(technique) && device?.kind !== 'storage-array' && failover !== 'bond-to-paravirtual') {
          out.push(problem('technique-not-allowed', ['topology', 'attachments', ai, 'technique'], `${what}: attachment "${a.id}" is ${technique === 'sriov' ? 'an SR-IOV VF' : 'pass-through'}, whose state lives in the device and whose DMA targets the source host's memory, so the hypervisor cannot move it (seed 001); set the VM's "migrationFailover" to "bond-to-paravirtual" (its bond fails over to a paravirtual interface first, with an outage) or attach it paravirtual or emulated`))
        }
      }
    })
  }
  return out
}

/**
 * Re-homing (core/scenario/rehome.ts): a VM whose one network interface is on a NIC or an NP-NIC
 * runs on the target after the switch-over through a device of the same kind there (with an
 * Ethernet link), with the same technique — paravirtual after a pass-through / SR-IOV guest's
 * failover — so that device must exist and take that technique beside the target's own guests.
 */
function rehomeProblems(view: ProjectView, vm: string, to: string, failover: unknown, at: PathSegment[], what: string): Problem[] {
  const kindOf = (id: string): string | undefined => view.nodeById.get(id)?.kind
  const net = view.attachments.filter((a) => a.item.vm === vm && !['disk', 'ssd', 'nvme', 'storage-array'].includes(kindOf(a.item.device) ?? ''))
  if (net.length !== 1) return [] // none, or a bond: not re-homed
  const att = net[0].item
  const kind = kindOf(att.device) ?? ''
  if (!REHOMED_KINDS.has(kind)) return [] // a DC consumer: not re-homed
  let tech = resolveVar(att.technique, view.variables)
  if (typeof tech !== 'string' || !Object.hasOwn(ATTACH_RULES, tech)) return []
  if (DIRECT.has(tech)) {
    if (failover !== 'bond-to-paravirtual') return [] // refused above
    tech = 'paravirtual'
  }
  const nodes = [...view.nodeById.values()].map((n) => ({ id: n.id, kind: n.kind, host: n.host }))
  const device = rehomeDevice(nodes, view.links.map((l) => l.item), kind, to)
  if (typeof device !== 'string') {
    return [problem('invalid-value', at, `${what}: after the switch-over the VM runs on "${to}", and its ${tech} interface needs a ${kind} with an Ethernet link there, but ${device.missing}`)]
  }
  const use = ATTACH_RULES[tech as TechniqueId].nicUse
  if (use === undefined) return []
  for (const { item: a } of view.attachments) {
    if (a.device !== device || a.vm === vm) continue
    const t = resolveVar(a.technique, view.variables)
    const other = typeof t === 'string' && Object.hasOwn(ATTACH_RULES, t) ? ATTACH_RULES[t as TechniqueId].nicUse : undefined
    if (other !== undefined && other !== use && !nicUsesShare(use, other)) {
      return [problem('technique-not-allowed', at, `${what}: after the switch-over the VM runs on "${to}" with a ${tech} interface on ${kind} "${device}", which VM "${a.vm}" uses with "${String(t)}"; the two cannot share it — give the target a ${kind} the VM can use`)]
    }
  }
  return []
}
