// The README is a front door: short, it cites nothing outside the repository, every file it links
// exists (or is written by a generator in build/), and the model section states the catalog's
// parameter counts by source kind. docs/results-format.md names every field of the results document's type.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CATALOG, KINDS, LINK_KINDS, LINK_KIND_ORDER } from '../../core/models/catalog'
import { predictedTable, withPredictedTable } from '../../build/predicted-table.mjs'

const root = resolve(import.meta.dirname, '../..')
const read = (p: string): string => readFileSync(join(root, p), 'utf8')
const readme = read('README.md')
const docs = readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)

/** Files that a script in build/ writes (e.g. docs/validation.md by build/validation-table.mjs). */
const generated = readdirSync(join(root, 'build')).filter((f) => f.endsWith('.mjs'))
  .flatMap((f) => [...read(`build/${f}`).matchAll(/['"`](docs\/[\w.-]+\.md)['"`]/g)].map((m) => m[1]))

/** Local targets of markdown links and images, relative to the repository root. */
function localLinks(file: string): string[] {
  return [...read(file).matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/.test(t) && !t.startsWith('#'))
    .map((t) => join(dirname(file), t.split('#')[0]))
}

describe('README.md', () => {
  it('is a front door of about 150 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(160)
  })

  it('says what is calibrated and what predicted, and links the generated table of every seed-004 and literature figure in docs/models.md (not stale)', () => {
    const models = read('docs/models.md')
    const table = predictedTable(read('docs/validation.md'))
    expect(table.split('\n').length).toBeGreaterThan(20)
    expect(withPredictedTable(models, table), 'docs/models.md is stale: run node build/validation-table.mjs').toBe(models)
    const section = readme.slice(readme.indexOf('## Calibration and what is predicted')).split('\n## ')[0]
    expect(section).toContain('docs/models.md#calibration-and-what-is-predicted')
    const claims = read('docs/validation.md').match(/^(\d+) claims: (\d+) calibration, (\d+) mechanism, (\d+) prediction; (\d+) documented misses\.$/m)
    expect(claims, 'the totals line of docs/validation.md').not.toBeNull()
    const [, all, cal, mech, pred, miss] = claims!
    expect(section).toContain(`${all} claims: ${cal} calibration`)
    expect(section).toContain(`${mech} mechanism tests and ${pred} predictions`)
    expect(section).toContain(`**${miss} of them documented`)
  })

  it('cites nothing outside the repository', () => {
    for (const file of ['README.md', ...docs]) {
      const text = read(file)
      expect(text, file).not.toMatch(/\.\.\/shared|CONTRACTS\.md|\/work\//)
      for (const link of localLinks(file)) expect(link.startsWith('..'), `${file} → ${link}`).toBe(false)
    }
  })

  it('links only to files that exist or that a build script generates', () => {
    const links = localLinks('README.md')
    expect(links).toEqual(expect.arrayContaining(['docs/results-format.md', 'docs/models.md', 'docs/benchmarks.md', 'docs/validation.md']))
    for (const link of links) expect(existsSync(join(root, link)) || generated.includes(link), link).toBe(true)
  })

  it('keeps benchmark tables, model details and the validation table in docs/', () => {
    expect(readme).not.toMatch(/paired vs|^\| (engine|benchmark|what) \|/m) // benchmark tables → docs/benchmarks.md (one headline figure may stay)
    expect(readme).not.toMatch(/^### Calibration|^## The kernel|NE2K 14/m) // model details → docs/models.md
    expect(readme).not.toMatch(/^\| claim \(seed\)/m) // validation table → docs/validation.md
    expect(read('docs/benchmarks.md')).toMatch(/Kernel against its peers/)
    expect(read('docs/models.md')).toMatch(/Calibration and what is predicted[\s\S]*The kernel \(`core\/sim`\)/)
  })

  it('states the catalog\'s parameter counts by source kind in the model section (measured, assumption, calibrated)', () => {
    const model = readme.slice(readme.indexOf('## The model in brief')).split('\n## ')[0]
    const params = [...KINDS.flatMap((k) => CATALOG[k].params), ...LINK_KIND_ORDER.flatMap((k) => LINK_KINDS[k].params)]
    const count = (kind: string): number => params.filter((p) => p.sourceKind === kind).length
    expect(model).toContain(`**${params.length}**`)
    expect(model).toContain(`**${count('measured')} are measured**`)
    expect(model).toContain(`**${count('assumption')} are assumptions**`)
    expect(model).toContain(`**${count('calibrated')} are calibrated**`)
  })
})

describe('docs/results-format.md', () => {
  const doc = read('docs/results-format.md')
  const types = read('core/experiment/types.ts')
  const fieldsOf = (name: string): string[] => {
    const body = new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(types)?.[1] ?? ''
    return [...body.matchAll(/^\s+readonly (\w+)\??:/gm)].map((m) => m[1])
  }

  for (const type of ['ResultsDocument', 'ResultsPoint', 'MetricSummary', 'RunErrorRecord', 'Provenance']) {
    it(`names every field of ${type}`, () => {
      const fields = fieldsOf(type)
      expect(fields.length).toBeGreaterThan(1)
      for (const field of fields) expect(doc, field).toContain(`\`${field}\``)
    })
  }

  it('lists every run error code', () => {
    const codes = /export type RunErrorCode =([\s\S]*?)\n\n/.exec(types)?.[1].match(/'[\w-]+'/g) ?? []
    expect(codes.length).toBeGreaterThan(3)
    for (const code of codes) expect(doc).toContain(`\`${code.slice(1, -1)}\``)
  })
})
