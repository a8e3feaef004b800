// Locating JSON syntax errors: line, column and a plain sentence for every kind of mistake.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { locateJsonError } from '../../../core/project/index'

describe('locateJsonError', () => {
  it.each([
    ['{"a": 1,}', 1, 9, /trailing comma/],
    ['[1, 2,]', 1, 7, /trailing comma/],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /expected "," or "}"/],
    ['{"a" 1}', 1, 6, /expected ":"/],
    ["{'a': 1}", 1, 2, /property name in double quotes/],
    ['{"a": \'x\'}', 1, 7, /double quotes, not single/],
    ['{"a": NaN}', 1, 7, /no NaN or Infinity/],
    ['{"a": -Infinity}', 1, 7, /no NaN or Infinity/],
    ['{"a": tru}', 1, 7, /unexpected "t"/],
    ['{"a": "b\nc"}', 1, 9, /raw control character/],
    ['{"a": "\\x"}', 1, 8, /not a valid escape/],
    ['{"a": "\\u12"}', 1, 8, /four hexadecimal digits/],
    ['{"a": 1} x', 1, 10, /after the end/],
    ['{"a": [1, 2', 1, 12, /truncated/],
    ['{"a": "unterminated', 1, 20, /string is not closed/],
    ['{"a": tr', 1, 9, /truncated/],
    ['{"a": 01}', 1, 8, /expected "," or "}"/]
  ])('%j → line %i, column %i', (text, line, column, message) => {
    const e = locateJsonError(text)
    expect(e).toMatchObject({ line, column })
    expect(e?.message).toMatch(message)
  })
  it('agrees with JSON.parse on what is valid', () => {
    fc.assert(fc.property(fc.json(), (text) => {
      expect(locateJsonError(text)).toBeUndefined()
    }), { numRuns: 500 })
    fc.assert(fc.property(fc.string(), (text) => {
      let valid = true
      try {
        JSON.parse(text)
      } catch {
        valid = false
      }
      expect(locateJsonError(text) === undefined).toBe(valid)
    }), { numRuns: 3000 })
  })
  it('handles deep nesting without recursion', () => {
    expect(locateJsonError('['.repeat(200_000))?.message).toMatch(/truncated/)
  })
})
