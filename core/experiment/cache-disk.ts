// The result cache on disk (Node): one small JSON file per run under a per-user folder, written
// to a temporary file and renamed into place — so several processes (CLI runs, the workbench,
// `serve`) share it without ever exposing half an entry — and a size bound kept by removing the
// least recently used entries (a hit touches its file's modification time). Every entry carries
// its key and a checksum of its numbers: a damaged or foreign entry is a miss and is replaced,
// never a wrong number. No library fits: cacache (npm's) is content-addressed with an
// append-only index and offers no size bound or LRU eviction; lru-cache is in memory only.
import { randomBytes } from 'node:crypto'
import { promises as fsp } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { canonicalJson, sha256Digest } from './canonical'
import type { CachedOutcome, ResultCache } from './cache'

export const DEFAULT_CACHE_BYTES = 512 * 1024 * 1024
const ENTRY_FORMAT = 'iovlab-cache-entry'
/** Temporary files older than this were left by a killed writer. */
const STALE_TEMP_MS = 60 * 60 * 1000

type Env = Readonly<Record<string, string | undefined>>

/** IOVLAB_CACHE_DIR, else $XDG_CACHE_HOME/iovlab, else ~/.cache/iovlab. */
export function defaultCacheDir(env: Env = process.env): string {
  if (env.IOVLAB_CACHE_DIR) return env.IOVLAB_CACHE_DIR
  const base = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache')
  return join(base, 'iovlab')
}

/** "512MiB", "2GiB", "100MB", "1048576" → bytes; undefined when not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?\s*$/i.exec(text)
  if (!m) return undefined
  const unit = (m[2] ?? 'b').toLowerCase()
  const mult: Record<string, number> = { b: 1, kb: 1e3, kib: 1024, mb: 1e6, mib: 1024 ** 2, gb: 1e9, gib: 1024 ** 3, tb: 1e12, tib: 1024 ** 4 }
  return Math.floor(Number(m[1]) * mult[unit])
}

/** IOVLAB_CACHE_SIZE (e.g. "2GiB"), else 512 MiB; throws a one-line message when it is not a size. */
export function cacheBytesFromEnv(env: Env = process.env): number {
  const text = env.IOVLAB_CACHE_SIZE
  if (text === undefined || text === '') return DEFAULT_CACHE_BYTES
  const n = parseSize(text)
  if (n === undefined) throw new Error(`IOVLAB_CACHE_SIZE must be a size such as 512MiB or 2GiB, not "${text}"`)
  return n
}

interface Entry {
  readonly format: typeof ENTRY_FORMAT
  readonly key: string
  readonly sum: string
  readonly outcome: CachedOutcome
}

export interface DiskCacheOptions {
  /** Bytes of entries kept at most (default 512 MiB); older entries beyond it are removed. */
  readonly maxBytes?: number
}

export class DiskCache implements ResultCache {
  readonly dir: string
  readonly maxBytes: number
  /** Written since the last trim (a fully cached batch then skips the walk over the folder). */
  private dirty = false

  constructor(dir: string, options: DiskCacheOptions = {}) {
    this.dir = join(dir, 'results-v1')
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES
  }

  private pathOf(key: string): string {
    const hex = key.replace(/^sha256:/, '')
    return join(this.dir, hex.slice(0, 2), `${hex.slice(2)}.json`)
  }

  async get(key: string): Promise<CachedOutcome | undefined> {
    const path = this.pathOf(key)
    let text: string
    try {
      text = await fsp.readFile(path, 'utf8')
    } catch {
      return undefined
    }
    try {
      const e = JSON.parse(text) as Entry
      if (e.format !== ENTRY_FORMAT || e.key !== key || typeof e.outcome !== 'object' || e.outcome === null) throw new Error('foreign entry')
      if ((await sha256Digest(canonicalJson(e.outcome))) !== e.sum) throw new Error('checksum')
      const now = new Date()
      await fsp.utimes(path, now, now).catch(() => undefined)
      return e.outcome
    } catch {
      // Damaged (a disk error, a hand edit): a miss; the run's fresh outcome replaces it.
      await fsp.unlink(path).catch(() => undefined)
      return undefined
    }
  }

  async put(key: string, outcome: CachedOutcome): Promise<void> {
    const path = this.pathOf(key)
    const entry: Entry = { format: ENTRY_FORMAT, key, sum: await sha256Digest(canonicalJson(outcome)), outcome }
    const dir = join(path, '..')
    await fsp.mkdir(dir, { recursive: true })
    const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
    try {
      await fsp.writeFile(tmp, JSON.stringify(entry), { flag: 'wx' })
      await fsp.rename(tmp, path)
      this.dirty = true
    } catch (e) {
      await fsp.unlink(tmp).catch(() => undefined)
      throw e
    }
  }

  /** Every entry with its size and last use. */
  async entries(): Promise<{ path: string; size: number; usedMs: number }[]> {
    const out: { path: string; size: number; usedMs: number }[] = []
    let subdirs: string[]
    try {
      subdirs = await fsp.readdir(this.dir)
    } catch {
      return out
    }
    const now = Date.now()
    for (const sub of subdirs) {
      let names: string[]
      try {
        names = await fsp.readdir(join(this.dir, sub))
      } catch {
        continue
      }
      for (const name of names) {
        const path = join(this.dir, sub, name)
        const st = await fsp.stat(path).catch(() => undefined)
        if (!st?.isFile()) continue
        if (name.endsWith('.tmp')) {
          if (now - st.mtimeMs > STALE_TEMP_MS) await fsp.unlink(path).catch(() => undefined)
          continue
        }
        out.push({ path, size: st.size, usedMs: st.mtimeMs })
      }
    }
    return out
  }

  /** Removes the least recently used entries until the rest fit in maxBytes. */
  async trim(force = false): Promise<void> {
    if (!this.dirty && !force) return
    this.dirty = false
    const all = await this.entries()
    let total = all.reduce((n, e) => n + e.size, 0)
    if (total <= this.maxBytes) return
    all.sort((a, b) => a.usedMs - b.usedMs || (a.path < b.path ? -1 : 1))
    for (const e of all) {
      if (total <= this.maxBytes) break
      await fsp.unlink(e.path).catch(() => undefined)
      total -= e.size
    }
  }
}

/** The cache of this user (IOVLAB_CACHE_DIR, IOVLAB_CACHE_SIZE). */
export function userCache(env: Env = process.env): DiskCache {
  return new DiskCache(defaultCacheDir(env), { maxBytes: cacheBytesFromEnv(env) })
}
