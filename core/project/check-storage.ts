// The storage rules of a project (issue 11) that the schema cannot state: a virtual disk on a
// pass-through or SR-IOV attachment cannot interpose or cache (seed 001: the hypervisor is not on
// the data path), RAID and replication need their member devices (device + devices), and an
// experiment's crash instant falls within its run. One problem per rule broken, with its JSON path.
import { resolveVar } from './param-values'
import { problem, type PathSegment, type Problem } from './problems'
import { parseDuration } from './units'
import type { ProjectView } from './view'

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Techniques whose data path bypasses the hypervisor and the driver domain. */
const DIRECT = new Set(['passthrough', 'sriov'])

/** Defaults of the back-end keys these rules read (as VDISK_BACKEND_PARAMS). */
const DEFAULTS: Readonly<Record<string, unknown>> = { interpose: 'none', cache: 'none', raid: 'none', replicas: 2 }

/** Hosts whose Host Gateway is linked to a DC (scalable-io block I/O goes through them). */
function hostsReachingDc(view: ProjectView): Set<string> {
  const kind = (id: unknown): string | undefined => (typeof id === 'string' ? view.nodeById.get(id)?.kind : undefined)
  const out = new Set<string>()
  for (const { item: l } of view.links) {
    for (const [hg, dc] of [[l.from, l.to], [l.to, l.from]]) {
      const host = typeof hg === 'string' ? view.nodeById.get(hg)?.host : undefined
      if (kind(hg) === 'host-gateway' && kind(dc) === 'dc' && typeof host === 'string') out.add(host)
    }
  }
  return out
}

export function checkStorage(view: ProjectView): Problem[] {
  const out: Problem[] = []
  const dcHosts = hostsReachingDc(view)
  for (const { index, item } of view.attachments) {
    const a = item as unknown as Raw
    const at: PathSegment[] = ['topology', 'attachments', index]
    const params = isObj(a.params) ? a.params : undefined
    const value = (key: string): unknown => {
      const v = resolveVar(params !== undefined && Object.hasOwn(params, key) ? params[key] : DEFAULTS[key], view.variables)
      return typeof v === 'string' || typeof v === 'number' ? v : undefined
    }
    const technique = resolveVar(a.technique, view.variables)
    const interpose = value('interpose'), cache = value('cache'), raid = value('raid'), replicas = value('replicas')
    if (typeof technique === 'string' && DIRECT.has(technique)) {
      const why = `with ${technique === 'sriov' ? 'SR-IOV' : 'pass-through'} the hypervisor is not on the data path (seed 001)`
      if (interpose !== undefined && interpose !== 'none') out.push(problem('technique-not-allowed', [...at, 'params', 'interpose'], `virtual disk "${String(a.id)}": ${why}, so it cannot interpose ${String(interpose)}; set interpose to none`))
      if (cache !== undefined && cache !== 'none') out.push(problem('technique-not-allowed', [...at, 'params', 'cache'], `virtual disk "${String(a.id)}": ${why}, so it has no ${String(cache)} buffer cache; set cache to none`))
    }
    // a DC fronting a local storage device serves its block programs: the VM's host must reach one
    const deviceKind = typeof a.device === 'string' ? view.nodeById.get(a.device)?.kind : undefined
    const vmHost = typeof a.vm === 'string' ? view.nodeById.get(a.vm)?.host : undefined
    if (technique === 'scalable-io' && deviceKind !== undefined && deviceKind !== 'dc' && typeof vmHost === 'string' && !dcHosts.has(vmHost)) {
      out.push(problem('technique-not-allowed', [...at, 'technique'], `virtual disk "${String(a.id)}": scalable-io serves "${String(a.device)}" through a DC, but host "${vmHost}" has no Host Gateway linked to a DC; add one or choose another technique`))
    }
    const members = 1 + (Array.isArray(a.devices) ? a.devices.length : 0)
    const replicating = interpose === 'replication'
    if (replicating && raid !== undefined && raid !== 'none') {
      out.push(problem('invalid-value', [...at, 'params', 'raid'], `virtual disk "${String(a.id)}": replication and RAID both spread the disk over its member devices; set raid to "none" or interpose to something else`))
    } else if ((raid === 'raid0' || raid === 'raid1') && members < 2) {
      out.push(problem('invalid-value', [...at, 'params', 'raid'], `virtual disk "${String(a.id)}": ${raid === 'raid0' ? 'RAID-0' : 'RAID-1'} needs at least 2 member devices; list the others in "devices"`))
    } else if (replicating && typeof replicas === 'number' && members !== replicas) {
      out.push(problem('invalid-value', members < replicas ? [...at, 'devices'] : [...at, 'params', 'replicas'], `virtual disk "${String(a.id)}": replication keeps ${replicas} copies, one per member device, but it has ${members} (device + devices); make them equal`))
    }
  }
  for (const { index, item } of view.experiments) {
    const e = item as unknown as Raw
    if (e.crashAt === undefined) continue
    const c = parseDuration(e.crashAt as string | number)
    const d = parseDuration((e.duration ?? 0) as string | number)
    const w = parseDuration((e.warmup ?? 0) as string | number)
    if (!c.ok || !d.ok || !w.ok) continue
    if (c.value > w.value + d.value) {
      out.push(problem('out-of-range', ['experiments', index, 'crashAt'], `experiment "${String(e.id)}": the crash at ${String(e.crashAt)} is after the run ends (warm-up + duration = ${w.value + d.value} ns)`))
    }
  }
  return out
}
