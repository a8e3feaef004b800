// Tests electron/main.ts's wiring against a fake 'electron' module and a fake service: sandboxing,
// guards, CSP header, the API over IPC (validated, trusted frames only), dialogs, recent files,
// menus and the question before closing with unsaved changes.
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { API_CHANNEL, CHOOSE_OPEN_CHANNEL, CHOOSE_SAVE_CHANNEL, COMMAND_CHANNEL, EVENT_CHANNEL, RECENT_CHANNEL } from '../../electron/ipc-channels'
import { contentSecurityPolicy } from '../../electron/security'

type Handler = (...args: unknown[]) => unknown
interface MenuItem { label?: string; role?: string; click?: () => void; submenu?: MenuItem[] }

const fake = vi.hoisted(() => {
  const startedAt = Date.now()
  const appEvents: Record<string, Handler> = {}
  const ipcHandlers: Record<string, Handler> = {}
  const windows: Array<{ options: Record<string, unknown>; loaded: string; events: Record<string, Handler>; contentsEvents: Record<string, Handler>; sent: unknown[][] }> = []
  const sessionHooks: { headers?: Handler; permission?: Handler; check?: Handler } = {}
  const menus: MenuItem[][] = []
  const dialogs = { open: { canceled: false, filePaths: ['/home/me/lab.iovlab.json'] }, save: { canceled: false, filePath: '/home/me/new.iovlab.json' }, box: 1 }
  const listeners: Handler[] = []
  const protocols: { privileged: unknown[]; handlers: Record<string, (request: { url: string }) => Promise<Response>>; calls: string[] } = { privileged: [], handlers: {}, calls: [] }
  class BrowserWindow {
    static getAllWindows = () => windows
    events: Record<string, Handler> = {}
    contentsEvents: Record<string, Handler> = {}
    sent: unknown[][] = []
    loaded = ''
    webContents = {
      on: (event: string, fn: Handler) => { this.contentsEvents[event] = fn },
      send: (...args: unknown[]) => { this.sent.push(args) }
    }
    constructor(public options: Record<string, unknown>) {
      windows.push(this)
    }
    once(event: string, fn: Handler) { this.events[event] = fn }
    show() {}
    isDestroyed() { return false }
    loadFile(path: string) { this.loaded = path; return Promise.resolve() }
    loadURL(url: string) { this.loaded = url; return Promise.resolve() }
  }
  const electron = {
    app: {
      isPackaged: true,
      enableSandbox: vi.fn(),
      getVersion: () => '0.1.0',
      getName: () => 'IOV Lab',
      // a fresh folder per run: the recent list is persisted, and a shared path (root can create
      // /nonexistent) carried one run's files into the next
      getPath: () => `${process.env.TMPDIR ?? '/tmp'}/iovlab-test-user-data-${process.pid}-${startedAt}`,
      addRecentDocument: vi.fn(),
      quit: vi.fn(),
      on: (event: string, fn: Handler) => { appEvents[event] = fn },
      whenReady: () => Promise.resolve()
    },
    BrowserWindow,
    dialog: {
      showOpenDialog: vi.fn(async () => dialogs.open),
      showSaveDialog: vi.fn(async () => dialogs.save),
      showMessageBoxSync: vi.fn(() => dialogs.box)
    },
    Menu: {
      buildFromTemplate: (template: MenuItem[]) => template,
      setApplicationMenu: (menu: MenuItem[]) => { menus.push(menu) }
    },
    ipcMain: { handle: (channel: string, fn: Handler) => { ipcHandlers[channel] = fn } },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => { protocols.calls.push('privileged'); protocols.privileged.push(...schemes) },
      handle: (scheme: string, fn: (request: { url: string }) => Promise<Response>) => { protocols.calls.push('handle'); protocols.handlers[scheme] = fn }
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: Handler) => { sessionHooks.headers = fn } },
        setPermissionRequestHandler: (fn: Handler) => { sessionHooks.permission = fn },
        setPermissionCheckHandler: (fn: Handler) => { sessionHooks.check = fn }
      }
    }
  }
  const service = {
    engineVersion: vi.fn(async () => ({ ok: true, value: '0.1.0' })),
    openProject: vi.fn(async ({ path }: { path: string }) => ({ ok: true, value: { project: {}, path, migratedFrom: 1, applied: [] } })),
    saveProject: vi.fn(async () => ({ ok: true, value: { fileInfo: { mtimeMs: 1, size: 2, sha256: '0'.repeat(64) } } })),
    subscribe: (fn: Handler) => { listeners.push(fn); return () => undefined },
    close: vi.fn()
  }
  return { electron, appEvents, ipcHandlers, windows, sessionHooks, menus, dialogs, service, listeners, protocols }
})

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }))
vi.mock('../../core/api/node', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../core/api/node')>()),
  createNodeService: () => fake.service
}))

