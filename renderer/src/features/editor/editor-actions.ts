// What the canvas, the palette, the keyboard and the menus can do to the topology: each action
// plans a change record for the history store, and says in a notice when it refuses.
import type { GraphNode, VueFlowStore } from '@vue-flow/core'
import type { ComponentKind } from '../../../../core/models/catalog'
import type { Change, NodeMove, Position } from '../../model/changes'
import { copyFragment, isFragment, planPaste, type Fragment } from '../../model/clipboard'
import { describeRemoval } from '../../model/removal'
import { isPlaceable, planAddNode, planConnect, planPlacements, planRemove } from '../../model/topology-edit'
import { useHistoryStore } from '../../stores/history'
import { useProjectStore } from '../../stores/project'
import { useUiStore } from '../../stores/ui'
import { NODE_SIZE } from './flow-mapping'
import { HOST_MIN, hostBoxes } from './host-box'
import { freeSpot, slotOnHost } from './placement'

export const FLOW_ID = 'topology'
export { NODE_SIZE }
const PASTE_OFFSET = 32

let clipboard: Fragment | null = null

export function createEditorActions(flow: VueFlowStore) {
  const project = useProjectStore()
  const history = useHistoryStore()
  const ui = useUiStore()

  function dispatch(change: Change, label?: string): boolean {
    try {
      history.dispatch(change, label ? { label } : {})
      return true
    } catch (e) {
      ui.notify(`That edit did not apply: ${e instanceof Error ? e.message : String(e)}`, 'error')
      return false
    }
  }

  /** Selects exactly these nodes on the canvas (and so in the inspector). */
  function selectNodes(ids: string[]): void {
    const wanted = new Set(ids)
    for (const n of flow.nodes.value) if (n.selected !== wanted.has(n.id)) n.selected = wanted.has(n.id)
    for (const e of flow.edges.value) if (e.selected) e.selected = false
    project.select({ nodes: ids })
  }

  function hostAt(point: Position, exclude?: string): GraphNode | undefined {
    const rect = { x: point.x - 4, y: point.y - 4, width: 8, height: 8 }
    return flow.getIntersectingNodes(rect).find((n) => n.data?.kind === 'host' && n.id !== exclude)
  }

  /** Adds a component centred at `centre` (flow coordinates), on `host` when given; never on top of another. */
  function addAt(kind: ComponentKind, centre: Position, host?: string): string | undefined {
    const hostNode = host ? project.doc.topology.nodes.find((n) => n.id === host) : undefined
    const size = kind === 'host' ? HOST_MIN : NODE_SIZE
    const position = hostNode && isPlaceable(kind)
      ? slotOnHost(project.doc, hostNode)
      : freeSpot(project.doc, snap({ x: centre.x - size.width / 2, y: centre.y - size.height / 2 }), size)
    const change = planAddNode(project.doc, kind, position, hostNode && isPlaceable(kind) ? hostNode.id : undefined)
    if (!dispatch(change) || change.type !== 'add-node') return undefined
    selectNodes([change.node.id])
    return change.node.id
  }

  function snap(p: Position): Position {
    if (!ui.snapToGrid) return p
    const [gx, gy] = flow.snapGrid.value
    return { x: Math.round(p.x / gx) * gx, y: Math.round(p.y / gy) * gy }
  }

  function viewportCentre(): Position {
    const el = flow.vueFlowRef.value
    const rect = el?.getBoundingClientRect() ?? { left: 0, top: 0, width: 800, height: 600 }
    return flow.screenToFlowCoordinate({ x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 })
  }

  /** The palette's click: one component at the centre of the view, free of others; on the selected host if there is one. */
  function addAtCentre(kind: ComponentKind): string | undefined {
    const selected = project.selection.nodes.length === 1 ? project.doc.topology.nodes.find((n) => n.id === project.selection.nodes[0]) : undefined
    const host = selected?.kind === 'host' ? selected.id : selected?.host
    return addAt(kind, viewportCentre(), host)
  }

  /** A palette item dropped at a screen point: onto a host it is placed there. */
  function drop(kind: ComponentKind, client: Position): string | undefined {
    const at = flow.screenToFlowCoordinate(client)
    return addAt(kind, at, isPlaceable(kind) ? hostAt(at)?.id : undefined)
  }

  function connect(source: string, target: string): void {
    const r = planConnect(project.doc, source, target)
    if (!r.ok) {
      ui.notify(r.reason, 'warning')
      return
    }
    if (dispatch(r.change)) ui.notify(r.message, 'success')
  }

  /** The keyboard's connect (C): the two selected components. */
  function connectSelection(): void {
    const ids = project.selection.nodes
    if (ids.length !== 2) {
      ui.notify('Select two components to connect them (C), or use "Connect to" in the inspector.', 'info')
      return
    }
    connect(ids[0], ids[1])
  }

  /** Where a dragged node is now, in flow coordinates (a component in a host's box is positioned relative to it). */
  function absolute(n: GraphNode): Position {
    const parent = n.parentNode ? flow.findNode(n.parentNode) : undefined
    return parent ? { x: parent.position.x + n.position.x, y: parent.position.y + n.position.y } : { x: n.position.x, y: n.position.y }
  }

  /**
   * After a drag: one record for the whole drag, placing components dropped onto a host. A host's box
   * moves what it holds: its components move by as much as the box did.
   */
  function dragStopped(nodes: GraphNode[]): void {
    const byId = new Map(project.doc.topology.nodes.map((n) => [n.id, n]))
    const boxes = hostBoxes(project.doc.topology.nodes)
    const moves: NodeMove[] = []
    const moved = new Set<string>()
    const drops: { id: string; host: string }[] = []
    const add = (id: string, from: Position, to: Position): void => {
      if (moved.has(id) || (to.x === from.x && to.y === from.y)) return
      moved.add(id)
      moves.push({ id, from: { x: from.x, y: from.y }, to })
    }
    for (const n of nodes) {
      const doc = byId.get(n.id)
      if (!doc) continue
      const at = absolute(n)
      const box = doc.kind === 'host' ? boxes.get(doc.id) : undefined
      if (box) {
        // the box's corner was dragged; the host and its components follow by the same amount
        const dx = Math.round(at.x - box.x)
        const dy = Math.round(at.y - box.y)
        if (dx === 0 && dy === 0) continue
        add(doc.id, doc.position, { x: doc.position.x + dx, y: doc.position.y + dy })
        for (const c of project.doc.topology.nodes) {
          if (c.host === doc.id && c.kind !== 'host' && !nodes.some((x) => x.id === c.id)) add(c.id, c.position, { x: c.position.x + dx, y: c.position.y + dy })
        }
        continue
      }
      const to = { x: Math.round(at.x), y: Math.round(at.y) }
      add(n.id, doc.position, to)
      if (nodes.length === 1 && isPlaceable(doc.kind)) {
        const host = hostAt({ x: to.x + NODE_SIZE.width / 2, y: to.y + NODE_SIZE.height / 2 }, n.id)
        if (host) drops.push({ id: n.id, host: host.id })
      }
    }
    const placements = planPlacements(project.doc, drops)
    if (placements.length > 0) {
      const host = project.doc.topology.nodes.find((x) => x.id === drops[0].host)
      const slot = host ? slotOnHost(project.doc, host) : undefined
      const from = byId.get(drops[0].id)?.position
      const move: Change[] = slot && from ? [{ type: 'move', moves: [{ id: drops[0].id, from: { x: from.x, y: from.y }, to: slot }] }] : []
      dispatch({ type: 'batch', label: `Place ${drops[0].id} on ${drops[0].host}`, changes: [...move, ...placements] })
    } else if (moves.length > 0) {
      dispatch({ type: 'move', moves })
    }
  }

  /**
   * Deletes the selection and what cannot stay without it, as one undoable step; when that takes
   * components beyond the selection (those on a deleted host) or breaks an experiment, asks first, listing both.
   */
  async function deleteSelection(): Promise<boolean> {
    const doc = project.doc
    const selection = project.selection
    const change = planRemove(doc, selection)
    if (!change) return false
    const summary = describeRemoval(doc, selection, change)
    if (summary.ask) {
      const details = [...summary.goes.map((g) => `Goes: ${g}`), ...summary.breaks.map((b) => `Breaks: ${b}`)]
      const yes = await ui.confirm({
        title: summary.title,
        message: summary.breaks.length > 0
          ? 'This takes more than the selection, and experiments will not run until they are fixed. One Undo brings it all back.'
          : 'This takes more than the selection. One Undo brings it all back.',
        details, confirmLabel: 'Delete', cancelLabel: 'Keep', danger: true
      })
      // the document may have changed while the question was open: plan again
      if (!yes || project.doc !== doc) return false
    }
    return dispatch(change, summary.title ? summary.title.replace(/\?$/, '') : undefined)
  }

  function copy(): boolean {
    const fragment = copyFragment(project.doc, project.selection)
    if (!fragment) return false
    clipboard = fragment
    ui.notify(`Copied ${fragment.nodes.length} component${fragment.nodes.length === 1 ? '' : 's'}`)
    return true
  }

  /** What Ctrl+C kept, as text for the system clipboard. */
  function clipboardText(): string {
    return clipboard ? JSON.stringify(clipboard) : ''
  }

  function paste(text?: string): void {
    let fragment = clipboard
    if (text) {
      try {
        const parsed: unknown = JSON.parse(text)
        if (isFragment(parsed)) fragment = parsed
      } catch {
        // not ours: paste what Ctrl+C kept
      }
    }
    if (!fragment) return
    const planned = planPaste(project.doc, fragment, { x: PASTE_OFFSET, y: PASTE_OFFSET })
    if (!planned || !dispatch(planned.change, `Paste ${planned.nodeIds.length} component${planned.nodeIds.length === 1 ? '' : 's'}`)) return
    clipboard = { ...fragment, nodes: fragment.nodes.map((n) => ({ ...n, position: { x: n.position.x + PASTE_OFFSET, y: n.position.y + PASTE_OFFSET } })) }
    selectNodes(planned.nodeIds)
  }

  function selectAll(): void {
    selectNodes(project.doc.topology.nodes.map((n) => n.id))
  }

  /** Arrow keys: moves the selected nodes by one grid step; presses in a row are one undo step. */
  function nudge(dx: number, dy: number): void {
    const ids = new Set(project.selection.nodes)
    const moves = project.doc.topology.nodes.filter((n) => ids.has(n.id))
      .map((n) => ({ id: n.id, from: { x: n.position.x, y: n.position.y }, to: { x: n.position.x + dx, y: n.position.y + dy } }))
    if (moves.length > 0) history.dispatch({ type: 'move', moves }, { coalesceKey: 'nudge' })
  }

  function fit(): void {
    void flow.fitView({ padding: 0.15, duration: 0, maxZoom: 1.25, includeHiddenNodes: true })
  }

  /** A large topology opens at a readable zoom on its top-left corner (the minimap shows the whole; F fits it all). */
  function showStart(): void {
    const nodes = project.doc.topology.nodes
    const zoom = 0.8
    const x = Math.min(...nodes.map((n) => n.position.x))
    const y = Math.min(...nodes.map((n) => n.position.y))
    void flow.setViewport({ x: -x * zoom + 40, y: -y * zoom + 40, zoom })
  }

  return { addAt, addAtCentre, drop, connect, connectSelection, dragStopped, deleteSelection, copy, clipboardText, paste, selectAll, selectNodes, nudge, fit, showStart, dispatch }
}

export type EditorActions = ReturnType<typeof createEditorActions>
