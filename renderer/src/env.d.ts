// Ambient types of the renderer: Vite's client types, .vue modules, build-time env and the host on `window`.
/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

interface ImportMetaEnv {
  /** The engine version baked in by electron.vite.config.ts (package.json's version). */
  readonly VITE_ENGINE_VERSION?: string
}

interface Window {
  /** Exposed by the Electron preload; absent in a plain browser. */
  workbench?: import('./host/types').Host
}
