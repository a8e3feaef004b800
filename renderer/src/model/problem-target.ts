// Which element a validation problem concerns, from its JSON path: a component, link or attachment
// of the topology, or an experiment; null for problems of the project as a whole.
import type { PathSegment, Project } from '../../../core/project'

export type ProblemTarget =
  | { list: 'nodes' | 'links' | 'attachments'; id: string }
  | { experiment: string }
  | null

export function problemTarget(doc: Project, path: readonly PathSegment[]): ProblemTarget {
  const [root, list, index] = path
  if (root === 'topology' && (list === 'nodes' || list === 'links' || list === 'attachments') && typeof index === 'number') {
    const item = (doc.topology[list] as readonly { id?: unknown }[] | undefined)?.[index]
    return typeof item?.id === 'string' ? { list, id: item.id } : null
  }
  if (root === 'experiments' && typeof list === 'number') {
    const e = doc.experiments?.[list] as { id?: unknown } | undefined
    return typeof e?.id === 'string' ? { experiment: e.id } : null
  }
  return null
}
