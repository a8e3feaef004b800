// The Electron main process: one window, the security policy applied to every web contents, and the IPC handlers.
import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, session, type WebContents } from 'electron'
import { ENGINE_VERSION_CHANNEL } from './ipc-channels'
import { isTrustedSender, mainWindowOptions, navigationDecision, withCspHeader, type AppLocation } from './security'

const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
const appLocation: AppLocation = devServerUrl
  ? { kind: 'dev-server', url: devServerUrl }
  : { kind: 'files', dir: join(__dirname, '../renderer') }
const cspMode = devServerUrl ? 'development' : 'production'

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

function registerIpc(): void {
  ipcMain.handle(ENGINE_VERSION_CHANNEL, (event) => {
    if (!isTrustedSender(event.senderFrame?.url, appLocation)) throw new Error('Untrusted IPC sender')
    return app.getVersion()
  })
}

function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(join(__dirname, '../preload/index.js')))
  window.once('ready-to-show', () => window.show())
  if (devServerUrl) void window.loadURL(devServerUrl)
  else void window.loadFile(join(__dirname, '../renderer/index.html'))
  return window
}

app.enableSandbox()
app.on('web-contents-created', (_event, contents) => guardWebContents(contents))
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

void app.whenReady().then(() => {
  hardenSession()
  registerIpc()
  createMainWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
})
