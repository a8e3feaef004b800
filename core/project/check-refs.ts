// Checks identity and references: ids unique within each list, and every id a link,
// attachment, placement or workload names exists.
import { problem, type PathSegment, type Problem } from './problems'
import type { Indexed, ProjectView } from './view'

function checkUnique(items: readonly Indexed<{ id: string }>[], path: PathSegment[], noun: string, out: Problem[]): void {
  const first = new Map<string, number>()
  for (const { index, item } of items) {
    const prev = first.get(item.id)
    if (prev === undefined) first.set(item.id, index)
    else out.push(problem('duplicate-id', [...path, index, 'id'], `the ${noun} id "${item.id}" is used twice (also at index ${prev}); ids must be unique`))
  }
}

function dangling(view: ProjectView, id: string, path: PathSegment[], what: string, out: Problem[]): void {
  if (!view.nodeIds.has(id)) out.push(problem('dangling-reference', path, `${what} "${id}", but there is no node with that id`))
}

function checkNodeRefs(view: ProjectView, out: Problem[]): void {
  for (const { index, item: node } of view.nodes) {
    if (node.host !== undefined) dangling(view, node.host, ['topology', 'nodes', index, 'host'], `node "${node.id}" is placed on`, out)
  }
  for (const { index, item: link } of view.links) {
    const p: PathSegment[] = ['topology', 'links', index]
    dangling(view, link.from, [...p, 'from'], `link "${link.id}" starts at`, out)
    dangling(view, link.to, [...p, 'to'], `link "${link.id}" ends at`, out)
    if (link.from === link.to) out.push(problem('dangling-reference', [...p, 'to'], `link "${link.id}" joins "${link.from}" to itself`))
  }
  for (const { index, item: att } of view.attachments) {
    const p: PathSegment[] = ['topology', 'attachments', index]
    dangling(view, att.vm, [...p, 'vm'], `attachment "${att.id}" names the VM`, out)
    dangling(view, att.device, [...p, 'device'], `attachment "${att.id}" names the device`, out)
  }
}

function checkWorkloadRefs(view: ProjectView, out: Problem[]): void {
  for (const { index, item: exp } of view.experiments) {
    checkUnique(exp.workloads.map((item, i) => ({ index: i, item })), ['experiments', index, 'workloads'], 'workload', out)
    exp.workloads.forEach((w, wi) => {
      for (const role of ['clients', 'servers'] as const) {
        const refs = w[role]
        if (refs === undefined) continue
        const list = Array.isArray(refs) ? refs : [refs]
        list.forEach((id, k) => {
          const at: PathSegment[] = ['experiments', index, 'workloads', wi, role, ...(Array.isArray(refs) ? [k] : [])]
          dangling(view, id, at, `workload "${w.id}" of experiment "${exp.id}" lists among its ${role}`, out)
        })
      }
    })
  }
}

/** Duplicate ids and dangling references, each with its path. */
export function checkReferences(view: ProjectView): Problem[] {
  const out: Problem[] = []
  checkUnique(view.nodes, ['topology', 'nodes'], 'node', out)
  checkUnique(view.links, ['topology', 'links'], 'link', out)
  checkUnique(view.attachments, ['topology', 'attachments'], 'attachment', out)
  checkUnique(view.experiments, ['experiments'], 'experiment', out)
  checkNodeRefs(view, out)
  checkWorkloadRefs(view, out)
  return out
}
