// Two test projects: everything under tests/ except the renderer runs in Node;
// renderer component and store tests run in happy-dom.
import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { engineFingerprint } from './build/engine-fingerprint.mjs'

const r = (p: string): string => resolve(import.meta.dirname, p)

export default defineConfig({
  // The engine fingerprint the builds bake in (build/engine-fingerprint.mjs), from the sources under test.
  define: { __IOVLAB_ENGINE_FINGERPRINT__: JSON.stringify(engineFingerprint(import.meta.dirname)) },
  resolve: { alias: { '@core': r('core'), '@renderer': r('renderer/src') } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/core/**/*.test.ts', 'tests/validation/**/*.test.ts', 'tests/electron/**/*.test.ts', 'tests/build/**/*.test.ts', 'tests/lint/**/*.test.ts'],
          setupFiles: ['tests/setup/fast-check.ts', 'tests/setup/cache-dir.ts'],
          testTimeout: 120_000
        }
      },
      {
        extends: true,
        plugins: [vue()],
        test: {
          name: 'renderer',
          environment: 'happy-dom',
          include: ['tests/renderer/**/*.test.ts'],
          setupFiles: ['tests/setup/fast-check.ts']
        }
      }
    ]
  }
})
