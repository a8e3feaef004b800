// Tests `iovlab serve`'s server in-process with a fake service: the API as POST /api/<request>
// checked by the contract's schemas, run events as Server-Sent Events, the built UI with its CSP,
// and the refusals — other sites (Host, Origin), wrong methods, non-JSON, paths outside the UI.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { ApiListener, IovlabApi } from '../../../core/api/contract'
import { createNodeService } from '../../../core/api/node'
import { MAX_BODY_BYTES } from '../../../core/cli/serve/http-api'
import { isLocalRequest, startServer, type RunningServer } from '../../../core/cli/serve/server'
import { FALLBACK_CSP, findRendererDir } from '../../../core/cli/serve/static-files'
import { CHECK_WORKER, ensureCliBuilt, ROOT } from './build'

const CSP = "default-src 'none'; script-src 'self'"
let server: RunningServer
let dir: string
const listeners = new Set<ApiListener>()
const api = {
  engineVersion: vi.fn(async () => ({ ok: true, value: '0.1.0' })),
  startRun: vi.fn(async () => ({ ok: false, errors: [{ code: 'too-many-runs', message: '2 runs are in progress already' }] })),
  openProject: vi.fn(async ({ path }: { path: string }) => ({ ok: true, value: { path } })),
  subscribe: (l: ApiListener) => { listeners.add(l); return () => { listeners.delete(l) } }
} as unknown as IovlabApi

/** A raw request (fetch would not let a test set Host or send odd paths). */
function send(method: string, path: string, options: { body?: string; headers?: Record<string, string>; port?: number } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: options.port ?? server.port, method, path, headers: options.headers }, (res) => {
      let body = ''
      res.on('data', (c) => { body += c })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}
const post = (name: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => send('POST', `/api/${name}`, { body, headers })

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iovlab-serve-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), `<!doctype html><meta http-equiv="Content-Security-Policy" content="${CSP}"><title>IOV Lab</title>`)
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(tmpdir(), 'iovlab-serve-secret.txt'), 'secret')
  server = await startServer({ api, rendererDir: dir, port: 0 })
})

afterAll(() => server.close())

describe('iovlab serve', () => {
  it('listens on 127.0.0.1 only, on the port it was given (0: any free one)', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' })
  })

  it('answers requests as POST /api/<name> with the service\'s response', async () => {
    const r = await post('engineVersion', '{}')
    expect([r.status, JSON.parse(r.body)]).toEqual([200, { ok: true, value: '0.1.0' }])
    expect(JSON.parse((await post('openProject', '{"path":"/p.iovlab.json"}')).body)).toEqual({ ok: true, value: { path: '/p.iovlab.json' } })
  })

  it('checks parameters with the contract\'s schemas before the service sees them', async () => {
    vi.mocked(api.openProject).mockClear()
    expect(JSON.parse((await post('openProject', '{"path":7}')).body)).toMatchObject({ ok: false, errors: [{ code: 'bad-request' }] })
    expect(JSON.parse((await post('noSuchRequest', '{}')).body)).toMatchObject({ ok: false, errors: [{ code: 'bad-request' }] })
    expect(api.openProject).not.toHaveBeenCalled()
  })

  it('refuses other methods, other content types and broken JSON, in words', async () => {
    expect((await send('GET', '/api/engineVersion')).status).toBe(405)
    expect((await post('engineVersion', '{}', { 'content-type': 'text/plain' })).status).toBe(415)
    const broken = await post('engineVersion', '{oops')
    expect([broken.status, JSON.parse(broken.body).errors[0].message]).toEqual([400, 'engineVersion: the body is not valid JSON'])
  })

  it('refuses pages of other sites: a foreign Host (DNS rebinding) or Origin (cross-site post)', async () => {
    expect((await send('GET', '/', { headers: { host: 'evil.example' } })).status).toBe(403)
    expect((await post('engineVersion', '{}', { 'content-type': 'application/json', origin: 'https://evil.example' })).status).toBe(403)
    expect((await post('engineVersion', '{}', { 'content-type': 'application/json', origin: server.url })).status).toBe(200)
    expect(isLocalRequest({ headers: { host: `localhost:${server.port}` } }, server.port)).toBe(true)
  })

  it('serves the built UI with its own CSP, and nothing outside it', async () => {
    const page = await send('GET', '/')
    expect([page.status, page.headers['content-security-policy'], page.headers['x-content-type-options']]).toEqual([200, CSP, 'nosniff'])
    const asset = await send('GET', '/assets/app.js')
    expect([asset.status, asset.headers['content-type'], asset.headers['cache-control']]).toEqual([200, 'text/javascript; charset=utf-8', 'public, max-age=31536000, immutable'])
    expect((await send('GET', '/../iovlab-serve-secret.txt')).status).toBe(404)
    expect((await send('GET', '/%2e%2e/iovlab-serve-secret.txt')).status).toBe(404)
    expect((await send('GET', '/assets')).status).toBe(404)
    expect((await send('DELETE', '/')).status).toBe(405)
  })

  it('streams run events as Server-Sent Events until the browser goes away', async () => {
    const lines = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, path: '/api/events' }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8')
        let text = ''
        res.on('data', (c) => {
          text += c
          if (text.includes('data:')) {
            req.destroy()
            resolve(text)
          }
        })
        setTimeout(() => listeners.forEach((l) => l({ type: 'run-done', runId: 'r1', documents: [], failed: 0, cancelled: false })), 50)
      })
      req.on('error', reject)
      req.end()
    })
    expect(lines).toContain('data: {"type":"run-done","runId":"r1","documents":[],"failed":0,"cancelled":false}\n\n')
    await vi.waitFor(() => expect(listeners.size).toBe(0))
  })

  it('finds the built UI beside the CLI bundle or in a checkout, and has a strict CSP to fall back on', () => {
    expect(findRendererDir([join(dir, 'missing'), dir])).toBe(dir)
    expect(findRendererDir([join(dir, 'missing')])).toBeUndefined()
    expect(FALLBACK_CSP).toContain("script-src 'self'")
    expect(FALLBACK_CSP).not.toContain('unsafe')
  })

  it('answers a body over 64 MiB with 413 and a JSON error, not a reset connection', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 1024)
    const streamed: Record<string, string> = { 'content-type': 'application/json' }
    for (const headers of [streamed, { ...streamed, 'content-length': String(big.length) }]) {
      const r = await post('parseProject', big, headers)
      expect(r.status).toBe(413)
      expect(JSON.parse(r.body)).toEqual({ ok: false, errors: [{ code: 'too-large', message: 'parseProject: the request is larger than 64 MiB, more than this server reads (a project file is at most 32 MiB)' }] })
    }
    expect((await post('engineVersion', '{}')).status).toBe(200)
  })

  it('answers a start refused because enough runs are going with 429', async () => {
    const r = await post('startRun', JSON.stringify({ project: {} }))
    expect([r.status, JSON.parse(r.body).errors[0].code]).toEqual([429, 'too-many-runs'])
  })
})

