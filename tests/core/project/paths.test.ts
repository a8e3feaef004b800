// The parameter-path resolver: read and write by dot path with lists addressed by id, never
// mutating, with clear messages for unknown segments; and `--set` argument parsing.
import { describe, expect, it } from 'vitest'
import { getPath, parseCliValue, parseProject, parseSetArgument, setPath, splitPath, validateProject, type Project } from '../../../core/project/index'
import { readFixture } from './helpers'

function project(): Project {
  const r = parseProject(readFixture('v1/two-host-np-nic.iovlab.json'))
  if (!r.ok) throw new Error('fixture invalid')
  return r.project
}

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }): T => {
  if (!r.ok) throw new Error(r.message)
  return r.value
}

describe('getPath', () => {
  it.each([
    ['experiments.latency-vs-guests.duration', '10s'],
    ['variables.guests', 1],
    ['topology.nodes.host-a.params.clock', '2.8GHz'],
    ['topology.nodes.clients.params.count', { var: 'guests' }],
    ['topology.links.a-sw.from', 'np-a'],
    ['experiments.latency-vs-guests.workloads.ping.pattern', 'n,n:1x1'],
    ['experiments.latency-vs-guests.sweep.0', { 'variables.guests': [1, 2, 4, 8] }],
    ['name', 'two-host-np-nic']
  ])('%s', (path, expected) => {
    expect(value(getPath(project(), path))).toEqual(expected)
  })
  it('a catalog parameter that is not written is a valid path (its default applies)', () => {
    expect(getPath(project(), 'topology.nodes.host-a.params.vmExitCycles')).toEqual({ ok: true, value: undefined })
    expect(getPath(project(), 'topology.nodes.sw.host')).toEqual({ ok: true, value: undefined })
  })
  it.each([
    ['experiments.nope.duration', /there is no experiment "nope" in experiments \(known: latency-vs-guests\)/],
    ['topology.nodes.host-a.params.clockHz', /no "clockHz" \(known: .*clock.*\)/],
    ['variables.gusts', /there is no variable "gusts" \(known: guests, variant, technique\)/],
    ['experiments.latency-vs-guests.durashun', /has no "durashun" \(known: id, name, .*duration/],
    ['name.first', /is a single value; it has no "first"/],
    ['topology..nodes', /is not a parameter path/],
    ['', /is not a parameter path/],
    ['topology.__proto__', /cannot be part of a parameter path/],
    ['topology.nodes.99', /there is no node "99"/]
  ])('%s is refused clearly', (path, message) => {
    const r = getPath(project(), path)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toMatch(message)
  })
})

describe('setPath', () => {
  it('returns a new project and leaves the original untouched', () => {
    const before = project()
    const frozen = JSON.stringify(before)
    const after = value(setPath(before, 'experiments.latency-vs-guests.duration', '5s'))
    expect(JSON.stringify(before)).toBe(frozen)
    expect(after.experiments[0].duration).toBe('5s')
    expect(after.topology).toBe(before.topology) // untouched branches are shared
    expect(after.experiments[0].workloads).toBe(before.experiments[0].workloads)
  })
  it('sets a catalog parameter that was not written yet, and validates afterwards', () => {
    const after = value(setPath(project(), 'topology.nodes.host-b.params.vmExitCycles', 1200))
    expect(after.topology.nodes[1].params).toEqual({ logicalCpus: 4, clock: '2.8GHz', vmExitCycles: 1200 })
    expect(validateProject(after).ok).toBe(true)
  })
  it('a variable change reaches every reference', () => {
    const after = value(setPath(project(), 'variables.guests', 16))
    expect(after.variables.guests).toBe(16)
    expect(validateProject(after).ok).toBe(true)
  })
  it('refuses unknown segments instead of creating them', () => {
    expect(setPath(project(), 'variables.gusts', 3).ok).toBe(false)
    expect(setPath(project(), 'experiments.latency-vs-guests.durashun', '1s').ok).toBe(false)
    expect(setPath(project(), 'topology.nodes.host-a.params.clokc', 1).ok).toBe(false)
  })
  it('allows optional schema fields and free workload parameters', () => {
    expect(setPath(project(), 'experiments.latency-vs-guests.description', 'x').ok).toBe(true)
    expect(setPath(project(), 'experiments.latency-vs-guests.workloads.ping.params.flows', 4).ok).toBe(true)
  })
})

describe('--set arguments', () => {
  it.each([
    ['experiments.latency-vs-guests.duration=5s', 'experiments.latency-vs-guests.duration', '5s'],
    ['variables.guests=16', 'variables.guests', 16],
    ['variables.flag=true', 'variables.flag', true],
    ['name="quoted"', 'name', 'quoted'],
    ['name=a=b', 'name', 'a=b'],
    ['experiments.x.sweep.0=[1,2]', 'experiments.x.sweep.0', [1, 2]],
    ['name=', 'name', '']
  ])('%s', (arg, path, v) => {
    expect(parseSetArgument(arg)).toEqual({ ok: true, value: { path, value: v } })
  })
  it('refuses a missing =, an empty path or prototype keys', () => {
    expect(parseSetArgument('variables.guests').ok).toBe(false)
    expect(parseSetArgument('=5').ok).toBe(false)
    expect(parseSetArgument('a.constructor=1').ok).toBe(false)
  })
  it('values with prototype keys stay text', () => {
    expect(parseCliValue('{"__proto__": {"x": 1}}')).toBe('{"__proto__": {"x": 1}}')
  })
  it('splits paths', () => {
    expect(splitPath('a.b-c.d_e')).toEqual({ ok: true, value: ['a', 'b-c', 'd_e'] })
  })
})
