// From bytes to a safe JSON tree: UTF-8 decoding, parsing with line:column on errors, and
// one walk that removes prototype-polluting keys and enforces depth and string limits.
import { lineColumn, locateJsonError } from './json-locate'
import { LIMITS } from './limits'
import { formatPath, problem, type PathSegment, type Problem } from './problems'

/** On failure, `value` is still there when the tree is safe to check further (all problems at once). */
export type JsonResult = { ok: true; value: unknown } | { ok: false; problems: Problem[]; value?: unknown }

/** Keys that could reach an object's prototype when copied; refused anywhere in a project. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** Decodes UTF-8 strictly (a leading byte-order mark is dropped). */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; problems: Problem[] } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)
    return { ok: true, text }
  } catch {
    return { ok: false, problems: [problem('not-utf8', [], 'the file is not UTF-8 text; is it a project file?')] }
  }
}

function syntaxProblem(text: string, err: unknown): Problem {
  const located = locateJsonError(text)
  if (located) {
    const inside = located.path.length > 0 ? ` (in ${formatPath(located.path)})` : ''
    return problem('json-syntax', [], `not valid JSON at line ${located.line}, column ${located.column}${inside}: ${located.message}`)
  }
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '')
  const at = m ? lineColumn(text, Number(m[1])) : undefined
  const where = at ? ` at line ${at.line}, column ${at.column}` : ''
  return problem('json-syntax', [], `not valid JSON${where}`)
}

const isTokenChar = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 45 || c === 46

/**
 * How many JSON values (objects, lists, texts, numbers, true/false/null; not property names)
 * the text holds, counted in one pass over it without building anything — exact for valid JSON,
 * an estimate for broken text. Parsing costs memory per value (about 100 bytes for `{}`), so a
 * text with too many is refused before JSON.parse ever sees it.
 */
export function countJsonValues(text: string): number {
  let n = 0
  let prevToken = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) {
      // A string: skip to its closing quote; it is a value unless a ":" follows (a property name).
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i)
        if (d === 92) i++
        else if (d === 34) break
      }
      let j = i + 1
      while (j < text.length && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13 || text.charCodeAt(j) === 9)) j++
      if (text.charCodeAt(j) !== 58) n++
      prevToken = false
    } else if (c === 123 || c === 91) {
      n++
      prevToken = false
    } else {
      const token = isTokenChar(c)
      if (token && !prevToken) n++
      prevToken = token
    }
  }
  return n
}

function tooManyValues(n: number, what: string): Problem {
  return problem('too-many', [], `${what} holds ${n.toLocaleString('en-US')} JSON values (objects, lists, texts, numbers); IOV Lab reads at most ${LIMITS.values.toLocaleString('en-US')}, so it was not read further`)
}

/** Parses JSON text into a tree that is safe to hand to the schema (see `sanitizeTree`). */
export function parseJsonText(text: string): JsonResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (body.trim() === '') {
    return { ok: false, problems: [problem('empty-file', [], 'the file is empty; a project is a JSON object starting with {"format": "iovlab-project", …}')] }
  }
  const values = countJsonValues(body)
  if (values > LIMITS.values) return { ok: false, problems: [tooManyValues(values, 'the file')] }
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch (err) {
    return { ok: false, problems: [syntaxProblem(body, err)] }
  }
  const problems = sanitizeTree(value)
  return problems.length === 0 ? { ok: true, value } : { ok: false, problems, value: safeToContinue(problems) ? value : undefined }
}

/** After removing forbidden keys, a tree is safe to validate further unless it is too deep or too big. */
export function safeToContinue(problems: readonly Problem[]): boolean {
  return !problems.some((p) => p.code === 'too-deep' || (p.code === 'too-many' && p.path.length === 0))
}

interface WalkState {
  readonly problems: Problem[]
  readonly remove: boolean
  tooDeepReported: boolean
  values: number
}

function visitKey(obj: Record<string, unknown>, key: string, path: PathSegment[], st: WalkState): boolean {
  if (FORBIDDEN_KEYS.has(key)) {
    st.problems.push(problem('forbidden-key', [...path, key], `the key "${key}" is not allowed in a project file (it could alter objects' prototypes); remove it`))
    if (st.remove) delete obj[key]
    return false
  }
  if (key.length > LIMITS.stringLength) {
    st.problems.push(problem('string-too-long', path, `a key of ${key.length} characters is longer than the ${LIMITS.stringLength} allowed`))
  }
  return true
}

function walk(value: unknown, path: PathSegment[], depth: number, st: WalkState): void {
  st.values++
  if (typeof value === 'string') {
    if (value.length > LIMITS.stringLength) {
      st.problems.push(problem('string-too-long', path, `a text of ${value.length} characters is longer than the ${LIMITS.stringLength} allowed`))
    }
    return
  }
  if (typeof value !== 'object' || value === null) return
  if (depth > LIMITS.depth) {
    if (!st.tooDeepReported) {
      st.problems.push(problem('too-deep', path, `objects and lists are nested more than ${LIMITS.depth} levels deep here`))
      st.tooDeepReported = true
    }
    return
  }
  // `path` is one shared stack (push/pop) and copied only into a problem: no allocation per value.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i)
      walk(value[i], path, depth + 1, st)
      path.pop()
    }
    return
  }
  const obj = value as Record<string, unknown>
  for (const key of Object.keys(obj)) {
    if (!visitKey(obj, key, path, st)) continue
    path.push(key)
    walk(obj[key], path, depth + 1, st)
    path.pop()
  }
}

/**
 * Walks a JSON tree once and reports `__proto__`/`constructor`/`prototype` keys, over-long
 * strings and nesting deeper than LIMITS.depth. With `remove` (for a tree freshly parsed here)
 * it also deletes those keys: JSON.parse makes them own data properties, harmless until some
 * later copy assigns them and changes an object's prototype. A tree of more than LIMITS.values
 * values (one built in memory, not read from text) is refused as a whole.
 */
export function sanitizeTree(value: unknown, options: { remove: boolean } = { remove: true }): Problem[] {
  const st: WalkState = { problems: [], remove: options.remove, tooDeepReported: false, values: 0 }
  walk(value, [], 1, st)
  if (st.values > LIMITS.values) st.problems.unshift(tooManyValues(st.values, 'the project'))
  return st.problems
}
