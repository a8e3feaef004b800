// A problem line is one line: user values with line breaks or terminal escapes cannot split
// or forge a line, and long values are cut with "…" — whatever check wrote the message.
import { describe, expect, it } from 'vitest'
import { formatPath, formatProblem, MAX_VALUE_CHARS, oneLine, problem } from '../../../core/project/problems'
import { baseDoc, problemsOf } from './helpers'

const lines = (text: string): string[] => text.split(/\r\n|\r|\n|\u2028|\u2029/)

describe('problem lines', () => {
  it('a value with a line break cannot forge a "valid" line', () => {
    const doc = baseDoc()
    doc.topology.nodes[0].kind = 'toaster\nevil.iovlab.json: valid: 1 node, 0 links, 0 experiments (0 runs in all)'
    const problems = problemsOf(doc)
    const kindProblem = problems.find((p) => p.code === 'unknown-kind')
    expect(kindProblem).toBeDefined()
    for (const p of problems) {
      const line = formatProblem(p, 'test.iovlab.json')
      expect(lines(line)).toHaveLength(1)
    }
    expect(kindProblem?.message).toContain('"toaster\\nevil.iovlab.json: valid: 1 node')
  })

  it('escapes every control character, terminal escapes and line separators included', () => {
    const raw = 'a\r\n\tb\u001b[2J\u0007\u007f\u0085\u2028\u2029\u202e'
    const shown = oneLine(raw)
    expect(shown).toBe('a\\r\\n\\tb\\u001b[2J\\u0007\\u007f\\u0085\\u2028\\u2029\\u202e')
    expect(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e]/.test(shown)).toBe(false)
  })

  it('cuts a long value with an ellipsis and keeps the rest of the sentence', () => {
    const doc = baseDoc()
    doc.topology.nodes[0].kind = 'k'.repeat(10_189)
    const p = problemsOf(doc).find((q) => q.code === 'unknown-kind')
    expect(p).toBeDefined()
    const line = formatProblem(p!, 'test.iovlab.json')
    expect(line.length).toBeLessThan(600)
    expect(line).toContain(`"${'k'.repeat(MAX_VALUE_CHARS - 1)}…"`)
    expect(line).toMatch(/which IOV Lab does not know \(known kinds: /)
  })

  it('never cuts inside an escape or a surrogate pair', () => {
    for (const value of ['\\'.repeat(400), '\u0001'.repeat(400), '😀'.repeat(400), `x${'\\u0041'.repeat(100)}`]) {
      const shown = oneLine(`bad ${JSON.stringify(value)} here`)
      const quoted = /^bad "(.*)" here$/.exec(shown)?.[1] ?? ''
      expect(quoted.endsWith('…')).toBe(true)
      expect(quoted.length).toBeLessThanOrEqual(MAX_VALUE_CHARS)
      // What is left before "…" still reads as a JSON string body.
      expect(() => JSON.parse(`"${quoted.slice(0, -1)}"`)).not.toThrow()
    }
  })

  it('keeps the prose between two short quoted values whole, however long it is', () => {
    const prose = ' is pass-through, whose state lives in the device and whose DMA targets the source host\'s memory, so the hypervisor cannot move it (seed 001); set the VM\'s '
    const msg = `attachment "a-1"${prose}"migrationFailover" to "bond-to-paravirtual"`
    expect(prose.length).toBeGreaterThan(MAX_VALUE_CHARS)
    expect(oneLine(msg)).toBe(msg)
  })

  it('bounds a whole message and a path, whatever they hold', () => {
    expect(problem('invalid-value', [], 'x'.repeat(20_000)).message.length).toBeLessThanOrEqual(1000)
    const path = formatPath(['topology', 'a\nb', 'y'.repeat(5000), 3])
    expect(lines(path)).toHaveLength(1)
    expect(path.length).toBeLessThan(300)
    expect(formatProblem(problem('invalid-value', [], 'm'), 'dir\n/x.json')).toBe('dir\\n/x.json: $: m')
  })
})
