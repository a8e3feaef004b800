// The one parser and formatter for quantities with units in project files, `--set` and
// the UI: durations → integer ns, bandwidth → bit/s, sizes → bytes, frequency → Hz.
import {
  atLeastUnit, decimalOfNumber, decimalToString, divideExact, parseDecimal, scale, toNumber, toSafeInteger,
  type Decimal
} from './decimal'

export type Nanoseconds = number
export type BitsPerSecond = number
export type Bytes = number
export type Hertz = number

/** Dimensions that a file may write with a unit suffix. */
export type QuantityDimension = 'duration' | 'bandwidth' | 'size' | 'frequency'

/** A parse result: a value, or a sentence saying what is wrong and how to write it. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string }

interface Unit { readonly mult: bigint; readonly pow10: number }
const u = (mult: bigint, pow10: number): Unit => ({ mult, pow10 })

const UNITS: Record<QuantityDimension, Readonly<Record<string, Unit>>> = {
  duration: {
    ns: u(1n, 0), us: u(1n, 3), 'µs': u(1n, 3), 'μs': u(1n, 3), ms: u(1n, 6), s: u(1n, 9),
    min: u(6n, 10), h: u(36n, 11)
  },
  bandwidth: {
    bps: u(1n, 0), 'b/s': u(1n, 0), kbps: u(1n, 3), Kbps: u(1n, 3), 'kb/s': u(1n, 3),
    Mbps: u(1n, 6), 'Mb/s': u(1n, 6), Gbps: u(1n, 9), 'Gb/s': u(1n, 9), Tbps: u(1n, 12), 'Tb/s': u(1n, 12),
    'B/s': u(8n, 0), Bps: u(8n, 0), 'kB/s': u(8n, 3), kBps: u(8n, 3), 'MB/s': u(8n, 6), MBps: u(8n, 6),
    'GB/s': u(8n, 9), GBps: u(8n, 9), 'KiB/s': u(8192n, 0), 'MiB/s': u(8n * 1024n ** 2n, 0),
    'GiB/s': u(8n * 1024n ** 3n, 0)
  },
  size: {
    B: u(1n, 0), kB: u(1n, 3), MB: u(1n, 6), GB: u(1n, 9), TB: u(1n, 12),
    KiB: u(1024n, 0), MiB: u(1024n ** 2n, 0), GiB: u(1024n ** 3n, 0), TiB: u(1024n ** 4n, 0)
  },
  frequency: { Hz: u(1n, 0), kHz: u(1n, 3), MHz: u(1n, 6), GHz: u(1n, 9) }
}

interface DimensionInfo { noun: string; example: string; canonical: string; integer: boolean }
const INFO: Record<QuantityDimension, DimensionInfo> = {
  duration: { noun: 'a duration', example: '"10us", "1.5ms"', canonical: 'nanoseconds', integer: true },
  bandwidth: { noun: 'a bandwidth', example: '"1Gbps", "133MB/s"', canonical: 'bits per second', integer: false },
  size: { noun: 'a size', example: '"64B", "4KiB"', canonical: 'bytes', integer: true },
  frequency: { noun: 'a frequency', example: '"2.8GHz", "133MHz"', canonical: 'hertz', integer: false }
}

/** Mistakes worth a specific hint, keyed by the unit as written. */
const HINTS: Partial<Record<QuantityDimension, Record<string, string>>> = {
  size: { KB: 'write "kB" (1000 bytes) or "KiB" (1024 bytes)', b: 'sizes are in bytes: write "B"' },
  bandwidth: { 'KB/s': 'write "kB/s" (1000 bytes/s) or "KiB/s" (1024 bytes/s)' }
}

const QUANTITY_RE = /^\s*([+-]?)\s*([0-9.]*(?:[eE][+-]?\d+)?)\s*(\S*)\s*$/

function fail<T>(message: string): Parsed<T> {
  return { ok: false, message }
}

function show(input: unknown): string {
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)
  if (typeof input === 'number') return String(input)
  if (input === null) return 'null'
  return Array.isArray(input) ? 'a list' : typeof input === 'object' ? 'an object' : String(input)
}

function notA(dim: QuantityDimension, input: unknown, hint?: string): Parsed<number> {
  const i = INFO[dim]
  const how = hint ?? `write e.g. ${i.example} or a number of ${i.canonical}`
  return fail(`${show(input)} is not ${i.noun}; ${how}`)
}

function finish(dim: QuantityDimension, input: unknown, d: Decimal): Parsed<number> {
  const i = INFO[dim]
  if (i.integer) {
    const v = toSafeInteger(d, Number.MAX_SAFE_INTEGER)
    if (v === 'fraction') return fail(`${show(input)} is not a whole number of ${i.canonical}`)
    if (v === 'too-large') return fail(`${show(input)} is too large (more than ${Number.MAX_SAFE_INTEGER} ${i.canonical})`)
    return { ok: true, value: v }
  }
  const v = toNumber(d)
  if (!(v <= Number.MAX_SAFE_INTEGER)) return fail(`${show(input)} is too large (more than ${Number.MAX_SAFE_INTEGER} ${i.canonical})`)
  return { ok: true, value: v }
}

function unitHint(dim: QuantityDimension, unit: string): string | undefined {
  const known = HINTS[dim]?.[unit]
  if (known) return known
  const near = Object.keys(UNITS[dim]).filter((k) => k.toLowerCase() === unit.toLowerCase())
  return near.length === 1 ? `did you mean "${near[0]}"?` : undefined
}

