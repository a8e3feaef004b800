// Bundles the iovlab CLI (core/cli) and its worker entry into out/cli with esbuild.
// Run by `npm install` (prepare), `npm run build`, and by bin/iovlab.cjs when core/ changed.
import { build } from 'esbuild'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { engineFingerprint } from './engine-fingerprint.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const entryPoints = {
  iovlab: resolve(root, 'core/cli/main.ts'),
  'peer-bench': resolve(root, 'core/bench/peer-main.ts')
}
const worker = resolve(root, 'core/experiment/worker.ts')
if (existsSync(worker)) entryPoints.worker = worker
const checkWorker = resolve(root, 'core/api/check-worker.ts')
if (existsSync(checkWorker)) entryPoints['check-worker'] = checkWorker

await build({
  entryPoints,
  outdir: resolve(root, 'out/cli'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  // piscina starts its own worker script from its package folder: it must stay in node_modules.
  external: ['piscina'],
  // jsonc-parser's "main" is a UMD build whose run-time requires esbuild cannot follow; its ESM build
  // bundles. (An alias resolves from the working directory, so that is the checkout, whatever the caller's.)
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  absWorkingDir: root,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
  define: { 'process.env.IOVLAB_BUNDLED': '"1"', __IOVLAB_ENGINE_FINGERPRINT__: JSON.stringify(engineFingerprint(root)) }
})
