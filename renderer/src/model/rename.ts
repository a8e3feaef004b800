// Renaming an element's id everywhere the project refers to it: placement, link ends,
// attachment ends, workload clients/servers and swept parameter paths.
import type { Experiment, Project, Workload } from '../../../core/project'
import type { ElementList } from './changes'

const swap = (v: string, from: string, to: string): string => (v === from ? to : v)

function swapRefs(refs: Workload['clients'], from: string, to: string): Workload['clients'] {
  if (refs === undefined) return refs
  return Array.isArray(refs) ? refs.map((r) => swap(r, from, to)) : swap(refs, from, to)
}

/** Rewrites "topology.<list>.<from>.…" sweep paths to the new id. */
function renameSweepPaths(exp: Experiment, list: ElementList, from: string, to: string): Experiment {
  const prefix = `topology.${list}.${from}.`
  const touches = exp.sweep.some((axis) => Object.keys(axis).some((k) => k.startsWith(prefix)))
  if (!touches) return exp
  const sweep = exp.sweep.map((axis) => Object.fromEntries(Object.entries(axis).map(([k, v]) =>
    [k.startsWith(prefix) ? `topology.${list}.${to}.${k.slice(prefix.length)}` : k, v])))
  return { ...exp, sweep }
}

function renameInExperiment(exp: Experiment, list: ElementList, from: string, to: string): Experiment {
  let out = renameSweepPaths(exp, list, from, to)
  if (list === 'nodes' && exp.workloads.some((w) => w.clients !== undefined || w.servers !== undefined)) {
    out = { ...out, workloads: out.workloads.map((w) => ({ ...w, clients: swapRefs(w.clients, from, to), servers: swapRefs(w.servers, from, to) })) }
    for (const w of out.workloads) {
      if (w.clients === undefined) delete w.clients
      if (w.servers === undefined) delete w.servers
    }
  }
  return out
}

/** The project with element `from` of `list` renamed to `to` and every reference following it. */
export function applyRename(doc: Project, list: ElementList, from: string, to: string): Project {
  const t = doc.topology
  const rename = <T extends { id: string }>(e: T): T => (e.id === from ? { ...e, id: to } : e)
  let topology = { ...t, [list]: (t[list] as { id: string }[]).map(rename) } as Project['topology']
  if (list === 'nodes') {
    topology = {
      ...topology,
      nodes: topology.nodes.map((n) => (n.host === from ? { ...n, host: to } : n)),
      links: topology.links.map((l) => (l.from === from || l.to === from ? { ...l, from: swap(l.from, from, to), to: swap(l.to, from, to) } : l)),
      attachments: topology.attachments.map((a) => (a.vm === from || a.device === from ? { ...a, vm: swap(a.vm, from, to), device: swap(a.device, from, to) } : a))
    }
  }
  return { ...doc, topology, experiments: doc.experiments.map((e) => renameInExperiment(e, list, from, to)) }
}
