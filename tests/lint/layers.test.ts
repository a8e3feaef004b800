// The layer rules of eslint.config.mjs hold: every file under tests/lint/fixtures/fail must draw the
// no-restricted-imports error its first line names, when linted as if it sat at the same path in the
// tree (fixtures/fail/core/models/x.ts is linted as core/models/x.ts); every file under
// fixtures/pass must draw none. `npm run lint` ignores the fixtures; this test lints them.
// And the renderer's stores, which may import each other, do so without a cycle.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const root = resolve(import.meta.dirname, '../..')
const fixtures = resolve(import.meta.dirname, 'fixtures')

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
}

let eslint: ESLint
beforeAll(() => {
  eslint = new ESLint({ cwd: root })
})

/** The no-restricted-imports messages of a fixture linted at its place in the tree. */
async function restricted(fixture: string, kind: 'fail' | 'pass'): Promise<string[]> {
  const virtual = resolve(root, relative(join(fixtures, kind), fixture))
  const [result] = await eslint.lintText(readFileSync(fixture, 'utf8'), { filePath: virtual })
  expect(result.messages.filter((m) => m.fatal), `${fixture} parses`).toEqual([])
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layer rules (eslint.config.mjs)', () => {
  const failing = filesUnder(join(fixtures, 'fail'))
  const passing = filesUnder(join(fixtures, 'pass'))

  it('has fixtures for every closed hole', () => {
    const names = failing.map((f) => relative(join(fixtures, 'fail'), f))
    for (const dir of ['core/models', 'core/techniques', 'core/workloads', 'renderer/src/features', 'renderer/src/stores', 'renderer/src/host', 'renderer/src/model', 'renderer/src/workers']) {
      expect(names.some((n) => n.startsWith(`${dir}/`)), dir).toBe(true)
    }
  })

  for (const fixture of filesUnder(join(fixtures, 'fail'))) {
    const name = relative(join(fixtures, 'fail'), fixture)
    it(`refuses ${name}`, async () => {
      const expected = /^\/\/ expect: (.+)$/m.exec(readFileSync(fixture, 'utf8'))?.[1]
      expect(expected, 'the fixture names the message it expects on its first line').toBeTruthy()
      const messages = await restricted(fixture, 'fail')
      expect(messages).toHaveLength(1)
      expect(messages[0]).toContain(expected)
    }, 60_000)
  }

  for (const fixture of filesUnder(join(fixtures, 'pass'))) {
    const name = relative(join(fixtures, 'pass'), fixture)
    it(`allows ${name}`, async () => {
      expect(await restricted(fixture, 'pass')).toEqual([])
    }, 60_000)
  }

  it('keeps the fixtures out of `npm run lint`', async () => {
    expect(passing.length).toBeGreaterThan(0)
    for (const fixture of [...failing, ...passing]) expect(await eslint.isPathIgnored(fixture), fixture).toBe(true)
  })
})

describe('renderer stores', () => {
  it('import each other without a cycle (the project store at the base)', () => {
    const dir = resolve(root, 'renderer/src/stores')
    const graph = new Map<string, string[]>()
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8')
      graph.set(file.replace(/\.ts$/, ''), [...text.matchAll(/from '\.\/([\w-]+)'/g)].map((m) => m[1]))
    }
    expect(graph.get('project')?.filter((d) => d !== 'validator')).toEqual([])
    const state = new Map<string, 'visiting' | 'done'>()
    const cycle: string[] = []
    const visit = (node: string, path: string[]): void => {
      if (state.get(node) === 'done') return
      if (state.get(node) === 'visiting') {
        cycle.push([...path, node].join(' → '))
        return
      }
      state.set(node, 'visiting')
      for (const dep of graph.get(node) ?? []) visit(dep, [...path, node])
      state.set(node, 'done')
    }
    for (const node of graph.keys()) visit(node, [])
    expect(cycle).toEqual([])
  })
})
