// How one catalog parameter reads and writes in the inspector: the text a field shows (canonical,
// in the nicest unit), its placeholder (the default), and what typed text becomes in the file.
import type { ParamSpec } from '../../../../core/models/catalog'
import {
  checkParamValue, formatQuantity, isQuantityDimension, isVarRef, VARIABLE_PATTERN, type ParamValue
} from '../../../../core/project'

export type FieldInput = { value: ParamValue | undefined; message?: string }

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/

/** The default as the field's placeholder, e.g. "2.8GHz", "30ms", "polling". */
export function placeholderOf(spec: ParamSpec): string {
  const d = spec.default
  if (typeof d === 'number' && isQuantityDimension(spec.dimension)) return formatQuantity(spec.dimension, d)
  if (typeof d === 'boolean') return d ? 'yes' : 'no'
  return String(d)
}

/** The text a field shows for the value written in the file (empty when the default applies). */
export function displayValue(spec: ParamSpec, raw: unknown): string {
  if (raw === undefined) return ''
  if (isVarRef(raw)) return `$${raw.var}`
  if (typeof raw === 'boolean') return raw ? 'yes' : 'no'
  if (isQuantityDimension(spec.dimension)) {
    const r = checkParamValue({ ...spec, min: undefined, max: undefined }, raw)
    if (r.ok && typeof r.value === 'number') return formatQuantity(spec.dimension, r.value)
  }
  return typeof raw === 'string' || typeof raw === 'number' ? String(raw) : JSON.stringify(raw)
}

/**
 * What typed text stores: nothing (empty: the default applies), a variable reference ("$guests"),
 * a canonical quantity in its nicest unit ("10 us" → "10us"), a number, or the text as typed.
 * Text that does not check still goes into the document, so the one validation reports it at its
 * path; `message` says now, while typing, what that report will be.
 */
export function parseInput(spec: ParamSpec, text: string): FieldInput {
  const t = text.trim()
  if (t === '') return { value: undefined }
  if (t.startsWith('$')) {
    const name = t.slice(1)
    return VARIABLE_PATTERN.test(name) ? { value: { var: name } } : { value: t, message: `"${name}" is not a variable name` }
  }
  let value: ParamValue = t
  if (spec.dimension === 'boolean') value = /^(yes|true|on)$/i.test(t) ? true : /^(no|false|off)$/i.test(t) ? false : t
  else if (NUMBER_RE.test(t) && spec.dimension !== 'string' && spec.dimension !== 'enum') value = Number(t)
  const check = checkParamValue(spec, value)
  if (!check.ok) return { value, message: check.message }
  if (isQuantityDimension(spec.dimension) && typeof check.value === 'number') value = formatQuantity(spec.dimension, check.value)
  return { value }
}

/** Whether two stored values are the same (no record is made for an edit that changes nothing). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** The tooltip of a field: what it is, its default and where the default comes from. */
export function fieldTitle(spec: ParamSpec): string {
  const bounds = [spec.min !== undefined ? `min ${boundText(spec, spec.min)}` : '', spec.max !== undefined ? `max ${boundText(spec, spec.max)}` : '']
    .filter(Boolean).join(', ')
  return `${spec.doc}\nDefault: ${placeholderOf(spec)}${bounds ? ` (${bounds})` : ''}\nSource: ${spec.source}`
}

function boundText(spec: ParamSpec, v: number): string {
  return isQuantityDimension(spec.dimension) ? formatQuantity(spec.dimension, v) : String(v)
}

/** Parameters grouped by their `group`, in catalog order. */
export function groupSpecs(specs: readonly ParamSpec[]): { group: string; specs: ParamSpec[] }[] {
  const groups = new Map<string, ParamSpec[]>()
  for (const s of specs) {
    const g = s.group ?? 'Parameters'
    const list = groups.get(g)
    if (list) list.push(s)
    else groups.set(g, [s])
  }
  return [...groups].map(([group, list]) => ({ group, specs: list }))
}
