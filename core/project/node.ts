// The Node-only part of the core/project API (file system): load, save, file identity.
// Hosts with a file system (CLI, Electron main, tests) import this; the renderer never does.
export * from './index'
export { loadProject, type LoadResult } from './load'
export { saveProject, type SaveOptions, type SaveResult } from './save'
export { sha256Hex, type FileInfo } from './file-info'