function parseNumberInput(dim: QuantityDimension, x: number): Parsed<number> {
  const i = INFO[dim]
  if (Number.isNaN(x) || !Number.isFinite(x)) return fail(`${show(x)} is not ${i.noun}; write a finite number of ${i.canonical}`)
  if (x < 0) return fail(`${i.noun.replace(/^an? /, '')} cannot be negative (got ${x})`)
  if (x > Number.MAX_SAFE_INTEGER) return fail(`${x} is too large (more than ${Number.MAX_SAFE_INTEGER} ${i.canonical})`)
  if (i.integer && !Number.isInteger(x)) return fail(`${x} is not a whole number of ${i.canonical}`)
  return { ok: true, value: x === 0 ? 0 : x }
}

/** Parses a quantity written as a number (canonical unit) or a string with a unit suffix. */
export function parseQuantity(dim: QuantityDimension, input: unknown): Parsed<number> {
  if (typeof input === 'number') return parseNumberInput(dim, input)
  if (typeof input !== 'string') return notA(dim, input)
  const m = QUANTITY_RE.exec(input)
  if (!m) return notA(dim, input)
  const [, sign, num, unitText] = m
  if (/^[+-]?\s*(nan|infinity|inf)$/i.test(input.trim())) {
    return fail(`${show(input)} is not ${INFO[dim].noun}; write a finite number of ${INFO[dim].canonical}`)
  }
  const d = parseDecimal(num)
  if (!d) return notA(dim, input)
  const unit = unitText === '' ? u(1n, 0) : Object.hasOwn(UNITS[dim], unitText) ? UNITS[dim][unitText] : undefined
  if (!unit) return notA(dim, input, unitHint(dim, unitText))
  if (sign === '-' && d.digits !== 0n) return fail(`${INFO[dim].noun.replace(/^an? /, '')} cannot be negative (got ${show(input)})`)
  return finish(dim, input, scale(d, unit.mult, unit.pow10))
}

export const parseDuration = (input: unknown): Parsed<Nanoseconds> => parseQuantity('duration', input)
export const parseBandwidth = (input: unknown): Parsed<BitsPerSecond> => parseQuantity('bandwidth', input)
export const parseSize = (input: unknown): Parsed<Bytes> => parseQuantity('size', input)
export const parseFrequency = (input: unknown): Parsed<Hertz> => parseQuantity('frequency', input)

/** Units the formatter may choose, largest first; `exactOnly` units are used only for whole multiples. */
const FORMAT_UNITS: Record<QuantityDimension, readonly { name: string; exactOnly?: boolean }[]> = {
  duration: [{ name: 'h', exactOnly: true }, { name: 'min', exactOnly: true }, { name: 's' }, { name: 'ms' }, { name: 'us' }, { name: 'ns' }],
  bandwidth: [{ name: 'Tbps' }, { name: 'Gbps' }, { name: 'Mbps' }, { name: 'kbps' }, { name: 'bps' }],
  size: [{ name: 'TiB', exactOnly: true }, { name: 'GiB', exactOnly: true }, { name: 'MiB', exactOnly: true },
    { name: 'KiB', exactOnly: true }, { name: 'TB', exactOnly: true }, { name: 'GB', exactOnly: true },
    { name: 'MB', exactOnly: true }, { name: 'kB', exactOnly: true }, { name: 'B' }],
  frequency: [{ name: 'GHz' }, { name: 'MHz' }, { name: 'kHz' }, { name: 'Hz' }]
}

export interface FormatOptions {
  /** Round to this many significant digits for display (tables); the default is exact (parses back to the same value). */
  readonly digits?: number
}

function roundSignificant(d: Decimal, digits: number): Decimal {
  const s = d.digits.toString()
  if (s.length <= digits) return d
  const drop = s.length - digits
  const div = 10n ** BigInt(drop)
  const rounded = (d.digits + div / 2n) / div
  return { digits: rounded, exp: d.exp + drop }
}

/** Formats a canonical value in the nicest unit, e.g. 1500000 ns → "1.5ms", 4096 B → "4KiB". */
export function formatQuantity(dim: QuantityDimension, value: number, options: FormatOptions = {}): string {
  if (!Number.isFinite(value) || value < 0) return String(value)
  const d = decimalOfNumber(value)
  const last = FORMAT_UNITS[dim][FORMAT_UNITS[dim].length - 1].name
  for (const { name, exactOnly } of FORMAT_UNITS[dim]) {
    const unit = UNITS[dim][name]
    if (name !== last && (d.digits === 0n || !atLeastUnit(d, unit.mult, unit.pow10))) continue
    const q = divideExact({ digits: d.digits, exp: d.exp - unit.pow10 }, unit.mult)
    if (!q || (exactOnly && toSafeInteger(q, Number.MAX_SAFE_INTEGER) === 'fraction')) continue
    const shown = options.digits === undefined ? q : roundSignificant(q, options.digits)
    return `${decimalToString(shown)}${name}`
  }
  return `${decimalToString(d)}${last}`
}

export const formatDuration = (ns: Nanoseconds, options?: FormatOptions): string => formatQuantity('duration', ns, options)
export const formatBandwidth = (bps: BitsPerSecond, options?: FormatOptions): string => formatQuantity('bandwidth', bps, options)
export const formatSize = (bytes: Bytes, options?: FormatOptions): string => formatQuantity('size', bytes, options)
export const formatFrequency = (hz: Hertz, options?: FormatOptions): string => formatQuantity('frequency', hz, options)

/** True for the dimensions this module parses. */
export function isQuantityDimension(dim: string): dim is QuantityDimension {
  return dim === 'duration' || dim === 'bandwidth' || dim === 'size' || dim === 'frequency'
}
