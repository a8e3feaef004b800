// The names of the IPC channels between preload and main, and the bridge's shape; one place so neither side drifts.

/** The single channel of this skeleton; the full typed API of core/api replaces it later. */
export const ENGINE_VERSION_CHANNEL = 'iovlab:engine-version'

/**
 * What the preload exposes as `window.workbench`. Kept a single object so that it can be
 * swapped for core/api's typed contract in one place. The renderer mirrors this shape in
 * renderer/src/host/types.ts (the two TypeScript projects cannot share a file outside core/).
 */
export interface WorkbenchApi {
  /** The simulation engine's version, e.g. "0.1.0". */
  engineVersion(): Promise<string>
}
