// Electron end-to-end test: launches the built app with playwright-core's _electron where an Electron binary exists, else says it skipped.
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export const SKIP_MESSAGE = 'Electron e2e: SKIPPED — no Electron binary on this machine (its download host is unreachable)'

/**
 * The Electron executable that `require('electron')` would return, or null when it is not on disk.
 * Does not call require('electron'): on a machine without the binary that starts a download.
 */
export function electronBinary(root) {
  const pkg = join(root, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : ''
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  const binary = override ? join(override, relative || 'electron') : relative ? join(pkg, 'dist', relative) : null
  return binary && existsSync(binary) ? binary : null
}

function launchArgs(root) {
  const args = []
  if (process.getuid?.() === 0) args.push('--no-sandbox') // Chromium refuses to run as root with its sandbox
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) args.push('--ozone-platform=headless')
  return [...args, root]
}

function check(condition, message) {
  if (!condition) throw new Error(message)
}

/** Runs the Electron e2e checks; returns 'skipped' or 'passed', throws on failure. */
export async function runElectronE2e(root) {
  const executablePath = electronBinary(root)
  if (!executablePath) {
    console.log(SKIP_MESSAGE)
    return 'skipped'
  }
  const { _electron } = await import('playwright-core')
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const env = { ...process.env }
  delete env.ELECTRON_RENDERER_URL // load the built renderer, not a dev server
  const app = await _electron.launch({ executablePath, args: launchArgs(root), cwd: root, env, timeout: 30_000 })
  try {
    const page = await app.firstWindow()
    const errors = []
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()))
    page.on('pageerror', (error) => errors.push(error.message))
    await page.getByRole('region', { name: 'Topology' }).waitFor({ state: 'visible', timeout: 15_000 })
    await page.getByRole('region', { name: 'Inspector' }).waitFor({ state: 'visible' })
    await page.getByRole('status').filter({ hasText: `Engine ${version}` }).waitFor({ timeout: 10_000 })
    check((await page.title()) === 'IOV Lab', `window title is "${await page.title()}", expected "IOV Lab"`)
    const exposed = await page.evaluate(() => ({
      bridge: Object.keys(window.workbench ?? {}),
      node: typeof window.require !== 'undefined' || typeof window.process !== 'undefined',
      popup: window.open('https://example.com/') !== null
    }))
    check(exposed.bridge.sort().join() === 'api,files,onCommand', `window.workbench exposes [${exposed.bridge}], expected [api, files, onCommand]`)
    check(!exposed.node, 'Node globals leak into the renderer')
    check(!exposed.popup, 'window.open was not denied')
    const prefs = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].webContents.getLastWebPreferences())
    check(prefs?.sandbox === true && prefs?.contextIsolation === true && prefs?.nodeIntegration === false,
      `unsafe webPreferences: ${JSON.stringify(prefs)}`)
    check(errors.length === 0, `console errors in Electron:\n  ${errors.join('\n  ')}`)
    console.log('Electron e2e: PASSED — window, regions, engine version, sandbox and bridge checked')
    return 'passed'
  } finally {
    await app.close()
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  runElectronE2e(resolve(import.meta.dirname, '../..')).catch((error) => {
    console.error(`Electron e2e: FAILED — ${error.message}`)
    process.exitCode = 1
  })
}
