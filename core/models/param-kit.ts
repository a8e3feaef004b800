// Building blocks for parameter specs: the dimension, integer flag and default bounds of
// each kind of quantity, so every catalog entry states only what is particular to it.
import type { ParamSpec } from './catalog-types'

/** Canonical duration units, in nanoseconds. */
export const NS = 1
export const US = 1_000
export const MS = 1_000_000
export const SEC = 1_000_000_000

/** Binary size units, in bytes. */
export const KiB = 1024
export const MiB = 1024 * KiB
export const GiB = 1024 * MiB

/** Bandwidth units, in bit/s. */
export const Mbps = 1e6
export const Gbps = 1e9

/** The reference clock of 004's testbed, used to convert its µs figures to cycles. */
export const TESTBED_HZ = 2.8e9

type Base = Omit<ParamSpec, 'key' | 'label' | 'default' | 'doc' | 'source' | 'sourceKind' | 'group'>

/** A CPU cost in cycles: scales with the clock and with hyperthread sharing. */
export const CYCLES: Base = { dimension: 'cycles', integer: true, min: 0, max: 100_000_000 }
/** A time that does not scale with a CPU clock (bus, wire, hardware engine). */
export const DURATION: Base = { dimension: 'duration', integer: true, min: 0, max: 10 * SEC }
export const BANDWIDTH: Base = { dimension: 'bandwidth', min: 1_000, max: 10e12 }
export const FREQUENCY: Base = { dimension: 'frequency', min: 1e6, max: 10e9 }
export const SIZE: Base = { dimension: 'size', integer: true, min: 0, max: 64 * GiB }
export const RATIO: Base = { dimension: 'ratio', min: 0, max: 1 }
export const BOOLEAN: Base = { dimension: 'boolean' }

export function count(min: number, max: number): Base {
  return { dimension: 'count', integer: true, min, max }
}

export function factor(min: number, max: number): Base {
  return { dimension: 'factor', min, max }
}

export function oneOf(...options: string[]): Base {
  return { dimension: 'enum', options }
}
