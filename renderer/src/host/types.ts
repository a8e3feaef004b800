// The contract every host (Electron preload, browser, test fake) implements for the renderer: the
// typed API of core/api, choosing files (native dialogs, or the workbench's own prompt), recent
// files, and commands from native menus. The app never asks which host it runs in.
import type { IovlabApi } from '../../../core/api/contract'

/** A project to open: a path on the host's disk, or the text of a file the user uploaded. */
export type FileChoice = { path: string } | { text: string; name: string } | null

export interface HostFiles {
  /** Asks which project to open; null when cancelled. */
  chooseOpen(): Promise<FileChoice>
  /** Asks where to save (a path on the host's disk); null when cancelled. */
  chooseSave(suggestedName: string): Promise<string | null>
  /** Recently opened or saved files, newest first. */
  recent(): Promise<string[]>
  /** Remembers a file as recently used (a host that records this itself may ignore it). */
  noteRecent(path: string): Promise<void>
}

export interface Host {
  readonly api: IovlabApi
  readonly files: HostFiles
  /**
   * Commands from the host's native menus: command ids of features/shell/commands.ts, or
   * 'open-recent' with the file's path. Returns the unsubscribe.
   */
  onCommand(listener: (command: string, arg?: string) => void): () => void
}
