// Migrations: the step table is well formed, the frozen v0 file migrates step by step to the
// frozen expected v1, unknown fields survive, failures and newer versions are values.
import { describe, expect, it } from 'vitest'
import { checkMigrationTable, detectVersion, migrate, MIGRATIONS, SCHEMA_VERSION, type Migration } from '../../../core/project/index'
import { baseDoc, readFixture } from './helpers'

const v0 = (): Record<string, unknown> => JSON.parse(readFixture('v0/two-host-np-nic.iovlab.json')) as Record<string, unknown>

describe('the step table', () => {
  it('is append-only shaped: unique ids, one version per step, contiguous up to the current version', () => {
    expect(checkMigrationTable()).toEqual([])
    expect(MIGRATIONS[MIGRATIONS.length - 1].to).toBe(SCHEMA_VERSION)
  })
  it('finds a broken table', () => {
    const up = (d: Record<string, unknown>): Record<string, unknown> => d
    const broken: Migration[] = [{ id: 'a', from: 0, to: 2, up }, { id: 'a', from: 0, to: 1, up }]
    expect(checkMigrationTable(broken)).toEqual(expect.arrayContaining([expect.stringMatching(/duplicate/), expect.stringMatching(/up one version/)]))
  })
})

describe('migrating the frozen v0 file', () => {
  it('applies every v0 step in order and does not touch its input', () => {
    const doc = v0()
    const before = JSON.stringify(doc)
    const r = migrate(doc)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.fromVersion).toBe(0)
    expect(r.applied).toEqual(MIGRATIONS.map((m) => m.id))
    expect(r.doc.schemaVersion).toBe(SCHEMA_VERSION)
    expect(r.doc.format).toBe('iovlab-project')
    expect(JSON.stringify(doc)).toBe(before)
  })
  it('keeps unknown fields at every level', () => {
    const r = migrate(v0())
    if (!r.ok) throw new Error('migration failed')
    const d = r.doc as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(d['x-notes']).toEqual({ frozen: '2026-11-22', purpose: 'unknown fields must survive migration, load and save' })
    expect(d.topology.nodes[5]['x-color']).toBe('#4477aa')
    expect(d.experiments[0]['x-owner']).toBe('fixture')
  })
  it('rewrites the v0 idioms: "$var" references, nanosecond fields, one-object sweeps', () => {
    const r = migrate(v0())
    if (!r.ok) throw new Error('migration failed')
    const d = r.doc as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(d.topology.nodes[5].params.count).toEqual({ var: 'guests' })
    expect(d.topology.attachments[0].technique).toEqual({ var: 'technique' })
    expect(d.topology.nodes[2]).toMatchObject({ kind: 'np-nic', name: 'IXP2400 A', host: 'host-a', position: { x: 80, y: 280 } })
    expect(d.topology.links[0]).toMatchObject({ kind: 'ethernet', from: 'np-a', to: 'sw' })
    expect(d.experiments[0]).toMatchObject({ duration: '10s', warmup: '1s' })
    expect(d.experiments[0].sweep).toEqual([{ 'variables.guests': [1, 2, 4, 8] }, { 'variables.technique': ['self-virtualized', 'paravirtual'] }])
  })
  it('a v0 file without a version field is version 0', () => {
    const doc = v0()
    delete doc.version
    expect(detectVersion(doc)).toEqual({ ok: true, version: 0 })
  })
})

describe('refusals are values', () => {
  it('a newer file is refused, never mangled', () => {
    const doc = { ...baseDoc(), schemaVersion: 7 }
    const r = migrate(doc)
    expect(r).toEqual({ ok: false, problems: [expect.objectContaining({ code: 'newer-version', path: ['schemaVersion'] })] })
  })
  it('a legacy file claiming a future version is refused too', () => {
    const r = migrate({ ...v0(), version: 3 })
    expect(r.ok).toBe(false)
  })
  it('a step that throws becomes a problem naming the step', () => {
    const boom: Migration = { id: 'v0-to-v1-boom', from: 0, to: 1, up: () => { throw new Error('kaboom') } }
    const r = migrate(v0(), [boom])
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: 'migration-failed', message: expect.stringMatching(/"v0-to-v1-boom": kaboom/) })
  })
  it('a current file passes through untouched', () => {
    const doc = JSON.parse(readFixture('v2/two-host-np-nic.iovlab.json')) as Record<string, unknown>
    const r = migrate(doc)
    expect(r).toMatchObject({ ok: true, fromVersion: SCHEMA_VERSION, applied: [] })
    if (r.ok) expect(r.doc).toBe(doc)
  })
})

describe('v1 to v2', () => {
  it('drops attachment params (no technique read them) and keeps everything else', () => {
    const doc = { format: 'iovlab-project', schemaVersion: 1, name: 'x', seed: 1, topology: { nodes: [], links: [], attachments: [{ id: 'a', vm: 'v', device: 'd', technique: 'native', params: { combine: { var: 'k' } }, 'x-note': 1 }] } }
    const r = migrate(doc)
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.applied).toEqual(['v1-to-v2-drop-attachment-params'])
    expect(r.doc.schemaVersion).toBe(2)
    expect((r.doc.topology as { attachments: object[] }).attachments[0]).toEqual({ id: 'a', vm: 'v', device: 'd', technique: 'native', 'x-note': 1 })
    expect(doc.topology.attachments[0].params).toEqual({ combine: { var: 'k' } })
  })
})
