// Tests the browser host: requests as POST /api/<name>, unreachable servers as error values, the
// build's version as a fallback, events from the SSE stream, path prompts and recent files.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createBrowserHost } from '../../renderer/src/host/browser'
import { RECENT_KEY } from '../../renderer/src/host/recent-files'

const fetchReturning = (response: Response | Error) =>
  vi.fn(async () => {
    if (response instanceof Error) throw response
    return response
  })

afterEach(() => {
  vi.unstubAllEnvs()
  localStorage.clear()
})

describe('createBrowserHost', () => {
  it('POSTs each request as JSON to /api/<name> and returns the answer', async () => {
    const fetch = fetchReturning(Response.json({ ok: true, value: { fileInfo: {} } }))
    const host = createBrowserHost({ fetch })
    await expect(host.api.saveProject({ path: '/a.json', project: {} })).resolves.toEqual({ ok: true, value: { fileInfo: {} } })
    expect(fetch).toHaveBeenCalledWith('/api/saveProject', expect.objectContaining({ method: 'POST', body: JSON.stringify({ path: '/a.json', project: {} }) }))
  })

  it('turns a missing server or a nonsense answer into an error value, never an exception', async () => {
    for (const response of [new TypeError('Failed to fetch'), new Response('<html>', { status: 502 }), Response.json({ version: 1 })]) {
      const r = await createBrowserHost({ fetch: fetchReturning(response) }).api.openProject({ path: '/x' })
      expect(r).toMatchObject({ ok: false, errors: [{ code: 'host-unreachable' }] })
    }
  })

  it('asks the server for the engine version, and falls back to the build\'s when there is none', async () => {
    await expect(createBrowserHost({ fetch: fetchReturning(Response.json({ ok: true, value: '0.3.0' })) }).api.engineVersion({}))
      .resolves.toEqual({ ok: true, value: '0.3.0' })
    const offline = createBrowserHost({ fetch: fetchReturning(new TypeError('offline')), fallbackVersion: '0.1.0' })
    await expect(offline.api.engineVersion({})).resolves.toEqual({ ok: true, value: '0.1.0' })
    vi.stubEnv('VITE_ENGINE_VERSION', undefined)
    await expect(createBrowserHost({ fetch: fetchReturning(new TypeError('offline')) }).api.engineVersion({})).resolves.toEqual({ ok: true, value: 'unknown' })
  })

  it('opens one event stream for all subscribers and closes it after the last', () => {
    const stream = { onmessage: null as ((m: MessageEvent<string>) => void) | null, close: vi.fn() }
    const eventSource = vi.fn(() => stream)
    const host = createBrowserHost({ fetch: fetchReturning(new TypeError('x')), eventSource })
    const a: unknown[] = []
    const b: unknown[] = []
    const stopA = host.api.subscribe((e) => a.push(e))
    const stopB = host.api.subscribe((e) => b.push(e))
    expect(eventSource).toHaveBeenCalledOnce()
    expect(eventSource).toHaveBeenCalledWith('/api/events')
    stream.onmessage?.({ data: '{"type":"run-done","runId":"r"}' } as MessageEvent<string>)
    stream.onmessage?.({ data: 'not json' } as MessageEvent<string>)
    stopA()
    expect(stream.close).not.toHaveBeenCalled()
    stopB()
    expect(stream.close).toHaveBeenCalledOnce()
    expect(a).toEqual([{ type: 'run-done', runId: 'r' }])
    expect(b).toEqual(a)
  })

  it('chooses files through the prompt it is given, and keeps recent files in localStorage', async () => {
    const ask = vi.fn(async (mode: 'open' | 'save') => (mode === 'open' ? { path: '/srv/a.iovlab.json' } : { text: 'x', name: 'n' }))
    const host = createBrowserHost({ fetch: fetchReturning(new TypeError('x')), ask })
    await expect(host.files.chooseOpen()).resolves.toEqual({ path: '/srv/a.iovlab.json' })
    await expect(host.files.chooseSave('b.iovlab.json')).resolves.toBeNull() // an upload is no place to save to
    expect(ask).toHaveBeenLastCalledWith('save', expect.any(String), 'b.iovlab.json')
    await host.files.noteRecent('/srv/a.iovlab.json')
    await host.files.noteRecent('/srv/b.iovlab.json')
    await host.files.noteRecent('/srv/a.iovlab.json')
    await expect(host.files.recent()).resolves.toEqual(['/srv/a.iovlab.json', '/srv/b.iovlab.json'])
    localStorage.setItem(RECENT_KEY, '{broken')
    await expect(host.files.recent()).resolves.toEqual([])
  })
})
