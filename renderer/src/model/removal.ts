// What a deletion takes with it and what it breaks, in words, before it is done: the components on a
// deleted host, the links and attachments of deleted components, and the experiments that name any of them.
import type { Project } from '../../../core/project'
import type { Change } from './changes'
import type { Selection } from './topology-edit'

export interface RemovalSummary {
  /** One line per group of elements that go. */
  goes: string[]
  /** One line per experiment that names something that goes. */
  breaks: string[]
  /** Whether to ask first: components beyond the selection go, or an experiment breaks. */
  ask: boolean
  /** A short title, e.g. "Delete host-a and 12 more elements?" */
  title: string
}

const MAX_NAMED = 6
const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`
const names = (ids: readonly string[]): string => (ids.length <= MAX_NAMED ? ids.join(', ') : `${ids.slice(0, MAX_NAMED).join(', ')} and ${ids.length - MAX_NAMED} more`)

/** Every place in `value` that names one of `ids` (as a value, or inside a parameter path such as "topology.nodes.<id>.params.clock"). */
function mentions(value: unknown, ids: ReadonlySet<string>, where: string, out: Map<string, Set<string>>): void {
  const note = (id: string): void => {
    const set = out.get(id) ?? new Set<string>()
    set.add(where)
    out.set(id, set)
  }
  if (typeof value === 'string') {
    if (ids.has(value)) note(value)
    const m = /^topology\.(?:nodes|links|attachments)\.([^.]+)(?:\.|$)/.exec(value)
    if (m && ids.has(m[1])) note(m[1])
    return
  }
  if (Array.isArray(value)) {
    for (const v of value) mentions(v, ids, where, out)
    return
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      mentions(k, ids, where, out)
      mentions(v, ids, where, out)
    }
  }
}

/** Describes a remove-elements change planned for `selection`. */
export function describeRemoval(doc: Project, selection: Selection, change: Change): RemovalSummary {
  if (change.type !== 'remove-elements') return { goes: [], breaks: [], ask: false, title: '' }
  const { nodes, links, attachments } = change.elements
  const selected = new Set(selection.nodes)
  const extraNodes = nodes.filter((n) => !selected.has(n.item.id))
  const goes: string[] = []
  const chosen = nodes.filter((n) => selected.has(n.item.id)).map((n) => n.item.id)
  if (chosen.length) goes.push(`${names(chosen)} (selected)`)
  const byHost = new Map<string, string[]>()
  for (const n of extraNodes) {
    const key = n.item.host ?? ''
    byHost.set(key, [...(byHost.get(key) ?? []), n.item.id])
  }
  for (const [host, ids] of byHost) goes.push(`${plural(ids.length, 'component')} placed on ${host}: ${names(ids)}`)
  const linkIds = links.map((l) => l.item.id)
  const attIds = attachments.map((a) => a.item.id)
  if (linkIds.length) goes.push(`${plural(linkIds.length, 'link')}: ${names(linkIds)}`)
  if (attIds.length) goes.push(`${plural(attIds.length, 'attachment')}: ${names(attIds)}`)

  const gone = new Set([...nodes.map((n) => n.item.id), ...linkIds, ...attIds])
  const breaks: string[] = []
  for (const e of doc.experiments ?? []) {
    const found = new Map<string, Set<string>>()
    for (const w of e.workloads ?? []) mentions(w, gone, `workload ${w.id}`, found)
    if (e.sweep) mentions(e.sweep, gone, 'sweep', found)
    const { workloads: _w, sweep: _s, ...rest } = e as Record<string, unknown>
    mentions(rest, gone, 'settings', found)
    if (found.size === 0) continue
    const parts = [...found].map(([id, where]) => `${id} (${[...where].join(', ')})`)
    breaks.push(`experiment ${e.name && e.name !== e.id ? `${e.name} (${e.id})` : e.id} uses ${parts.join('; ')}`)
  }
  const total = nodes.length + links.length + attachments.length
  const first = chosen[0] ?? selection.links[0] ?? selection.attachments[0] ?? ''
  const more = total - 1
  return {
    goes,
    breaks,
    ask: extraNodes.length > 0 || breaks.length > 0,
    title: more > 0 ? `Delete ${first} and ${plural(more, 'more element')}?` : `Delete ${first}?`
  }
}
