// Test support: builds the CLI bundle (out/cli, with the worker) once when core/ is newer than
// it, under a lock so parallel test files never read a half-written bundle; and runs the CLI
// as a real child process.
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..', '..', '..')
export const BIN = join(ROOT, 'bin', 'iovlab.cjs')
export const WORKER = join(ROOT, 'out', 'cli', 'worker.cjs')
export const CHECK_WORKER = join(ROOT, 'out', 'cli', 'check-worker.cjs')
const BUNDLE = join(ROOT, 'out', 'cli', 'iovlab.cjs')
const LOCK = join(ROOT, 'out', '.build-cli.lock')

function newest(dir: string): number {
  let m = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    m = Math.max(m, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return m
}

const sleep = (ms: number): void => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms) }

function stale(): boolean {
  return !existsSync(BUNDLE) || !existsSync(WORKER) || !existsSync(CHECK_WORKER) ||
    newest(join(ROOT, 'core')) > Math.min(statSync(BUNDLE).mtimeMs, statSync(WORKER).mtimeMs, statSync(CHECK_WORKER).mtimeMs)
}

/** Builds out/cli (iovlab.cjs and worker.cjs) if core/ changed since. */
export function ensureCliBuilt(): void {
  mkdirSync(join(ROOT, 'out'), { recursive: true })
  for (let waited = 0; ; waited += 50) {
    try {
      mkdirSync(LOCK)
      break
    } catch {
      if (waited > 120_000 || Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 120_000) rmSync(LOCK, { recursive: true, force: true })
      sleep(50)
    }
  }
  try {
    if (stale()) execFileSync(process.execPath, [join(ROOT, 'build', 'build-cli.mjs')], { stdio: 'pipe' })
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}

let portable: string | undefined

/** Makes `dir` and everything in it readable (and folders traversable) by every user. */
function openToAll(dir: string): void {
  chmodSync(dir, 0o755)
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    if (e.isDirectory()) openToAll(p)
    else if (e.isFile()) chmodSync(p, 0o644)
  }
}

/**
 * The launcher, the bundle and piscina copied to a fresh folder under the system's temporary
 * folder that every user can read: a child running as another user (see `iovlab`'s `as`) may not
 * be able to reach the checkout, e.g. a clone under /root, whose home is root's alone.
 */
export function portableCli(): string {
  if (portable !== undefined && existsSync(portable)) return join(portable, 'bin', 'iovlab.cjs')
  ensureCliBuilt()
  const dir = mkdtempSync(join(tmpdir(), 'iovlab-cli-'))
  for (const rel of [join('bin', 'iovlab.cjs'), join('out', 'cli', 'iovlab.cjs'), join('out', 'cli', 'worker.cjs'), join('out', 'cli', 'check-worker.cjs'), join('node_modules', 'piscina'), join('node_modules', '@napi-rs')]) {
    if (existsSync(join(ROOT, rel))) cpSync(join(ROOT, rel), join(dir, rel), { recursive: true, dereference: true })
  }
  openToAll(dir)
  portable = dir
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  return join(dir, 'bin', 'iovlab.cjs')
}

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs `node bin/iovlab.cjs …args` in `cwd` with the synthetic M/M/1 scenario unless `env` says otherwise;
 * `as` runs the child under another user id (so root meets what an ordinary user meets, e.g. permissions),
 * from a copy of the CLI that user can read (see `portableCli`).
 */
export function iovlab(args: readonly string[], cwd: string, env: Record<string, string> = {}, as?: { uid: number; gid: number }): CliResult {
  const r = spawnSync(process.execPath, [as ? portableCli() : BIN, ...args], {
    cwd, encoding: 'utf8', timeout: 120_000, ...as,
    env: { ...process.env, IOVLAB_SCENARIO: 'synthetic:mm1', IOVLAB_DEBUG: '', ...env }
  })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}
