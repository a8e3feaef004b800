// What the input digest covers: only what determines an experiment's numbers. Moving a node,
// renaming, editing descriptions or "x-" notes, or editing another experiment keeps stored
// results current; a parameter, the seed, a variable, a link or the experiment itself makes them stale.
import { describe, expect, test } from 'vitest'
import { freshness, inputDigest } from '../../../core/experiment/index'
import type { Project } from '../../../core/project/index'
import { at, loadExample } from '../scenario/helpers'

const EXP = 'latency-vs-guests'
const base = (): Project => loadExample('raj2006-np-nic.iovlab.json')
const digest = (p: Project): Promise<string> => inputDigest(p, EXP)

function edit(p: Project, f: (q: Record<string, any>) => void): Project { // eslint-disable-line @typescript-eslint/no-explicit-any
  const q = structuredClone(p)
  f(q)
  return q
}

describe('the input digest', () => {
  test('keeps its value through cosmetic edits', async () => {
    const p = base()
    const d = await digest(p)
    const cosmetic: Project[] = [
      edit(p, (q) => { q.topology.nodes[0].position = { x: q.topology.nodes[0].position.x + 120, y: -40 } }),
      edit(p, (q) => { q.topology.nodes[1].name = 'a renamed node' }),
      edit(p, (q) => { q.name = 'Renamed project'; q.description = 'a new description' }),
      edit(p, (q) => { q.experiments[0].name = 'Renamed'; q.experiments[0].description = 'edited' }),
      edit(p, (q) => { q.topology.nodes[0]['x-color'] = '#ff0000'; q['x-notes'] = 'notes' }),
      edit(p, (q) => { q.experiments[1].duration = '7s' }), // another experiment
      edit(p, (q) => { q.results = [{ format: 'iovlab-results' }] })
    ]
    for (const c of cosmetic) expect(await digest(c)).toBe(d)
  })

  test('changes with anything that determines the numbers', async () => {
    const p = base()
    const d = await digest(p)
    const host = p.topology.nodes.find((n) => n.kind === 'host')!
    const changed: Project[] = [
      at(p, { [`topology.nodes.${host.id}.params.vmExitCycles`]: 1234 }),
      edit(p, (q) => { q.seed = q.seed + 1 }),
      edit(p, (q) => { q.variables.guests = 3 }),
      edit(p, (q) => { q.topology.links[0].params = { ...q.topology.links[0].params, latency: '7us' } }),
      edit(p, (q) => { q.experiments[0].duration = '7s' }),
      edit(p, (q) => { q.experiments[0].workloads[0].params = { ...q.experiments[0].workloads[0].params, waitMax: '50ms' } }),
      edit(p, (q) => { q.topology.nodes[0].host = 'elsewhere' }),
      // A field this version does not know may determine numbers in another: it counts.
      edit(p, (q) => { q.topology.attachments[0].queue = 4 })
    ]
    for (const c of changed) expect(await digest(c)).not.toBe(d)
  })

  test('freshness: current, stale after a parameter edit, gone without the experiment; overrides applied first', async () => {
    const p = base()
    const doc = { experiment: EXP, inputDigest: await digest(p) }
    expect(await freshness(edit(p, (q) => { q.topology.nodes[0].position = { x: 1, y: 2 } }), doc)).toBe('current')
    expect(await freshness(edit(p, (q) => { q.seed = 99 }), doc)).toBe('stale')
    expect(await freshness(edit(p, (q) => { q.experiments = q.experiments.slice(1) }), doc)).toBe('gone')
    const overridden = { experiment: EXP, inputDigest: await digest(at(p, { 'variables.guests': 4 })), overrides: [{ path: 'variables.guests', value: 4 }] }
    expect(await freshness(p, overridden)).toBe('current')
    expect(await freshness(p, { ...overridden, overrides: [] })).toBe('stale')
  })
})
