// `npm start`: the desktop app (electron-vite preview). Where Electron's binary is missing — its
// download host unreachable, or installed with ELECTRON_SKIP_BINARY_DOWNLOAD — says so in one line and
// names the browser host, instead of the stack trace electron-vite prints (and instead of
// require('electron') starting a download).
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The Electron executable `require('electron')` would return, or null when it is not on disk (as tests/e2e/electron.mjs). */
export function electronBinary(root, env = process.env) {
  const pkg = join(root, 'node_modules', 'electron')
  if (!existsSync(join(pkg, 'package.json'))) return null
  const pathFile = join(pkg, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const override = env.ELECTRON_OVERRIDE_DIST_PATH
  const binary = override ? join(override, relative || 'electron') : relative ? join(pkg, 'dist', relative) : null
  return binary && existsSync(binary) ? binary : null
}

/** The one line printed when the desktop app cannot start, or null when it can. */
export function startProblem(root, env = process.env) {
  if (electronBinary(root, env)) return null
  const why = existsSync(join(root, 'node_modules', 'electron', 'package.json'))
    ? "Electron's binary is not installed (its download failed or was skipped)"
    : 'Electron is not installed (run `npm install`)'
  return `iovlab: the desktop app cannot start: ${why}; run the same workbench in your browser with \`npx iovlab serve\`.`
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = process.env.IOVLAB_START_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const problem = startProblem(root)
  if (problem) {
    process.stderr.write(`${problem}\n`)
    process.exit(1)
  }
  const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  const child = spawn(process.execPath, [cli, 'preview', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
}
