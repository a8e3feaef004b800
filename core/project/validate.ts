// Validation of a project in layers — version and migration, size limits, schema, catalog,
// references, domain rules, sweeps — returning every problem at once, each with its path.
import { checkCatalog, type CatalogCheck } from './check-catalog'
import { checkDomain } from './check-domain'
import { checkReferences } from './check-refs'
import { checkSweeps } from './check-sweeps'
import { sanitizeTree } from './json-text'
import { checkCounts } from './limits'
import { migrate } from './migrations/index'
import { capProblems, type Problem } from './problems'
import { ProjectSchema, type Project } from './schema'
import { salvageView, viewOf, type ProjectView } from './view'
import { issuesToProblems, projectErrorMap } from './zod-problems'

export type ValidationResult =
  | { ok: true; project: Project; problems: []; migratedFrom: number; applied: string[] }
  | { ok: false; problems: Problem[] }

/** The catalog, reference and domain problems of one view. */
function topologyProblems(view: ProjectView, catalog: CatalogCheck): Problem[] {
  return [...catalog.problems, ...checkReferences(view), ...checkDomain(view)]
}

/** The same checks at a sweep point (a document with the point's values set). */
function pointProblems(doc: unknown): Problem[] {
  const view = salvageView(doc)
  return topologyProblems(view, checkCatalog(view))
}

/** Semantic checks on whatever parsed: catalog, references, domain rules, sweeps (at every point). */
function semanticProblems(doc: unknown, parsed: Project | undefined): Problem[] {
  const view = parsed ? viewOf(parsed) : salvageView(doc)
  const catalog = checkCatalog(view)
  const problems = topologyProblems(view, catalog)
  // Rules broken at sweep points are checked only on a topology that is right as written.
  return [...problems, ...checkSweeps(view, parsed ?? doc, catalog.uses, problems.length === 0 ? pointProblems : undefined)]
}

/**
 * Validates a JSON tree that this module may change (freshly parsed and sanitized, see
 * json-text.ts): migrates it to the current version, then checks it in layers.
 */
export function validateDocument(doc: unknown): ValidationResult {
  const migrated = migrate(doc)
  if (!migrated.ok) return migrated
  const counts = checkCounts(migrated.doc)
  if (counts.length > 0) return { ok: false, problems: counts }
  const parsed = ProjectSchema.safeParse(migrated.doc, { error: projectErrorMap })
  const problems = parsed.success ? [] : issuesToProblems(parsed.error.issues)
  problems.push(...semanticProblems(migrated.doc, parsed.success ? parsed.data : undefined))
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: capProblems(problems) }
  return { ok: true, project: parsed.data, problems: [], migratedFrom: migrated.fromVersion, applied: migrated.applied }
}

/** Validates an in-memory project (from the UI or the API) without changing it. */
export function validateProject(value: unknown): ValidationResult {
  const unsafe = sanitizeTree(value, { remove: false })
  if (unsafe.some((p) => p.code === 'too-deep')) return { ok: false, problems: capProblems(unsafe) }
  const r = validateDocument(value)
  if (unsafe.length === 0) return r
  return { ok: false, problems: capProblems([...unsafe, ...(r.ok ? [] : r.problems)]) }
}
