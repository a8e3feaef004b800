// The browser host: talks to `iovlab serve` over HTTP, and degrades to the build's own version when there is no server.
import type { Host } from './types'

export interface BrowserHostOptions {
  /** Default: the global fetch. */
  fetch?: typeof fetch
  /** Default: the version baked in at build time (VITE_ENGINE_VERSION), else 'unknown'. */
  fallbackVersion?: string
}

export function createBrowserHost(options: BrowserHostOptions = {}): Host {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const fallback = options.fallbackVersion ?? import.meta.env.VITE_ENGINE_VERSION ?? 'unknown'
  return {
    async engineVersion() {
      try {
        const response = await doFetch('/api/engine-version', { headers: { accept: 'application/json' } })
        if (!response.ok) return fallback
        const body: unknown = await response.json()
        const version = (body as { version?: unknown } | null)?.version
        return typeof version === 'string' && version !== '' ? version : fallback
      } catch {
        return fallback
      }
    }
  }
}
