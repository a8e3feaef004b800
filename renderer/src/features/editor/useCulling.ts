// Large topologies draw only the components near the view: the others are `hidden` (Vue Flow renders
// no DOM for them), recomputed when the view stops moving, not on every frame; nodes coming into
// view are revealed a batch per frame, so that fitting thousands stays responsive.
import type { GraphNode, VueFlowStore } from '@vue-flow/core'
import { NODE_SIZE } from './flow-mapping'

/** How far beyond the view nodes are still drawn, as a fraction of the view's size on each side. */
export const CULL_MARGIN = 0.5
export const REVEAL_BATCH = 150

export interface ViewRect { x: number; y: number; width: number; height: number }

/** The part of the flow plane that is drawn: the view plus a margin, in flow coordinates. */
export function drawnRect(viewport: { x: number; y: number; zoom: number }, size: { width: number; height: number }, margin = CULL_MARGIN): ViewRect {
  const width = size.width / viewport.zoom
  const height = size.height / viewport.zoom
  return { x: -viewport.x / viewport.zoom - width * margin, y: -viewport.y / viewport.zoom - height * margin, width: width * (1 + 2 * margin), height: height * (1 + 2 * margin) }
}

export function inRect(p: { x: number; y: number }, r: ViewRect, size: { width: number; height: number } = NODE_SIZE): boolean {
  return p.x + size.width >= r.x && p.x <= r.x + r.width && p.y + size.height >= r.y && p.y <= r.y + r.height
}

/** A node's top-left corner in flow coordinates (a component in a host's box is positioned relative to the box). */
function flowPosition(flow: VueFlowStore, n: GraphNode): { x: number; y: number } {
  const parent = n.parentNode ? flow.findNode(n.parentNode) : undefined
  return parent ? { x: parent.position.x + n.position.x, y: parent.position.y + n.position.y } : n.position
}

/**
 * `enabled`: culling is on (a large topology); `overview`: the view is so far out that the overview
 * canvas draws the topology and only selected components stay components.
 */
export function useCulling(flow: VueFlowStore, enabled: () => boolean, overview: () => boolean): { update: () => void } {
  let queue: GraphNode[] = []
  let scheduled = false

  function revealSome(): void {
    scheduled = false
    for (const n of queue.splice(0, REVEAL_BATCH)) n.hidden = false
    if (queue.length > 0) schedule()
  }

  function schedule(): void {
    if (scheduled) return
    scheduled = true
    requestAnimationFrame(revealSome)
  }

  function update(): void {
    const on = enabled()
    const far = on && overview()
    const rect = drawnRect(flow.viewport.value, flow.dimensions.value)
    const show: GraphNode[] = []
    for (const n of flow.nodes.value) {
      const wanted = !on || n.selected || n.dragging || (!far && inRect(flowPosition(flow, n), rect, n.dimensions.width > 0 ? n.dimensions : NODE_SIZE))
      if (!wanted && !n.hidden) n.hidden = true
      else if (wanted && n.hidden) show.push(n)
    }
    queue = show
    if (show.length > 0) schedule()
  }

  let last = 0
  flow.onMove(() => {
    const now = performance.now()
    if (now - last > 200) {
      last = now
      update()
    }
  })
  flow.onMoveEnd(update)
  return { update }
}
