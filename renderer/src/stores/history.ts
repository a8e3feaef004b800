// Undo and redo of every edit — canvas, inspector, experiment settings — as a stack of typed change
// records applied to the project store; consecutive records with one coalesce key merge into one.
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { coalesce, describeChange, invertChange, type Change } from '../model/changes'
import { freshStateId, useProjectStore } from './project'

export interface HistoryEntry {
  /** The id of the document state this entry leads to. */
  readonly id: number
  readonly change: Change
  readonly label: string
  readonly at: number
  readonly coalesceKey?: string
}

export interface DispatchOptions {
  /** Shown on the Undo/Redo buttons; defaults to a description of the change. */
  label?: string
  /** Records with the same key within COALESCE_MS merge into one undo step (typing, nudging with arrow keys). */
  coalesceKey?: string
}

export const COALESCE_MS = 1500
export const MAX_ENTRIES = 500

export const useHistoryStore = defineStore('history', () => {
  const project = useProjectStore()
  const undoStack = shallowRef<readonly HistoryEntry[]>([])
  const redoStack = shallowRef<readonly HistoryEntry[]>([])
  /** The state id below the first entry (the document as opened). */
  let baseId = project.stateId
  /** No merging into entries at or below this state (set by saving, so the saved state stays reachable). */
  let sealedId = -1

  const canUndo = computed(() => undoStack.value.length > 0)
  const canRedo = computed(() => redoStack.value.length > 0)
  const undoLabel = computed(() => undoStack.value.at(-1)?.label)
  const redoLabel = computed(() => redoStack.value.at(-1)?.label)

  function mergeable(top: HistoryEntry | undefined, options: DispatchOptions, now: number): top is HistoryEntry {
    return top !== undefined && options.coalesceKey !== undefined && top.coalesceKey === options.coalesceKey &&
      now - top.at < COALESCE_MS && top.id !== sealedId
  }

  /** Applies `change` and records it; throws (and changes nothing) if it does not fit the document. */
  function dispatch(change: Change, options: DispatchOptions = {}): void {
    const now = Date.now()
    const top = undoStack.value.at(-1)
    const merged = mergeable(top, options, now) ? coalesce(top.change, change) : null
    const id = freshStateId()
    project.apply(change, id)
    const entry: HistoryEntry = merged && top
      ? { ...top, id, change: merged, at: now, label: options.label ?? describeChange(merged) }
      : { id, change, label: options.label ?? describeChange(change), at: now, coalesceKey: options.coalesceKey }
    const kept = merged ? undoStack.value.slice(0, -1) : undoStack.value
    const next = [...kept, entry]
    if (next.length > MAX_ENTRIES) {
      baseId = -2 // the oldest state is no longer reachable: never "clean" again by undoing
      next.splice(0, next.length - MAX_ENTRIES)
    }
    undoStack.value = next
    redoStack.value = []
  }

  function undo(): boolean {
    const top = undoStack.value.at(-1)
    if (!top) return false
    const rest = undoStack.value.slice(0, -1)
    project.apply(invertChange(top.change), rest.at(-1)?.id ?? baseId)
    undoStack.value = rest
    redoStack.value = [...redoStack.value, top]
    return true
  }

  function redo(): boolean {
    const top = redoStack.value.at(-1)
    if (!top) return false
    project.apply(top.change, top.id)
    redoStack.value = redoStack.value.slice(0, -1)
    undoStack.value = [...undoStack.value, top]
    return true
  }

  /** Forgets every entry (a new document); `stateId` is the new document's state. */
  function clear(stateId: number = project.stateId): void {
    undoStack.value = []
    redoStack.value = []
    baseId = stateId
    sealedId = -1
  }

  /** Keeps the current state from being merged into (called after saving). */
  function seal(): void {
    sealedId = project.stateId
  }

  return { undoStack, redoStack, canUndo, canRedo, undoLabel, redoLabel, dispatch, undo, redo, clear, seal }
})
