// Reads a document's schema version and brings it to the current one through the named,
// append-only steps; a result, never a throw; a newer file is refused, never mangled.
import { problem, type Problem } from '../problems'
import { PROJECT_FORMAT, SCHEMA_VERSION } from '../schema'
import type { JsonObject, Migration } from './types'
import { V0_TO_V1 } from './v0-to-v1'
import { V1_TO_V2 } from './v1-to-v2'

export type { JsonObject, Migration } from './types'

/** Every step, oldest first. Append only: released steps are never edited or reordered. */
export const MIGRATIONS: readonly Migration[] = [...V0_TO_V1, ...V1_TO_V2]

/** The `format` string of pre-release (version 0) files. */
export const LEGACY_FORMAT = 'iovlab'

export type MigrationResult =
  | { ok: true; doc: JsonObject; fromVersion: number; applied: string[] }
  | { ok: false; problems: Problem[] }

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

function fail(p: Problem): MigrationResult {
  return { ok: false, problems: [p] }
}

/** The schema version a document declares, or a problem saying why it has none. */
export function detectVersion(doc: unknown): { ok: true; version: number } | { ok: false; problem: Problem } {
  if (!isObj(doc)) {
    const what = Array.isArray(doc) ? 'a JSON list' : doc === null ? 'null' : `a single ${typeof doc}`
    return { ok: false, problem: problem('not-an-object', [], `the file holds ${what}, not a project; a project is a JSON object starting with {"format": "${PROJECT_FORMAT}", …}`) }
  }
  const legacy = doc.format === LEGACY_FORMAT
  if (doc.format !== PROJECT_FORMAT && !legacy) {
    const found = doc.format === undefined ? 'has no "format"' : `has "format": ${JSON.stringify(doc.format)}`
    return { ok: false, problem: problem('wrong-format', ['format'], `this is not an IOV Lab project: it ${found}, expected "${PROJECT_FORMAT}"`) }
  }
  const key = legacy ? 'version' : 'schemaVersion'
  const v = legacy && doc.version === undefined ? 0 : doc[key]
  if (v === undefined) return { ok: false, problem: problem('missing-version', [key], `the project has no "${key}"; add "${key}": ${SCHEMA_VERSION}`) }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
    return { ok: false, problem: problem('bad-version', [key], `"${key}" must be a whole number such as ${SCHEMA_VERSION}, found ${JSON.stringify(v)}`) }
  }
  if (v > SCHEMA_VERSION) {
    return { ok: false, problem: problem('newer-version', [key], `written by a newer IOV Lab (schemaVersion ${v}); this version reads up to ${SCHEMA_VERSION} — upgrade IOV Lab`) }
  }
  return { ok: true, version: v }
}

/** Brings a parsed document to SCHEMA_VERSION; the input is not modified. */
export function migrate(doc: unknown, steps: readonly Migration[] = MIGRATIONS): MigrationResult {
  const detected = detectVersion(doc)
  if (!detected.ok) return fail(detected.problem)
  const fromVersion = detected.version
  if (fromVersion === SCHEMA_VERSION) return { ok: true, doc: doc as JsonObject, fromVersion, applied: [] }
  let cur = structuredClone(doc) as JsonObject
  const applied: string[] = []
  for (let v = fromVersion; v < SCHEMA_VERSION; v++) {
    for (const step of steps.filter((s) => s.from === v)) {
      try {
        const next = step.up(cur)
        if (!isObj(next)) return fail(problem('migration-failed', [], `the migration step "${step.id}" did not produce a project`))
        cur = next
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e)
        return fail(problem('migration-failed', [], `the file could not be upgraded from schemaVersion ${v} (step "${step.id}": ${why})`))
      }
      applied.push(step.id)
    }
    cur.schemaVersion = v + 1
  }
  return { ok: true, doc: cur, fromVersion, applied }
}

/** Checks the step table: unique ids, each step one version up, contiguous up to SCHEMA_VERSION. */
export function checkMigrationTable(steps: readonly Migration[] = MIGRATIONS): string[] {
  const errors: string[] = []
  const ids = new Set<string>()
  let last = 0
  for (const s of steps) {
    if (ids.has(s.id)) errors.push(`duplicate step id ${s.id}`)
    ids.add(s.id)
    if (s.to !== s.from + 1) errors.push(`${s.id} goes from ${s.from} to ${s.to}; a step goes up one version`)
    if (s.from < last) errors.push(`${s.id} is out of order`)
    if (s.from > last + 1) errors.push(`no steps from version ${last + 1}`)
    last = s.from
  }
  if (steps.length > 0 && steps[steps.length - 1].to !== SCHEMA_VERSION) errors.push(`the last step does not reach version ${SCHEMA_VERSION}`)
  return errors
}
