// The validate benchmark's project stays valid and the size the issue names (not a timed test:
// the timing is printed by `iovlab bench`).
import { describe, expect, it } from 'vitest'
import { benchValidate, buildBenchProject, parseProject, serializeProject } from '../../../core/project/index'

describe('bench-validate', () => {
  it('builds a valid 2,000-node / 5,000-link project', () => {
    const input = buildBenchProject()
    expect(input.topology.nodes).toHaveLength(2000)
    expect(input.topology.links).toHaveLength(5000)
    const r = parseProject(serializeProject(input as never))
    expect(r.problems).toEqual([])
  })
  it('reports its figures as one JSON-able object', () => {
    const r = benchValidate(1)
    expect(r).toMatchObject({ benchmark: 'validate', nodes: 2000, links: 5000, runs: 1 })
    expect(r.medianMs).toBeGreaterThan(0)
  })
})
