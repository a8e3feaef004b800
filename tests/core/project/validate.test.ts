// Validation of project text: every bad-input class yields problems with paths and sentences,
// and all problems come at once.
import { describe, expect, it } from 'vitest'
import { formatPath, formatProblem, LIMITS, parseProject, validateProject } from '../../../core/project/index'
import { baseDoc, codes, expectProblem, problemsOf } from './helpers'

describe('the base document', () => {
  it('is valid', () => {
    expect(codes(problemsOf(baseDoc()))).toEqual([])
  })
})

describe('text that is not a project', () => {
  it('empty file', () => {
    expectProblem(problemsOf(''), 'empty-file', '$')
    expectProblem(problemsOf('  \n\t '), 'empty-file', '$')
  })
  it('not JSON, with line and column', () => {
    const p = expectProblem(problemsOf('{\n  "format": "iovlab-project",\n  "name": tru\n}'), 'json-syntax', '$')
    expect(p.message).toMatch(/line 3, column 11/)
  })
  it('truncated JSON says so', () => {
    const text = JSON.stringify(baseDoc(), null, 2)
    const p = expectProblem(problemsOf(text.slice(0, text.length / 2)), 'json-syntax', '$')
    expect(p.message).toMatch(/truncated/)
  })
  it('a JSON list, a number, null', () => {
    expectProblem(problemsOf('[1, 2]'), 'not-an-object', '$', /JSON list/)
    expectProblem(problemsOf('42'), 'not-an-object', '$')
    expectProblem(problemsOf('null'), 'not-an-object', '$')
  })
  it('the wrong format string', () => {
    expectProblem(problemsOf({ ...baseDoc(), format: 'something-else' }), 'wrong-format', '$.format', /not an IOV Lab project/)
    const { format: _f, ...noFormat } = baseDoc()
    expectProblem(problemsOf(noFormat), 'wrong-format', '$.format', /has no "format"/)
  })
  it('a future schema version: one clear problem, nothing else', () => {
    const problems = problemsOf({ ...baseDoc(), schemaVersion: 7, topology: 'whatever' })
    expect(problems).toHaveLength(1)
    expect(problems[0].code).toBe('newer-version')
    expect(problems[0].message).toBe('written by a newer IOV Lab (schemaVersion 7); this version reads up to 2 — upgrade IOV Lab')
  })
  it('a missing or odd schema version', () => {
    const { schemaVersion: _s, ...noVersion } = baseDoc()
    expectProblem(problemsOf(noVersion), 'missing-version', '$.schemaVersion')
    expectProblem(problemsOf({ ...baseDoc(), schemaVersion: '1' }), 'bad-version', '$.schemaVersion')
    expectProblem(problemsOf({ ...baseDoc(), schemaVersion: 1.5 }), 'bad-version', '$.schemaVersion')
  })
  it('a file larger than the limit, as text', () => {
    const r = parseProject(' '.repeat(LIMITS.fileBytes + 1))
    expect(r.ok).toBe(false)
    expect(r.problems[0].code).toBe('file-too-large')
  })
})

describe('types and ranges', () => {
  it('reports every type problem at once, with paths', () => {
    const doc = baseDoc()
    doc.seed = 'abc'
    doc.name = 5
    doc.topology.nodes[2].position.x = 'left'
    doc.experiments[0].replications = 0
    const problems = problemsOf(doc)
    expectProblem(problems, 'invalid-type', '$.seed', /expected a number, found the string "abc"/)
    expectProblem(problems, 'invalid-type', '$.name', /expected a text, found the number 5/)
    expectProblem(problems, 'invalid-type', '$.topology.nodes[2].position.x')
    expectProblem(problems, 'out-of-range', '$.experiments[0].replications', /at least 1/)
  })
  it('NaN, Infinity and negative numbers where impossible', () => {
    const doc = baseDoc()
    doc.experiments[0].duration = 'NaN'
    doc.experiments[0].warmup = '-1s'
    doc.seed = -1
    const text = JSON.stringify(doc).replace('"x":80', '"x":1e999')
    const problems = problemsOf(text)
    expectProblem(problems, 'bad-quantity', '$.experiments[0].duration', /finite number/)
    expectProblem(problems, 'bad-quantity', '$.experiments[0].warmup', /cannot be negative/)
    expectProblem(problems, 'out-of-range', '$.seed')
    expectProblem(problems, 'invalid-type', '$.topology.nodes[0].position.x', /finite number/)
  })
  it('absurdly large numbers', () => {
    const doc = baseDoc()
    doc.seed = 2 ** 40
    doc.experiments[0].duration = '1e30s'
    doc.experiments[0].replications = 1e9
    doc.experiments[0].stop.maxEvents = 1e300
    const problems = problemsOf(doc)
    expectProblem(problems, 'out-of-range', '$.seed', /at most 4294967295/)
    expectProblem(problems, 'bad-quantity', '$.experiments[0].duration', /too large/)
    expectProblem(problems, 'out-of-range', '$.experiments[0].replications', /at most 1000/)
    expectProblem(problems, 'out-of-range', '$.experiments[0].stop.maxEvents')
  })
  it('an experiment of zero duration', () => {
    const doc = baseDoc()
    doc.experiments[0].duration = '0s'
    expectProblem(problemsOf(doc), 'bad-quantity', '$.experiments[0].duration', /longer than 0/)
  })
  it('missing required fields', () => {
    const doc = baseDoc()
    delete doc.topology.nodes[1].kind
    delete doc.experiments[0].duration
    const problems = problemsOf(doc)
    expectProblem(problems, 'missing-field', '$.topology.nodes[1].kind')
    expectProblem(problems, 'missing-field', '$.experiments[0].duration')
  })
  it('ids that cannot be path segments', () => {
    const doc = baseDoc()
    doc.topology.nodes[0].id = 'host.a'
    expectProblem(problemsOf(doc), 'invalid-value', '$.topology.nodes[0].id', /no dots/)
  })
})

