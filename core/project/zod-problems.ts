// Turns zod's issues into problems a researcher can read: what was expected, what was found,
// at which JSON path — one per issue, nothing dropped.
import type { z } from 'zod'
import { describeValue, problem, type PathSegment, type Problem, type ProblemCode } from './problems'

type Issue = z.core.$ZodIssue
type RawIssue = z.core.$ZodRawIssue

const TYPE_NAMES: Record<string, string> = {
  string: 'a text', number: 'a number', int: 'a whole number', boolean: 'true or false', object: 'an object',
  array: 'a list', record: 'an object', null: 'null', bigint: 'a number', literal: 'a specific value'
}

function bound(kind: 'at least' | 'at most', value: unknown, inclusive: boolean | undefined, origin: string): string {
  const n = typeof value === 'bigint' ? value.toString() : String(value)
  if (origin === 'array' || origin === 'set') return `${kind} ${n} items`
  if (origin === 'string') return `${kind} ${n} characters long`
  if (inclusive === false) return kind === 'at least' ? `more than ${n}` : `less than ${n}`
  return `${kind} ${n}`
}

function typeMessage(iss: Extract<RawIssue, { code: 'invalid_type' }>): string {
  const found = iss.input === undefined ? undefined : describeValue(iss.input)
  const expected = TYPE_NAMES[iss.expected] ?? iss.expected
  if (iss.input === undefined) return `missing: expected ${expected}`
  if (typeof iss.input === 'number' && !Number.isFinite(iss.input)) return `expected a finite number, found ${found} (a number too large for JSON)`
  return `expected ${expected}, found ${found}`
}

/** The error map used for every parse: plain sentences instead of zod's defaults. */
export function projectErrorMap(iss: RawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      return typeMessage(iss)
    case 'too_small':
      return `must be ${bound('at least', iss.minimum, iss.inclusive, iss.origin)}, found ${describeValue(iss.input)}`
    case 'too_big':
      return `must be ${bound('at most', iss.maximum, iss.inclusive, iss.origin)}, found ${describeValue(iss.input)}`
    case 'invalid_value':
      return `expected ${iss.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${describeValue(iss.input)}`
    case 'not_multiple_of':
      return `must be a multiple of ${String(iss.divisor)}`
    default:
      return undefined
  }
}

function codeOf(iss: Issue): ProblemCode {
  if (iss.message.startsWith('missing')) return 'missing-field'
  switch (iss.code) {
    case 'invalid_type':
      return 'invalid-type'
    case 'too_small':
    case 'too_big':
      return 'out-of-range'
    case 'custom':
      return iss.params?.quantity === true ? 'bad-quantity' : 'invalid-value'
    default:
      return 'invalid-value'
  }
}

/** A schema-level error that says "missing" when nothing was written, and what was found otherwise. */
export function expected(what: string): (iss: RawIssue) => string {
  return (iss) => (iss.input === undefined ? `missing: expected ${what}` : `expected ${what}, found ${describeValue(iss.input)}`)
}

/** Problems for zod issues; `prefix` is prepended to each path (for parts parsed on their own). */
export function issuesToProblems(issues: readonly Issue[], prefix: readonly PathSegment[] = []): Problem[] {
  return issues.flatMap((iss) => {
    const path = [...prefix, ...iss.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]
    const inner = unionBranch(iss)
    return inner ? issuesToProblems(inner, path) : [problem(codeOf(iss), path, iss.message)]
  })
}

/**
 * The issues of the one alternative of a union that the value was meant for: when every other
 * alternative failed only because the value has another type (an object given where a number or
 * a rule object is allowed), its own problems say more than "expected a number or a rule".
 */
function unionBranch(iss: Issue): readonly Issue[] | undefined {
  if (iss.code !== 'invalid_union') return undefined
  const branches = (iss as { errors?: readonly (readonly Issue[])[] }).errors ?? []
  const meant = branches.filter((b) => !b.every((i) => i.code === 'invalid_type' && i.path.length === 0))
  return meant.length === 1 && meant[0].length > 0 ? meant[0] : undefined
}
