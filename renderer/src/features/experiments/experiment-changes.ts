// Every experiment edit as a typed change record of the editor's history (model/changes.ts): a
// `set-path` with the value before and after, so undo/redo covers experiment settings like any
// canvas edit. Pure: the document in, a record (or a message why not) out.
import type { Experiment, Project, SweepAxis, Workload } from '../../../../core/project'
import { ID_PATTERN } from '../../../../core/project'
import { isWorkloadKind, WORKLOAD_KINDS, workloadParamSpec } from '../../../../core/models/workload-kinds'
import { isStorageKind } from '../../../../core/models/storage/storage-kinds'
import type { Change } from '../../model/changes'

type Json = unknown

/** The value at a dot path, lists addressed by id (then by index) — as the history applies `set-path`. */
export function readPath(doc: Json, path: string): unknown {
  let cur: Json = doc
  for (const seg of path.split('.')) {
    if (Array.isArray(cur)) {
      const at = cur.findIndex((e) => (e as { id?: unknown } | null)?.id === seg)
      cur = at >= 0 ? cur[at] : /^\d+$/.test(seg) ? cur[Number(seg)] : undefined
    } else if (typeof cur === 'object' && cur !== null) {
      cur = (cur as Record<string, Json>)[seg]
    } else {
      return undefined
    }
  }
  return cur
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

/** `path` set to `to`, or null when it already holds that value. `undefined` removes the key (its default applies). */
export function setPathChange(doc: Project, path: string, to: unknown): Change | null {
  const from = readPath(doc, path)
  return same(from, to) ? null : { type: 'set-path', path, from, to }
}

/** A field of an experiment: name, description, duration, warmup, replications, stop.maxEvents… */
export function experimentField(doc: Project, id: string, field: string, to: unknown): Change | null {
  return setPathChange(doc, `experiments.${id}.${field}`, to)
}

export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  if (!used.has(base)) return base
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`
}

type Node = Project['topology']['nodes'][number]

/** The VMs with a virtual disk (an attachment to a storage device), in topology order, each with its disk's device. */
export function vmsWithDisk(doc: Project): { vm: string; device: string }[] {
  const kindOf = new Map(doc.topology.nodes.map((n: Node) => [n.id, n.kind]))
  const out: { vm: string; device: string }[] = []
  for (const n of doc.topology.nodes) {
    if (n.kind !== 'vm') continue
    const disk = doc.topology.attachments.find((a) => a.vm === n.id && isStorageKind(kindOf.get(a.device)))
    if (disk) out.push({ vm: n.id, device: disk.device })
  }
  return out
}

/** Whether some VM reaches a network device (an attachment to anything but a storage device). */
function hasNetworkAttachment(doc: Project): boolean {
  const kindOf = new Map(doc.topology.nodes.map((n: Node) => [n.id, n.kind]))
  return doc.topology.attachments.some((a) => kindOf.has(a.device) && !isStorageKind(kindOf.get(a.device)))
}

/** A block workload (fio-like) on every VM with a virtual disk. */
export function blockWorkload(doc: Project, taken: readonly string[] = []): Workload {
  const clients = vmsWithDisk(doc).map((d) => d.vm)
  return {
    id: uniqueId('block', taken), kind: 'block',
    ...(clients.length > 0 ? { clients: clients.length === 1 ? clients[0] : clients } : {}),
    params: {}
  } as Workload
}

/**
 * A workload turned into another kind: parameters the new kind does not have are dropped; a block
 * workload has no servers or pattern, and its clients are the chosen VMs that have a virtual disk
 * (else every VM that has one). Null when the kind is the same.
 */
export function changeWorkloadKind(doc: Project, expId: string, wid: string, kind: string): Change | null {
  const exp = doc.experiments.find((e) => e.id === expId)
  const w = exp?.workloads.find((x) => x.id === wid)
  if (!exp || !w || w.kind === kind) return null
  const params = Object.fromEntries(Object.entries(w.params ?? {}).filter(([k]) => workloadParamSpec(kind, k) !== undefined))
  let next: Workload = { ...w, kind, params } as Workload
  if (isWorkloadKind(kind) && WORKLOAD_KINDS[kind].block === true) {
    const disks = new Set(vmsWithDisk(doc).map((d) => d.vm))
    const chosen = (w.clients === undefined ? [] : typeof w.clients === 'string' ? [w.clients] : [...w.clients]).filter((c) => disks.has(c))
    const clients = chosen.length > 0 ? chosen : [...disks]
    const copy = { ...next } as Record<string, unknown>
    delete copy.servers
    delete copy.pattern
    delete copy.clients
    if (clients.length > 0) copy.clients = clients.length === 1 ? clients[0] : clients
    next = copy as Workload
  }
  return { type: 'set-path', path: `experiments.${expId}.workloads.${wid}`, from: w, to: next }
}

/**
 * The workload a new experiment starts with: a block workload when VMs have virtual disks and none
 * reaches a network device; else a ping between the first VMs of two different hosts (or two VMs, or none).
 */
export function defaultWorkload(doc: Project, taken: readonly string[] = []): Workload {
  if (vmsWithDisk(doc).length > 0 && !hasNetworkAttachment(doc)) return blockWorkload(doc, taken)
  const vms = doc.topology.nodes.filter((n: Node) => n.kind === 'vm')
  const client = vms[0]
  const server = vms.find((v) => v.host !== client?.host) ?? vms[1]
  return {
    id: uniqueId('ping', taken), kind: 'ping', pattern: 'n,n:1x1',
    ...(client ? { clients: client.id } : {}), ...(server ? { servers: server.id } : {}),
    params: {}
  } as Workload
}

export function newExperiment(doc: Project): Experiment {
  const ids = doc.experiments.map((e) => e.id)
  const id = uniqueId('experiment', ids)
  return {
    id, name: `Experiment ${ids.length + 1}`, workloads: [defaultWorkload(doc)],
    duration: '1s', warmup: '100ms', replications: 3, stop: {}, sweep: []
  } as Experiment
}

export function addExperiment(doc: Project, exp: Experiment = newExperiment(doc)): Change {
  return { type: 'set-path', path: 'experiments', from: doc.experiments, to: [...doc.experiments, exp] }
}

export function removeExperiment(doc: Project, id: string): Change | null {
  if (!doc.experiments.some((e) => e.id === id)) return null
  return { type: 'set-path', path: 'experiments', from: doc.experiments, to: doc.experiments.filter((e) => e.id !== id) }
}

/** A copy of an experiment under a fresh id, its own sweep paths following it. */
export function duplicateExperiment(doc: Project, id: string): Change | null {
  const exp = doc.experiments.find((e) => e.id === id)
  if (!exp) return null
  const copyId = uniqueId(`${id}-copy`, doc.experiments.map((e) => e.id))
  return addExperiment(doc, { ...renamed(exp, id, copyId), name: `${exp.name} (copy)` })
}

function renamed(exp: Experiment, from: string, to: string): Experiment {
  const prefix = `experiments.${from}.`
  const sweep = (exp.sweep ?? []).map((axis) => Object.fromEntries(Object.entries(axis).map(([p, v]) => [p.startsWith(prefix) ? `experiments.${to}.${p.slice(prefix.length)}` : p, v])))
  return { ...exp, id: to, sweep }
}

/** A new id for an experiment (its sweep paths that name it follow); a message when the id is unusable. */
export function renameExperiment(doc: Project, from: string, to: string): Change | string | null {
  if (from === to) return null
  if (!ID_PATTERN.test(to) || to.length > 128) return 'ids use letters, digits, "-" and "_", and start with a letter or digit'
  if (doc.experiments.some((e) => e.id === to)) return `there is already an experiment "${to}"`
  return { type: 'set-path', path: 'experiments', from: doc.experiments, to: doc.experiments.map((e) => (e.id === from ? renamed(e, from, to) : e)) }
}

export function setWorkloads(doc: Project, id: string, workloads: readonly Workload[]): Change | null {
  return experimentField(doc, id, 'workloads', workloads)
}

export function setSweep(doc: Project, id: string, sweep: readonly SweepAxis[]): Change | null {
  return experimentField(doc, id, 'sweep', sweep)
}

/** A new id for a workload; sweep paths into it follow. A message when the id is taken. */
export function renameWorkload(doc: Project, expId: string, from: string, to: string): Change | string | null {
  const exp = doc.experiments.find((e) => e.id === expId)
  if (!exp || from === to) return null
  if (exp.workloads.some((w) => w.id === to)) return `there is already a workload "${to}" in ${expId}`
  const prefix = `experiments.${expId}.workloads.${from}.`
  const sweep = (exp.sweep ?? []).map((axis) => Object.fromEntries(Object.entries(axis).map(([p, v]) => [p.startsWith(prefix) ? `experiments.${expId}.workloads.${to}.${p.slice(prefix.length)}` : p, v])))
  const next = { ...exp, workloads: exp.workloads.map((w) => (w.id === from ? { ...w, id: to } : w)), sweep }
  return { type: 'set-path', path: `experiments.${expId}`, from: exp, to: next }
}