describe('hostile input', () => {
  it('__proto__, constructor and prototype keys anywhere, without polluting', () => {
    const text = JSON.stringify(baseDoc())
      .replace('"variables":{', '"variables":{"__proto__":{"polluted":true},')
      .replace('"params":{}', '"params":{"constructor":{"prototype":{"polluted":true}}}')
    const problems = problemsOf(text)
    expectProblem(problems, 'forbidden-key', '$.variables.__proto__')
    expectProblem(problems, 'forbidden-key', '$.topology.attachments[0].params.constructor')
    expect(problems).toHaveLength(2)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })
  it('nesting deeper than the limit is reported once', () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`
    const text = JSON.stringify({ ...baseDoc(), extra: 'X' }).replace('"X"', deep)
    const problems = problemsOf(text)
    expect(problems.filter((p) => p.code === 'too-deep')).toHaveLength(1)
  })
  it('over-long strings', () => {
    const doc = baseDoc()
    doc.description = 'x'.repeat(LIMITS.stringLength + 1)
    expectProblem(problemsOf(doc), 'string-too-long', '$.description')
  })
  it('too many nodes is refused before the schema walks them', () => {
    const doc = baseDoc()
    doc.topology.nodes = Array.from({ length: LIMITS.nodes + 1 }, () => 0)
    const problems = problemsOf(doc)
    expect(codes(problems)).toEqual(['too-many $.topology.nodes'])
  })
  it('a sweep of 10^6 points is refused fast, without expanding it', () => {
    const doc = baseDoc()
    const values = Array.from({ length: 1000 }, (_, i) => i + 1)
    doc.experiments[0].sweep = [{ 'variables.guests': values }, { 'variables.technique': values.map(String) }]
    const t0 = performance.now()
    const problems = problemsOf(doc)
    expect(performance.now() - t0).toBeLessThan(500)
    expectProblem(problems, 'sweep-too-large', '$.experiments[0].sweep', /1,000,000 points/)
  })
  it('a sweep of astronomically many points', () => {
    const doc = baseDoc()
    doc.experiments[0].sweep = Array.from({ length: 30 }, () => ({ 'variables.guests': [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }))
    expectProblem(problemsOf(doc), 'sweep-too-large', '$.experiments[0].sweep')
  })
  it('caps the number of problems', () => {
    const doc = baseDoc()
    doc.topology.nodes = Array.from({ length: 2000 }, (_, i) => ({ id: `n${i}`, kind: 'hots', name: '', position: { x: 0, y: 0 } }))
    const problems = problemsOf(doc)
    expect(problems.length).toBeLessThanOrEqual(500)
    expect(problems[problems.length - 1].message).toMatch(/more problems/)
  })
})

describe('formatting', () => {
  it('formats paths as JSON paths', () => {
    expect(formatPath(['topology', 'nodes', 3, 'params', 'clockHz'])).toBe('$.topology.nodes[3].params.clockHz')
    expect(formatPath([])).toBe('$')
    expect(formatPath(['sweep', 'variables.guests', 2])).toBe('$.sweep["variables.guests"][2]')
  })
  it('prints one line per problem, FILE: PATH: message', () => {
    const [p] = problemsOf({ ...baseDoc(), seed: -1 })
    expect(formatProblem(p, 'a.iovlab.json')).toMatch(/^a\.iovlab\.json: \$\.seed: must be at least 0/)
  })
})

describe('in-memory validation', () => {
  it('does not change its input', () => {
    const doc = baseDoc()
    doc.variables = JSON.parse('{"__proto__": 1, "guests": 1}')
    const before = JSON.stringify(doc)
    const r = validateProject(doc)
    expect(r.ok).toBe(false)
    expect(JSON.stringify(doc)).toBe(before)
  })
  it('accepts a valid object', () => {
    expect(validateProject(baseDoc()).ok).toBe(true)
  })
})
