// Picks the host once: the Electron preload's `window.workbench` when present, otherwise the browser
// host (whose file choices go through the workbench's own prompt). App code calls getHost() and
// never asks which host it runs in. The host knows no store: the ui store registers its prompt here
// (stores → host, never the other way).
import { createBrowserHost } from './browser'
import type { FileChoice, Host } from './types'

export type { FileChoice, Host, HostFiles } from './types'

/** Asks the user for a path (or an upload) in the workbench's own dialog; null when cancelled. */
export type PathAsker = (mode: 'open' | 'save', title: string, suggested: string) => Promise<FileChoice>

let browserHost: Host | undefined
let pathAsker: PathAsker | undefined

/** The prompt the browser host asks with in place of native dialogs (the ui store registers its own). */
export function setPathAsker(ask: PathAsker): void {
  pathAsker = ask
}

/** Before a prompt is registered: the browser's own. */
const windowPrompt: PathAsker = async (_mode, title, suggested) => {
  const path = globalThis.prompt?.(title, suggested)
  return path ? { path } : null
}

export function getHost(): Host {
  if (window.workbench) return window.workbench
  browserHost ??= createBrowserHost({ ask: (mode, title, suggested) => (pathAsker ?? windowPrompt)(mode, title, suggested) })
  return browserHost
}

/** Forgets the browser host and the registered prompt (tests). */
export function resetHost(): void {
  browserHost = undefined
  pathAsker = undefined
}
