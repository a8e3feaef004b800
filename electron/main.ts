// The Electron main process: one window, the security policy applied to every web contents, the
// service behind the typed API (simulations on worker threads), native menus, dialogs, recent files,
// and the question before closing with unsaved changes. The window's title follows the page's.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type WebContents } from 'electron'
import { createNodeService } from '../core/api/node'
import { userCache } from '../core/experiment/cache-disk'
import { APP_INDEX_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol'
import { FileAccess } from './file-access'
import { registerIpc } from './ipc'
import { COMMAND_CHANNEL, EVENT_CHANNEL } from './ipc-channels'
import { menuTemplate } from './menu'
import { RecentFiles } from './recent-files'
import { contentSecurityPolicy, isTrustedSender, mainWindowOptions, navigationDecision, withCspHeader, type AppLocation } from './security'

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const rendererDir = join(__dirname, '../renderer')
// The built renderer is served as app://iovlab/, never over file:// (Electron security checklist #18).
const appLocation: AppLocation = devServerUrl ? { kind: 'dev-server', url: devServerUrl } : { kind: 'app-protocol', dir: rendererDir }
const cspMode = devServerUrl ? 'development' : 'production'
const PROJECT_FILTERS = [{ name: 'IOV Lab projects', extensions: ['json'] }, { name: 'All files', extensions: ['*'] }]

let mainWindow: BrowserWindow | null = null

/** Every web contents, present or future: no foreign navigation, no new windows, no <webview>. */
function guardWebContents(contents: WebContents): void {
  const guard = (event: Electron.Event, url: string): void => {
    if (navigationDecision(url, appLocation) === 'deny') event.preventDefault()
  }
  contents.on('will-navigate', guard)
  contents.on('will-redirect', guard)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCspHeader(details.responseHeaders, cspMode) })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}

const send = (channel: string, ...args: unknown[]): void => {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(channel, ...args)
}

const recent = new RecentFiles(join(app.getPath('userData'), 'recent-files.json'))
const fileAccess = new FileAccess(() => recent.get())

function buildMenu(): void {
  const template = menuTemplate({
    send: (command) => send(COMMAND_CHANNEL, command),
    openRecent: (path) => send(COMMAND_CHANNEL, 'open-recent', path),
    recent: recent.get(),
    platform: process.platform,
    appName: app.getName(),
    devTools: !app.isPackaged
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(template))
}

function startService(): void {
  const bundledWorker = join(__dirname, '../cli/worker.cjs')
  // Runs share the user's result cache with the CLI (IOVLAB_CACHE_DIR, else ~/.cache/iovlab); a bad IOVLAB_CACHE_SIZE means no cache.
  let cache: ReturnType<typeof userCache> | undefined
  try { cache = userCache() } catch { cache = undefined }
  const service = createNodeService({ ...(existsSync(bundledWorker) ? { workerFile: bundledWorker } : {}), ...(cache ? { cache } : {}) })
  service.subscribe((event) => send(EVENT_CHANNEL, event))
  app.on('will-quit', () => service.close())
  registerIpc({
    ipcMain,
    api: service,
    isTrusted: (url) => isTrustedSender(url, appLocation),
    async showOpen() {
      const r = mainWindow ? await dialog.showOpenDialog(mainWindow, { properties: ['openFile'], filters: PROJECT_FILTERS }) : undefined
      return r && !r.canceled && r.filePaths[0] ? r.filePaths[0] : null
    },
    async showSave(suggestedName) {
      const r = mainWindow ? await dialog.showSaveDialog(mainWindow, { defaultPath: suggestedName, filters: PROJECT_FILTERS }) : undefined
      return r && !r.canceled && r.filePath ? r.filePath : null
    },
    recent,
    access: fileAccess,
    noteRecent(path) {
      app.addRecentDocument(path)
      if (recent.add(path)) buildMenu()
    }
  })
}

/** Closing with unsaved changes: the page's beforeunload says so, and the user decides here. */
function confirmUnload(window: BrowserWindow): void {
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Discard changes', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'The project has unsaved changes.',
      detail: 'Close without saving them? The autosaved working copy is kept for recovery.'
    })
    if (choice === 0) event.preventDefault() // ignore the page's objection: close
  })
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js'), { devTools: !app.isPackaged }))
  mainWindow = window
  window.once('ready-to-show', () => window.show())
  confirmUnload(window)
  if (devServerUrl) void window.loadURL(devServerUrl)
  else void window.loadURL(APP_INDEX_URL)
  return window
}

app.enableSandbox()
// Before ready: app:// is a standard, secure origin ('self' in the CSP, fetch, relative URLs).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }])
app.on('web-contents-created', (_event, contents) => guardWebContents(contents))
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

void app.whenReady().then(() => {
  if (!devServerUrl) protocol.handle(APP_SCHEME, appProtocolHandler(rendererDir, (file) => readFile(file), contentSecurityPolicy(cspMode)))
  hardenSession()
  startService()
  buildMenu()
  createMainWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
})
