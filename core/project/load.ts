// Reads a project file from disk without ever changing it: stat first (refusing directories,
// special files and oversized files unread), then bounded reading, then parse.ts.
import { constants, promises as fsp } from 'node:fs'
import type { FileInfo } from './file-info'
import { sha256Hex } from './file-info'
import { LIMITS } from './limits'
import { parseProjectBytes } from './parse'
import { problem, type Problem } from './problems'
import type { Project } from './schema'

export type LoadResult =
  | { ok: true; project: Project; problems: []; fileInfo: FileInfo; migratedFrom: number; applied: string[] }
  | { ok: false; problems: Problem[]; fileInfo?: FileInfo }

const fail = (p: Problem, fileInfo?: FileInfo): LoadResult => ({ ok: false, problems: [p], ...(fileInfo ? { fileInfo } : {}) })

/** A sentence for a file-system error, by its code. */
export function fsErrorProblem(err: unknown, path: string): Problem {
  const code = (err as NodeJS.ErrnoException)?.code
  switch (code) {
    case 'ENOENT':
      return problem('file-not-found', [], `there is no file at ${path}`)
    case 'ENOTDIR':
      return problem('file-not-found', [], `${path} cannot exist: a part of the path is a file, not a folder`)
    case 'EACCES':
    case 'EPERM':
      return problem('file-unreadable', [], `${path} cannot be read: permission denied`)
    case 'EISDIR':
      return problem('not-a-file', [], `${path} is a folder, not a project file`)
    case 'ELOOP':
      return problem('file-unreadable', [], `${path} cannot be read: too many symbolic links`)
    default:
      return problem('file-unreadable', [], `${path} cannot be read (${code ?? (err instanceof Error ? err.message : String(err))})`)
  }
}

function tooLarge(path: string, size: number): Problem {
  const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`
  return problem('file-too-large', [], `${path} is ${mib(size)}, more than the ${mib(LIMITS.fileBytes)} a project may have; it was not read`)
}

/** Reads the whole file, expecting `size` bytes but never more than LIMITS.fileBytes + 1 (it may grow meanwhile). */
async function readBounded(handle: fsp.FileHandle, size: number): Promise<Uint8Array> {
  let buf = Buffer.alloc(Math.min(size + 1, LIMITS.fileBytes + 1))
  let used = 0
  for (;;) {
    const { bytesRead } = await handle.read(buf, used, buf.length - used, used)
    used += bytesRead
    if (bytesRead === 0 || used > LIMITS.fileBytes) return buf.subarray(0, used)
    if (used === buf.length) {
      const bigger = Buffer.alloc(Math.min(buf.length * 2, LIMITS.fileBytes + 1))
      buf.copy(bigger)
      buf = bigger
    }
  }
}

async function readFile(path: string): Promise<{ ok: true; bytes: Uint8Array; mtimeMs: number } | { ok: false; problem: Problem }> {
  let st
  try {
    st = await fsp.stat(path)
  } catch (err) {
    return { ok: false, problem: fsErrorProblem(err, path) }
  }
  if (st.isDirectory()) return { ok: false, problem: problem('not-a-file', [], `${path} is a folder, not a project file`) }
  if (!st.isFile()) return { ok: false, problem: problem('not-a-file', [], `${path} is not a regular file (a device, pipe or socket)`) }
  if (st.size > LIMITS.fileBytes) return { ok: false, problem: tooLarge(path, st.size) }
  let handle: fsp.FileHandle | undefined
  try {
    handle = await fsp.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
    const again = await handle.stat()
    if (!again.isFile()) return { ok: false, problem: problem('not-a-file', [], `${path} is not a regular file`) }
    if (again.size > LIMITS.fileBytes) return { ok: false, problem: tooLarge(path, again.size) }
    const bytes = await readBounded(handle, again.size)
    if (bytes.byteLength > LIMITS.fileBytes) return { ok: false, problem: tooLarge(path, bytes.byteLength) }
    return { ok: true, bytes, mtimeMs: again.mtimeMs }
  } catch (err) {
    return { ok: false, problem: fsErrorProblem(err, path) }
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/** Loads and validates a project file; the file is only ever opened for reading. */
export async function loadProject(path: string): Promise<LoadResult> {
  const read = await readFile(path)
  if (!read.ok) return fail(read.problem)
  const fileInfo: FileInfo = { mtimeMs: read.mtimeMs, size: read.bytes.byteLength, sha256: sha256Hex(read.bytes) }
  const parsed = parseProjectBytes(read.bytes, path)
  if (!parsed.ok) return { ok: false, problems: parsed.problems, fileInfo }
  return { ok: true, project: parsed.project, problems: [], fileInfo, migratedFrom: parsed.migratedFrom, applied: parsed.applied }
}
