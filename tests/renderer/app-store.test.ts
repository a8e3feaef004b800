// Tests the app store against the two hosts: the Electron preload's window.workbench, and the browser host over HTTP.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { resetHost } from '../../renderer/src/host'
import { useAppStore } from '../../renderer/src/stores/app'
import { fakeHost } from './fake-host'

beforeEach(() => {
  setActivePinia(createPinia())
  resetHost()
})

afterEach(() => {
  delete window.workbench
  vi.unstubAllGlobals()
})

describe('useAppStore', () => {
  it('asks the Electron host when window.workbench exists', async () => {
    window.workbench = fakeHost({ engineVersion: () => ({ ok: true, value: '1.2.3' }) })
    const store = useAppStore()
    const pending = store.loadEngineVersion()
    expect(store.status).toBe('loading')
    await pending
    expect([store.status, store.engineVersion]).toEqual(['ready', '1.2.3'])
    expect(window.workbench.api.engineVersion).toHaveBeenCalledOnce()
  })

  it('falls back to the browser host otherwise, which POSTs to iovlab serve', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ ok: true, value: '4.5.6' })))
    const store = useAppStore()
    await store.loadEngineVersion()
    expect(store.engineVersion).toBe('4.5.6')
    expect(fetch).toHaveBeenCalledWith('/api/engineVersion', expect.objectContaining({ method: 'POST' }))
  })

  it('turns a failing host into an error value and clears it on retry', async () => {
    const answers = [{ ok: false as const, errors: [{ code: 'x', message: 'IPC closed' }] }, { ok: true as const, value: '1.0.0' }]
    window.workbench = fakeHost({ engineVersion: () => answers.shift()! })
    const store = useAppStore()
    await store.loadEngineVersion()
    expect([store.status, store.error]).toEqual(['error', 'Could not reach the engine: IPC closed'])
    await store.loadEngineVersion()
    expect([store.status, store.error, store.engineVersion]).toEqual(['ready', null, '1.0.0'])
  })
})
