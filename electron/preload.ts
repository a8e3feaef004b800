// The preload bridge: exposes one object, `window.workbench`, to the isolated renderer and nothing else.
import { contextBridge, ipcRenderer } from 'electron'
import { ENGINE_VERSION_CHANNEL, type WorkbenchApi } from './ipc-channels'

const api: WorkbenchApi = {
  engineVersion: () => ipcRenderer.invoke(ENGINE_VERSION_CHANNEL) as Promise<string>
}

contextBridge.exposeInMainWorld('workbench', api)
