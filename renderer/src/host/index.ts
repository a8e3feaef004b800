// Picks the host once: the Electron preload's `window.workbench` when present, otherwise the browser
// host (whose file choices go through the workbench's own prompt). App code calls getHost() and
// never asks which host it runs in.
import { useUiStore } from '../stores/ui'
import { createBrowserHost } from './browser'
import type { Host } from './types'

export type { FileChoice, Host, HostFiles } from './types'

let browserHost: Host | undefined

export function getHost(): Host {
  if (window.workbench) return window.workbench
  browserHost ??= createBrowserHost({ ask: (mode, title, suggested) => useUiStore().askPath(mode, title, suggested) })
  return browserHost
}

/** Forgets the browser host (tests). */
export function resetHost(): void {
  browserHost = undefined
}
