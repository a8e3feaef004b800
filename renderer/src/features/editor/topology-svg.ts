// The topology as a standalone SVG picture (Export → SVG, and the source of the PNG): hosts as boxes
// holding their components, cards with kind, name, role and copy count, links labelled with kind and
// rate, attachments dashed with their technique. Drawn from the document, so it shows the whole
// topology whatever part of it is in view, and needs no fonts or styles from the page.
import type { Project } from '../../../../core/project'
import { kindLabel, linkLabel, nodeBadges } from './flow-mapping'
import { hostBoxes, type Rect } from './host-box'
import { KIND_COLOURS, kindColour, kindIcon, kindShape, type KindShape } from './kind-style'
import { NODE_SIZE } from './node-size'

export { KIND_COLOURS }

export interface SvgTheme { background: string; card: string; text: string; muted: string; border: string; link: string; attachment: string }

export const LIGHT: SvgTheme = { background: '#ffffff', card: '#ffffff', text: '#1b2230', muted: '#5b6577', border: '#d5dae5', link: '#5b6577', attachment: '#2f6fde' }

const MARGIN = 24
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)
const n1 = (x: number): string => String(Math.round(x * 10) / 10)
/** Text cut to fit `chars` characters. */
const fit = (s: string, chars: number): string => (s.length <= chars ? s : `${s.slice(0, chars - 1)}…`)

/** The SVG text of the whole topology, and its size. */
export function topologySvg(doc: Project, theme: SvgTheme = LIGHT): { svg: string; width: number; height: number } {
  const nodes = doc.topology.nodes
  const boxes = hostBoxes(nodes)
  const rect = new Map<string, Rect>()
  for (const n of nodes) rect.set(n.id, boxes.get(n.id) ?? { x: n.position.x, y: n.position.y, ...NODE_SIZE })
  let x0 = Infinity
  let y0 = Infinity
  let x1 = -Infinity
  let y1 = -Infinity
  for (const r of rect.values()) {
    x0 = Math.min(x0, r.x)
    y0 = Math.min(y0, r.y)
    x1 = Math.max(x1, r.x + r.width)
    y1 = Math.max(y1, r.y + r.height)
  }
  if (!Number.isFinite(x0)) [x0, y0, x1, y1] = [0, 0, 200, 100]
  const width = Math.ceil(x1 - x0 + 2 * MARGIN)
  const height = Math.ceil(y1 - y0 + 2 * MARGIN)
  const X = (x: number): string => n1(x - x0 + MARGIN)
  const Y = (y: number): string => n1(y - y0 + MARGIN)
  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">`)
  out.push(`<title>${esc(doc.name || 'topology')}</title>`)
  out.push(`<rect width="100%" height="100%" fill="${theme.background}"/>`)

  // host boxes, under everything
  for (const n of nodes) {
    const b = boxes.get(n.id)
    if (!b) continue
    const c = KIND_COLOURS.host
    out.push(`<g class="host" data-id="${esc(n.id)}"><rect x="${X(b.x)}" y="${Y(b.y)}" width="${n1(b.width)}" height="${n1(b.height)}" rx="10" fill="${c}" fill-opacity="0.07" stroke="${c}" stroke-opacity="0.6" stroke-width="1.5"/>`)
    out.push(`<text x="${X(b.x + 12)}" y="${Y(b.y + 21)}" fill="${c}" font-size="10" font-weight="700">Host</text><text x="${X(b.x + 46)}" y="${Y(b.y + 21)}" fill="${theme.text}" font-weight="600">${esc(fit(n.name, Math.floor((b.width - 60) / 7)))}</text></g>`)
  }

  // edges from the right side of one card to the left side of the other, as Vue Flow draws them
  const ends = (from: string, to: string): [number, number, number, number] | null => {
    const a = rect.get(from)
    const b = rect.get(to)
    if (!a || !b) return null
    const ay = boxes.has(from) ? a.y + 16 : a.y + a.height / 2
    const by = boxes.has(to) ? b.y + 16 : b.y + b.height / 2
    return [a.x + a.width, ay, b.x, by]
  }
  const edge = (cls: string, id: string, e: [number, number, number, number], colour: string, dashed: boolean, label: string | undefined): void => {
    const [sx, sy, tx, ty] = e
    const k = Math.max(40, Math.abs(tx - sx) / 2)
    out.push(`<g class="${cls}" data-id="${esc(id)}"><path d="M${X(sx)},${Y(sy)} C${X(sx + k)},${Y(sy)} ${X(tx - k)},${Y(ty)} ${X(tx)},${Y(ty)}" fill="none" stroke="${colour}" stroke-width="2"${dashed ? ' stroke-dasharray="6 3"' : ''}/>`)
    if (label) {
      const mx = (sx + tx) / 2
      const my = (sy + ty) / 2
      const w = label.length * 6 + 8
      out.push(`<rect x="${X(mx - w / 2)}" y="${Y(my - 8)}" width="${n1(w)}" height="16" rx="3" fill="${theme.background}" fill-opacity="0.9"/><text x="${X(mx)}" y="${Y(my + 4)}" text-anchor="middle" font-size="10" fill="${theme.text}">${esc(label)}</text>`)
    }
    out.push('</g>')
  }
  for (const l of doc.topology.links) {
    const e = ends(l.from, l.to)
    if (e) edge('link', l.id, e, theme.link, false, linkLabel(l))
  }

  // cards
  for (const n of nodes) {
    if (boxes.has(n.id)) continue
    const r = rect.get(n.id) as Rect
    const c = kindColour(n.kind, theme.muted)
    const badges = nodeBadges(n, doc.variables).join(' · ')
    const label = kindLabel(n.kind)
    const icon = kindIcon(n.kind)
    const labelX = r.x + 10 + (icon ? 20 : 0)
    const nameX = labelX + 4 + label.length * 6.5
    out.push(`<g class="component" data-id="${esc(n.id)}" data-shape="${kindShape(n.kind)}">${cardShape(kindShape(n.kind), r, X, Y, theme)}<rect x="${X(r.x)}" y="${Y(r.y)}" width="5" height="${r.height}" rx="2" fill="${c}"/>`)
    if (icon) out.push(`<path class="kind-icon" d="${icon}" transform="translate(${X(r.x + 10)},${Y(r.y + r.height / 2 - 8)})" fill="none" stroke="${c}" stroke-width="1.3" stroke-linejoin="round" stroke-linecap="round"/>`)
    out.push(`<text x="${X(labelX)}" y="${Y(r.y + (badges ? 20 : 28))}" fill="${c}" font-size="10" font-weight="700">${esc(label)}</text>`)
    out.push(`<text x="${X(nameX)}" y="${Y(r.y + (badges ? 20 : 28))}" fill="${theme.text}">${esc(fit(n.name, Math.floor((r.x + r.width - nameX - 6) / 6.5)))}</text>`)
    if (badges) out.push(`<text x="${X(nameX)}" y="${Y(r.y + 36)}" fill="${theme.muted}" font-size="10">${esc(fit(badges, 22))}</text>`)
    out.push('</g>')
  }

  // attachments above the cards, as on the canvas
  for (const a of doc.topology.attachments) {
    const e = ends(a.vm, a.device)
    if (e) edge('attachment', a.id, e, theme.attachment, true, typeof a.technique === 'string' ? a.technique : `$${a.technique.var}`)
  }
  out.push('</svg>')
  return { svg: out.join('\n'), width, height }
}

