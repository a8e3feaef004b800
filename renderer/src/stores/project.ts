// The open project: the document (the file's JSON model, unknown fields kept), where it came from
// (path and file identity for conflict-safe saving), the dirty flag, the selection and the
// validation problems of the one schema (debounced).
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { formatPath, validateProject, type Problem, type Project } from '../../../core/project'
import type { FileInfo } from '../../../core/api/contract'
import { applyChange, type Change } from '../model/changes'
import { newProject } from '../model/new-project'
import { emptySelection, type Selection } from '../model/topology-edit'
import { createValidator } from './validator'

export interface DocumentOrigin {
  /** The file on the host's disk, when the document was opened from or saved to one. */
  path: string | null
  /** The file as it was when opened or last saved; a save refuses to overwrite a newer file. */
  fileInfo: FileInfo | null
  /** The example it was opened from (saving it asks for a new path). */
  exampleId: string | null
}

let stateCounter = 0
/** A fresh id for a document state; equal ids mean equal documents (the dirty flag compares them). */
export function freshStateId(): number {
  return ++stateCounter
}

export const VALIDATE_DELAY_MS = 250

export const useProjectStore = defineStore('project', () => {
  const doc = shallowRef<Project>(newProject())
  const origin = ref<DocumentOrigin>({ path: null, fileInfo: null, exampleId: null })
  const stateId = ref(freshStateId())
  const savedStateId = ref(stateId.value)
  const selection = shallowRef<Selection>(emptySelection())
  const problems = shallowRef<readonly Problem[]>([])
  /** Counts documents put in place (new, open, recover): the canvas fits the view to each new one. */
  const epoch = ref(0)
  let timer: ReturnType<typeof setTimeout> | undefined

  const dirty = computed(() => stateId.value !== savedStateId.value)
  const fileName = computed(() => origin.value.path?.split(/[\\/]/).pop() ?? (origin.value.exampleId ? `${origin.value.exampleId}.iovlab.json` : 'untitled'))
  /** Problems by JSON path (`$.topology.nodes[2].params.clock`), for the fields that show them. */
  const problemsByPath = computed(() => {
    const map = new Map<string, Problem[]>()
    for (const p of problems.value) {
      const key = formatPath(p.path)
      const list = map.get(key)
      if (list) list.push(p)
      else map.set(key, [p])
    }
    return map
  })

  /** Ids of the nodes some problem points into (as of the last validation), for the canvas's markers. */
  const problemNodeIds = shallowRef<ReadonlySet<string>>(new Set())

  function nodesWithProblems(list: readonly Problem[], nodes: Project['topology']['nodes']): Set<string> {
    const ids = new Set<string>()
    for (const p of list) {
      if (p.path[0] === 'topology' && p.path[1] === 'nodes' && typeof p.path[2] === 'number') {
        const id = nodes[p.path[2]]?.id
        if (id !== undefined) ids.add(id)
      }
    }
    return ids
  }

  function show(found: readonly Problem[], of: Project): void {
    problems.value = found
    problemNodeIds.value = nodesWithProblems(found, of.topology.nodes)
  }

  /** Validates the current document at once, on this thread. */
  function validateNow(): void {
    clearTimeout(timer)
    timer = undefined
    const r = validateProject(doc.value)
    show(r.ok ? [] : r.problems, doc.value)
  }

  let validator: ReturnType<typeof createValidator> | undefined
  /** Validates once edits settle, off the UI thread where there are workers; a stale answer is dropped. */
  function scheduleValidation(): void {
    clearTimeout(timer)
    timer = setTimeout(() => {
      const asked = doc.value
      validator ??= createValidator()
      void validator.validate(asked).then((found) => {
        if (found && doc.value === asked) show(found, asked)
      })
    }, VALIDATE_DELAY_MS)
  }

  function pruneSelection(): void {
    const t = doc.value.topology
    const keep = (ids: string[], list: { id: string }[]): string[] => {
      if (ids.length === 0) return ids
      const present = new Set(list.map((e) => e.id))
      return ids.filter((id) => present.has(id))
    }
    const s = selection.value
    const next = { nodes: keep(s.nodes, t.nodes), links: keep(s.links, t.links), attachments: keep(s.attachments, t.attachments) }
    if (next.nodes.length !== s.nodes.length || next.links.length !== s.links.length || next.attachments.length !== s.attachments.length) {
      selection.value = next
    }
  }

  /** Applies one change record (called by the history store, which owns undo/redo). */
  function apply(change: Change, nextStateId: number): void {
    doc.value = applyChange(doc.value, change)
    stateId.value = nextStateId
    pruneSelection()
    scheduleValidation()
  }

  /** Puts another document in place (new, open, recover); `dirty` marks it as not saved anywhere yet. */
  function replace(next: Project, nextOrigin: Partial<DocumentOrigin> = {}, options: { dirty?: boolean } = {}): number {
    doc.value = next
    origin.value = { path: null, fileInfo: null, exampleId: null, ...nextOrigin }
    stateId.value = freshStateId()
    savedStateId.value = options.dirty ? -1 : stateId.value
    selection.value = emptySelection()
    epoch.value++
    problems.value = []
    problemNodeIds.value = new Set()
    scheduleValidation() // after the canvas has drawn it: a file that opened was validated by the host already
    return stateId.value
  }

  function markSaved(path: string, fileInfo: FileInfo): void {
    origin.value = { path, fileInfo, exampleId: null }
    savedStateId.value = stateId.value
  }

  function select(next: Partial<Selection>): void {
    selection.value = { ...emptySelection(), ...next }
  }

  return {
    doc, origin, epoch, stateId, savedStateId, dirty, fileName, selection, problems, problemsByPath, problemNodeIds,
    apply, replace, markSaved, select, validateNow
  }
})
