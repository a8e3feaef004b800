// Saving that never loses work: validate, write a temporary file beside the target, flush,
// keep the previous version as `<name>.bak`, rename over, flush the folder; refuse to
// overwrite a file that changed on disk since it was opened, unless forced. Temporary files a
// killed save left behind are removed by the next save in the folder.
import { randomBytes } from 'node:crypto'
import { constants, promises as fsp } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { sha256Hex, type FileInfo } from './file-info'
import { LIMITS } from './limits'
import { fsErrorProblem } from './load'
import { problem, type Problem } from './problems'
import type { Project } from './schema'
import { serializeProject } from './serialize'
import { validateProject } from './validate'

export interface SaveOptions {
  /** The file as it was when opened (from loadProject or the last save); a changed file is not overwritten. */
  readonly expected?: FileInfo
  /** Overwrite even if the file changed on disk since `expected`. */
  readonly force?: boolean
}

export type SaveResult =
  | { ok: true; fileInfo: FileInfo; backupPath?: string }
  | { ok: false; problems: Problem[] }

const fail = (...problems: Problem[]): SaveResult => ({ ok: false, problems })

/** The real file behind `path` (a symbolic link is followed, so the link stays a link). */
async function targetOf(path: string): Promise<string> {
  try {
    return await fsp.realpath(path)
  } catch {
    return path
  }
}

type OnDisk = { exists: false } | { exists: true; mode: number; size: number; sha256?: string }

async function onDisk(target: string): Promise<OnDisk | Problem> {
  let st
  try {
    st = await fsp.stat(target)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { exists: false }
    return fsErrorProblem(err, target)
  }
  if (!st.isFile()) return problem('not-a-file', [], `${target} is not a regular file; it was not overwritten`)
  if (st.size > LIMITS.fileBytes) return { exists: true, mode: st.mode & 0o7777, size: st.size }
  try {
    const bytes = await fsp.readFile(target)
    return { exists: true, mode: st.mode & 0o7777, size: bytes.byteLength, sha256: sha256Hex(bytes) }
  } catch (err) {
    return fsErrorProblem(err, target)
  }
}

function changedSince(disk: OnDisk, expected: FileInfo): boolean {
  // Deleted or moved away: writing it again loses nothing. Same bytes with a newer mtime
  // (touched, or saved unchanged elsewhere): not a change worth refusing.
  if (!disk.exists) return false
  return disk.size !== expected.size || disk.sha256 !== expected.sha256
}

/**
 * A temporary file's name beside `name`: `.NAME.PID.RANDOM.tmp`. The writer's process id in the
 * name lets a later save tell a temporary file left by a killed writer from one being written.
 */
export function tempPath(dir: string, name: string): string {
  return join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
}

const TEMP_RE = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/
/** A temporary file of ours older than this is stale even if a process with its writer's id runs (ids are reused). */
export const STALE_TEMP_MS = 60_000

function processGone(pid: number): boolean {
  if (pid === process.pid) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/**
 * Removes temporary files of our own naming (see `tempPath`) from `dir` that no save will
 * finish: their writer's process is gone (killed during a save), or they are older than
 * STALE_TEMP_MS. Anything else — other names, folders, files it cannot remove — is left alone.
 * Returns the names removed.
 */
export async function removeStaleTemps(dir: string, now = Date.now()): Promise<string[]> {
  let names: string[]
  try {
    names = await fsp.readdir(dir)
  } catch {
    return []
  }
  const removed: string[] = []
  for (const name of names) {
    const m = TEMP_RE.exec(name)
    if (!m) continue
    const path = join(dir, name)
    try {
      const st = await fsp.lstat(path)
      if (!st.isFile()) continue
      if (!processGone(Number(m[1])) && now - st.mtimeMs < STALE_TEMP_MS) continue
      await fsp.unlink(path)
      removed.push(name)
    } catch {
      // Gone already, or not ours to remove: leave it.
    }
  }
  return removed
}

async function writeTemp(dir: string, name: string, bytes: Uint8Array, mode: number): Promise<string> {
  const tmp = tempPath(dir, name)
  const handle = await fsp.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode)
  try {
    await handle.writeFile(bytes)
    await handle.sync()
  } finally {
    await handle.close()
  }
  return tmp
}

