// The main process's IPC handlers: every API request validated by the contract's zod schemas
// (core/api's dispatch) and answered by the service; the native file dialogs; recent files. Only
// frames of the app are answered, and a request naming a file is answered only for a file the user
// chose (electron/file-access.ts). Electron's objects are passed in, so tests can fake them.
import { dispatch, type ApiError, type ApiResponse, type IovlabApi } from '../core/api/index'
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
  /** The allow-list of files: dialogs add to it; a request naming another file is refused. */
  access: { allow(path: string): void; refusal(name: unknown, params: unknown): ApiError | null }
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

  deps.ipcMain.handle(API_CHANNEL, guard(async (name, params): Promise<ApiResponse<unknown>> => {
    const refused = deps.access.refusal(name, params)
    if (refused) return { ok: false, errors: [refused] }
    const response = await dispatch(deps.api, name, params)
    const path = recentPathOf(name, params, response)
    if (path) deps.noteRecent(path)
    return response
  }, untrusted))

  deps.ipcMain.handle(CHOOSE_OPEN_CHANNEL, guard(async () => {
    const path = await deps.showOpen()
    if (path) deps.access.allow(path)
    return path ? { path } : null
  }, () => null))

  deps.ipcMain.handle(CHOOSE_SAVE_CHANNEL, guard(async (suggested) => {
    const name = typeof suggested === 'string' && suggested.length > 0 && suggested.length < 4096 ? suggested : 'untitled.iovlab.json'
    const path = await deps.showSave(name)
    if (path) deps.access.allow(path)
    return path
  }, () => null))

  deps.ipcMain.handle(RECENT_CHANNEL, guard(async () => deps.recent.get(), () => []))
}
