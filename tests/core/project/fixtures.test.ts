// Every frozen project file in tests/fixtures/ migrates, validates and round-trips: loading and
// saving gives the canonical bytes, unknown fields included (STYLE.md, Tests).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadProject, parseProject, saveProject, serializeProject } from '../../../core/project/node'
import { FIXTURES, fixturePath } from './helpers'

const versions = readdirSync(FIXTURES).filter((d) => /^v\d+$/.test(d))
const fixtures = versions.flatMap((v) => readdirSync(join(FIXTURES, v))
  .filter((f) => f.endsWith('.iovlab.json') && !f.includes('.expected-'))
  .map((f) => `${v}/${f}`))

const tmp = mkdtempSync(join(tmpdir(), 'iovlab-fixtures-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** The canonical current-version text a fixture must become: itself for v2, its frozen expectation for older ones. */
function expectedText(rel: string): string {
  return rel.startsWith('v2/') ? readFileSync(fixturePath(rel), 'utf8')
    : readFileSync(fixturePath(rel.replace('.iovlab.json', '.expected-v2.iovlab.json')), 'utf8')
}

describe('frozen fixtures', () => {
  it('exist for every schema version', () => {
    expect(versions.sort()).toEqual(['v0', 'v1', 'v2'])
    expect(fixtures.length).toBeGreaterThanOrEqual(3)
  })

  it.each(fixtures)('%s migrates and validates', (rel) => {
    const r = parseProject(readFileSync(fixturePath(rel), 'utf8'), rel)
    expect(r.problems).toEqual([])
    expect(r.ok).toBe(true)
  })

  it.each(fixtures)('%s: load → save gives the canonical bytes, and saving again changes nothing', async (rel) => {
    const loaded = await loadProject(fixturePath(rel))
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems))
    const out = join(tmp, rel.replace('/', '-'))
    const saved = await saveProject(out, loaded.project)
    expect(saved.ok).toBe(true)
    const text = readFileSync(out, 'utf8')
    expect(text).toBe(expectedText(rel))
    expect(text).toBe(serializeProject(loaded.project))
    const again = await loadProject(out)
    if (!again.ok) throw new Error(JSON.stringify(again.problems))
    expect(serializeProject(again.project)).toBe(text)
  })

  it.each(fixtures)('%s keeps its unknown fields', (rel) => {
    const original = readFileSync(fixturePath(rel), 'utf8')
    const r = parseProject(original)
    if (!r.ok) throw new Error('invalid')
    const out = serializeProject(r.project)
    for (const key of original.match(/"x-[a-z]+"/g) ?? []) expect(out).toContain(key)
  })
})
