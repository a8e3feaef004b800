// Keeps Vue Flow's nodes and edges equal to the project's topology, touching only what changed:
// change records replace the objects they change, so comparing identities finds them. Hosts are
// boxes holding what is placed on them: a box follows its contents, and its children are positioned
// relative to it, so each sync also compares every node's geometry key (cheap) and moves only those that differ.
import { watch } from 'vue'
import type { Edge, GraphNode, Node, VueFlowStore } from '@vue-flow/core'
import type { Project, ProjectNode } from '../../../../core/project'
import { attachmentEdge, linkEdge, MAX_LABELLED_ATTACHMENTS, toFlowNode } from './flow-mapping'
import { hostBoxes } from './host-box'

type Topology = Project['topology']
type Variables = Readonly<Record<string, unknown>> | undefined
type Source = object

/** Above this many additions the whole node list is set at once. */
const BULK = 100

function desiredEdges(t: Topology): Map<string, { source: Source; make: () => Edge }> {
  const out = new Map<string, { source: Source; make: () => Edge }>()
  const linksLabelled = t.links.length <= MAX_LABELLED_ATTACHMENTS
  for (const l of t.links) out.set(`link:${l.id}`, { source: l, make: () => linkEdge(l, linksLabelled) })
  const labelled = t.attachments.length <= MAX_LABELLED_ATTACHMENTS
  for (const a of t.attachments) out.set(`attachment:${a.id}`, { source: a, make: () => attachmentEdge(a, labelled) })
  return out
}

/** Whether an element is selected in the project store: new nodes and edges start selected then (after a paste, a rename). */
export type IsSelected = (kind: 'node' | 'edge', id: string) => boolean

export interface SyncOptions {
  isSelected?: IsSelected
  /** New nodes start hidden (a large topology: culling reveals those in view). */
  startHidden?: () => boolean
  /** The project's variables (a VM's copy count may be one). */
  variables?: () => Variables
}

export interface SyncCache {
  nodes: Map<string, ProjectNode>
  edges: Map<string, Source>
  /** Per node, where and how big it was last drawn (parent, position, size). */
  geometry: Map<string, string>
  variables?: Variables
}

export const newSyncCache = (): SyncCache => ({ nodes: new Map(), edges: new Map(), geometry: new Map() })

const geometryKey = (n: Node): string => {
  const d = (n as { dimensions?: { width: number; height: number } }).dimensions
  return `${n.parentNode ?? ''}|${n.position.x},${n.position.y}|${d?.width}x${d?.height}`
}

/** Hosts first: Vue Flow wants a parent before its children. */
const hostsFirst = (a: Node, b: Node): number => Number(b.type === 'host') - Number(a.type === 'host')

export function syncFlow(flow: VueFlowStore, t: Topology, cache: SyncCache, options: SyncOptions = {}): void {
  const isSelected = options.isSelected ?? (() => false)
  const variables = options.variables?.()
  const variablesChanged = variables !== cache.variables
  cache.variables = variables
  const nodeCache = cache.nodes
  const edgeCache = cache.edges
  const seen = new Set<string>()
  const added: ProjectNode[] = []
  const changed: ProjectNode[] = []
  for (const n of t.nodes) {
    if (seen.has(n.id)) continue // a duplicate id (an invalid file): the first one is drawn
    seen.add(n.id)
    const prev = nodeCache.get(n.id)
    if (!prev) added.push(n)
    else if (prev !== n || (variablesChanged && n.kind === 'vm')) changed.push(n)
    nodeCache.set(n.id, n)
  }
  const removedNodes = [...nodeCache.keys()].filter((id) => !seen.has(id))
  for (const id of removedNodes) {
    nodeCache.delete(id)
    cache.geometry.delete(id)
  }

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

  const boxes = hostBoxes(t.nodes)
  const hidden = options.startHidden?.() ?? false
  const newNodes = added.map((n) => {
    const selected = isSelected('node', n.id)
    const node = { ...toFlowNode(n, boxes, variables), selected, hidden: hidden && !selected }
    cache.geometry.set(n.id, geometryKey(node))
    return node
  }).sort(hostsFirst)
  if (added.length > BULK) flow.setNodes([...flow.nodes.value, ...newNodes].sort(hostsFirst))
  else if (added.length > 0) flow.addNodes(newNodes)
  const changedIds = new Set(changed.map((n) => n.id))
  for (const n of changed) {
    const next = toFlowNode(n, boxes, variables)
    flow.updateNode(n.id, { data: next.data, ariaLabel: next.ariaLabel, class: next.class })
  }
  // geometry: a moved component, a box that grew or moved, a component placed on another host
  const addedIds = new Set(added.map((n) => n.id))
  for (const n of t.nodes) {
    if (addedIds.has(n.id)) continue
    const kindMayMove = changedIds.has(n.id) || n.kind === 'host' || n.host !== undefined
    if (!kindMayMove) continue
    const next = toFlowNode(n, boxes, variables)
    const key = geometryKey(next)
    if (cache.geometry.get(n.id) === key) continue
    cache.geometry.set(n.id, key)
    const node = flow.findNode(n.id) as GraphNode | undefined
    if (!node) continue
    if (node.parentNode !== next.parentNode) node.parentNode = next.parentNode as string
    if (node.position.x !== next.position.x || node.position.y !== next.position.y) node.position = { ...next.position }
    if (next.style) node.style = next.style
    const d = (next as unknown as { dimensions: { width: number; height: number } }).dimensions
    if (node.dimensions.width !== d.width || node.dimensions.height !== d.height) node.dimensions = { ...d }
  }
  if (addedEdges.length > BULK) flow.setEdges([...flow.edges.value, ...addedEdges])
  else if (addedEdges.length > 0) flow.addEdges(addedEdges)
}

/** Watches the document and mirrors its topology into `flow`. Returns the stop function. */
export function useFlowSync(flow: VueFlowStore, topology: () => Topology, options: SyncOptions = {}): () => void {
  const cache = newSyncCache()
  return watch(() => [topology(), options.variables?.()] as const, ([t]) => syncFlow(flow, t, cache, options), { immediate: true })
}
