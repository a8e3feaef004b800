// The front door: `npm install` builds the workbench UI (so `npx iovlab serve` serves it), `npm start`
// without Electron's binary says so in one line naming `npx iovlab serve`, and `engines` states a Node
// range that every locked dependency supports.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import semver from 'semver'
import { describe, expect, it } from 'vitest'
// @ts-expect-error -- a plain .mjs script without types
import { electronBinary, startProblem } from '../../build/start.mjs'

const root = resolve(import.meta.dirname, '../..')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; engines: { node: string } }

/** A project folder whose node_modules/electron is as `state` says. */
function fakeRoot(state: 'no-electron' | 'no-binary' | 'binary'): string {
  const dir = mkdtempSync(join(tmpdir(), 'iovlab-start-'))
  if (state === 'no-electron') return dir
  const electron = join(dir, 'node_modules', 'electron')
  mkdirSync(electron, { recursive: true })
  writeFileSync(join(electron, 'package.json'), '{"name":"electron"}')
  // what electron's index.js does when path.txt is missing: throws (or starts a download)
  writeFileSync(join(electron, 'index.js'), 'throw new Error("Electron failed to install correctly")')
  if (state === 'binary') {
    writeFileSync(join(electron, 'path.txt'), 'electron')
    mkdirSync(join(electron, 'dist'))
    writeFileSync(join(electron, 'dist', 'electron'), '')
  }
  return dir
}

describe('npm install builds the workbench', () => {
  it('runs the full build (the renderer included) in prepare, which npm install and npm ci run', () => {
    const prepare = pkg.scripts.prepare
    const expanded = prepare === 'npm run build' ? pkg.scripts.build : prepare
    expect(expanded).toMatch(/(^|&& )electron-vite build( |$)/)
    expect(expanded).toContain('build/build-cli.mjs')
  })
})

describe('npm start', () => {
  it('runs the launcher, not electron-vite directly', () => {
    expect(pkg.scripts.start).toBe('node build/start.mjs')
  })

  it('finds the binary only when it is on disk, without require("electron") (which would download)', () => {
    expect(electronBinary(fakeRoot('no-electron'), {})).toBeNull()
    expect(electronBinary(fakeRoot('no-binary'), {})).toBeNull()
    const withBinary = fakeRoot('binary')
    expect(electronBinary(withBinary, {})).toBe(join(withBinary, 'node_modules', 'electron', 'dist', 'electron'))
    expect(startProblem(withBinary, {})).toBeNull()
  })

  for (const state of ['no-binary', 'no-electron'] as const) {
    it(`prints one line naming the reason and \`npx iovlab serve\` when ${state === 'no-binary' ? "Electron's binary is" : 'Electron is'} missing`, () => {
      const r = spawnSync(process.execPath, [join(root, 'build', 'start.mjs')], {
        env: { ...process.env, IOVLAB_START_ROOT: fakeRoot(state), ELECTRON_OVERRIDE_DIST_PATH: '' },
        encoding: 'utf8',
        timeout: 30_000
      })
      expect(r.status).toBe(1)
      expect(r.stdout).toBe('')
      const lines = r.stderr.split('\n').filter(Boolean)
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(state === 'no-binary' ? /Electron's binary is not installed/ : /Electron is not installed/)
      expect(lines[0]).toContain('`npx iovlab serve`')
      expect(r.stderr).not.toMatch(/\n\s+at /) // no stack trace
    })
  }
})

describe('engines', () => {
  it('states a Node range that every locked package supports (no EBADENGINE warning inside it)', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> }
    const ours = pkg.engines.node
    expect(semver.validRange(ours)).not.toBeNull()
    const unsupported = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.subset(ours, (p.engines as { node: string }).node, { includePrerelease: true }))
      .map(([path, p]) => `${path.replace(/.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`)
    expect(unsupported).toEqual([])
  })

  it('is the range the lockfile records for the project itself', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } }> }
    expect(lock.packages[''].engines?.node).toBe(pkg.engines.node)
  })
})
