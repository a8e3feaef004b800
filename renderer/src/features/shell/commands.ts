// The workbench's commands by id — one table that the toolbar, the keyboard and Electron's native
// menus all invoke, so a shortcut, a button and a menu item can never do different things.
import { getCurrentScope, onScopeDispose } from 'vue'
import type { ComponentKind } from '../../../../core/models/catalog'

export type CommandId =
  | 'new' | 'open' | 'save' | 'save-as' | 'open-example' | 'download'
  | 'undo' | 'redo' | 'delete' | 'select-all' | 'clear-selection' | 'connect-selection'
  | 'auto-layout' | 'fit-view' | 'zoom-in' | 'zoom-out' | 'toggle-snap' | 'toggle-theme'
  | 'nudge-left' | 'nudge-right' | 'nudge-up' | 'nudge-down'
  | 'run' | 'stop' | 'about'
  | `add-${ComponentKind}`

export type CommandHandler = () => unknown

const handlers = new Map<string, CommandHandler>()

/** Registers handlers; inside a component they are removed again when it unmounts. */
export function registerCommands(map: Partial<Record<CommandId, CommandHandler>>): () => void {
  const entries = Object.entries(map) as [CommandId, CommandHandler][]
  for (const [id, fn] of entries) handlers.set(id, fn)
  const unregister = (): void => {
    for (const [id, fn] of entries) if (handlers.get(id) === fn) handlers.delete(id)
  }
  if (getCurrentScope()) onScopeDispose(unregister)
  return unregister
}

export function hasCommand(id: string): boolean {
  return handlers.has(id)
}

/** Runs a command; false when nothing handles it (yet). */
export function runCommand(id: string): boolean {
  const fn = handlers.get(id)
  if (!fn) return false
  void Promise.resolve(fn()).catch((e: unknown) => console.error(`command ${id} failed`, e))
  return true
}
