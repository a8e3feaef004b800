// The main process's IPC handlers: every API request validated by the contract's zod schemas
// (core/api's dispatch) and answered by the service; the native file dialogs; recent files. Only
// frames of the app are answered. Electron's objects are passed in, so tests can fake them.
import { dispatch, type ApiResponse, type IovlabApi } from '../core/api/index'
import { API_CHANNEL, CHOOSE_OPEN_CHANNEL, CHOOSE_SAVE_CHANNEL, RECENT_CHANNEL } from './ipc-channels'

export interface IpcEventLike {
  senderFrame?: { url: string } | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void
}

export interface IpcDeps {
  ipcMain: IpcMainLike
  api: IovlabApi
  isTrusted(frameUrl: string | undefined | null): boolean
  /** Native dialogs of the window that asked. */
  showOpen(): Promise<string | null>
  showSave(suggestedName: string): Promise<string | null>
  recent: { get(): string[]; add(path: string): boolean }
  /** A file was opened or saved: the OS's recent documents and the File menu follow. */
  noteRecent(path: string): void
}

const untrusted = (): ApiResponse<never> => ({ ok: false, errors: [{ code: 'forbidden', message: 'this window may not use the IOV Lab API' }] })

/** The path an API call opened or saved, when it succeeded (examples are not "recent"). */
export function recentPathOf(name: unknown, params: unknown, response: ApiResponse<unknown>): string | undefined {
  if (!response.ok || (name !== 'openProject' && name !== 'saveProject')) return undefined
  const path = (params as { path?: unknown } | null)?.path
  return typeof path === 'string' ? path : undefined
}

export function registerIpc(deps: IpcDeps): void {
  const guard = <T>(fn: (...args: unknown[]) => Promise<T>, denied: () => T) =>
    (event: IpcEventLike, ...args: unknown[]): Promise<T> => (deps.isTrusted(event.senderFrame?.url) ? fn(...args) : Promise.resolve(denied()))

  deps.ipcMain.handle(API_CHANNEL, guard(async (name, params) => {
    const response = await dispatch(deps.api, name, params)
    const path = recentPathOf(name, params, response)
    if (path) deps.noteRecent(path)
    return response
  }, untrusted))

  deps.ipcMain.handle(CHOOSE_OPEN_CHANNEL, guard(async () => {
    const path = await deps.showOpen()
    return path ? { path } : null
  }, () => null))

  deps.ipcMain.handle(CHOOSE_SAVE_CHANNEL, guard(async (suggested) => {
    const name = typeof suggested === 'string' && suggested.length > 0 && suggested.length < 4096 ? suggested : 'untitled.iovlab.json'
    return deps.showSave(name)
  }, () => null))

  deps.ipcMain.handle(RECENT_CHANNEL, guard(async () => deps.recent.get(), () => []))
}