const mainDir = resolve(import.meta.dirname, '../../electron') // main.ts's __dirname under vitest
const appPage = 'app://iovlab/index.html'
const filePage = pathToFileURL(join(mainDir, '../renderer/index.html')).href
const fromApp = { senderFrame: { url: appPage } }
const fromEvil = { senderFrame: { url: 'https://evil.example/' } }

afterAll(() => rmSync(fake.electron.app.getPath(), { recursive: true, force: true }))

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

const call = (channel: string, event: unknown, ...args: unknown[]) => (fake.ipcHandlers[channel] as Handler)(event, ...args)
const lastMenu = () => fake.menus[fake.menus.length - 1]
const menuItem = (menu: MenuItem[], top: string, label: string) => menu.find((m) => m.label === top)?.submenu?.find((m) => m.label === label)

describe('electron/main.ts', () => {
  it('enables the sandbox for every renderer before the app is ready', () => {
    expect(fake.electron.app.enableSandbox).toHaveBeenCalledOnce()
  })

  it('opens one sandboxed, isolated window titled IOV Lab on the built renderer, served as app://, without DevTools', () => {
    expect(fake.windows).toHaveLength(1)
    const [window] = fake.windows
    expect(window.options).toMatchObject({ title: 'IOV Lab', webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false } })
    expect((window.options.webPreferences as { preload: string }).preload).toBe(join(mainDir, '../preload/index.js'))
    expect(window.loaded).toBe(appPage)
  })

  it('registers app:// as a privileged scheme before ready and serves only the renderer dir from it', async () => {
    expect(fake.protocols.calls).toEqual(['privileged', 'handle'])
    expect(fake.protocols.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }])
    const handler = fake.protocols.handlers.app
    expect((await handler({ url: 'app://iovlab/..%2f..%2fpackage.json' })).status).toBe(404)
    expect((await handler({ url: 'app://iovlab/../main.ts' })).status).toBe(404) // → renderer/main.ts, which is not there
  })

  it('trusts no file:// page: the file protocol is not the app', async () => {
    await expect(call(API_CHANNEL, { senderFrame: { url: filePage } }, 'engineVersion', {})).resolves.toMatchObject({ ok: false, errors: [{ code: 'forbidden' }] })
  })

  it('has no DevTools item in the packaged app\'s menu', () => {
    const view = lastMenu().find((m) => m.label === 'View')?.submenu ?? []
    expect(view.map((m) => m.role).filter(Boolean)).toEqual(['togglefullscreen'])
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

  it('answers API requests from frames of the app only', async () => {
    await expect(call(API_CHANNEL, fromApp, 'engineVersion', {})).resolves.toEqual({ ok: true, value: '0.1.0' })
    await expect(call(API_CHANNEL, fromEvil, 'engineVersion', {})).resolves.toMatchObject({ ok: false, errors: [{ code: 'forbidden' }] })
    await expect(call(API_CHANNEL, { senderFrame: null }, 'engineVersion', {})).resolves.toMatchObject({ ok: false })
    expect(fake.service.engineVersion).toHaveBeenCalledOnce()
  })

  it('validates every request with the contract schemas before the service sees it', async () => {
    await expect(call(API_CHANNEL, fromApp, 'openProject', { path: 42 })).resolves.toMatchObject({ ok: false, errors: [{ code: 'bad-request' }] })
    await expect(call(API_CHANNEL, fromApp, 'openProject', { path: '/a.json', extra: true })).resolves.toMatchObject({ ok: false })
    await expect(call(API_CHANNEL, fromApp, 'deleteEverything', {})).resolves.toMatchObject({ ok: false, errors: [{ code: 'bad-request' }] })
    expect(fake.service.openProject).not.toHaveBeenCalled()
  })

  it('refuses to open or save a file the user did not choose, before the service sees it', async () => {
    for (const [name, params] of [['openProject', { path: '/etc/passwd' }], ['saveProject', { path: '/home/me/.bashrc', project: {} }],
      ['openProject', { path: '/home/me/../me/.ssh/id_ed25519' }]] as const) {
      const r = await call(API_CHANNEL, fromApp, name, params) as { ok: boolean; errors: { code: string; message: string; path: string }[] }
      expect(r).toMatchObject({ ok: false, errors: [{ code: 'path-not-chosen', path: '$.path' }] })
      expect(r.errors[0].message).toMatch(/was not chosen in an open or save dialog/)
    }
    expect(fake.service.openProject).not.toHaveBeenCalled()
    expect(fake.service.saveProject).not.toHaveBeenCalled()
  })

  it('records a file opened through the API as recent: the OS list and the File menu', async () => {
    await call(CHOOSE_OPEN_CHANNEL, fromApp) // the user chooses the file in the open dialog
    await call(API_CHANNEL, fromApp, 'openProject', { path: '/home/me/lab.iovlab.json' })
    expect(fake.electron.app.addRecentDocument).toHaveBeenCalledWith('/home/me/lab.iovlab.json')
    await expect(call(RECENT_CHANNEL, fromApp)).resolves.toEqual(['/home/me/lab.iovlab.json'])
    const recentItem = menuItem(lastMenu(), 'File', 'Open Recent')?.submenu?.[0]
    expect(recentItem?.label).toBe('/home/me/lab.iovlab.json')
    recentItem?.click?.()
    expect(fake.windows[0].sent.at(-1)).toEqual([COMMAND_CHANNEL, 'open-recent', '/home/me/lab.iovlab.json'])
  })

  it('shows the native open and save dialogs for the renderer, null when cancelled or untrusted', async () => {
    await expect(call(CHOOSE_OPEN_CHANNEL, fromApp)).resolves.toEqual({ path: '/home/me/lab.iovlab.json' })
    await expect(call(CHOOSE_SAVE_CHANNEL, fromApp, 'lab.iovlab.json')).resolves.toBe('/home/me/new.iovlab.json')
    expect(fake.electron.dialog.showSaveDialog).toHaveBeenCalledWith(fake.windows[0], expect.objectContaining({ defaultPath: 'lab.iovlab.json' }))
    fake.dialogs.open = { canceled: true, filePaths: [] }
    await expect(call(CHOOSE_OPEN_CHANNEL, fromApp)).resolves.toBeNull()
    await expect(call(CHOOSE_SAVE_CHANNEL, fromEvil, 'x')).resolves.toBeNull()
  })

  it('lets the renderer save to the file chosen in the save dialog, and to a recent file', async () => {
    const project = {}
    await expect(call(API_CHANNEL, fromApp, 'saveProject', { path: '/home/me/new.iovlab.json', project })).resolves.toMatchObject({ ok: true })
    await expect(call(API_CHANNEL, fromApp, 'saveProject', { path: '/home/me/lab.iovlab.json', project })).resolves.toMatchObject({ ok: true })
    await expect(call(API_CHANNEL, fromApp, 'saveProject', { path: '/home/me/other.iovlab.json', project })).resolves.toMatchObject({ ok: false })
    expect(fake.service.saveProject).toHaveBeenCalledTimes(2)
  })

  it('has File, Edit, View, Run and Help menus whose items send commands to the renderer', () => {
    const menu = lastMenu()
    expect(menu.map((m) => m.label ?? m.role)).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Run', 'help']))
    menuItem(menu, 'File', 'Save')?.click?.()
    menuItem(menu, 'Edit', 'Undo')?.click?.()
    menuItem(menu, 'Run', 'Run')?.click?.()
    expect(fake.windows[0].sent.slice(-3)).toEqual([[COMMAND_CHANNEL, 'save'], [COMMAND_CHANNEL, 'undo'], [COMMAND_CHANNEL, 'run']])
  })

  it('forwards run events from the service to the window', () => {
    fake.listeners[0]({ type: 'run-done', runId: 'r1', documents: [], failed: 0, cancelled: false })
    expect(fake.windows[0].sent.at(-1)).toEqual([EVENT_CHANNEL, { type: 'run-done', runId: 'r1', documents: [], failed: 0, cancelled: false }])
  })

  it('asks before closing a window whose page has unsaved changes', () => {
    const unload = fake.windows[0].contentsEvents['will-prevent-unload']
    const cancel = { preventDefault: vi.fn() }
    fake.dialogs.box = 1
    unload(cancel)
    expect(cancel.preventDefault).not.toHaveBeenCalled()
    const discard = { preventDefault: vi.fn() }
    fake.dialogs.box = 0
    unload(discard)
    expect(discard.preventDefault).toHaveBeenCalledOnce()
  })

  it('stops every run when the app quits', () => {
    fake.appEvents['will-quit']()
    expect(fake.service.close).toHaveBeenCalled()
  })
})
