// The renderer's own origin, app://iovlab/: built files are served by a handler that resolves every
// request inside the renderer's out dir and nowhere else, instead of loading them over file:// (which
// grants a page every file on disk as "same origin"). Pure decisions here; main.ts wires them to
// Electron's protocol module, so all of it is unit-tested in plain Node.
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'

export const APP_SCHEME = 'app'
export const APP_HOST = 'iovlab'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

/** How the scheme is registered before the app is ready: a standard, secure origin that may use fetch. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8'
}

/** The Content-Type of a served file (unknown kinds are plain bytes, never sniffed as HTML). */
export function mimeTypeOf(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/**
 * The file that `rawUrl` names inside `dir`, or null when it names none: another scheme or host, a
 * path that leaves `dir` (`..`, encoded `%2e%2e`/`%2f`/`%5c`), a NUL byte, or a malformed URL.
 * `app://iovlab/` is the index page.
 */
export function resolveAppFile(rawUrl: string, dir: string): string | null {
  let url: URL
  try {
    url = new URL(rawUrl)
  } catch {
    return null
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username || url.password) return null
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return null // a broken %-escape
  }
  if (path.includes('\0') || path.includes('\\')) return null
  if (path === '' || path === '/') path = '/index.html'
  const root = resolve(dir)
  const file = resolve(root, `.${path}`)
  const rel = relative(root, file)
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null
  return file
}

export type ReadFile = (file: string) => Promise<Uint8Array>

/**
 * The handler of app://: the file's bytes with its type and the CSP header, 404 for anything that is
 * not a file inside `dir`. Electron's fs reads inside app.asar, so `readFile` is node:fs's.
 */
export function appProtocolHandler(dir: string, readFile: ReadFile, csp: string): (request: { url: string }) => Promise<Response> {
  const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
  return async (request) => {
    const file = resolveAppFile(request.url, dir)
    if (!file) return notFound()
    let body: Uint8Array
    try {
      body = await readFile(file)
    } catch {
      return notFound() // missing, or a directory
    }
    return new Response(body as ConstructorParameters<typeof Response>[0], {
      status: 200,
      headers: { 'Content-Type': mimeTypeOf(file), 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' }
    })
  }
}
