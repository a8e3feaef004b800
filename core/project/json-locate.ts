// Finds where JSON text first goes wrong — line, column, the JSON path around it and a plain
// sentence — because the engine's own JSON.parse messages do not always give a position. The
// grammar is jsonc-parser's (strict: no comments, no trailing commas); this module only turns
// its first error into a sentence and points at the offending character.
import { printParseErrorCode, visit, type JSONPath } from 'jsonc-parser'

export interface JsonSyntaxError {
  readonly offset: number
  readonly line: number
  readonly column: number
  readonly message: string
  /** Where in the document the error is (the property or list element being read). */
  readonly path: readonly (string | number)[]
}

/** Line and column (both 1-based) of an offset in the text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++
      lineStart = i + 1
    }
  }
  return { line, column: offset - lineStart + 1 }
}

const TRUNCATED = 'the text ends in the middle of the JSON — the file looks truncated'
const A_VALUE = 'a value (object, list, string, number, true, false or null)'
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't', 'u'])
const LITERALS = ['true', 'false', 'null']

type Code = ReturnType<typeof printParseErrorCode>

interface RawError {
  readonly code: Code
  readonly offset: number
  readonly length: number
  /** The innermost open container when the error was found ("{" or "["), if any. */
  readonly container: '{' | '[' | undefined
  /** Whether a whole top-level value was read before the error. */
  readonly afterTop: boolean
  readonly path: JSONPath
}

class FirstError {
  constructor(readonly error: RawError) {}
}

function shown(c: string | undefined): string {
  if (c === undefined) return 'the end of the text'
  return c === '\n' ? 'a line break' : JSON.stringify(c)
}

/** The last character before `offset` that is not white space. */
function previousSignificant(text: string, offset: number): string | undefined {
  for (let i = offset - 1; i >= 0; i--) if (!/\s/.test(text[i])) return text[i]
  return undefined
}

/** The first JSON error of jsonc-parser's strict reading of `text`, or undefined. */
function firstError(text: string): RawError | undefined {
  const containers: ('{' | '[')[] = []
  let afterTop = false
  let pathOf: () => JSONPath = () => []
  const keep = (supplier: () => JSONPath): void => { pathOf = supplier }
  const ended = (): void => {
    containers.pop()
    if (containers.length === 0) afterTop = true
  }
  try {
    visit(text, {
      onObjectBegin: (_o, _l, _sl, _sc, p) => { containers.push('{'); keep(p) },
      onArrayBegin: (_o, _l, _sl, _sc, p) => { containers.push('['); keep(p) },
      onObjectEnd: ended,
      onArrayEnd: ended,
      onObjectProperty: (_k, _o, _l, _sl, _sc, p) => keep(p),
      onLiteralValue: (_v, _o, _l, _sl, _sc, p) => {
        keep(p)
        if (containers.length === 0) afterTop = true
      },
      onError: (code, offset, length) => {
        throw new FirstError({ code: printParseErrorCode(code), offset, length, container: containers.at(-1), afterTop, path: pathOf() })
      }
    }, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })
  } catch (e) {
    if (e instanceof FirstError) return e.error
    throw e
  }
  return undefined
}

/** A string token's first fault: a raw control character, a bad escape, or no closing quote. */
function stringFault(text: string, start: number): { offset: number; message: string } {
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]
    if (c === '"') break
    if (c.charCodeAt(0) < 0x20) return { offset: i, message: 'a string contains a raw control character or line break; write it as an escape such as \\n' }
    if (c !== '\\') continue
    const e = text[i + 1]
    if (e === undefined) break
    if (!ESCAPES.has(e)) return { offset: i, message: `${JSON.stringify('\\' + e)} is not a valid escape in a JSON string` }
    if (e === 'u' && !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, message: 'a \\u escape needs four hexadecimal digits' }
    i++
  }
  return { offset: text.length, message: `a string is not closed; ${TRUNCATED}` }
}

