// Issue 12: a protection switched off on purpose (protectionOffAcknowledged) is valid, and the CLI
// says so as a warning per protection — `validate` and `run` print it on standard error; without
// the acknowledgement the same sentence is a refusal (exit 2).
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { protectionWarnings } from '../../../core/project/protection-warnings'
import { parseProject } from '../../../core/project/index'
import { ensureCliBuilt, iovlab } from './build'

const EXAMPLE = resolve(__dirname, '../../../examples/isolation-and-mobility.iovlab.json')
let dir = ''

beforeAll(() => {
  ensureCliBuilt()
  dir = mkdtempSync(join(tmpdir(), 'iovlab-prot-'))
  copyFileSync(EXAMPLE, join(dir, 'iso.iovlab.json'))
})

describe('protections off on purpose', () => {
  test('the example\'s rogue-dma experiment: one warning, only for it, naming the IOMMU', () => {
    const parsed = parseProject(readFileSync(EXAMPLE, 'utf8'))
    if (!parsed.ok) throw new Error('example invalid')
    const lines = protectionWarnings(parsed.project)
    expect(lines.length).toBeGreaterThan(0)
    for (const l of lines) expect(l).toMatch(/^warning: experiment "rogue-dma" runs with a protection off/)
    expect(lines.join('\n')).toMatch(/IOMMU/)
    expect(protectionWarnings(parsed.project, new Set(['noisy-neighbour']))).toEqual([])
    // a second acknowledging experiment whose topology has every protection on gets no warning; rogue-dma keeps its own
    const both = { ...parsed.project, experiments: parsed.project.experiments.map((e) => (e.id === 'noisy-neighbour' ? { ...e, protectionOffAcknowledged: true } : e)) }
    expect(protectionWarnings(both)).toEqual(lines)
  })

  test('validate: valid (exit 0) with the warning on stderr; without the acknowledgement, refused (exit 2)', () => {
    const ok = iovlab(['validate', 'iso.iovlab.json'], dir)
    expect(ok.code).toBe(0)
    expect(ok.stderr).toMatch(/^iso\.iovlab\.json: warning: experiment "rogue-dma" runs with a protection off .*IOMMU/m)
    const doc = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { experiments: Record<string, unknown>[] }
    for (const e of doc.experiments) delete e.protectionOffAcknowledged
    writeFileSync(join(dir, 'unack.iovlab.json'), JSON.stringify(doc))
    const bad = iovlab(['validate', 'unack.iovlab.json'], dir)
    expect(bad.code).toBe(2)
    expect(bad.stdout + bad.stderr).toMatch(/protectionOffAcknowledged/)
    expect(bad.stdout + bad.stderr).not.toMatch(/warning:/)
  })
})
