// Thin glue between the designer's fields and the editor's history: records go through
// useHistoryStore().dispatch (so undo/redo covers them); a record that does not fit is a notice.
import { computed } from 'vue'
import { formatPath, type Project } from '../../../../core/project'
import type { Change } from '../../model/changes'
import { useHistoryStore } from '../../stores/history'
import { useProjectStore } from '../../stores/project'
import { useUiStore } from '../../stores/ui'
import { experimentField } from './experiment-changes'

export function useExperimentEdit() {
  const project = useProjectStore()
  const history = useHistoryStore()
  const doc = computed<Project>(() => project.doc)

  /** Dispatches `change` (nothing when null); typing in one field merges into one undo step by `coalesceKey`. */
  function commit(change: Change | null, options: { label?: string; coalesceKey?: string } = {}): void {
    if (!change) return
    try {
      history.dispatch(change, options)
    } catch (e) {
      useUiStore().notify(`That edit did not fit the project: ${e instanceof Error ? e.message : String(e)}`, 'error')
    }
  }

  function setField(id: string, field: string, value: unknown): void {
    commit(experimentField(doc.value, id, field, value), { label: `Set ${field} of ${id}`, coalesceKey: `experiment:${id}:${field}` })
  }

  /** Validation messages at a JSON path below the experiment (`['duration']`, `['sweep', 1]`), from the one schema. */
  function problemsAt(id: string, ...rest: (string | number)[]): string[] {
    const index = doc.value.experiments.findIndex((e) => e.id === id)
    if (index < 0) return []
    return (project.problemsByPath.get(formatPath(['experiments', index, ...rest])) ?? []).map((p) => p.message)
  }

  /** Every problem inside experiment `id` (or below `prefix` in it: `'sweep', 1`), for summaries. */
  function problemsUnder(id: string, ...prefix: (string | number)[]): string[] {
    const index = doc.value.experiments.findIndex((e) => e.id === id)
    const want = ['experiments', index, ...prefix]
    return index < 0 ? [] : project.problems.filter((p) => want.every((seg, i) => p.path[i] === seg)).map((p) => p.message)
  }

  return { doc, commit, setField, problemsAt, problemsUnder }
}
