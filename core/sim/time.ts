// Simulated time: integer nanoseconds in a JS number (exact up to 2^53 ns ≈ 104 days).

/** Simulated time or a duration, in integer nanoseconds. */
export type Nanoseconds = number

export const NS: Nanoseconds = 1
export const US: Nanoseconds = 1_000
export const MS: Nanoseconds = 1_000_000
export const SECOND: Nanoseconds = 1_000_000_000

/** Largest representable simulated time; `run()` without a limit stops here. */
export const TIME_MAX: Nanoseconds = Number.MAX_SAFE_INTEGER

/** Rounds a non-negative real duration (e.g. a random sample in ns) to whole nanoseconds. */
export function toNs(x: number): Nanoseconds {
  return Math.round(x)
}
