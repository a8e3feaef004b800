// Reads one parameter value against its catalog spec: units, dimension, integer-ness, bounds
// and options, resolving `{"var": …}` references; the canonical value or a sentence why not.
import type { ParamSpec } from '../models/catalog'
import { parseDecimal, toNumber } from './decimal'
import { describeValue } from './problems'
import { isVarRef, type Scalar } from './schema'
import { formatQuantity, isQuantityDimension, parseQuantity, type Parsed, type QuantityDimension } from './units'

export type Canonical = number | string | boolean

/** A variable reference that names no variable. */
export class UndefinedVariable {
  constructor(readonly name: string) {}
}

/** Replaces a `{"var": name}` reference by the variable's value. */
export function resolveVar(raw: unknown, variables: Readonly<Record<string, Scalar>>): unknown {
  if (!isVarRef(raw)) return raw
  return Object.hasOwn(variables, raw.var) ? variables[raw.var] : new UndefinedVariable(raw.var)
}

function showBound(spec: ParamSpec, v: number): string {
  if (isQuantityDimension(spec.dimension)) {
    const canonical = { duration: 'ns', bandwidth: 'bit/s', size: 'bytes', frequency: 'Hz' }[spec.dimension]
    return `${formatQuantity(spec.dimension, v)} (${v} ${canonical})`
  }
  return String(v)
}

function checkBounds(spec: ParamSpec, v: number): string | undefined {
  if (spec.integer && !Number.isInteger(v)) return `must be a whole number, found ${v}`
  if (spec.min !== undefined && v < spec.min) return `must be at least ${showBound(spec, spec.min)}, found ${showBound(spec, v)}`
  if (spec.max !== undefined && v > spec.max) return `must be at most ${showBound(spec, spec.max)}, found ${showBound(spec, v)}`
  return undefined
}

function parseRatio(v: unknown): Parsed<number> {
  if (typeof v === 'string') {
    const m = /^\s*([0-9.]+(?:[eE][+-]?\d+)?)\s*%\s*$/.exec(v)
    const d = m ? parseDecimal(m[1]) : undefined
    if (d) return { ok: true, value: toNumber({ digits: d.digits, exp: d.exp - 2 }) }
    return { ok: false, message: `expected a fraction from 0 to 1 or a percentage such as "13.8%", found ${describeValue(v)}` }
  }
  return parseNumber(v, 'a fraction from 0 to 1')
}

function parseNumber(v: unknown, what: string): Parsed<number> {
  if (typeof v !== 'number') return { ok: false, message: `expected ${what}, found ${describeValue(v)}` }
  if (!Number.isFinite(v)) return { ok: false, message: `expected ${what}, found ${v}` }
  return { ok: true, value: v }
}

function parseByDimension(spec: ParamSpec, v: unknown): Parsed<Canonical> {
  const dim = spec.dimension
  if (isQuantityDimension(dim)) return parseQuantity(dim as QuantityDimension, v)
  switch (dim) {
    case 'count':
      return parseNumber(v, 'a whole number')
    case 'cycles':
      return parseNumber(v, 'a number of CPU cycles')
    case 'factor':
      return parseNumber(v, 'a number')
    case 'ratio':
      return parseRatio(v)
    case 'boolean':
      return typeof v === 'boolean' ? { ok: true, value: v } : { ok: false, message: `expected true or false, found ${describeValue(v)}` }
    case 'string':
      return typeof v === 'string' ? { ok: true, value: v } : { ok: false, message: `expected a text, found ${describeValue(v)}` }
    case 'enum': {
      const options = spec.options ?? []
      if (typeof v === 'string' && options.includes(v)) return { ok: true, value: v }
      return { ok: false, message: `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, found ${describeValue(v)}` }
    }
    default:
      return { ok: false, message: `has an unsupported dimension "${String(dim)}"` }
  }
}

/** Checks one (already variable-resolved) value against its spec; returns the canonical value. */
export function checkParamValue(spec: ParamSpec, value: unknown): Parsed<Canonical> {
  const parsed = parseByDimension(spec, value)
  if (!parsed.ok || typeof parsed.value !== 'number') return parsed
  if (spec.dimension === 'count' && !Number.isInteger(parsed.value)) return { ok: false, message: `must be a whole number, found ${parsed.value}` }
  if (spec.dimension === 'ratio' && (parsed.value < 0 || parsed.value > 1) && spec.min === undefined && spec.max === undefined) {
    return { ok: false, message: `must be a fraction from 0 to 1, found ${parsed.value}` }
  }
  const bad = checkBounds(spec, parsed.value)
  return bad ? { ok: false, message: bad } : parsed
}

/** The canonical value of a parameter as written (raw), with variables resolved; undefined → the default. */
export function canonicalParam(spec: ParamSpec, raw: unknown, variables: Readonly<Record<string, Scalar>>): Parsed<Canonical> {
  if (raw === undefined) return { ok: true, value: spec.default }
  const v = resolveVar(raw, variables)
  if (v instanceof UndefinedVariable) return { ok: false, message: `refers to the variable "${v.name}", which is not defined in "variables"` }
  return checkParamValue(spec, v)
}
