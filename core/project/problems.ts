// Problems a user can cause with a project file: a typed code table, a JSON path, a sentence,
// and the one formatter that turns a path into `$.topology.nodes[3].params.clockHz`.

/** Every problem code, by the layer that finds it. */
export const PROBLEM_CODES = [
  // reading the file
  'file-not-found', 'file-unreadable', 'not-a-file', 'file-too-large', 'empty-file', 'not-utf8',
  // JSON text and tree
  'json-syntax', 'forbidden-key', 'too-deep', 'string-too-long', 'too-many',
  // top level and versions
  'not-an-object', 'wrong-format', 'missing-version', 'bad-version', 'newer-version', 'migration-failed',
  // shape, types and ranges
  'invalid-type', 'invalid-value', 'missing-field', 'out-of-range', 'bad-quantity',
  // catalog
  'unknown-kind', 'unknown-param', 'bad-param', 'undefined-variable', 'unknown-technique', 'unknown-link-kind',
  // references and identity
  'duplicate-id', 'dangling-reference', 'bad-path',
  // sweeps
  'sweep-too-large', 'sweep-unequal-lengths',
  // domain rules
  'link-not-allowed', 'not-placed', 'bad-placement', 'passthrough-shared', 'vif-limit', 'vf-limit',
  'no-host-gateway', 'no-path', 'technique-not-allowed',
  // saving
  'changed-on-disk', 'write-failed', 'invalid-project'
] as const

export type ProblemCode = (typeof PROBLEM_CODES)[number]

export type PathSegment = string | number

/** One thing wrong with a project, located by its JSON path. */
export interface Problem {
  readonly code: ProblemCode
  readonly path: readonly PathSegment[]
  readonly message: string
}

/** Stop collecting after this many problems; a hostile file must not produce a million lines. */
export const MAX_PROBLEMS = 500

export function problem(code: ProblemCode, path: readonly PathSegment[], message: string): Problem {
  return { code, path: [...path], message }
}

const IDENT_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** Formats a path as `$.topology.nodes[3].params.clockHz` (odd keys as `$["a b"]`). */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '$'
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (IDENT_RE.test(seg)) out += `.${seg}`
    else out += `[${JSON.stringify(seg)}]`
  }
  return out
}

/** One line per problem, as `iovlab validate` prints it: `FILE: JSON.PATH: message`. */
export function formatProblem(p: Problem, sourceName?: string): string {
  const where = formatPath(p.path)
  return sourceName === undefined ? `${where}: ${p.message}` : `${sourceName}: ${where}: ${p.message}`
}

/** Caps a problem list at MAX_PROBLEMS, saying how many were left out. */
export function capProblems(problems: readonly Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return [...problems]
  const kept = problems.slice(0, MAX_PROBLEMS - 1)
  const more = problems.length - kept.length
  return [...kept, problem(problems[MAX_PROBLEMS - 1].code, [], `…and ${more} more problems; fix these first`)]
}

/** A short description of a JSON value for messages ("the string \"abc\"", "a list"). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null'
  if (v === undefined) return 'nothing'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`
  if (typeof v === 'number') return Number.isFinite(v) ? `the number ${v}` : String(v)
  if (typeof v === 'boolean') return String(v)
  if (typeof v === 'object') return 'an object'
  return typeof v
}
