// Bounded under hostile files: a count of JSON values checked on the text before it is parsed,
// a budget for fields that are not part of the format, params and endpoint lists, and schema
// problems collected element by element so a million bad entries never make a million issues.
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { countJsonValues, parseJsonText } from '../../../core/project/json-text'
import { LIMITS } from '../../../core/project/limits'
import { parseProject } from '../../../core/project/parse'
import { ProjectSchema } from '../../../core/project/schema'
import { validateProject } from '../../../core/project/validate'
import { baseDoc, codes, expectProblem, problemsOf } from './helpers'

function countTree(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 1
  return 1 + (Array.isArray(v) ? v : Object.values(v)).reduce((n: number, c) => n + countTree(c), 0)
}

describe('the count of JSON values', () => {
  it('is exact for any JSON text', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
      const text = JSON.stringify(value, null, pretty ? 2 : undefined)
      expect(countJsonValues(text)).toBe(countTree(JSON.parse(text)))
    }), { numRuns: 2000 })
    expect(countJsonValues('{"a": "b:c", "d\\"": [1, -2.5e3, true, null, {}], "e" : "f"}')).toBe(9)
  })

  it('refuses a text with more values than LIMITS.values before parsing it', () => {
    const text = `{"format": "iovlab-project", "junk": [${'{},'.repeat(LIMITS.values)}{}]}`
    const parse = vi.spyOn(JSON, 'parse')
    try {
      const r = parseJsonText(text)
      expect(parse).not.toHaveBeenCalled()
      expect(r.ok).toBe(false)
      expect(r.ok ? [] : r.problems.map((p) => [p.code, p.message])).toEqual([
        ['too-many', `the file holds ${(LIMITS.values + 4).toLocaleString('en-US')} JSON values (objects, lists, texts, numbers); IOV Lab reads at most ${LIMITS.values.toLocaleString('en-US')}, so it was not read further`]
      ])
    } finally {
      parse.mockRestore()
    }
  })

  it('refuses an in-memory project with too many values', () => {
    const doc = baseDoc()
    doc.junk = Array.from({ length: LIMITS.values }, () => 0)
    const r = validateProject(doc)
    expect(r.ok).toBe(false)
    expect(r.ok ? [] : r.problems.map((p) => p.code)).toEqual(['too-many'])
  })
})

describe('fields that are not part of the format', () => {
  it('are kept when they stay within the budget', () => {
    const doc = baseDoc()
    doc.notes = Array.from({ length: LIMITS.unknownValues - 100 }, () => 0) // the fixture's own x-notes take a few
    const r = parseProject(JSON.stringify(doc))
    expect(r.ok).toBe(true)
    expect((r.ok ? r.project : {}) as Record<string, unknown>).toHaveProperty('notes')
  })

  it('hold at most LIMITS.unknownValues values in all, anywhere in the project, named by path', () => {
    const doc = baseDoc()
    doc.topology.links[0].note = Array.from({ length: LIMITS.unknownValues / 2 }, () => ({}))
    doc.experiments[0].stop.extra = Array.from({ length: LIMITS.unknownValues / 2 }, () => 1)
    const p = expectProblem(problemsOf(doc), 'too-many', '$.experiments[0].stop.extra')
    expect(p.message).toMatch(/^fields that are not part of the project format hold 100,0\d\d values in all \(this one among them\); such fields are kept as they are but may hold at most 100,000 — remove what IOV Lab does not need$/)
  })

  it('11 million empty objects in one field are refused, and quickly', () => {
    const doc = baseDoc()
    const text = JSON.stringify(doc).replace('"seed":', `"junk": [${'{},'.repeat(11_000_000)}{}], "seed":`)
    const t0 = performance.now()
    expect(codes(problemsOf(text))).toEqual(['too-many $'])
    expect(performance.now() - t0).toBeLessThan(5000)
  })

  it('nest at most LIMITS.unknownDepth levels', () => {
    const doc = baseDoc()
    let deep: unknown = 1
    for (let i = 0; i < LIMITS.unknownDepth + 1; i++) deep = { d: deep }
    doc.topology.nodes[0].position.layer = deep
    expectProblem(problemsOf(doc), 'too-deep', '$.topology.nodes[0].position.layer', /nests 17 levels deep; .* at most 16 levels/)
    let ok: unknown = 1
    for (let i = 0; i < LIMITS.unknownDepth; i++) ok = [ok]
    doc.topology.nodes[0].position.layer = ok
    expect(codes(problemsOf(doc))).toEqual([])
  })
})