/** A token that is not JSON where a value should be (NaN, 'text', tru, …). */
function badSymbol(text: string, err: RawError): { offset: number; message: string } {
  const at = err.offset
  const token = text.slice(at, at + err.length)
  if (err.container === undefined && err.afterTop) return { offset: at, message: `unexpected ${shown(text[at])} after the end of the JSON value` }
  if (/^-?(NaN|Infinity)/.test(text.slice(at, at + 9))) return { offset: at, message: 'JSON has no NaN or Infinity; write a finite number' }
  if (at + err.length >= text.length && LITERALS.some((lit) => lit.length > token.length && lit.startsWith(token))) return { offset: text.length, message: TRUNCATED }
  const keyPosition = err.container === '{' && ['{', ','].includes(previousSignificant(text, at) ?? '')
  if (keyPosition) return { offset: at, message: `expected a property name in double quotes but found ${shown(text[at])}` }
  if (text[at] === "'") return { offset: at, message: 'JSON strings need double quotes, not single quotes' }
  return { offset: at, message: `unexpected ${shown(text[at])} where ${A_VALUE} should be` }
}

/** The sentence and the exact offset for jsonc-parser's first error. */
function describe(text: string, err: RawError): { offset: number; message: string } {
  const at = err.offset
  const c: string | undefined = text[at]
  if (at >= text.length && err.code !== 'UnexpectedEndOfString') return { offset: text.length, message: TRUNCATED }
  const close = err.container === '[' ? ']' : '}'
  switch (err.code) {
    case 'InvalidSymbol':
      return badSymbol(text, err)
    case 'UnexpectedEndOfString':
    case 'InvalidCharacter':
    case 'InvalidEscapeCharacter':
    case 'InvalidUnicode':
      return stringFault(text, at)
    case 'PropertyNameExpected':
      if (c === '}' && previousSignificant(text, at) === ',') return { offset: at, message: 'a comma before "}" is not allowed in JSON (trailing comma)' }
      return { offset: at, message: `expected a property name in double quotes but found ${shown(c)}` }
    case 'ValueExpected':
      if (c === ']' && previousSignificant(text, at) === ',') return { offset: at, message: 'a comma before "]" is not allowed in JSON (trailing comma)' }
      if (c === "'") return { offset: at, message: 'JSON strings need double quotes, not single quotes' }
      return { offset: at, message: `unexpected ${shown(c)} where ${A_VALUE} should be` }
    case 'ColonExpected':
      return { offset: at, message: `expected ":" after a property name but found ${shown(c)}` }
    case 'CommaExpected':
    case 'CloseBraceExpected':
    case 'CloseBracketExpected':
      return { offset: at, message: `expected "," or "${close}" but found ${shown(c)}` }
    case 'EndOfFileExpected':
      return { offset: at, message: `unexpected ${shown(c)} after the end of the JSON value` }
    case 'InvalidCommentToken':
    case 'UnexpectedEndOfComment':
      return { offset: at, message: 'JSON has no comments; remove them' }
    case 'UnexpectedEndOfNumber':
    case 'InvalidNumberFormat':
      return { offset: at, message: 'a number is not written the JSON way (digits must follow "." and "e", as in 1.5 or 2e3)' }
    default:
      return { offset: at, message: `unexpected ${shown(c)}` }
  }
}

/**
 * Where objects and lists first nest deeper than `max` (-1: never) and how many are still open
 * at the end: the library reads nesting recursively, and a hostile text can nest a million levels.
 */
function nesting(text: string, max: number): { deepAt: number; openAtEnd: number } {
  let depth = 0
  let deepAt = -1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 92) i++
      else if (c === 34) inString = false
    } else if (c === 34) inString = true
    else if (c === 123 || c === 91) {
      if (++depth > max && deepAt < 0) deepAt = i
    } else if (c === 125 || c === 93) depth--
  }
  return { deepAt, openAtEnd: depth }
}

/** Nesting the locator reads; deeper text is invalid for IOV Lab anyway (LIMITS.depth is far lower). */
const MAX_LOCATE_DEPTH = 2000

/** Locates the first JSON syntax error in `text`; undefined when the text is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  const { deepAt, openAtEnd } = nesting(text, MAX_LOCATE_DEPTH)
  if (deepAt >= 0) {
    // Too deep to read: brackets still open at the end are a truncated text; otherwise say where.
    const offset = openAtEnd > 0 ? text.length : deepAt
    const message = openAtEnd > 0 ? TRUNCATED : `objects and lists are nested more than ${MAX_LOCATE_DEPTH} levels deep here`
    return { offset, ...lineColumn(text, offset), message, path: [] }
  }
  const err = firstError(text)
  if (err === undefined) return undefined
  const { offset, message } = describe(text, err)
  return { offset, ...lineColumn(text, offset), message, path: err.path }
}
