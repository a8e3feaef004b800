// The API half of `iovlab serve`: POST /api/<request> with JSON checked by the contract's schemas,
// and GET /api/events, a Server-Sent Events stream of the service's run events.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dispatch, type ApiResponse, type IovlabApi } from '../../api/index'

/** Request bodies larger than this are refused unread (a project file is at most LIMITS.fileBytes). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024
export const HEARTBEAT_MS = 15_000

const JSON_TYPE = 'application/json; charset=utf-8'

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': JSON_TYPE, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

const failure = (code: string, message: string): ApiResponse<never> => ({ ok: false, errors: [{ code, message }] })

function readBody(req: IncomingMessage): Promise<string | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        resolve('too-large')
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** POST /api/<name>: the body is the request's parameters as JSON; the answer is the ApiResponse, always HTTP 200 when it is one. */
export async function handleRequest(api: IovlabApi, name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'POST') {
    res.setHeader('allow', 'POST')
    sendJson(res, 405, failure('bad-request', `${name}: send requests with POST and a JSON body`))
    return
  }
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    sendJson(res, 415, failure('bad-request', `${name}: the body must be JSON (content-type: application/json)`))
    return
  }
  const body = await readBody(req)
  if (body === 'too-large') {
    sendJson(res, 413, failure('bad-request', `${name}: the request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`))
    return
  }
  let params: unknown
  try {
    params = body.trim() === '' ? {} : JSON.parse(body)
  } catch {
    sendJson(res, 400, failure('bad-request', `${name}: the body is not valid JSON`))
    return
  }
  sendJson(res, 200, await dispatch(api, name, params))
}

/** GET /api/events: every run event as one `data:` line of JSON, until the browser goes away. */
export function handleEvents(api: IovlabApi, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' })
  res.write(': iovlab events\n\n')
  const unsubscribe = api.subscribe((event) => {
    res.write(`data: ${JSON.stringify(event)}\n\n`)
  })
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
  heartbeat.unref()
  const stop = (): void => {
    clearInterval(heartbeat)
    unsubscribe()
  }
  req.on('close', stop)
  res.on('error', stop)
}
