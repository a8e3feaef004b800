// Unit tests of the shell's security policy (electron/security.ts), in plain Node: no Electron binary needed.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  contentSecurityPolicy,
  cspDirectives,
  isAppUrl,
  isTrustedSender,
  mainWindowOptions,
  navigationDecision,
  withCspHeader,
  type AppLocation
} from '../../electron/security'

const rendererDir = resolve('/opt/iovlab/resources/app.asar/out/renderer')
const files: AppLocation = { kind: 'app-protocol', dir: rendererDir }
const dev: AppLocation = { kind: 'dev-server', url: 'http://localhost:5173/' }
const appPage = 'app://iovlab/index.html'
const filePage = pathToFileURL(join(rendererDir, 'index.html')).href

describe('content security policy', () => {
  it('never allows eval or inline scripts, in either mode', () => {
    for (const mode of ['production', 'development'] as const) {
      const csp = contentSecurityPolicy(mode)
      expect(csp).not.toContain('unsafe-eval')
      expect(csp).not.toContain('wasm-unsafe-eval')
      expect(cspDirectives(mode)['script-src']).toEqual(["'self'"])
    }
  })

  it('denies by default and blocks objects, frames, base and form targets', () => {
    const d = cspDirectives()
    expect(d['default-src']).toEqual(["'none'"])
    for (const name of ['object-src', 'frame-src', 'base-uri', 'form-action']) expect(d[name]).toEqual(["'none'"])
  })

  it('allows inline styles only in development (Vite injects <style> tags there)', () => {
    expect(contentSecurityPolicy('production')).not.toContain('unsafe-inline')
    expect(cspDirectives('development')['style-src']).toContain("'unsafe-inline'")
  })

  it('uses no directive that a <meta> tag ignores, so header and meta can be equal', () => {
    for (const name of ['frame-ancestors', 'report-uri', 'report-to', 'sandbox']) expect(cspDirectives()).not.toHaveProperty(name)
  })

  it('is the same string as the meta tag in renderer/index.html', () => {
    const html = readFileSync(resolve(import.meta.dirname, '../../renderer/index.html'), 'utf8')
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)
    expect(meta?.[1]).toBe(contentSecurityPolicy('production'))
  })

  it('replaces any CSP header of a response, whatever its letter case, and keeps the other headers', () => {
    const out = withCspHeader({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' })
    expect(out).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy()] })
    expect(withCspHeader(undefined)).toEqual({ 'Content-Security-Policy': [contentSecurityPolicy()] })
  })
})

describe('main window options', () => {
  const options = mainWindowOptions('/app/out/preload/index.js')

  it('isolates and sandboxes the renderer, with no Node integration anywhere', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false
    })
  })

  it('has no DevTools unless asked for (the packaged app does not ask)', () => {
    expect(options.webPreferences?.devTools).toBe(false)
    expect(mainWindowOptions('/p.js', { devTools: true }).webPreferences?.devTools).toBe(true)
  })

  it('is titled IOV Lab and shows only when ready', () => {
    expect(options.title).toBe('IOV Lab')
    expect(options.show).toBe(false)
  })
})

describe('navigation guard', () => {
  it('allows pages of the built renderer', () => {
    expect(navigationDecision(appPage, files)).toBe('allow')
    expect(navigationDecision(`${appPage}#/results`, files)).toBe('allow')
  })

  it('denies external URLs and other schemes', () => {
    for (const url of ['https://example.com/', 'http://localhost:5173/', 'javascript:alert(1)', 'data:text/html,<p>x</p>',
      'about:blank', 'chrome://settings', 'not a url', '']) {
      expect(navigationDecision(url, files), url).toBe('deny')
    }
  })

  it('denies every file:// page, even the renderer\'s own index.html (the app is served as app://)', () => {
    expect(navigationDecision(filePage, files)).toBe('deny')
    expect(navigationDecision(pathToFileURL('/etc/passwd').href, files)).toBe('deny')
    expect(navigationDecision('file://remote-host/share/index.html', files)).toBe('deny')
  })

  it('denies app:// URLs that leave the renderer directory or name another host', () => {
    expect(navigationDecision('app://iovlab/..%2f..%2fsecret.html', files)).toBe('deny')
    expect(navigationDecision('app://iovlab/assets/..%2f..%2f..%2fetc/passwd', files)).toBe('deny')
    expect(navigationDecision('app://evil/index.html', files)).toBe('deny')
  })

  it('in development allows only the dev server origin', () => {
    expect(navigationDecision('http://localhost:5173/index.html', dev)).toBe('allow')
    expect(navigationDecision('http://localhost:5174/', dev)).toBe('deny')
    expect(navigationDecision('http://127.0.0.1:5173/', dev)).toBe('deny')
    expect(navigationDecision(appPage, dev)).toBe('deny')
    expect(navigationDecision(filePage, dev)).toBe('deny')
  })
})

describe('IPC sender check', () => {
  it('trusts only frames that show the app', () => {
    expect(isTrustedSender(appPage, files)).toBe(true)
    expect(isTrustedSender('https://evil.example/', files)).toBe(false)
    expect(isTrustedSender(filePage, files)).toBe(false)
  })

  it('does not trust a frame that is gone', () => {
    expect(isTrustedSender(undefined, files)).toBe(false)
    expect(isTrustedSender(null, files)).toBe(false)
    expect(isAppUrl('', files)).toBe(false)
  })
})
