// Drawing the minimap: every component of the document as a small rectangle in its kind's colour,
// and the view as a frame, scaled into a canvas (no DOM per node, so thousands cost nothing per frame).
import type { ProjectNode } from '../../../../core/project'
import { NODE_SIZE } from './flow-mapping'
import { kindColour } from './kind-style'
import type { ViewRect } from './useCulling'

/** The kinds' colours (the same as editor.css's `.kind-*` rules). */
export { KIND_COLOURS } from './kind-style'

export interface MinimapScale { x: number; y: number; scale: number; offsetX: number; offsetY: number }

/** The scale that fits `bounds` into a `width`×`height` canvas, centred. */
export function fitScale(bounds: ViewRect, width: number, height: number, pad = 6): MinimapScale {
  const scale = Math.min((width - 2 * pad) / Math.max(bounds.width, 1), (height - 2 * pad) / Math.max(bounds.height, 1))
  return {
    x: bounds.x, y: bounds.y, scale,
    offsetX: (width - bounds.width * scale) / 2, offsetY: (height - bounds.height * scale) / 2
  }
}

/** The flow coordinates of a point of the canvas (for click-to-pan). */
export function toFlow(s: MinimapScale, px: number, py: number): { x: number; y: number } {
  return { x: (px - s.offsetX) / s.scale + s.x, y: (py - s.offsetY) / s.scale + s.y }
}

/** The bounding box of the nodes and the view. */
export function boundsOf(nodes: readonly Pick<ProjectNode, 'position'>[], view: ViewRect): ViewRect {
  let x0 = view.x
  let y0 = view.y
  let x1 = view.x + view.width
  let y1 = view.y + view.height
  for (const n of nodes) {
    x0 = Math.min(x0, n.position.x)
    y0 = Math.min(y0, n.position.y)
    x1 = Math.max(x1, n.position.x + NODE_SIZE.width)
    y1 = Math.max(y1, n.position.y + NODE_SIZE.height)
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}

export interface MinimapColours { background: string; view: string; selected: string }

export function drawMinimap(ctx: CanvasRenderingContext2D, nodes: readonly ProjectNode[], view: ViewRect, selected: ReadonlySet<string>,
  size: { width: number; height: number }, colours: MinimapColours): MinimapScale {
  const s = fitScale(boundsOf(nodes, view), size.width, size.height)
  const px = (x: number): number => (x - s.x) * s.scale + s.offsetX
  const py = (y: number): number => (y - s.y) * s.scale + s.offsetY
  ctx.fillStyle = colours.background
  ctx.fillRect(0, 0, size.width, size.height)
  const w = Math.max(NODE_SIZE.width * s.scale, 1.5)
  const h = Math.max(NODE_SIZE.height * s.scale, 1.5)
  for (const n of nodes) {
    ctx.fillStyle = selected.has(n.id) ? colours.selected : kindColour(n.kind)
    ctx.fillRect(px(n.position.x), py(n.position.y), w, h)
  }
  ctx.strokeStyle = colours.view
  ctx.lineWidth = 1.5
  ctx.strokeRect(px(view.x), py(view.y), view.width * s.scale, view.height * s.scale)
  return s
}

/** The zoom below which a large topology is drawn as an overview on a canvas instead of as components. */
export const OVERVIEW_ZOOM = 0.3

/** The overview of a large zoomed-out topology: links as lines, components as rectangles, in view coordinates. */
export function drawOverview(ctx: CanvasRenderingContext2D, nodes: readonly ProjectNode[], links: readonly { from: string; to: string }[],
  viewport: { x: number; y: number; zoom: number }, size: { width: number; height: number }, lineColour: string): void {
  const { x, y, zoom } = viewport
  ctx.clearRect(0, 0, size.width, size.height)
  const at = new Map(nodes.map((n) => [n.id, n.position]))
  const cx = NODE_SIZE.width / 2
  const cy = NODE_SIZE.height / 2
  ctx.strokeStyle = lineColour
  ctx.lineWidth = 1
  ctx.beginPath()
  for (const l of links) {
    const a = at.get(l.from)
    const b = at.get(l.to)
    if (!a || !b) continue
    ctx.moveTo((a.x + cx) * zoom + x, (a.y + cy) * zoom + y)
    ctx.lineTo((b.x + cx) * zoom + x, (b.y + cy) * zoom + y)
  }
  ctx.stroke()
  const w = Math.max(NODE_SIZE.width * zoom, 1)
  const h = Math.max(NODE_SIZE.height * zoom, 1)
  for (const n of nodes) {
    const px = n.position.x * zoom + x
    const py = n.position.y * zoom + y
    if (px + w < 0 || py + h < 0 || px > size.width || py > size.height) continue
    ctx.fillStyle = kindColour(n.kind)
    ctx.fillRect(px, py, w, h)
  }
}
