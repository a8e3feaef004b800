// The desktop shell's security policy as pure data and decisions: CSP, window options, and which URLs are the app's own.
// No runtime import of 'electron' here, so all of it is unit-tested in plain Node.
import type { BrowserWindowConstructorOptions } from 'electron'
import { resolveAppFile } from './app-protocol'

/**
 * Where the renderer is loaded from: a dev server URL (electron-vite dev), or the built files of `dir`
 * served as app://iovlab/ (electron/app-protocol.ts). file:// is never the app's.
 */
export type AppLocation = { kind: 'dev-server'; url: string } | { kind: 'app-protocol'; dir: string }

export type CspMode = 'production' | 'development'

/**
 * The Content-Security-Policy, as directive → sources. No 'unsafe-eval' and no inline scripts anywhere.
 * Only directives that also work in a <meta> tag (no frame-ancestors, report-uri, sandbox), so header
 * and meta carry the same string. Development adds inline styles, which Vite's dev server injects.
 */
export function cspDirectives(mode: CspMode = 'production'): Record<string, string[]> {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': mode === 'development' ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"]
  }
}

/** The CSP as one header value, e.g. "default-src 'none'; script-src 'self'; …". */
export function contentSecurityPolicy(mode: CspMode = 'production'): string {
  return Object.entries(cspDirectives(mode))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}

/** Response headers with our CSP set, replacing any CSP the response carried (in any letter case). */
export function withCspHeader(
  headers: Record<string, string[] | string> | undefined,
  mode: CspMode = 'production'
): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = Array.isArray(value) ? value : [value]
  }
  out['Content-Security-Policy'] = [contentSecurityPolicy(mode)]
  return out
}

/** Options of the one main window; `preloadPath` is absolute (main resolves ../preload/index.js). */
/** `devTools` is false in a packaged app: no inspector for whoever holds the window. */
export function mainWindowOptions(preloadPath: string, { devTools = false }: { devTools?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    title: 'IOV Lab',
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 500,
    show: false,
    backgroundColor: '#0f172a',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools
    }
  }
}

/** Whether `rawUrl` is a page of this app: same origin as the dev server, or app://iovlab/ naming a file inside the renderer directory. */
export function isAppUrl(rawUrl: string | undefined, app: AppLocation): boolean {
  if (!rawUrl) return false
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return false
  }
  if (app.kind === 'dev-server') {
    const dev = new URL(app.url)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === dev.origin
  }
  return resolveAppFile(rawUrl, app.dir) !== null
}

/** The navigation guard: a page may only navigate to another page of the app; everything else is denied. */
export function navigationDecision(targetUrl: string, app: AppLocation): 'allow' | 'deny' {
  return isAppUrl(targetUrl, app) ? 'allow' : 'deny'
}

/** Whether an IPC message comes from a frame showing our app (the frame may be gone: then it does not). */
export function isTrustedSender(frameUrl: string | undefined | null, app: AppLocation): boolean {
  return isAppUrl(frameUrl ?? undefined, app)
}
