// PARDA's rule that the catalog's per-parameter bounds cannot state (issue 12): on a storage array,
// the window bounds are in order (1 ≤ pardaWindowMin ≤ pardaWindowMax), one problem with its JSON
// path per array that breaks it.
import { ARRAY_PARDA } from '../models/storage/array/params'
import { resolveVar } from './param-values'
import { problem, type Problem } from './problems'
import type { ProjectView } from './view'

const DEFAULT = (key: string): unknown => ARRAY_PARDA.find((p) => p.key === key)?.default

export function checkParda(view: ProjectView): Problem[] {
  const out: Problem[] = []
  for (const { index, item } of view.nodes) {
    if (item.kind !== 'storage-array') continue
    const params = (typeof item.params === 'object' && item.params !== null ? item.params : {}) as Record<string, unknown>
    const value = (key: string): unknown => resolveVar(Object.hasOwn(params, key) ? params[key] : DEFAULT(key), view.variables)
    const lo = value('pardaWindowMin'), hi = value('pardaWindowMax')
    if (typeof lo === 'number' && typeof hi === 'number' && lo > hi) {
      out.push(problem('invalid-value', ['topology', 'nodes', index, 'params', 'pardaWindowMin'], `storage array "${item.id}": PARDA's minimum window ${lo} is above its maximum window ${hi}; set pardaWindowMin ≤ pardaWindowMax`))
    }
  }
  return out
}
