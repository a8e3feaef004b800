// The UI half of `iovlab serve`: the built renderer (out/renderer) as static files, each with the
// same Content-Security-Policy the Electron shell sets, never a file outside that folder.
import { existsSync, readFileSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8'
}

/** Used only when the built index.html carries no CSP of its own. */
export const FALLBACK_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"

/** Where the built renderer is: beside the CLI bundle (out/cli → out/renderer) or in a checkout's out/. */
export function findRendererDir(candidates: readonly string[] = [join(__dirname, '..', 'renderer'), join(__dirname, '..', '..', '..', 'out', 'renderer')]): string | undefined {
  return candidates.map((c) => resolve(c)).find((dir) => existsSync(join(dir, 'index.html')))
}

/** The CSP of the built page (its <meta> tag, which electron/security.ts keeps equal to the shell's header). */
export function cspOf(rendererDir: string): string {
  const html = readFileSync(join(rendererDir, 'index.html'), 'utf8')
  return /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? FALLBACK_CSP
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'x-frame-options': 'DENY'
  }
}

/** Serves `urlPath` from `dir`: "/" is index.html; anything outside `dir` or missing is 404. */
export async function serveStatic(dir: string, urlPath: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    decoded = ''
  }
  const file = normalize(join(dir, decoded === '/' || decoded === '' ? 'index.html' : decoded))
  const inside = file.startsWith(dir + sep) && !decoded.includes('\0')
  try {
    if (!inside || !(await stat(file)).isFile()) throw new Error('not a file')
    const body = await readFile(file)
    const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'
    res.writeHead(200, { ...headers, 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': cache, 'content-length': body.length })
    res.end(body)
  } catch {
    res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
    res.end('not found')
  }
}
