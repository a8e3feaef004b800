// Validation of a project in layers — version and migration, size limits, schema, catalog,
// references, domain rules, sweeps — returning every problem at once, each with its path.
import { checkCatalog, type CatalogCheck } from './check-catalog'
import { checkDomain } from './check-domain'
import { checkMigrations } from './check-migration'
import { checkParda } from './check-parda'
import { checkStorageMigrations } from './check-storage-migration'
import { checkFaults } from './check-faults'
import { checkReferences } from './check-refs'
import { checkReplications } from './check-replications'
import { checkStorage } from './check-storage'
import { checkSweeps } from './check-sweeps'
import { checkTimeseries } from './check-timeseries'
import { safeToContinue, sanitizeTree } from './json-text'
import { checkCounts } from './limits'
import { migrate } from './migrations/index'
import { capProblems, MAX_PROBLEMS, stoppedProblems, type PathSegment, type Problem } from './problems'
import { AttachmentSchema, LinkSchema, NodeSchema, ProjectSchema, ResultsDocumentSchema, WorkloadSchema, type Project } from './schema'
import { salvageView, viewOf, type ProjectView } from './view'
import { issuesToProblems, projectErrorMap } from './zod-problems'

export type ValidationResult =
  | { ok: true; project: Project; problems: []; migratedFrom: number; applied: string[] }
  | { ok: false; problems: Problem[] }

/**
 * The catalog checks one element at a time (a node, a link, an attachment, an experiment),
 * stopping once there are MAX_PROBLEMS: a file of thousands of nodes with a thousand unknown
 * parameters each would otherwise make millions of problems (gigabytes) before they are cut.
 */
function catalogInParts(view: ProjectView): CatalogCheck & { complete: boolean } {
  const out: CatalogCheck & { complete: boolean } = { problems: [], uses: [], complete: true }
  const none = { nodes: [], links: [], attachments: [], experiments: [] }
  for (const key of ['nodes', 'links', 'attachments', 'experiments'] as const) {
    for (const element of view[key]) {
      const r = checkCatalog({ ...view, ...none, [key]: [element] })
      out.problems.push(...r.problems)
      out.uses.push(...r.uses)
      if (out.problems.length >= MAX_PROBLEMS) return { ...out, complete: false }
    }
  }
  return out
}

/** The catalog, reference and domain problems of one view. */
function topologyProblems(view: ProjectView, catalog: CatalogCheck, experiment?: number): Problem[] {
  return [...catalog.problems, ...checkReferences(view), ...checkDomain(view, undefined, experiment), ...checkStorage(view), ...checkMigrations(view), ...checkParda(view), ...checkStorageMigrations(view)]
}

/** The same checks at a sweep point (a document with the point's values set). */
function pointProblems(doc: unknown, experiment?: number): Problem[] {
  const view = salvageView(doc)
  return topologyProblems(view, checkCatalog(view), experiment)
}

/** Semantic checks on whatever parsed: catalog, references, domain rules, sweeps (at every point). */
function semanticProblems(doc: unknown, parsed: Project | undefined): Problem[] {
  const view = parsed ? viewOf(parsed) : salvageView(doc)
  const catalog = catalogInParts(view)
  if (!catalog.complete) return stoppedProblems(catalog.problems)
  const problems = topologyProblems(view, catalog)
  // Rules broken at sweep points are checked only on a topology that is right as written.
  return [...problems, ...checkReplications(view, doc), ...checkTimeseries(doc), ...checkFaults(doc), ...checkSweeps(view, parsed ?? doc, catalog.uses, problems.length === 0 ? pointProblems : undefined)]
}

type Raw = Record<string, unknown>
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)
interface ElementSchema { safeParse(v: unknown, o: { error: typeof projectErrorMap }): { success: boolean; error?: { issues: Parameters<typeof issuesToProblems>[0] } } }

/**
 * Schema problems of the list elements (nodes, links, attachments, workloads, stored results), one element at a
 * time, stopping once there are MAX_PROBLEMS: a schema reports every bad entry of every list at
 * once, and a file of a million bad entries would make millions of issues (gigabytes) before the
 * list is cut. Undefined when there are fewer, so the whole document is then parsed as usual.
 */
function elementProblems(doc: unknown): Problem[] | undefined {
  if (!isObj(doc)) return undefined
  const out: Problem[] = []
  const lists: [unknown, PathSegment[], ElementSchema][] = []
  const topo = doc.topology
  if (isObj(topo)) {
    lists.push([topo.nodes, ['topology', 'nodes'], NodeSchema], [topo.links, ['topology', 'links'], LinkSchema], [topo.attachments, ['topology', 'attachments'], AttachmentSchema])
  }
  if (Array.isArray(doc.experiments)) {
    doc.experiments.forEach((e, i) => { if (isObj(e)) lists.push([e.workloads, ['experiments', i, 'workloads'], WorkloadSchema]) })
  }
  lists.push([doc.results, ['results'], ResultsDocumentSchema])
  for (const [list, path, schema] of lists) {
    if (!Array.isArray(list)) continue
    for (let i = 0; i < list.length; i++) {
      const r = schema.safeParse(list[i], { error: projectErrorMap })
      if (!r.success && r.error) out.push(...issuesToProblems(r.error.issues, [...path, i]))
      if (out.length >= MAX_PROBLEMS) return out
    }
  }
  return undefined
}

/**
 * Validates a JSON tree that this module may change (freshly parsed and sanitized, see
 * json-text.ts): migrates it to the current version, then checks it in layers.
 */
export function validateDocument(doc: unknown): ValidationResult {
  const migrated = migrate(doc)
  if (!migrated.ok) return migrated
  const counts = checkCounts(migrated.doc)
  if (counts.length > 0) return { ok: false, problems: capProblems(counts) }
  const many = elementProblems(migrated.doc)
  if (many) return { ok: false, problems: stoppedProblems(many) }
  const parsed = ProjectSchema.safeParse(migrated.doc, { error: projectErrorMap })
  const problems = parsed.success ? [] : issuesToProblems(parsed.error.issues)
  problems.push(...semanticProblems(migrated.doc, parsed.success ? parsed.data : undefined))
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: capProblems(problems) }
  return { ok: true, project: parsed.data, problems: [], migratedFrom: migrated.fromVersion, applied: migrated.applied }
}

/** Validates an in-memory project (from the UI or the API) without changing it. */
export function validateProject(value: unknown): ValidationResult {
  const unsafe = sanitizeTree(value, { remove: false })
  if (!safeToContinue(unsafe)) return { ok: false, problems: capProblems(unsafe) }
  const r = validateDocument(value)
  if (unsafe.length === 0) return r
  return { ok: false, problems: capProblems([...unsafe, ...(r.ok ? [] : r.problems)]) }
}
