// Tests the browser host: the server's answer when there is one, the build's version when not, 'unknown' as a last resort.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createBrowserHost } from '../../renderer/src/host/browser'

const fetchReturning = (response: Response | Error) =>
  vi.fn(async () => {
    if (response instanceof Error) throw response
    return response
  })

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('createBrowserHost', () => {
  it('asks the server for the engine version', async () => {
    const fetch = fetchReturning(Response.json({ version: '0.3.0' }))
    await expect(createBrowserHost({ fetch, fallbackVersion: '0.1.0' }).engineVersion()).resolves.toBe('0.3.0')
  })

  it('falls back when there is no server, it errs, or it answers nonsense', async () => {
    const cases = [
      new TypeError('Failed to fetch'),
      new Response('not found', { status: 404 }),
      new Response('<html>', { status: 200 }),
      Response.json({ version: 7 }),
      Response.json(null)
    ]
    for (const response of cases) {
      const host = createBrowserHost({ fetch: fetchReturning(response), fallbackVersion: '0.1.0' })
      await expect(host.engineVersion()).resolves.toBe('0.1.0')
    }
  })

  it("says 'unknown' when the build baked in no version", async () => {
    vi.stubEnv('VITE_ENGINE_VERSION', undefined)
    const host = createBrowserHost({ fetch: fetchReturning(new TypeError('offline')) })
    await expect(host.engineVersion()).resolves.toBe('unknown')
  })
})
