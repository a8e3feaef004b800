// Which files the renderer may have the main process read or write. The API's openProject and
// saveProject take any absolute path, so a compromised page could otherwise read or overwrite any
// file the user can. The allow-list holds what the user chose: paths returned by the native open and
// save dialogs in this session, and the recent files (chosen in an earlier one). Examples are opened
// by id (openExample), never by path, and the autosaved working copy lives in the renderer's own
// storage, so neither needs a path here. Everything else is refused with one clear error.
import { resolve } from 'node:path'
import type { ApiError } from '../core/api/index'

/** Requests that name a file on disk by `params.path`. */
export const PATH_REQUESTS: ReadonlySet<string> = new Set(['openProject', 'saveProject'])

export class FileAccess {
  private readonly chosen = new Set<string>()

  /** `recent` is read at every check, so a file that becomes recent is allowed at once. */
  constructor(private readonly recent: () => readonly string[], private readonly platform: NodeJS.Platform = process.platform) {}

  /** The form paths are compared in: absolute, `..` resolved; case-folded where the file system is. */
  private key(path: string): string {
    const abs = resolve(path)
    return this.platform === 'win32' || this.platform === 'darwin' ? abs.toLowerCase() : abs
  }

  /** The user chose `path` in a dialog. */
  allow(path: string): void {
    this.chosen.add(this.key(path))
  }

  mayAccess(path: string): boolean {
    if (path.length === 0 || path.includes('\0')) return false
    const key = this.key(path)
    return this.chosen.has(key) || this.recent().some((r) => this.key(r) === key)
  }

  /**
   * The refusal of a request whose `params.path` was not chosen, or null when it may go on (or names
   * no file: the contract's own validation then answers).
   */
  refusal(name: unknown, params: unknown): ApiError | null {
    if (typeof name !== 'string' || !PATH_REQUESTS.has(name)) return null
    const path = (params as { path?: unknown } | null)?.path
    if (typeof path !== 'string' || path.length === 0 || this.mayAccess(path)) return null
    return {
      code: 'path-not-chosen',
      message: `${JSON.stringify(path).slice(0, 300)} was not chosen in an open or save dialog nor is it a recent file; the desktop app reads and writes only those — choose it with File › Open… or Save As…`,
      path: '$.path'
    }
  }
}
