// File handling: new, open (a path, an upload, an example, a recent file), save and save as through
// the host's API, with conflict-safe saving; a file that does not open leaves the current document
// untouched and explains why in the error panel.
import { defineStore } from 'pinia'
import { ref, shallowRef, toRaw } from 'vue'
import type { ApiError, ExampleInfo, FileInfo, OpenedProject } from '../../../core/api/contract'
import { serializeProject } from '../../../core/project'
import { getHost } from '../host'
import { newProject } from '../model/new-project'
import { useHistoryStore } from './history'
import { useProjectStore, type DocumentOrigin } from './project'
import { useUiStore } from './ui'

export interface FileError {
  title: string
  errors: readonly ApiError[]
  /** A way out offered with the error, e.g. overwriting a file changed on disk. */
  retry?: { label: string; run: () => Promise<void> }
}

export const useFilesStore = defineStore('files', () => {
  const project = useProjectStore()
  const history = useHistoryStore()
  const ui = useUiStore()
  const error = shallowRef<FileError | null>(null)
  const recent = ref<string[]>([])
  const examples = shallowRef<readonly ExampleInfo[] | null>(null)
  const busy = ref(false)

  /**
   * Whether the current document may be replaced by `what`: clean, or the user agrees to lose the changes.
   * Asked only once the new document has been read, so a file that does not open never costs a question.
   */
  async function mayDiscard(what: string): Promise<boolean> {
    if (!project.dirty) return true
    return ui.confirm({
      title: 'Discard unsaved changes?',
      message: `${project.fileName} has unsaved changes. Opening ${what} discards them.`,
      confirmLabel: 'Discard changes',
      cancelLabel: 'Keep editing',
      danger: true
    })
  }

  function adopt(opened: OpenedProject, origin: Partial<DocumentOrigin>, what: string): void {
    project.replace(opened.project, origin)
    history.clear()
    error.value = null
    const migrated = opened.applied.length > 0 ? ` (migrated from version ${opened.migratedFrom}; saving writes the new version)` : ''
    ui.notify(`Opened ${what}${migrated}`, 'success')
  }

  async function busyWhile<T>(work: () => Promise<T>): Promise<T> {
    busy.value = true
    try {
      return await work()
    } finally {
      busy.value = false
    }
  }

  async function newDocument(): Promise<void> {
    if (!(await mayDiscard('a new project'))) return
    project.replace(newProject())
    history.clear()
    error.value = null
  }

  async function openPath(path: string): Promise<boolean> {
    const r = await busyWhile(() => getHost().api.openProject({ path }))
    if (!r.ok) {
      error.value = { title: `${path} did not open; your current project is unchanged`, errors: r.errors }
      return false
    }
    if (!(await mayDiscard(path))) return false
    adopt(r.value, { path, fileInfo: r.value.fileInfo ?? null }, path)
    await getHost().files.noteRecent(path)
    await refreshRecent()
    return true
  }

  /** A recent file (menus): asks, once it is read, before replacing unsaved work. */
  async function openRecent(path: string): Promise<boolean> {
    return openPath(path)
  }

  async function openText(text: string, name: string): Promise<boolean> {
    const r = await busyWhile(() => getHost().api.parseProject({ text, name }))
    if (!r.ok) {
      error.value = { title: `${name} did not open; your current project is unchanged`, errors: r.errors }
      return false
    }
    if (!(await mayDiscard(name))) return false
    // an upload has no path on the host: it is saved with "Save as"
    project.replace(r.value.project, {}, { dirty: true })
    history.clear()
    error.value = null
    ui.notify(`Opened ${name} (uploaded: save it to a path to keep it)`, 'success')
    return true
  }

  async function open(): Promise<void> {
    const choice = await getHost().files.chooseOpen()
    if (!choice) return
    if ('path' in choice) await openPath(choice.path)
    else await openText(choice.text, choice.name)
  }

  async function openExample(id: string): Promise<boolean> {
    const r = await busyWhile(() => getHost().api.openExample({ id }))
    if (!r.ok) {
      error.value = { title: `The example ${id} did not open; your current project is unchanged`, errors: r.errors }
      return false
    }
    if (!(await mayDiscard(`the example ${id}`))) return false
    adopt(r.value, { exampleId: id }, `the example ${id}`)
    return true
  }

  async function saveTo(path: string, expected?: FileInfo, force = false): Promise<boolean> {
    const doc = toRaw(project.doc)
    const savedState = project.stateId
    const r = await busyWhile(() => getHost().api.saveProject({ path, project: doc, ...(expected ? { expected } : {}), ...(force ? { force } : {}) }))
    if (!r.ok) {
      const conflict = r.errors.some((e) => e.code === 'changed-on-disk')
      error.value = {
        title: `${path} was not saved; the file on disk is unchanged`,
        errors: r.errors,
        ...(conflict ? { retry: { label: 'Overwrite the file', run: async () => { await saveTo(path, undefined, true) } } } : {})
      }
      return false
    }
    if (project.stateId === savedState) {
      project.markSaved(path, r.value.fileInfo)
      history.seal()
    } else {
      project.origin = { path, fileInfo: r.value.fileInfo, exampleId: null } // edited meanwhile: still dirty
    }
    error.value = null
    ui.notify(`Saved ${path}`, 'success')
    await getHost().files.noteRecent(path)
    await refreshRecent()
    return true
  }

  async function save(): Promise<boolean> {
    const { path, fileInfo, exampleId } = project.origin
    if (!path || exampleId) return saveAs()
    return saveTo(path, fileInfo ?? undefined)
  }

  async function saveAs(): Promise<boolean> {
    const suggested = project.origin.path ?? `${project.doc.name || 'untitled'}.iovlab.json`
    const path = await getHost().files.chooseSave(suggested)
    if (!path) return false
    const same = path === project.origin.path
    return saveTo(path, same ? project.origin.fileInfo ?? undefined : undefined)
  }

  /** Offers the document as a file download (the browser's way to take a copy home). */
  function download(): void {
    const blob = new Blob([serializeProject(toRaw(project.doc))], { type: 'application/json' })
    const a = document.createElement('a')
    a.href = URL.createObjectURL(blob)
    a.download = project.fileName.endsWith('.json') ? project.fileName : `${project.doc.name || 'project'}.iovlab.json`
    a.click()
    setTimeout(() => URL.revokeObjectURL(a.href), 1000)
  }

  async function refreshRecent(): Promise<void> {
    recent.value = await getHost().files.recent()
  }

  async function refreshExamples(): Promise<void> {
    const r = await getHost().api.listExamples({})
    examples.value = r.ok ? r.value : []
  }

  return { error, recent, examples, busy, newDocument, open, openPath, openRecent, openText, openExample, save, saveAs, saveTo, download, refreshRecent, refreshExamples }
})
