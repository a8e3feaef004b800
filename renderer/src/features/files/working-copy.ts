// The working copy kept in local storage every few seconds, so that a crash or a reload loses at
// most those seconds: the document, where it came from, and whether it had unsaved changes.
import type { Project } from '../../../../core/project'
import type { DocumentOrigin } from '../../stores/project'

export const WORKING_COPY_KEY = 'iovlab:working-copy'
export const AUTOSAVE_MS = 3000

export interface WorkingCopy {
  format: 'iovlab-working-copy'
  savedAt: number
  dirty: boolean
  origin: DocumentOrigin
  doc: Project
}

export function writeWorkingCopy(storage: Storage | undefined, copy: Omit<WorkingCopy, 'format'>): boolean {
  try {
    storage?.setItem(WORKING_COPY_KEY, JSON.stringify({ format: 'iovlab-working-copy', ...copy }))
    return storage !== undefined
  } catch {
    return false // quota exceeded or storage off: the next save to disk still works
  }
}

export function readWorkingCopy(storage: Storage | undefined): WorkingCopy | null {
  let parsed: unknown
  try {
    parsed = JSON.parse(storage?.getItem(WORKING_COPY_KEY) ?? 'null')
  } catch {
    return null
  }
  const c = parsed as Partial<WorkingCopy> | null
  if (!c || c.format !== 'iovlab-working-copy' || typeof c.savedAt !== 'number' || typeof c.dirty !== 'boolean') return null
  if (typeof c.doc !== 'object' || c.doc === null || typeof c.origin !== 'object' || c.origin === null) return null
  const o = c.origin as Partial<DocumentOrigin>
  return { ...(c as WorkingCopy), origin: { path: o.path ?? null, fileInfo: o.fileInfo ?? null, exampleId: o.exampleId ?? null } }
}

export function clearWorkingCopy(storage: Storage | undefined): void {
  try {
    storage?.removeItem(WORKING_COPY_KEY)
  } catch {
    // nothing to clear
  }
}

/** Whether a working copy is worth keeping at all: a file, an example, or some work in it. */
export function worthKeeping(copy: Pick<WorkingCopy, 'dirty' | 'origin' | 'doc'>): boolean {
  return copy.dirty || copy.origin.path !== null || copy.origin.exampleId !== null
}