/** A card's outline by its kind's shape: a cylinder has elliptic ends, a chip square corners, a rack shelves behind it. */
function cardShape(shape: KindShape, r: Rect, X: (x: number) => string, Y: (y: number) => string, theme: SvgTheme): string {
  const box = (dx: number, dy: number, rx: string): string => `<rect x="${X(r.x + dx)}" y="${Y(r.y + dy)}" width="${r.width}" height="${r.height}" ${rx} fill="${theme.card}" stroke="${theme.border}"/>`
  switch (shape) {
    case 'cylinder': return box(0, 0, `rx="${r.width / 2 > 24 ? 24 : 8}" ry="10"`)
    case 'chip': return box(0, 0, 'rx="2"')
    case 'rack': return box(6, 6, 'rx="4"') + box(3, 3, 'rx="4"') + box(0, 0, 'rx="4"')
    case 'card': return box(0, 0, 'rx="8"')
  }
}

/** The PNG of an SVG picture (through an image and a canvas; `scale` 2 for sharp text). */
export async function svgToPngDataUrl(svg: string, width: number, height: number, scale = 2): Promise<string> {
  const img = new Image()
  img.decoding = 'async'
  const loaded = new Promise<void>((resolve, reject) => {
    img.onload = () => resolve()
    img.onerror = () => reject(new Error('the topology picture could not be drawn'))
  })
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
  await loaded
  const canvas = document.createElement('canvas')
  canvas.width = Math.min(16384, Math.round(width * scale))
  canvas.height = Math.min(16384, Math.round(height * scale))
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('no 2D canvas to draw the picture on')
  ctx.scale(canvas.width / width, canvas.height / height)
  ctx.drawImage(img, 0, 0, width, height)
  return canvas.toDataURL('image/png')
}