describe('params and endpoint lists', () => {
  it('a params object has at most LIMITS.params keys', () => {
    const doc = baseDoc()
    doc.topology.nodes[1].params = Object.fromEntries(Array.from({ length: LIMITS.params + 1 }, (_, i) => [`p${i}`, 1]))
    expectProblem(problemsOf(doc), 'too-many', '$.topology.nodes[1].params', /1001 parameters is more than IOV Lab accepts \(at most 1,000\)/)
  })

  it('workloads name at most LIMITS.endpoints node ids in all', () => {
    const doc = baseDoc()
    const w = doc.experiments[0].workloads[0]
    w.clients = Array.from({ length: LIMITS.endpoints / 2 }, () => 'host-a')
    w.servers = Array.from({ length: LIMITS.endpoints / 2 + 1 }, () => 'host-a')
    expectProblem(problemsOf(doc), 'too-many', '$.experiments[0].workloads[0].servers', /more than 200,000 node ids in all/)
  })
})

describe('stored results', () => {
  const doc0 = { format: 'iovlab-results', version: 1, project: 'p', experiment: 'e', engine: '0', inputDigest: `sha256:${'0'.repeat(64)}`, digest: `sha256:${'0'.repeat(64)}` }
  it('a results document has at most one point per allowed sweep point', () => {
    const doc = baseDoc()
    doc.results = [{ ...doc0, points: Array.from({ length: LIMITS.sweepPoints + 1 }, () => 1) }]
    expectProblem(problemsOf(doc), 'too-many', '$.results[0].points', /10001 points is more than IOV Lab accepts \(at most 10,000\)/)
  })

  it('bad points in many documents stop at the problem limit', () => {
    const doc = baseDoc()
    doc.results = Array.from({ length: 50 }, () => ({ ...doc0, points: Array.from({ length: 1000 }, () => 1) }))
    const problems = problemsOf(doc)
    expect(problems).toHaveLength(500)
    expect(problems[499].message).toMatch(/checking stopped/)
  })
})

describe('schema problems of many bad entries', () => {
  it('stop at the problem limit without parsing the whole document', () => {
    const doc = baseDoc()
    doc.topology.links = Array.from({ length: 20_000 }, (_, i) => ({ id: `l${i}`, kind: 'ethernet', from: 1, to: 2, params: {} }))
    const whole = vi.spyOn(ProjectSchema, 'safeParse')
    try {
      const problems = problemsOf(doc)
      expect(problems).toHaveLength(500)
      expect(problems[0]).toMatchObject({ code: 'invalid-type', path: ['topology', 'links', 0, 'from'] })
      expect(whole).not.toHaveBeenCalled()
    } finally {
      whole.mockRestore()
    }
  })

  it('the catalog checks stop at the problem limit too: thousands of nodes with a thousand unknown parameters each', () => {
    const doc = baseDoc()
    const params = Object.fromEntries(Array.from({ length: LIMITS.params }, (_, i) => [`p${i}`, 1]))
    for (let i = 0; i < 300; i++) doc.topology.nodes.push({ id: `x${i}`, kind: 'host', name: 'x', position: { x: 0, y: 0 }, params })
    const problems = problemsOf(doc)
    expect(problems).toHaveLength(500)
    expect(problems[0]).toMatchObject({ code: 'unknown-param', path: ['topology', 'nodes', 7, 'params', 'p0'] })
    expect(problems[499].message).toBe('…and more problems (checking stopped after 499); fix these first')
  })
})
