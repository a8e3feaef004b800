// The API half of `iovlab serve`: POST /api/<request> with JSON checked by the contract's schemas,
// and GET /api/events, a Server-Sent Events stream of the service's run events.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { dispatch, type ApiResponse, type IovlabApi } from '../../api/index'
import { TOO_MANY_RUNS } from '../../api/runs'

/** Request bodies larger than this are refused unread (a project file is at most LIMITS.fileBytes). */
export const MAX_BODY_BYTES = 64 * 1024 * 1024
export const HEARTBEAT_MS = 15_000
/** After a 413, what is still sent is read and dropped, up to this much, so the client reads the answer instead of a reset. */
const DRAIN_BYTES = 256 * 1024 * 1024
const DRAIN_MS = 10_000

const JSON_TYPE = 'application/json; charset=utf-8'

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': JSON_TYPE, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) })
  res.end(text)
}

const failure = (code: string, message: string): ApiResponse<never> => ({ ok: false, errors: [{ code, message }] })

/**
 * The body as text, or 'too-large' past MAX_BODY_BYTES (a content-length that says so is refused
 * unread). Past the limit the rest is drained and dropped — a client that is still sending would
 * otherwise meet a reset connection instead of the 413 — up to DRAIN_BYTES or DRAIN_MS.
 */
function readBody(req: IncomingMessage): Promise<string | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const tooLarge = (): void => {
      chunks.length = 0
      req.removeAllListeners('data')
      let drained = 0
      const timer = setTimeout(() => req.destroy(), DRAIN_MS)
      timer.unref()
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length
        if (drained > DRAIN_BYTES) req.destroy()
      })
      req.once('close', () => clearTimeout(timer))
      resolve('too-large')
    }
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
      tooLarge()
      return
    }
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) tooLarge()
      else chunks.push(chunk)
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
    res.setHeader('connection', 'close')
    sendJson(res, 413, failure('too-large', `${name}: the request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB, more than this server reads (a project file is at most 32 MiB)`))
    return
  }
  let params: unknown
  try {
    params = body.trim() === '' ? {} : JSON.parse(body)
  } catch {
    sendJson(res, 400, failure('bad-request', `${name}: the body is not valid JSON`))
    return
  }
  const answer = await dispatch(api, name, params)
  // Refused because enough runs are going: "Too Many Requests", so a client knows to try later.
  const busy = !answer.ok && answer.errors.some((e) => e.code === TOO_MANY_RUNS)
  sendJson(res, busy ? 429 : 200, answer)
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