/** Keeps the current file as `<target>.bak`: a hard link (or a copy) renamed into place atomically. */
async function keepBackup(target: string): Promise<string> {
  const backup = `${target}.bak`
  const tmp = tempPath(dirname(target), `${basename(target)}.bak`)
  try {
    await fsp.link(target, tmp)
  } catch {
    await fsp.copyFile(target, tmp, constants.COPYFILE_EXCL)
  }
  await fsp.rename(tmp, backup)
  return backup
}

async function syncDir(dir: string): Promise<void> {
  let handle: fsp.FileHandle | undefined
  try {
    handle = await fsp.open(dir, constants.O_RDONLY)
    await handle.sync()
  } catch {
    // Some platforms (Windows) and file systems cannot fsync a folder; the rename is still atomic.
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/** Why a write in `dir` failed, in words that name the folder, never our temporary file. */
function writeFailure(err: unknown, dir: string): string {
  const code = (err as NodeJS.ErrnoException)?.code
  switch (code) {
    case 'ENOENT': return `the folder ${dir} does not exist`
    case 'ENOTDIR': return `${dir} is not a folder: a part of the path is a file`
    case 'EACCES':
    case 'EPERM': return `permission denied: cannot write in ${dir}`
    case 'ENOSPC': return 'no space left on the disk'
    case 'EDQUOT': return 'the disk quota is used up'
    case 'EROFS': return `${dir} is on a read-only file system`
    default: {
      const message = err instanceof Error ? err.message : String(err)
      return message.replace(/'[^']*\.tmp'/g, `'${dir}'`).replace(/\S*\.tmp\b/g, dir)
    }
  }
}

async function replace(target: string, bytes: Uint8Array, disk: OnDisk): Promise<SaveResult> {
  const dir = dirname(target)
  await removeStaleTemps(dir)
  let tmp: string | undefined
  try {
    tmp = await writeTemp(dir, basename(target), bytes, disk.exists ? disk.mode : 0o644)
    const backupPath = disk.exists ? await keepBackup(target) : undefined
    await fsp.rename(tmp, target)
    tmp = undefined
    await syncDir(dir)
    const st = await fsp.stat(target)
    const fileInfo: FileInfo = { mtimeMs: st.mtimeMs, size: bytes.byteLength, sha256: sha256Hex(bytes) }
    return backupPath ? { ok: true, fileInfo, backupPath } : { ok: true, fileInfo }
  } catch (err) {
    return fail(problem('write-failed', [], `${target} was not saved; the file on disk is unchanged (${writeFailure(err, dir)})`))
  } finally {
    if (tmp !== undefined) await fsp.unlink(tmp).catch(() => undefined)
  }
}

/** Validates and saves a project atomically; an invalid project is never written. */
export async function saveProject(path: string, project: Project, options: SaveOptions = {}): Promise<SaveResult> {
  const valid = validateProject(project)
  if (!valid.ok) {
    return fail(problem('invalid-project', [], `the project has ${valid.problems.length} problem(s) and was not saved`), ...valid.problems)
  }
  const bytes = Buffer.from(serializeProject(valid.project), 'utf8')
  if (bytes.byteLength > LIMITS.fileBytes) {
    return fail(problem('file-too-large', [], `the project would be ${bytes.byteLength} bytes, more than a project file may have`))
  }
  const target = await targetOf(path)
  const disk = await onDisk(target)
  if ('code' in disk) return fail(disk)
  if (options.expected && !options.force && changedSince(disk, options.expected)) {
    return fail(problem('changed-on-disk', [], `${path} was changed on disk since it was opened (by another program or window); reopen it, or save with force to overwrite it`))
  }
  return replace(target, bytes, disk)
}
