// The units parser and formatter: a table of accepted and refused inputs, and property-based
// round-trips through the formatter.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  formatQuantity, parseBandwidth, parseDuration, parseFrequency, parseQuantity, parseSize, type QuantityDimension
} from '../../../core/project/units'

const ok: [QuantityDimension, unknown, number][] = [
  ['duration', '100ns', 100], ['duration', '10us', 10_000], ['duration', '10µs', 10_000], ['duration', '10μs', 10_000],
  ['duration', '1.5ms', 1_500_000], ['duration', '30s', 30e9], ['duration', '2min', 120e9], ['duration', '1h', 3600e9],
  ['duration', '1.1us', 1100], ['duration', '0.000001s', 1000], ['duration', '.5us', 500], ['duration', '1e3us', 1e6],
  ['duration', ' 10 us ', 10_000], ['duration', 42, 42], ['duration', '42', 42], ['duration', 0, 0], ['duration', '0s', 0],
  ['duration', '-0ns', 0],
  ['bandwidth', '1Gbps', 1e9], ['bandwidth', '100Mbps', 1e8], ['bandwidth', '133MB/s', 1.064e9], ['bandwidth', '133MBps', 1.064e9],
  ['bandwidth', '10Kbps', 1e4], ['bandwidth', '1Gb/s', 1e9], ['bandwidth', '1KiB/s', 8192], ['bandwidth', 1.5, 1.5],
  ['size', '64B', 64], ['size', '1500B', 1500], ['size', '4KiB', 4096], ['size', '2MB', 2e6], ['size', '1.5KiB', 1536],
  ['size', '1GiB', 2 ** 30],
  ['frequency', '2.8GHz', 2.8e9], ['frequency', '133MHz', 133e6], ['frequency', '1kHz', 1000], ['frequency', 3e9, 3e9]
]

const refused: [QuantityDimension, unknown, RegExp][] = [
  ['duration', '10 parsecs', /^"10 parsecs" is not a duration; write e\.g\. "10us", "1\.5ms" or a number of nanoseconds$/],
  ['duration', '0.5ns', /not a whole number of nanoseconds/],
  ['duration', 1.5, /not a whole number of nanoseconds/],
  ['duration', '-3ms', /cannot be negative/],
  ['duration', -1, /cannot be negative/],
  ['duration', 'NaN', /write a finite number/],
  ['duration', '-Infinity', /write a finite number/],
  ['duration', NaN, /write a finite number/],
  ['duration', Infinity, /write a finite number/],
  ['duration', '1e999s', /too large/],
  ['duration', '1e999999999s', /too large/],
  ['duration', 2 ** 60, /too large/],
  ['duration', '104days', /is not a duration/],
  ['duration', '10MS', /did you mean "ms"/],
  ['duration', 'constructor', /is not a duration/],
  ['duration', '10 us extra', /is not a duration/],
  ['duration', '', /is not a duration/],
  ['duration', '.', /is not a duration/],
  ['duration', true, /true is not a duration/],
  ['duration', { ns: 1 }, /an object is not a duration/],
  ['size', '3KB', /"kB" \(1000 bytes\) or "KiB" \(1024 bytes\)/],
  ['size', '1.5B', /not a whole number of bytes/],
  ['size', '8b', /sizes are in bytes/],
  ['bandwidth', '1GHz', /is not a bandwidth/],
  ['bandwidth', '1e20Gbps', /too large/],
  ['frequency', '2.8 parsecs', /is not a frequency/]
]

describe('parseQuantity', () => {
  it.each(ok)('%s %j → %d', (dim, input, expected) => {
    expect(parseQuantity(dim, input)).toEqual({ ok: true, value: expected })
  })
  it.each(refused)('%s %j is refused', (dim, input, message) => {
    const r = parseQuantity(dim, input)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(message)
  })
  it('has one entry point per dimension', () => {
    expect(parseDuration('1ms')).toEqual({ ok: true, value: 1e6 })
    expect(parseBandwidth('1Mbps')).toEqual({ ok: true, value: 1e6 })
    expect(parseSize('1kB')).toEqual({ ok: true, value: 1000 })
    expect(parseFrequency('1MHz')).toEqual({ ok: true, value: 1e6 })
  })
  it('rejects an absurdly long number quickly', () => {
    const t0 = performance.now()
    expect(parseDuration(`${'9'.repeat(10_000)}s`).ok).toBe(false)
    expect(performance.now() - t0).toBeLessThan(1000)
  })
})

describe('formatQuantity', () => {
  it.each([
    ['duration', 1_500_000, '1.5ms'], ['duration', 120e9, '2min'], ['duration', 90e9, '90s'], ['duration', 3600e9, '1h'],
    ['duration', 0, '0ns'], ['duration', 1_234_567, '1.234567ms'], ['duration', 999, '999ns'],
    ['size', 4096, '4KiB'], ['size', 1500, '1500B'], ['size', 3000, '3kB'], ['size', 2 ** 30, '1GiB'],
    ['bandwidth', 1e9, '1Gbps'], ['bandwidth', 1.064e9, '1.064Gbps'], ['bandwidth', 0.5, '0.5bps'],
    ['frequency', 2.8e9, '2.8GHz']
  ] as [QuantityDimension, number, string][])('%s %d → %s', (dim, value, text) => {
    expect(formatQuantity(dim, value)).toBe(text)
  })
  it('rounds to significant digits for tables when asked', () => {
    expect(formatQuantity('duration', 1_234_567, { digits: 3 })).toBe('1.23ms')
    expect(formatQuantity('bandwidth', 1.0649e9, { digits: 2 })).toBe('1.1Gbps')
  })
  it('shows impossible values as they are', () => {
    expect(formatQuantity('duration', -5)).toBe('-5')
    expect(formatQuantity('duration', NaN)).toBe('NaN')
  })
})

describe('round-trips through the formatter', () => {
  const safeInt = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })
  it.each(['duration', 'size'] as const)('%s: any integer → text → the same integer', (dim) => {
    fc.assert(fc.property(safeInt, (n) => {
      expect(parseQuantity(dim, formatQuantity(dim, n))).toEqual({ ok: true, value: n })
    }), { numRuns: 2000 })
  })
  it.each(['bandwidth', 'frequency'] as const)('%s: any finite value → text → the same number', (dim) => {
    const real = fc.double({ min: 0, max: Number.MAX_SAFE_INTEGER, noNaN: true, noDefaultInfinity: true })
    fc.assert(fc.property(real, (x) => {
      expect(parseQuantity(dim, formatQuantity(dim, x))).toEqual({ ok: true, value: x === 0 ? 0 : x })
    }), { numRuns: 2000 })
  })
  it('durations: text with a unit → number → text → the same number', () => {
    const unit = fc.constantFrom('ns', 'us', 'ms', 's', 'min', 'h')
    fc.assert(fc.property(fc.integer({ min: 0, max: 2_000 }), unit, (n, u) => {
      const first = parseDuration(`${n}${u}`)
      expect(first.ok).toBe(true)
      if (first.ok) expect(parseDuration(formatQuantity('duration', first.value))).toEqual(first)
    }))
  })
  it('never throws, whatever the text', () => {
    const dims = fc.constantFrom<QuantityDimension>('duration', 'bandwidth', 'size', 'frequency')
    fc.assert(fc.property(dims, fc.string(), (dim, s) => {
      const r = parseQuantity(dim, s)
      expect(typeof r.ok).toBe('boolean')
    }), { numRuns: 3000 })
  })
})
