// `iovlab serve`'s HTTP server, on 127.0.0.1 only: the workbench UI and the typed API of the same
// service the desktop app uses. Requests from other sites are refused (Host and Origin checks).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { IovlabApi } from '../../api/index'
import { handleEvents, handleRequest, sendJson } from './http-api'
import { cspOf, securityHeaders, serveStatic } from './static-files'

export const LOOPBACK = '127.0.0.1'

export interface ServeOptions {
  readonly api: IovlabApi
  readonly rendererDir: string
  /** 0 picks a free port. */
  readonly port: number
}

export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly server: Server
  close(): Promise<void>
}

/** Only pages of this server may talk to it: the Host names us, and an Origin (when sent) is ours. */
export function isLocalRequest(req: Pick<IncomingMessage, 'headers'>, port: number): boolean {
  const ours = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`])
  if (!ours.has(String(req.headers.host ?? '').toLowerCase())) return false
  const origin = req.headers.origin
  return origin === undefined || ours.has(origin.replace(/^http:\/\//, '').toLowerCase())
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const headers = securityHeaders(cspOf(options.rendererDir))
  let port = options.port
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isLocalRequest(req, port)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden: iovlab serve answers only its own pages')
      return
    }
    const path = new URL(req.url ?? '/', `http://${LOOPBACK}`).pathname
    if (path === '/api/events') {
      if (req.method === 'GET') handleEvents(options.api, req, res)
      else sendJson(res, 405, { ok: false, errors: [{ code: 'bad-request', message: 'events: use GET' }] })
    } else if (path.startsWith('/api/')) {
      await handleRequest(options.api, path.slice('/api/'.length), req, res)
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      await serveStatic(options.rendererDir, path, res, headers)
    } else {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end()
    }
  }
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, errors: [{ code: 'internal-error', message: e instanceof Error ? e.message : String(e) }] })
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, LOOPBACK, () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://${LOOPBACK}:${port}`,
    port,
    server,
    close: () => new Promise((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }
}
