// Keyboard shortcuts: which key press runs which command. "Mod" is Ctrl (⌘ on a Mac); single keys
// act only when no text field has the focus, so typing a parameter never edits the topology.
import { KINDS } from '../../../../core/models/catalog'
import type { ComponentKind } from '../../../../core/models/catalog'
import type { CommandId } from './commands'

/** The digit that adds a component of `kind` (1–9, in palette order); kinds after the ninth have none. */
export function kindShortcut(kind: ComponentKind): string | undefined {
  const i = KINDS.indexOf(kind)
  return i >= 0 && i < 9 ? String(i + 1) : undefined
}

export interface Shortcut {
  /** e.g. "Mod+Shift+Z", "Delete", "ArrowLeft", "1". */
  keys: string
  command: CommandId
  /** Also while typing in a text field (file commands). */
  global?: boolean
}

export const KEYMAP: readonly Shortcut[] = [
  { keys: 'Mod+N', command: 'new', global: true },
  { keys: 'Mod+O', command: 'open', global: true },
  { keys: 'Mod+S', command: 'save', global: true },
  { keys: 'Mod+Shift+S', command: 'save-as', global: true },
  { keys: 'Mod+Z', command: 'undo' },
  { keys: 'Mod+Shift+Z', command: 'redo' },
  { keys: 'Mod+Y', command: 'redo' },
  { keys: 'Delete', command: 'delete' },
  { keys: 'Backspace', command: 'delete' },
  { keys: 'Mod+A', command: 'select-all' },
  { keys: 'Escape', command: 'clear-selection' },
  { keys: 'C', command: 'connect-selection' },
  { keys: 'L', command: 'auto-layout' },
  { keys: 'F', command: 'fit-view' },
  { keys: '+', command: 'zoom-in' },
  { keys: '=', command: 'zoom-in' },
  { keys: '-', command: 'zoom-out' },
  { keys: 'G', command: 'toggle-snap' },
  { keys: 'Mod+Shift+L', command: 'toggle-theme', global: true },
  { keys: 'ArrowLeft', command: 'nudge-left' },
  { keys: 'ArrowRight', command: 'nudge-right' },
  { keys: 'ArrowUp', command: 'nudge-up' },
  { keys: 'ArrowDown', command: 'nudge-down' },
  { keys: 'F5', command: 'run', global: true },
  { keys: 'Shift+F5', command: 'stop', global: true },
  ...KINDS.flatMap((kind) => { const keys = kindShortcut(kind); return keys ? [{ keys, command: `add-${kind}` as CommandId }] : [] })
]

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  shiftKey: boolean
  altKey: boolean
}

/** The canonical text of a key press, e.g. "Mod+Shift+Z"; `mac` decides whether ⌘ or Ctrl is Mod. */
export function keyText(e: KeyLike, mac: boolean): string {
  const mod = mac ? e.metaKey : e.ctrlKey
  const parts: string[] = []
  if (mod) parts.push('Mod')
  if (e.altKey) parts.push('Alt')
  const key = e.key.length === 1 ? e.key.toUpperCase() : e.key
  // "+" needs Shift on most layouts: it is still just "+"
  if (e.shiftKey && !(e.key.length === 1 && !/[a-z]/i.test(e.key))) parts.push('Shift')
  parts.push(key)
  return parts.join('+')
}

/** The command a key press runs, if any; `editing` is true while a text field has the focus. */
export function matchShortcut(e: KeyLike, options: { mac: boolean; editing: boolean }): CommandId | null {
  const text = keyText(e, options.mac)
  const hit = KEYMAP.find((s) => s.keys === text)
  if (!hit) return null
  if (options.editing && !hit.global) return null
  return hit.command
}

/** Whether an element takes typed text (then single-key shortcuts stay off). */
export function isEditable(el: Element | null): boolean {
  if (!el) return false
  const tag = el.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag === 'INPUT') return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes((el as HTMLInputElement).type)
  return (el as HTMLElement).isContentEditable === true
}
