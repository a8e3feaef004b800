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
  'no-host-gateway', 'no-path', 'technique-not-allowed', 'protection-off',
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

/** A value quoted in a message is cut to this many characters (with "…"); a whole message to MAX_MESSAGE_CHARS. */
export const MAX_VALUE_CHARS = 120
export const MAX_MESSAGE_CHARS = 1000

// C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional controls that
// could make a line read differently from what it holds.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' }
// Every quoted string, taken in pairs from the left (a long one is cut below); matching only long
// ones would let the regex start at a closing quote and take the prose between two values for one.
const QUOTED_RE = /"((?:[^"\\]|\\.)*)"/g

/** Cuts `text` to at most `max` characters (the last one "…"), never inside an escape or a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text
  let head = text.slice(0, max - 1)
  head = head.replace(/(^|[^\\])((?:\\\\)*)\\u[0-9a-fA-F]{0,3}$/, '$1$2')
  if (((/\\+$/.exec(head)?.[0].length ?? 0) & 1) === 1) head = head.slice(0, -1)
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1)
  return `${head}…`
}

/**
 * Makes text safe for one line of output: control characters (a line break could forge a
 * `FILE: valid: …` line, an escape sequence could redraw the terminal) are written as escapes
 * such as \n and \u001b, quoted values longer than MAX_VALUE_CHARS are cut with "…", and the
 * whole text is cut at `max` characters. Every problem's message and path pass through here.
 */
export function oneLine(text: string, max = MAX_MESSAGE_CHARS): string {
  const escaped = text.replace(CONTROL_RE, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return cut(escaped.replace(QUOTED_RE, (m, inner: string) => (inner.length > MAX_VALUE_CHARS ? `"${cut(inner, MAX_VALUE_CHARS)}"` : m)), max)
}

export function problem(code: ProblemCode, path: readonly PathSegment[], message: string): Problem {
  return { code, path: [...path], message: oneLine(message) }
}

const IDENT_RE = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** Formats a path as `$.topology.nodes[3].params.clockHz` (odd keys as `$["a b"]`). */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '$'
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`
    else if (IDENT_RE.test(seg)) out += `.${cut(seg, MAX_VALUE_CHARS)}`
    else out += `[${oneLine(JSON.stringify(seg))}]`
  }
  return out
}

/** One line per problem, as `iovlab validate` prints it: `FILE: JSON.PATH: message` (see `oneLine`). */
export function formatProblem(p: Problem, sourceName?: string): string {
  const where = formatPath(p.path)
  const message = oneLine(p.message)
  return sourceName === undefined ? `${where}: ${message}` : `${oneLine(sourceName)}: ${where}: ${message}`
}

/** Caps a problem list at MAX_PROBLEMS, saying how many were left out. */
export function capProblems(problems: readonly Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return [...problems]
  const kept = problems.slice(0, MAX_PROBLEMS - 1)
  const more = problems.length - kept.length
  return [...kept, problem(problems[MAX_PROBLEMS - 1].code, [], `…and ${more} more problems; fix these first`)]
}

/** Problems of a check that stopped at MAX_PROBLEMS without counting the rest. */
export function stoppedProblems(problems: readonly Problem[]): Problem[] {
  const kept = problems.slice(0, MAX_PROBLEMS - 1)
  return [...kept, problem(problems[kept.length]?.code ?? kept[kept.length - 1].code, [], `…and more problems (checking stopped after ${MAX_PROBLEMS - 1}); fix these first`)]
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
