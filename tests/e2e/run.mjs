// Browser end-to-end test of the built renderer (npm run test:e2e): serves out/renderer, drives Debian's chromium
// through playwright-core, checks the shell and takes docs/screenshot-shell.png; then runs the Electron e2e if it can.
import { execSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { runElectronE2e } from './electron.mjs'
import { serveRenderer } from './static-server.mjs'

const root = resolve(import.meta.dirname, '../..')
const rendererDir = join(root, 'out', 'renderer')
const screenshot = join(root, 'docs', 'screenshot-shell.png')
const onCi = Boolean(process.env.CI) && !['false', '0'].includes(process.env.CI.toLowerCase())

function findChromium() {
  try {
    return execSync('command -v chromium', { shell: '/bin/sh', stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null
  } catch {
    return null
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message)
}

async function browserE2e(executablePath) {
  const indexHtml = join(rendererDir, 'index.html')
  check(existsSync(indexHtml), `${indexHtml} is missing: run \`npm run build\` (or \`npx electron-vite build\`) first`)
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(readFileSync(indexHtml, 'utf8'))?.[1]
  check(csp, 'out/renderer/index.html has no Content-Security-Policy meta tag')
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  const server = await serveRenderer({ dir: rendererDir, csp, engineVersion: version })
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors = []
    page.on('console', (message) => message.type() === 'error' && errors.push(`console: ${message.text()}`))
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`))
    // CSP violations that page code catches (e.g. a probe of `new Function`) reach no console: record them
    await page.addInitScript(() => {
      window.__cspViolations = []
      document.addEventListener('securitypolicyviolation', (event) => {
        window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`)
      })
    })
    page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`))
    await page.goto(server.url, { waitUntil: 'load' })
    await page.getByRole('region', { name: 'Topology' }).waitFor({ state: 'visible', timeout: 15_000 })
    await page.getByRole('region', { name: 'Inspector' }).waitFor({ state: 'visible', timeout: 5_000 })
    await page.getByRole('heading', { name: 'IOV Lab' }).waitFor({ state: 'visible', timeout: 5_000 })
    await page.getByRole('status').filter({ hasText: `Engine ${version}` }).waitFor({ timeout: 10_000 })
    check((await page.title()) === 'IOV Lab', `page title is "${await page.title()}", expected "IOV Lab"`)
    mkdirSync(join(root, 'docs'), { recursive: true })
    await page.screenshot({ path: screenshot })
    for (const violation of await page.evaluate(() => window.__cspViolations)) errors.push(`CSP violation: ${violation}`)
    check(errors.length === 0, `errors in the page:\n  ${errors.join('\n  ')}`)
  } finally {
    await browser.close()
    await server.close()
  }
  console.log(`Browser e2e: PASSED — Topology and Inspector regions visible, engine ${version} shown, no console errors`)
  console.log(`Screenshot: ${screenshot}`)
}

async function main() {
  const executablePath = findChromium()
  if (!executablePath) {
    if (onCi) throw new Error('chromium not found, and CI is set: install it with apt-get install chromium')
    console.log('Browser e2e: SKIPPED: chromium not found — install with apt-get install chromium')
  } else {
    await browserE2e(executablePath)
  }
  await runElectronE2e(root)
}

const watchdog = setTimeout(() => {
  console.error('E2E FAILED: timed out after 120 s')
  process.exit(1)
}, 120_000)
watchdog.unref()

main().catch((error) => {
  console.error(`E2E FAILED: ${error.message}`)
  process.exitCode = 1
})
