// The preload bridge: exposes one object, `window.workbench` — the typed API of core/api (one IPC
// call per request, run events), the native file dialogs and recent files, and native menu
// commands — and nothing else: no ipcRenderer, no Node.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import {
  API_CHANNEL, API_REQUESTS, CHOOSE_OPEN_CHANNEL, CHOOSE_SAVE_CHANNEL, COMMAND_CHANNEL, EVENT_CHANNEL, RECENT_CHANNEL
} from './ipc-channels'

function listen<T>(channel: string, listener: (value: T, arg?: string) => void): () => void {
  const handler = (_event: IpcRendererEvent, value: T, arg?: string): void => listener(value, arg)
  ipcRenderer.on(channel, handler)
  return () => { ipcRenderer.removeListener(channel, handler) }
}

const api = Object.fromEntries(API_REQUESTS.map((name) => [name, (params: unknown) => ipcRenderer.invoke(API_CHANNEL, name, params ?? {})]))

contextBridge.exposeInMainWorld('workbench', {
  api: { ...api, subscribe: (listener: (event: unknown) => void) => listen(EVENT_CHANNEL, listener) },
  files: {
    chooseOpen: () => ipcRenderer.invoke(CHOOSE_OPEN_CHANNEL),
    chooseSave: (suggestedName: string) => ipcRenderer.invoke(CHOOSE_SAVE_CHANNEL, String(suggestedName)),
    recent: () => ipcRenderer.invoke(RECENT_CHANNEL),
    noteRecent: async () => undefined // the main process records every file it opens or saves
  },
  onCommand: (listener: (command: string, arg?: string) => void) => listen(COMMAND_CHANNEL, listener)
})
