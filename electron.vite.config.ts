// Build of the three Electron bundles (main, preload, renderer), per STACK.md's recipe.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import type { Plugin } from 'vite'
import { contentSecurityPolicy } from './electron/security'
import { engineFingerprint } from './build/engine-fingerprint.mjs'

const r = (p: string): string => resolve(__dirname, p)
const { version } = JSON.parse(readFileSync(r('package.json'), 'utf8')) as { version: string }
/** Baked into the main process, which runs the engine (core/version.ts's ENGINE_FINGERPRINT). */
const fingerprint = { __IOVLAB_ENGINE_FINGERPRINT__: JSON.stringify(engineFingerprint(__dirname)) }

/**
 * Vendor chunk of a module id: vue (with pinia), echarts, vue-flow, zod, elk (lazy), other vendor code; app code → null.
 * renderer/src/zod-setup.ts rides in the zod chunk, so `z.config({ jitless: true })` runs before any chunk
 * that imports zod can build a schema (STACK pitfall 2), wherever the splitter puts that schema.
 */
export function vendorChunk(id: string): string | null {
  const path = id.replace(/\\/g, '/')
  if (path.endsWith('/renderer/src/zod-setup.ts')) return 'zod'
  const at = path.lastIndexOf('/node_modules/')
  if (at < 0) return null
  const [scope, name] = path.slice(at + '/node_modules/'.length).split('/')
  const pkg = scope.startsWith('@') ? `${scope}/${name}` : scope
  if (pkg === 'vue' || pkg === 'pinia' || scope === '@vue') return 'vue'
  if (pkg === 'echarts' || pkg === 'zrender' || pkg === 'vue-echarts') return 'echarts'
  if (scope === '@vue-flow' || pkg.startsWith('d3-')) return 'vue-flow'
  if (pkg === 'zod') return 'zod'
  if (pkg === 'elkjs') return 'elk' // automatic layout: loaded on first use only
  return 'vendor'
}

/** The dev server injects <style> tags, so in dev the meta CSP gets the development policy. */
function devCsp(): Plugin {
  return {
    name: 'iovlab-dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(contentSecurityPolicy('production'), contentSecurityPolicy('development'))
  }
}

export default defineConfig({
  main: {
    define: fingerprint,
    build: { externalizeDeps: true, rolldownOptions: { input: { index: r('electron/main.ts') } } }
  },
  preload: {
    // sandboxed preloads cannot require() node_modules: bundle deps
    build: { externalizeDeps: false, rolldownOptions: { input: { index: r('electron/preload.ts') } } }
  },
  renderer: {
    root: r('renderer'),
    define: { 'import.meta.env.VITE_ENGINE_VERSION': JSON.stringify(version) },
    build: {
      minify: process.env.IOVLAB_NO_MINIFY !== '1',
      rolldownOptions: {
        input: { index: r('renderer/index.html') },
        output: {
          codeSplitting: {
            // Vue first: a group takes its modules' dependencies too, so without the priority the
            // echarts group (vue-echarts imports vue) swallowed Vue's runtime, and the first view
            // loaded all of ECharts with it.
            groups: [
              { name: 'vue', test: (id: string) => vendorChunk(id) === 'vue', priority: 10, debugName: 'vue' },
              { name: vendorChunk, debugName: 'vendor-chunks' }
            ]
          }
        }
      }
    },
    plugins: [vue(), devCsp()]
  }
})
