// Exact decimal arithmetic on number strings, so that "1.1us" is exactly 1100 ns and a
// formatted quantity parses back to the very same number (no binary floating-point drift).

/** A non-negative decimal value: `digits × 10^exp`. */
export interface Decimal {
  readonly digits: bigint
  readonly exp: number
}

const NUMBER_RE = /^(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/

/** Exponents beyond this make any non-zero value absurd; refusing them keeps BigInt work tiny. */
const MAX_EXP = 4000

/** Parses an unsigned decimal literal ("12", "1.5", ".5", "2e3"); undefined if it is not one. */
export function parseDecimal(text: string): Decimal | undefined {
  const m = NUMBER_RE.exec(text)
  if (!m || (m[1] === undefined && (m[2] === undefined || m[2] === ''))) return undefined
  const intPart = m[1] ?? ''
  const fracPart = m[2] ?? ''
  const e = m[3] === undefined ? 0 : Number(m[3])
  const digits = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0')
  if (digits === 0n) return { digits: 0n, exp: 0 }
  const exp = e - fracPart.length
  if (!Number.isSafeInteger(exp)) return { digits, exp: exp > 0 ? MAX_EXP + 1 : -(MAX_EXP + 1) }
  return { digits, exp }
}

/** The decimal of a finite non-negative JS number, exact in its shortest round-trip form. */
export function decimalOfNumber(x: number): Decimal {
  const d = parseDecimal(String(x))
  if (!d) throw new RangeError(`decimalOfNumber: ${x} is not a finite non-negative number`)
  return d
}

/** Multiplies by an integer factor and a power of ten. */
export function scale(d: Decimal, mult: bigint, pow10: number): Decimal {
  return { digits: d.digits * mult, exp: d.exp + pow10 }
}

/** The integer value if `d` is a whole number no larger than `max`; 'fraction' or 'too-large' otherwise. */
export function toSafeInteger(d: Decimal, max: number): number | 'fraction' | 'too-large' {
  if (d.digits === 0n) return 0
  const bigMax = BigInt(max)
  if (d.exp >= 0) {
    if (d.exp > MAX_EXP) return 'too-large'
    const v = d.digits * 10n ** BigInt(d.exp)
    return v > bigMax ? 'too-large' : Number(v)
  }
  if (-d.exp > MAX_EXP) return 'fraction'
  const div = 10n ** BigInt(-d.exp)
  if (d.digits % div !== 0n) return d.digits / div > bigMax ? 'too-large' : 'fraction'
  const v = d.digits / div
  return v > bigMax ? 'too-large' : Number(v)
}

/** The nearest JS number (correctly rounded); Infinity when far too large, 0 when far too small. */
export function toNumber(d: Decimal): number {
  if (d.digits === 0n) return 0
  if (d.exp > MAX_EXP) return Infinity
  if (d.exp < -MAX_EXP) return 0
  return Number(`${d.digits}e${d.exp}`)
}

/** Plain decimal notation without exponent ("1100", "1.25", "0.001"). */
export function decimalToString(d: Decimal): string {
  const s = d.digits.toString()
  if (d.exp >= 0) return d.digits === 0n ? '0' : s + '0'.repeat(d.exp)
  const point = s.length + d.exp
  const raw = point > 0 ? `${s.slice(0, point)}.${s.slice(point)}` : `0.${'0'.repeat(-point)}${s}`
  return raw.replace(/\.?0+$/, '')
}

/** True if `d` divided by `mult × 10^pow10` is at least 1. */
export function atLeastUnit(d: Decimal, mult: bigint, pow10: number): boolean {
  const e = d.exp - pow10
  if (e >= 0) return d.digits * 10n ** BigInt(Math.min(e, MAX_EXP)) >= mult
  return d.digits >= mult * 10n ** BigInt(Math.min(-e, MAX_EXP))
}

/** `d / mult` when the division is exact in decimal (mult > 0); undefined otherwise. */
export function divideExact(d: Decimal, mult: bigint): Decimal | undefined {
  if (mult === 1n) return d
  // Multiply by 10^k until divisible; mult's only useful factors are 2 and 5 for a finite result.
  for (let k = 0; k <= 64; k++) {
    const n = d.digits * 10n ** BigInt(k)
    if (n % mult === 0n) return { digits: n / mult, exp: d.exp - k }
  }
  return undefined
}
