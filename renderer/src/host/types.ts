// The contract every host (Electron preload, browser, test fake) implements for the renderer.
// Mirrors WorkbenchApi in electron/ipc-channels.ts until core/api's typed contract replaces both.

export interface Host {
  /** The simulation engine's version, e.g. "0.1.0". */
  engineVersion(): Promise<string>
}
