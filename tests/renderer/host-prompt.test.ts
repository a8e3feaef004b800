// The browser host asks for paths with the workbench's own prompt, which the ui store registers
// (the host imports no store: stores → host, never the other way); before any ui store exists it
// falls back to the browser's window.prompt.
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getHost, resetHost } from '../../renderer/src/host'
import { useUiStore } from '../../renderer/src/stores/ui'

beforeEach(() => {
  setActivePinia(createPinia())
  resetHost()
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('the browser host and the ui store', () => {
  it('asks through the ui store\'s prompt once the store exists', async () => {
    const ui = useUiStore()
    const choice = getHost().files.chooseOpen()
    await Promise.resolve()
    expect(ui.prompt?.mode).toBe('open')
    ui.prompt?.resolve({ path: '/home/me/lab.iovlab.json' })
    await expect(choice).resolves.toEqual({ path: '/home/me/lab.iovlab.json' })
  })

  it('asks the newest ui store (a new Pinia registers its own prompt)', async () => {
    const first = useUiStore()
    setActivePinia(createPinia())
    const second = useUiStore()
    const choice = getHost().files.chooseOpen()
    await Promise.resolve()
    expect(first.prompt).toBeNull()
    expect(second.prompt?.mode).toBe('open')
    second.prompt?.resolve(null)
    await expect(choice).resolves.toBeNull()
  })

  it('falls back to window.prompt before any ui store exists', async () => {
    const prompt = vi.fn(() => '/srv/p.iovlab.json')
    vi.stubGlobal('prompt', prompt)
    await expect(getHost().files.chooseOpen()).resolves.toEqual({ path: '/srv/p.iovlab.json' })
    expect(prompt).toHaveBeenCalledOnce()
  })
})
