// A tiny HTTP server for e2e tests: serves the built renderer on 127.0.0.1 and answers the engine-version API like `iovlab serve`.
import { createServer } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2'
}

/**
 * Serves `dir` on a random port of 127.0.0.1. Every response carries `csp` as its
 * Content-Security-Policy header, as the Electron main process sets it.
 * @param {{ dir: string, csp: string, engineVersion: string }} options
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export async function serveRenderer({ dir, csp, engineVersion }) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    response.setHeader('Content-Security-Policy', csp)
    if (path === '/api/engine-version') {
      response.writeHead(200, { 'Content-Type': MIME['.json'] }).end(JSON.stringify({ version: engineVersion }))
      return
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path))
    if (!file.startsWith(dir + sep)) {
      response.writeHead(403).end('forbidden')
      return
    }
    try {
      const body = await readFile(file)
      response.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' }).end(body)
    } catch {
      response.writeHead(404).end('not found')
    }
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }
}
