// Finds where JSON text first goes wrong (line, column and a plain sentence), because the
// engine's own JSON.parse messages do not always give a position.

export interface JsonSyntaxError {
  readonly offset: number
  readonly line: number
  readonly column: number
  readonly message: string
}

type State = 'value' | 'first-value' | 'after' | 'key' | 'first-key' | 'colon'

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y
const WS = new Set([' ', '\t', '\n', '\r'])
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't'])

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

class Stop {
  constructor(readonly offset: number, readonly message: string) {}
}

const TRUNCATED = 'the text ends in the middle of the JSON — the file looks truncated'

function shown(c: string): string {
  return c === '\n' ? 'a line break' : JSON.stringify(c)
}

/** Returns the offset just past a string starting at `pos` (a double quote). */
function scanString(text: string, pos: number): number {
  let i = pos + 1
  while (i < text.length) {
    const c = text[i]
    if (c === '"') return i + 1
    if (c.charCodeAt(0) < 0x20) throw new Stop(i, 'a string contains a raw control character or line break; write it as an escape such as \\n')
    if (c === '\\') {
      const e = text[i + 1]
      if (e === undefined) break
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Stop(i, 'a \\u escape needs four hexadecimal digits')
        i += 6
        continue
      }
      if (!ESCAPES.has(e)) throw new Stop(i, `${JSON.stringify('\\' + e)} is not a valid escape in a JSON string`)
      i += 2
      continue
    }
    i++
  }
  throw new Stop(text.length, `a string is not closed; ${TRUNCATED}`)
}

/** Returns the offset just past a scalar (or the opening bracket) starting at `pos`. */
function scanScalar(text: string, pos: number): number {
  const c = text[pos]
  if (c === '"') return scanString(text, pos)
  for (const lit of ['true', 'false', 'null']) {
    if (text.startsWith(lit, pos)) return pos + lit.length
    if (text.length - pos < lit.length && lit.startsWith(text.slice(pos))) throw new Stop(text.length, TRUNCATED)
  }
  if (/^-?(NaN|Infinity)/.test(text.slice(pos, pos + 9))) throw new Stop(pos, 'JSON has no NaN or Infinity; write a finite number')
  NUMBER_RE.lastIndex = pos
  if (NUMBER_RE.test(text)) return NUMBER_RE.lastIndex
  if (c === "'") throw new Stop(pos, 'JSON strings need double quotes, not single quotes')
  throw new Stop(pos, `unexpected ${shown(c)} where a value (object, list, string, number, true, false or null) should be`)
}

function stepAfter(text: string, pos: number, stack: string[]): State {
  const top = stack[stack.length - 1]
  const c = text[pos]
  if (top === undefined) throw new Stop(pos, `unexpected ${shown(c)} after the end of the JSON value`)
  if (c === ',') return top === '[' ? 'value' : 'key'
  if ((top === '[' && c === ']') || (top === '{' && c === '}')) {
    stack.pop()
    return 'after'
  }
  throw new Stop(pos, `expected "," or "${top === '[' ? ']' : '}'}" but found ${shown(c)}`)
}

/** The first syntax error in `text`, or undefined if it is valid JSON. */
function scan(text: string): void {
  const stack: string[] = []
  let state: State = 'value'
  let pos = 0
  for (;;) {
    while (pos < text.length && WS.has(text[pos])) pos++
    if (pos >= text.length) {
      if (state === 'after' && stack.length === 0) return
      throw new Stop(text.length, TRUNCATED)
    }
    const c = text[pos]
    if (state === 'after') {
      state = stepAfter(text, pos, stack)
      pos++
    } else if (state === 'colon') {
      if (c !== ':') throw new Stop(pos, `expected ":" after a property name but found ${shown(c)}`)
      state = 'value'
      pos++
    } else if (state === 'key' || state === 'first-key') {
      if (c === '}' && state === 'first-key') { stack.pop(); state = 'after'; pos++; continue }
      if (c === '}') throw new Stop(pos, 'a comma before "}" is not allowed in JSON (trailing comma)')
      if (c !== '"') throw new Stop(pos, `expected a property name in double quotes but found ${shown(c)}`)
      pos = scanString(text, pos)
      state = 'colon'
    } else if (c === ']' && state === 'first-value') {
      stack.pop(); state = 'after'; pos++
    } else if (c === ']' && stack[stack.length - 1] === '[') {
      throw new Stop(pos, 'a comma before "]" is not allowed in JSON (trailing comma)')
    } else if (c === '{' || c === '[') {
      stack.push(c)
      state = c === '{' ? 'first-key' : 'first-value'
      pos++
    } else {
      pos = scanScalar(text, pos)
      state = 'after'
    }
  }
}

/** Locates the first JSON syntax error in `text`; undefined when the text is valid JSON. */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  try {
    scan(text)
    return undefined
  } catch (e) {
    if (!(e instanceof Stop)) throw e
    return { offset: e.offset, ...lineColumn(text, e.offset), message: e.message }
  }
}
