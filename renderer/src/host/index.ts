// Picks the host once: the Electron preload's `window.workbench` when present, otherwise the browser host.
// App code calls getHost() and never asks which host it runs in.
import { createBrowserHost } from './browser'
import type { Host } from './types'

export type { Host } from './types'

let browserHost: Host | undefined

export function getHost(): Host {
  if (window.workbench) return window.workbench
  browserHost ??= createBrowserHost()
  return browserHost
}
