// Writes output files atomically: a temporary file beside the target, flushed, then renamed
// over it — a reader sees the old file or the new one, never half of one. Temporary files an
// earlier, killed write left in the folder are removed first.
import { constants, promises as fsp, realpathSync, statSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { removeStaleTemps, tempPath } from '../project/save'

export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = dirname(path)
  await removeStaleTemps(dir)
  const tmp = tempPath(dir, basename(path))
  let written = false
  try {
    const handle = await fsp.open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o644)
    try {
      await handle.writeFile(text, 'utf8')
      await handle.sync()
    } finally {
      await handle.close()
    }
    await fsp.rename(tmp, path)
    written = true
  } finally {
    if (!written) await fsp.unlink(tmp).catch(() => undefined)
  }
}

/** The real path of a file, or its absolute path when it does not exist (yet). */
function realOrResolved(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    const dir = dirname(resolve(path))
    try {
      return join(realpathSync(dir), basename(path))
    } catch {
      return resolve(path)
    }
  }
}

export function sameFile(a: string, b: string): boolean {
  return realOrResolved(a) === realOrResolved(b)
}

/** Why `path` (as the user wrote it, relative to `cwd`) cannot be an output file, or undefined (checked before any run). */
export function outputProblem(path: string, cwd: string): string | undefined {
  const full = resolve(cwd, path)
  try {
    if (!statSync(dirname(full)).isDirectory()) return `${dirname(path)} is not a folder`
  } catch {
    return `the folder ${dirname(path)} does not exist`
  }
  try {
    if (statSync(full).isDirectory()) return `${path} is a folder`
  } catch {
    // Not there yet: fine.
  }
  return undefined
}
