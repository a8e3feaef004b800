// Autosave of the working copy every few seconds and when the page goes away; at start, a clean
// document comes back as it was, and unsaved work is offered for recovery.
import { onBeforeUnmount, onMounted, shallowRef, toRaw } from 'vue'
import { useHistoryStore } from '../../stores/history'
import { useProjectStore } from '../../stores/project'
import {
  AUTOSAVE_MS, clearWorkingCopy, readWorkingCopy, worthKeeping, writeWorkingCopy, type WorkingCopy
} from './working-copy'

const storage = (): Storage | undefined => {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}

/** Unsaved work found at start, until the user restores or discards it. */
export const recovery = shallowRef<WorkingCopy | null>(null)

export function useAutosave(): { restore: () => void; discard: () => void } {
  const project = useProjectStore()
  const history = useHistoryStore()
  let written = ''
  let timer: ReturnType<typeof setInterval> | undefined
  /** What the stored copy reflects: the document state, the saved state (dirty flag) and the file. */
  const version = (): string => `${project.stateId}:${project.savedStateId}:${project.origin.path ?? ''}:${project.origin.exampleId ?? ''}`

  function flush(): void {
    if (recovery.value || version() === written) return // do not overwrite work not yet recovered
    const copy = { savedAt: Date.now(), dirty: project.dirty, origin: toRaw(project.origin), doc: toRaw(project.doc) }
    if (worthKeeping(copy)) writeWorkingCopy(storage(), copy)
    else clearWorkingCopy(storage())
    written = version()
  }

  function adopt(copy: WorkingCopy, dirty: boolean): void {
    project.replace(copy.doc, copy.origin, { dirty })
    history.clear()
  }

  function restore(): void {
    if (recovery.value) adopt(recovery.value, true)
    recovery.value = null
    flush()
  }

  function discard(): void {
    recovery.value = null
    clearWorkingCopy(storage())
  }

  const onHide = (): void => flush()
  onMounted(() => {
    const copy = readWorkingCopy(storage())
    if (copy?.dirty) recovery.value = copy
    else if (copy && worthKeeping(copy)) adopt(copy, false)
    written = version()
    timer = setInterval(flush, AUTOSAVE_MS)
    window.addEventListener('pagehide', onHide)
    document.addEventListener('visibilitychange', onHide)
  })
  onBeforeUnmount(() => {
    clearInterval(timer)
    window.removeEventListener('pagehide', onHide)
    document.removeEventListener('visibilitychange', onHide)
  })
  return { restore, discard }
}
