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
    ['{"a": 01}', 1, 8, /expected "," or "}"/],
    ['[1 2]', 1, 4, /expected "," or "]"/],
    ['{"a": 1 /* note */}', 1, 9, /no comments/],
    ['{"a": 1.}', 1, 7, /number is not written the JSON way/],
    ['\u00a0{}', 1, 1, /unexpected "\u00a0"|unexpected " "/],
    ['{"a": 1}\n{"b": 2}', 2, 1, /after the end/],
    ['', 1, 1, /truncated/]
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
    fc.assert(fc.property(fc.json(), fc.nat(), fc.string({ unit: 'binary', maxLength: 3 }), (json, at, insert) => {
      const text = json.slice(0, at % (json.length + 1)) + insert + json.slice(at % (json.length + 1))
      let valid = true
      try {
        JSON.parse(text)
      } catch {
        valid = false
      }
      expect(locateJsonError(text) === undefined).toBe(valid)
    }), { numRuns: 3000 })
  })
  it('names the JSON path where the error is', () => {
    expect(locateJsonError('{"topology": {"nodes": [{"id": "a"}, {"id" "b"}]}}')).toMatchObject({ line: 1, column: 44, path: ['topology', 'nodes', 1, 'id'] })
    expect(locateJsonError('{\n  "a": {\n    "b": [1, 2,]\n  }\n}')).toMatchObject({ line: 3, column: 16, path: ['a', 'b', 2] })
  })
  it('reads nesting up to 2000 levels and locates an error beyond it', () => {
    const deep = `${'['.repeat(1999)}1 2${']'.repeat(1999)}`
    expect(locateJsonError(deep)).toMatchObject({ column: 1999 + 3, message: expect.stringMatching(/expected "," or "]"/) })
    expect(locateJsonError(`${'['.repeat(3000)}${']'.repeat(3000)}`)?.message).toMatch(/nested more than 2000 levels/)
  })
  it('handles deep nesting without recursion', () => {
    expect(locateJsonError('['.repeat(200_000))?.message).toMatch(/truncated/)
  })
})
