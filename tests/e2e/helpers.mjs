// Shared steps of the browser e2e tests: a page that records console errors and CSP violations,
// drags with the 2-px first move Vue Flow needs, the palette, nodes by accessible name, the path prompt.
import { execSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/**
 * Where a screenshot goes: docs/ (shown in the README) only when IOVLAB_SCREENSHOTS=1, so that a
 * test run does not rewrite tracked files; test-results/screenshots/ otherwise.
 */
export function screenshotPath(name) {
  const root = resolve(import.meta.dirname, '../..')
  const dir = process.env.IOVLAB_SCREENSHOTS === '1' ? join(root, 'docs') : join(root, 'test-results', 'screenshots')
  mkdirSync(dir, { recursive: true })
  return join(dir, name)
}

export const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

export function findChromium() {
  try {
    return execSync('command -v chromium', { shell: '/bin/sh', stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null
  } catch {
    return null
  }
}

export function check(condition, message) {
  if (!condition) throw new Error(message)
}

/** A new page (fresh storage) that collects console errors, page errors, failed requests and CSP violations. */
export async function openPage(browser, url, { viewport = { width: 1440, height: 900 } } = {}) {
  const context = await browser.newContext({ viewport })
  const page = await context.newPage()
  const errors = []
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`))
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`))
  page.on('requestfailed', (r) => !r.url().endsWith('/api/events') && errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`))
  page.on('dialog', (d) => void d.accept())
  await page.addInitScript(() => {
    window.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`))
  })
  await page.goto(url, { waitUntil: 'load' })
  await page.getByRole('region', { name: 'Topology' }).waitFor({ state: 'visible', timeout: 15_000 })
  return {
    page,
    context,
    /** Every error so far, CSP violations included. */
    async problems() {
      const csp = await page.evaluate(() => window.__cspViolations ?? []).catch(() => [])
      return [...errors, ...csp.map((v) => `CSP violation: ${v}`)]
    }
  }
}

export async function centre(locator) {
  const b = await locator.boundingBox()
  if (!b) throw new Error(`${locator} is not visible`)
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 }
}

/** A mouse drag: down, a 2-px move (Vue Flow starts its drag on the first move and ignores it), then the target. */
export async function drag(page, from, to, steps = 8) {
  await page.mouse.move(from.x, from.y)
  await page.mouse.down()
  await page.mouse.move(from.x + 2, from.y + 2)
  await page.mouse.move(to.x, to.y, { steps })
  await page.mouse.up()
}

export const palette = (page, name) => page.getByRole('button', { name, exact: true })
export const node = (page, name) => page.getByRole('group', { name, exact: true })
export const handle = (page, id, side) => page.locator(`.vue-flow__node[data-id="${id}"] .handle-${side}`)

/** Drags a palette item to a point of the page. */
export async function dropFromPalette(page, name, to) {
  await drag(page, await centre(palette(page, name)), to)
}

/** Draws a connection from one node's output handle to another's input handle. */
export async function connect(page, fromId, toId) {
  await drag(page, await centre(handle(page, fromId, 'out')), await centre(handle(page, toId, 'in')))
}

/** Answers the browser host's path prompt. */
export async function answerPathPrompt(page, path) {
  const input = page.locator('#path-prompt-input')
  await input.waitFor({ state: 'visible', timeout: 5000 })
  await input.fill(path)
  await input.press('Enter')
  await input.waitFor({ state: 'hidden', timeout: 10_000 })
}

/** Sets an inspector field and commits it (Enter). */
export async function setField(page, selector, text) {
  const field = page.locator(selector)
  await field.fill(text)
  await field.press('Enter')
}

export async function waitForToast(page, pattern, timeout = 15_000) {
  await page.locator('.toast').filter({ hasText: pattern }).first().waitFor({ timeout })
}

/** Clicks an empty spot of the canvas (clears the selection, takes the focus out of fields). */
export async function clickCanvas(page) {
  const b = await page.getByRole('region', { name: 'Topology' }).boundingBox()
  await page.mouse.click(b.x + b.width - 40, b.y + 120)
}

/** Clears the notices (before a screenshot). */
export async function dismissToasts(page) {
  await page.evaluate(() => document.querySelectorAll('.toast').forEach((t) => t.click()))
}

export async function nodeTransforms(page) {
  return page.locator('.vue-flow__node').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.dataset.id, e.style.transform])))
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
export const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]

/** CI is set (and not "false" or "0"), as the e2e runner and the fast-check setup read it. */
export const onCi = () => Boolean(process.env.CI) && !['false', '0'].includes(process.env.CI.toLowerCase())

/**
 * Runs one e2e flow on its own (`node tests/e2e/<flow>.mjs`): starts the real `iovlab serve` and
 * Debian's chromium, calls `flow({ browser, url, root, tmp })`, prints PASSED with the wall time or
 * FAILED with the server's last lines, and cleans up. Without chromium it says SKIPPED and why, except
 * under CI, where a missing browser is a failure. A watchdog ends the process after `timeoutMs`: a
 * hung browser or server must fail the run, never leave it waiting.
 */
export function runAlone(label, flow, { timeoutMs = 240_000 } = {}) {
  setTimeout(() => { console.error(`${label} e2e FAILED: timed out after ${timeoutMs / 1000} s`); process.exit(1) }, timeoutMs).unref()
  const main = async () => {
    const root = resolve(import.meta.dirname, '../..')
    const executablePath = findChromium()
    if (!executablePath) {
      check(!onCi(), 'chromium not found, and CI is set: install it with apt-get install chromium')
      return console.log(`${label} e2e: SKIPPED: chromium not found — install with apt-get install chromium`)
    }
    check(existsSync(join(root, 'out', 'renderer', 'index.html')), 'out/renderer is missing: run `npm run build` first')
    const { startServe } = await import('./serve-process.mjs')
    const { chromium } = await import('playwright-core')
    const server = await startServe(root)
    const tmp = mkdtempSync(join(tmpdir(), 'iovlab-e2e-'))
    const browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS })
    try {
      const t0 = performance.now()
      const result = await flow({ browser, url: server.url, root, tmp })
      console.log(`${label} e2e: PASSED against ${server.url} in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
      return result
    } catch (error) {
      console.error(server.output().split('\n').slice(-20).join('\n'))
      throw error
    } finally {
      await browser.close()
      await server.close()
      rmSync(tmp, { recursive: true, force: true })
    }
  }
  return main().catch((error) => {
    console.error(`${label} e2e FAILED: ${error.message}`)
    process.exitCode = 1
  })
}
