// Tests electron/main.ts's wiring against a fake 'electron' module: sandboxing, guards, CSP header, IPC sender check.
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { ENGINE_VERSION_CHANNEL } from '../../electron/ipc-channels'
import { contentSecurityPolicy } from '../../electron/security'

type Handler = (...args: unknown[]) => unknown

const fake = vi.hoisted(() => {
  const appEvents: Record<string, Handler> = {}
  const ipcHandlers: Record<string, Handler> = {}
  const windows: Array<{ options: Record<string, unknown>; loaded: string; events: Record<string, Handler> }> = []
  const sessionHooks: { headers?: Handler; permission?: Handler; check?: Handler } = {}
  class BrowserWindow {
    static getAllWindows = () => windows
    events: Record<string, Handler> = {}
    loaded = ''
    constructor(public options: Record<string, unknown>) {
      windows.push(this)
    }
    once(event: string, fn: Handler) { this.events[event] = fn }
    show() {}
    loadFile(path: string) { this.loaded = path; return Promise.resolve() }
    loadURL(url: string) { this.loaded = url; return Promise.resolve() }
  }
  const electron = {
    app: {
      isPackaged: true,
      enableSandbox: vi.fn(),
      getVersion: () => '0.1.0',
      quit: vi.fn(),
      on: (event: string, fn: Handler) => { appEvents[event] = fn },
      whenReady: () => Promise.resolve()
    },
    BrowserWindow,
    ipcMain: { handle: (channel: string, fn: Handler) => { ipcHandlers[channel] = fn } },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: Handler) => { sessionHooks.headers = fn } },
        setPermissionRequestHandler: (fn: Handler) => { sessionHooks.permission = fn },
        setPermissionCheckHandler: (fn: Handler) => { sessionHooks.check = fn }
      }
    }
  }
  return { electron, appEvents, ipcHandlers, windows, sessionHooks }
})

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }))

const mainDir = resolve(import.meta.dirname, '../../electron') // main.ts's __dirname under vitest
const appPage = pathToFileURL(join(mainDir, '../renderer/index.html')).href

beforeAll(async () => {
  delete process.env.ELECTRON_RENDERER_URL
  await import('../../electron/main')
  await new Promise((r) => setTimeout(r, 0)) // let whenReady().then run
})

/** A fake web contents that records what main attaches to it. */
function fakeContents() {
  const events: Record<string, (event: { preventDefault: () => void }, url: string) => void> = {}
  let openHandler: (() => unknown) | undefined
  return {
    events,
    open: () => openHandler?.(),
    on(event: string, fn: (typeof events)[string]) { events[event] = fn },
    setWindowOpenHandler(fn: () => unknown) { openHandler = fn }
  }
}

function navigate(contents: ReturnType<typeof fakeContents>, event: string, url: string): boolean {
  const preventDefault = vi.fn()
  contents.events[event]({ preventDefault }, url)
  return preventDefault.mock.calls.length > 0
}

describe('electron/main.ts', () => {
  it('enables the sandbox for every renderer before the app is ready', () => {
    expect(fake.electron.app.enableSandbox).toHaveBeenCalledOnce()
  })

  it('opens one sandboxed, isolated window titled IOV Lab on the built renderer', () => {
    expect(fake.windows).toHaveLength(1)
    const [window] = fake.windows
    expect(window.options).toMatchObject({ title: 'IOV Lab', webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } })
    expect((window.options.webPreferences as { preload: string }).preload).toBe(join(mainDir, '../preload/index.js'))
    expect(window.loaded).toBe(join(mainDir, '../renderer/index.html'))
  })

  it('blocks foreign navigation and redirects, webviews and every new window', () => {
    const contents = fakeContents()
    fake.appEvents['web-contents-created']({}, contents)
    expect(navigate(contents, 'will-navigate', 'https://example.com/')).toBe(true)
    expect(navigate(contents, 'will-redirect', 'https://example.com/')).toBe(true)
    expect(navigate(contents, 'will-navigate', appPage)).toBe(false)
    expect(navigate(contents, 'will-attach-webview', appPage)).toBe(true)
    expect(contents.open()).toEqual({ action: 'deny' })
  })

  it('sets the CSP header on responses and denies permissions', () => {
    const callback = vi.fn()
    fake.sessionHooks.headers!({ responseHeaders: { 'Content-Type': ['text/html'] } }, callback)
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy('production')] }
    })
    const permission = vi.fn()
    fake.sessionHooks.permission!({}, 'media', permission)
    expect(permission).toHaveBeenCalledWith(false)
    expect(fake.sessionHooks.check!()).toBe(false)
  })

  it('answers the engine version only to frames of the app', async () => {
    const handle = fake.ipcHandlers[ENGINE_VERSION_CHANNEL] as (event: unknown) => unknown
    expect(handle({ senderFrame: { url: appPage } })).toBe('0.1.0')
    expect(() => handle({ senderFrame: { url: 'https://evil.example/' } })).toThrow(/Untrusted IPC sender/)
    expect(() => handle({ senderFrame: null })).toThrow(/Untrusted IPC sender/)
  })
})
