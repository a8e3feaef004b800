// Tests the app:// origin (electron/app-protocol.ts): every request resolves inside the renderer's
// out dir or is refused, whatever the encoding of its path; files are served with their type and the CSP.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_INDEX_URL, APP_SCHEME_PRIVILEGES, appProtocolHandler, mimeTypeOf, resolveAppFile } from '../../electron/app-protocol'

const root = mkdtempSync(join(tmpdir(), 'iovlab-app-protocol-'))
const dir = join(root, 'out', 'renderer')
mkdirSync(join(dir, 'assets'), { recursive: true })
writeFileSync(join(dir, 'index.html'), '<!doctype html><p>lab</p>')
writeFileSync(join(dir, 'assets', 'index-abc.js'), 'export {}')
writeFileSync(join(root, 'out', 'secret.txt'), 'secret')
writeFileSync(`${dir}-evil.txt`, 'sibling')

describe('resolveAppFile', () => {
  it('maps app://iovlab/<path> to the file inside the renderer dir; the bare origin is index.html', () => {
    expect(resolveAppFile(APP_INDEX_URL, dir)).toBe(join(dir, 'index.html'))
    expect(resolveAppFile('app://iovlab/', dir)).toBe(join(dir, 'index.html'))
    expect(resolveAppFile('app://iovlab/assets/index-abc.js?v=1#x', dir)).toBe(join(dir, 'assets', 'index-abc.js'))
    expect(resolveAppFile('app://iovlab/assets/a%20b.js', dir)).toBe(join(dir, 'assets', 'a b.js'))
  })

  it('refuses every way out of the directory', () => {
    for (const url of [
      'app://iovlab/../secret.txt', 'app://iovlab/%2e%2e/secret.txt', 'app://iovlab/..%2fsecret.txt', 'app://iovlab/..%2Fsecret.txt',
      'app://iovlab/assets/..%2f..%2f..%2fsecret.txt', 'app://iovlab/..%5csecret.txt', 'app://iovlab/%2e%2e%2f%2e%2e%2fetc/passwd',
      `app://iovlab/..%2f${'renderer-evil.txt'}`, 'app://iovlab/%2fetc%2fpasswd', 'app://iovlab/index.html%00.png', 'app://iovlab/%E0%A4%A'
    ]) {
      const file = resolveAppFile(url, dir)
      // %2fetc%2fpasswd decodes to //etc/passwd, which must still land inside dir
      if (file !== null) expect(file.startsWith(`${dir}/`), `${url} → ${file}`).toBe(true)
      else expect(file, url).toBeNull()
    }
    // an encoded separator survives URL parsing and would escape after decoding: refused
    expect(resolveAppFile('app://iovlab/..%2fsecret.txt', dir)).toBeNull()
    expect(resolveAppFile('app://iovlab/assets/..%2f..%2f..%2fsecret.txt', dir)).toBeNull()
    // dot segments, even %-encoded, are removed by URL parsing itself: they stay at the root
    expect(resolveAppFile('app://iovlab/%2e%2e/secret.txt', dir)).toBe(join(dir, 'secret.txt'))
  })

  it('refuses other schemes, hosts, credentials and malformed URLs', () => {
    for (const url of ['file:///etc/passwd', `file://${dir}/index.html`, 'https://iovlab/index.html', 'app://evil/index.html',
      'app://user:pw@iovlab/index.html', 'app:index.html', 'not a url', '']) {
      expect(resolveAppFile(url, dir), url).toBeNull()
    }
  })
})

describe('appProtocolHandler', () => {
  const handler = appProtocolHandler(dir, (file) => readFile(file), "default-src 'none'")

  it('serves a file of the renderer with its type, the CSP and nosniff', async () => {
    const response = await handler({ url: APP_INDEX_URL })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'")
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toBe('<!doctype html><p>lab</p>')
    const js = await handler({ url: 'app://iovlab/assets/index-abc.js' })
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
  })

  it('answers 404 for traversal, a missing file and a directory, never the bytes outside', async () => {
    for (const url of ['app://iovlab/..%2fsecret.txt', 'app://iovlab/%2e%2e/secret.txt', 'app://iovlab/missing.js', 'app://iovlab/assets', 'app://evil/index.html']) {
      const response = await handler({ url })
      expect(response.status, url).toBe(404)
      expect(await response.text()).not.toContain('secret')
    }
    expect(dirname(join(dir, '..', 'secret.txt'))).toBe(join(root, 'out'))
  })

  it('types unknown files as bytes, never as HTML', () => {
    expect(mimeTypeOf('x.unknown')).toBe('application/octet-stream')
    expect(mimeTypeOf('X.CSS')).toBe('text/css; charset=utf-8')
  })

  it('registers the scheme as a standard, secure origin', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ standard: true, secure: true })
  })
})

describe('the built renderer over app://', () => {
  const built = resolve(import.meta.dirname, '../../out/renderer')
  // `npm install` (prepare) and `npm test` build it before the unit tests, so it runs there; a bare
  // `vitest run` on a checkout never built has nothing to serve, and the test's title says it skipped
  // and why. Under CI it never skips: a missing build fails it.
  const hasBuild = existsSync(join(built, 'index.html'))
  const onCi = !['', 'false', '0'].includes((process.env.CI ?? '').toLowerCase())
  const why = hasBuild ? '' : ' (SKIPPED: out/renderer is not built — run npm run build)'
  it.skipIf(!hasBuild && !onCi)(`serves index.html and every script and style it names, with their types${why}`, async () => {
    expect(hasBuild, 'out/renderer/index.html is missing: run npm run build').toBe(true)
    const handler = appProtocolHandler(built, (file) => readFile(file), "default-src 'none'")
    const index = await handler({ url: APP_INDEX_URL })
    expect(index.status).toBe(200)
    const refs = [...(await index.text()).matchAll(/(?:src|href)="(\.\/assets\/[^"]+)"/g)].map((m) => m[1])
    expect(refs.length).toBeGreaterThan(1)
    for (const ref of refs) {
      const response = await handler({ url: new URL(ref, APP_INDEX_URL).href })
      expect(response.status, ref).toBe(200)
      expect(response.headers.get('content-type'), ref).toMatch(ref.endsWith('.css') ? /^text\/css/ : /^text\/javascript/)
    }
  })
})
