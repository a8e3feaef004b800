// Keeps Vue Flow's nodes and edges equal to the project's topology, touching only what changed:
// change records replace the objects they change, so comparing identities finds them.
import { watch } from 'vue'
import type { Edge, VueFlowStore } from '@vue-flow/core'
import type { Project, ProjectNode } from '../../../../core/project'
import { attachmentEdge, linkEdge, MAX_LABELLED_ATTACHMENTS, placementEdge, toFlowNode } from './flow-mapping'

type Topology = Project['topology']
type Source = object

/** Above this many additions the whole node list is set at once. */
const BULK = 100

function desiredEdges(t: Topology): Map<string, { source: Source; make: () => Edge }> {
  const out = new Map<string, { source: Source; make: () => Edge }>()
  for (const l of t.links) out.set(`link:${l.id}`, { source: l, make: () => linkEdge(l) })
  const labelled = t.attachments.length <= MAX_LABELLED_ATTACHMENTS
  for (const a of t.attachments) out.set(`attachment:${a.id}`, { source: a, make: () => attachmentEdge(a, labelled) })
  for (const n of t.nodes) {
    if (n.host !== undefined) out.set(`placement:${n.id}`, { source: n, make: () => placementEdge(n as ProjectNode & { host: string }) })
  }
  return out
}

/** Whether an element is selected in the project store: new nodes and edges start selected then (after a paste, a rename). */
export type IsSelected = (kind: 'node' | 'edge', id: string) => boolean

export interface SyncOptions {
  isSelected?: IsSelected
  /** New nodes start hidden (a large topology: culling reveals those in view). */
  startHidden?: () => boolean
}

export function syncFlow(flow: VueFlowStore, t: Topology, nodeCache: Map<string, ProjectNode>, edgeCache: Map<string, Source>,
  options: SyncOptions = {}): void {
  const isSelected = options.isSelected ?? (() => false)
  const seen = new Set<string>()
  const added: ProjectNode[] = []
  const changed: ProjectNode[] = []
  for (const n of t.nodes) {
    if (seen.has(n.id)) continue // a duplicate id (an invalid file): the first one is drawn
    seen.add(n.id)
    const prev = nodeCache.get(n.id)
    if (!prev) added.push(n)
    else if (prev !== n) changed.push(n)
    nodeCache.set(n.id, n)
  }
  const removedNodes = [...nodeCache.keys()].filter((id) => !seen.has(id))
  for (const id of removedNodes) nodeCache.delete(id)

  const wanted = desiredEdges(t)
  const removedEdges: string[] = []
  const addedEdges: Edge[] = []
  for (const [id, source] of edgeCache) {
    const next = wanted.get(id)
    if (!next || next.source !== source) removedEdges.push(id)
  }
  for (const [id, { source, make }] of wanted) {
    if (edgeCache.get(id) !== source) {
      const edge: Edge & { selected?: boolean } = make()
      if (isSelected('edge', id)) edge.selected = true
      addedEdges.push(edge)
      edgeCache.set(id, source)
    }
  }
  for (const id of removedEdges) if (!wanted.has(id)) edgeCache.delete(id)

  // many at once (another document): replace the lists, since one removal at a time is quadratic in Vue Flow
  if (removedEdges.length > BULK) {
    const gone = new Set(removedEdges)
    flow.setEdges(flow.edges.value.filter((e) => !gone.has(e.id)))
  } else if (removedEdges.length > 0) flow.removeEdges(removedEdges)
  if (removedNodes.length > BULK) {
    const gone = new Set(removedNodes)
    flow.setNodes(flow.nodes.value.filter((n) => !gone.has(n.id)))
  } else if (removedNodes.length > 0) flow.removeNodes(removedNodes, false)
  const hidden = options.startHidden?.() ?? false
  const newNodes = added.map((n) => {
    const selected = isSelected('node', n.id)
    return { ...toFlowNode(n), selected, hidden: hidden && !selected }
  })
  if (added.length > BULK) flow.setNodes([...flow.nodes.value, ...newNodes])
  else if (added.length > 0) flow.addNodes(newNodes)
  for (const n of changed) {
    const next = toFlowNode(n)
    flow.updateNode(n.id, { data: next.data, ariaLabel: next.ariaLabel, class: next.class })
    const node = flow.findNode(n.id)
    if (node && (node.position.x !== n.position.x || node.position.y !== n.position.y)) node.position = { ...next.position }
  }
  if (addedEdges.length > BULK) flow.setEdges([...flow.edges.value, ...addedEdges])
  else if (addedEdges.length > 0) flow.addEdges(addedEdges)
}

/** Watches the document and mirrors its topology into `flow`. Returns the stop function. */
export function useFlowSync(flow: VueFlowStore, topology: () => Topology, options: SyncOptions = {}): () => void {
  const nodeCache = new Map<string, ProjectNode>()
  const edgeCache = new Map<string, Source>()
  return watch(topology, (t) => syncFlow(flow, t, nodeCache, edgeCache, options), { immediate: true })
}
