// Seeded random-number streams, one per named component, on pure-rand's xoroshiro128+:
// a stream's state comes from hashing (master seed, stream name), never from creation
// order, so adding a component never shifts another component's numbers.

import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'

const TWO_POW_32 = 4294967296

interface IntGenerator {
  next(): number
}

/** A stream of uniform and derived random numbers. */
export class RandomStream {
  readonly name: string
  private readonly gen: IntGenerator
  private spare = 0
  private hasSpare = false

  constructor(name: string, state: readonly [number, number, number, number]) {
    this.name = name
    this.gen = xoroshiro128plusFromState(state as unknown as number[]) as IntGenerator
  }

  /** Uniform on [0, 1) with 53 bits of resolution. */
  uniform(): number {
    const hi = this.gen.next() >>> 5 // 27 bits
    const lo = this.gen.next() >>> 6 // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992
  }

  /** Uniform on [0, 1) with 32 bits of resolution (one draw; for hot paths). */
  uniform32(): number {
    return (this.gen.next() >>> 0) / TWO_POW_32
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.uniform32())
  }

  /** Normal by the Marsaglia polar method (pairs; the spare is kept). */
  normal(mean: number, sd: number): number {
    if (this.hasSpare) {
      this.hasSpare = false
      return mean + sd * this.spare
    }
    let u = 0, v = 0, s = 0
    do {
      u = 2 * this.uniform() - 1
      v = 2 * this.uniform() - 1
      s = u * u + v * v
    } while (s >= 1 || s === 0)
    const f = Math.sqrt((-2 * Math.log(s)) / s)
    this.spare = v * f
    this.hasSpare = true
    return mean + sd * u * f
  }

  /** Integer uniform on [0, n). */
  below(n: number): number {
    return Math.floor(this.uniform() * n)
  }
}

/** The random streams of one run: `stream(name)` is the same sequence for the same seed and name. */
export class RngStreams {
  readonly seed: number
  private readonly streams = new Map<string, RandomStream>()

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new RangeError(`Seed ${seed} is not an unsigned 32-bit integer`)
    }
    this.seed = seed
  }

  stream(name: string): RandomStream {
    let s = this.streams.get(name)
    if (s === undefined) {
      s = new RandomStream(name, streamState(this.seed, name))
      this.streams.set(name, s)
    }
    return s
  }
}

/** 128 bits of state from (seed, name): cyrb128 over the name, mixed with the seed by splitmix32. */
export function streamState(seed: number, name: string): [number, number, number, number] {
  let h1 = 1779033703 ^ seed, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762
  for (let i = 0; i < name.length; i++) {
    const k = name.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  const out: [number, number, number, number] = [
    splitmix32((h1 ^ h2 ^ h3 ^ h4) + seed),
    splitmix32(h2 ^ seed),
    splitmix32(h3 + Math.imul(seed, 0x9e3779b9)),
    splitmix32(h4 ^ 0x85ebca6b)
  ]
  if ((out[0] | out[1] | out[2] | out[3]) === 0) out[0] = 1 // xoroshiro's state must not be all zero
  return out
}

/** Derives a 32-bit seed from a parent seed and a label (used for run seeds). */
export function deriveSeed(seed: number, label: string): number {
  return streamState(seed, label)[0] >>> 0
}

function splitmix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) | 0
}