describe('iovlab serve with the Node service', () => {
  it('answers other requests while a large project is validated (on a worker thread)', async () => {
    ensureCliBuilt()
    // The check worker is held until the test opens a gate (a file), so the second request is
    // answered while the validation is certainly still going, however loaded the machine: with
    // validation on the server's own thread the parse would answer first and the test fails.
    const gate = join(mkdtempSync(join(tmpdir(), 'iovlab-gate-')), 'open')
    const held = join(dirname(gate), 'held-check-worker.cjs')
    writeFileSync(held, [
      `const real = require(${JSON.stringify(CHECK_WORKER)})`,
      'const run = typeof real === \'function\' ? real : real.default',
      `const gate = ${JSON.stringify(gate)}`,
      'module.exports = async (task) => {',
      '  while (!require(\'node:fs\').existsSync(gate)) await new Promise((r) => setTimeout(r, 10))',
      '  return run(task)',
      '}'
    ].join('\n'))
    const service = createNodeService({ executor: 'in-process', scenario: 'synthetic:mm1', checks: 'threads', checkWorkerFile: held })
    // The test's requests come from this same thread: a hook says when the server has read the
    // whole body and begins the validation, and only then is the second request sent.
    let begun: () => void = () => undefined
    const parsing = new Promise<void>((r) => { begun = r })
    const order: string[] = []
    const api: IovlabApi = {
      ...service,
      parseProject: (p) => { begun(); return service.parseProject(p).then((r) => { order.push('parsed'); return r }) },
      engineVersion: (p) => { order.push('version'); return service.engineVersion(p) }
    }
    const real = await startServer({ api, rendererDir: dir, port: 0 })
    try {
      // 30,000 links (they all join the same two ports, so the answer is a list of problems).
      const doc = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'v1', 'two-host-np-nic.iovlab.json'), 'utf8'))
      doc.topology.links = Array.from({ length: 30_000 }, (_, i) => ({ ...doc.topology.links[0], id: `l${i}` }))
      const headers = { 'content-type': 'application/json' }
      const parse = send('POST', '/api/parseProject', { body: JSON.stringify({ text: JSON.stringify(doc), name: 'big' }), headers, port: real.port })
      await parsing
      const version = await send('POST', '/api/engineVersion', { body: '{}', headers, port: real.port })
      expect(version.status).toBe(200)
      // The server handled the second request while the validation of the first was held.
      expect(order).toEqual(['version'])
      writeFileSync(gate, '')
      const parsed = await parse
      const body = JSON.parse(parsed.body) as { ok: boolean; errors?: { message: string }[] }
      expect(body.ok).toBe(false)
      expect(body.errors?.some((e) => /port|link/i.test(e.message))).toBe(true)
      expect(order).toEqual(['version', 'parsed'])
    } finally {
      service.close()
      await real.close()
      rmSync(dirname(gate), { recursive: true, force: true })
    }
  })
})
