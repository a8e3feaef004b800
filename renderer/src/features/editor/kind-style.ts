// How each component kind looks, in one place for the canvas, the palette, the minimap and the SVG
// export: its colour, the outline of its card, and a small icon (storage devices: a disk is a
// cylinder, an SSD a card with flash chips, an NVMe device an M.2 stick, a storage array a rack).
import type { ComponentKind } from '../../../../core/models/catalog'

/** The kinds' colours (editor.css's `.kind-*` rules use the same). */
export const KIND_COLOURS: Readonly<Record<ComponentKind, string>> = {
  host: '#6366f1', vm: '#0ea5e9', nic: '#14b8a6', 'np-nic': '#f59e0b', dc: '#a855f7', 'host-gateway': '#ec4899', switch: '#64748b',
  disk: '#b45309', ssd: '#059669', nvme: '#16a34a', 'storage-array': '#475569'
}

/** A colour for any kind string (an unknown kind of a bad file gets `fallback`). */
export function kindColour(kind: string, fallback = '#888'): string {
  return Object.hasOwn(KIND_COLOURS, kind) ? KIND_COLOURS[kind as ComponentKind] : fallback
}

/** The outline of a kind's card: a plain card, a cylinder (rounded ends), a chip (square corners), a rack (stacked). */
export type KindShape = 'card' | 'cylinder' | 'chip' | 'rack'

export const KIND_SHAPES: Readonly<Record<ComponentKind, KindShape>> = {
  host: 'card', vm: 'card', nic: 'card', 'np-nic': 'card', dc: 'card', 'host-gateway': 'card', switch: 'card',
  disk: 'cylinder', ssd: 'chip', nvme: 'chip', 'storage-array': 'rack'
}

/** A kind's icon as SVG path data in a 16×16 box, drawn with a stroke (null: the kind has no icon). */
export const KIND_ICONS: Readonly<Record<ComponentKind, string | null>> = {
  host: null, vm: null, nic: null, 'np-nic': null, dc: null, 'host-gateway': null, switch: null,
  // a cylinder: the top ellipse, the sides and the bottom arc
  disk: 'M2 4a6 2 0 1 0 12 0a6 2 0 1 0 -12 0M2 4v8a6 2 0 0 0 12 0V4',
  // a 2.5-inch card with two flash packages
  ssd: 'M2 3h12v10H2zM4 6h3v4H4zM9 6h3v4H9z',
  // an M.2 stick: the board, three packages, the key notch
  nvme: 'M1 5h14v6H1zM3 7h2v2H3zM6.5 7h2v2h-2zM10 7h2v2h-2zM13.5 5v2',
  // a rack of three shelves with their lights
  'storage-array': 'M2 1.5h12v4H2zM2 6h12v4H2zM2 10.5h12v4H2zM11 3.5h1M11 8h1M11 12.5h1'
}

export function kindIcon(kind: string): string | null {
  return Object.hasOwn(KIND_ICONS, kind) ? KIND_ICONS[kind as ComponentKind] : null
}

export function kindShape(kind: string): KindShape {
  return Object.hasOwn(KIND_SHAPES, kind) ? KIND_SHAPES[kind as ComponentKind] : 'card'
}
