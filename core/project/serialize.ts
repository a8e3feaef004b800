// Deterministic text of a project: 2-space JSON, a trailing newline, keys in the schema's
// order followed by unknown fields in the order they were read.
import { ProjectSchema, type Project } from './schema'

/**
 * The canonical file text. Parsing through the schema puts known keys in schema order and
 * keeps unknown ones after them; an object the schema rejects is written as it is (save.ts
 * never gets that far: it validates first).
 */
export function serializeProject(project: Project): string {
  const r = ProjectSchema.safeParse(project)
  return `${JSON.stringify(r.success ? r.data : project, null, 2)}\n`
}
