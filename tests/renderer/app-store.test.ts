// Tests useAppStore: loading the engine version through whichever host getHost() picks.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useAppStore } from '../../renderer/src/stores/app'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  delete window.workbench
  vi.unstubAllGlobals()
})

describe('useAppStore', () => {
  it('starts idle with no version', () => {
    const store = useAppStore()
    expect([store.status, store.engineVersion, store.error]).toEqual(['idle', null, null])
  })

  it('loads the version from the Electron host when window.workbench exists', async () => {
    window.workbench = { engineVersion: vi.fn(async () => '1.2.3') }
    const store = useAppStore()
    const pending = store.loadEngineVersion()
    expect(store.status).toBe('loading')
    await pending
    expect([store.status, store.engineVersion]).toEqual(['ready', '1.2.3'])
    expect(window.workbench.engineVersion).toHaveBeenCalledOnce()
  })

  it('falls back to the browser host otherwise', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Response.json({ version: '4.5.6' })))
    const store = useAppStore()
    await store.loadEngineVersion()
    expect(store.engineVersion).toBe('4.5.6')
    expect(fetch).toHaveBeenCalledWith('/api/engine-version', expect.anything())
  })

  it('turns a failing host into an error value and clears it on retry', async () => {
    window.workbench = { engineVersion: vi.fn().mockRejectedValueOnce(new Error('IPC closed')).mockResolvedValueOnce('1.0.0') }
    const store = useAppStore()
    await store.loadEngineVersion()
    expect([store.status, store.error]).toEqual(['error', 'Could not reach the engine: IPC closed'])
    await store.loadEngineVersion()
    expect([store.status, store.error, store.engineVersion]).toEqual(['ready', null, '1.0.0'])
  })
})
