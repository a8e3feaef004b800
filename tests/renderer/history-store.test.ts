// Tests the history store: undo and redo of every change type through the project store, one undo
// step per coalesced series, the dirty flag following undo back to the saved state.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Change } from '../../renderer/src/model/changes'
import { COALESCE_MS, useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { sampleProject } from './sample-project'

let project: ReturnType<typeof useProjectStore>
let history: ReturnType<typeof useHistoryStore>

beforeEach(() => {
  setActivePinia(createPinia())
  project = useProjectStore()
  history = useHistoryStore()
  project.replace(sampleProject(), { path: '/tmp/sample.iovlab.json' })
  history.clear()
})

const node = (id: string) => project.doc.topology.nodes.find((n) => n.id === id)

const EDITS: [string, Change, () => unknown][] = [
  ['add-node', { type: 'add-node', node: { id: 'dc-1', kind: 'dc', name: 'dc-1', position: { x: 0, y: 0 }, params: {} }, index: 7 }, () => node('dc-1')?.kind],
  ['add-link', { type: 'add-link', link: { id: 'l3', kind: 'ethernet', from: 'np-1', to: 'nic-1', params: {} }, index: 2 }, () => project.doc.topology.links.length],
  ['add-attachment', { type: 'add-attachment', attachment: { id: 'a3', vm: 'vm-2', device: 'nic-1', technique: 'emulated' }, index: 2 }, () => project.doc.topology.attachments.length],
  ['remove-elements', { type: 'remove-elements', elements: { nodes: [], links: [{ index: 1, item: sampleProject().topology.links[1] }], attachments: [] } }, () => project.doc.topology.links.length],
  ['move', { type: 'move', moves: [{ id: 'sw', from: { x: 300, y: 300 }, to: { x: 0, y: 0 } }] }, () => node('sw')?.position],
  ['set-param', { type: 'set-param', list: 'nodes', id: 'host-a', key: 'clock', from: '2.8GHz', to: '3GHz' }, () => node('host-a')?.params.clock],
  ['set-field', { type: 'set-field', list: 'nodes', id: 'sw', field: 'name', from: 'sw', to: 'Core switch' }, () => node('sw')?.name],
  ['rename-id', { type: 'rename-id', list: 'nodes', from: 'sw', to: 'core' }, () => project.doc.topology.links.map((l) => l.to)],
  ['set-path', { type: 'set-path', path: 'experiments.e1.replications', from: 1, to: 5 }, () => project.doc.experiments[0].replications],
  ['batch', { type: 'batch', label: 'Place', changes: [{ type: 'set-field', list: 'nodes', id: 'vm-2', field: 'host', from: 'host-b', to: 'host-a' }] }, () => node('vm-2')?.host]
]

describe('useHistoryStore', () => {
  it.each(EDITS)('undoes and redoes %s', (_name, change, read) => {
    const before = JSON.stringify(read())
    history.dispatch(change)
    const after = JSON.stringify(read())
    expect(after).not.toBe(before)
    expect(project.dirty).toBe(true)
    expect(history.undo()).toBe(true)
    expect(JSON.stringify(read())).toBe(before)
    expect(project.doc).toEqual(sampleProject())
    expect(project.dirty).toBe(false)
    expect(history.redo()).toBe(true)
    expect(JSON.stringify(read())).toBe(after)
    expect(project.dirty).toBe(true)
  })

  it('labels the steps for the Undo and Redo buttons', () => {
    history.dispatch({ type: 'move', moves: [{ id: 'sw', from: { x: 300, y: 300 }, to: { x: 0, y: 0 } }] })
    expect(history.undoLabel).toBe('Move sw')
    history.undo()
    expect([history.undoLabel, history.redoLabel, history.canUndo, history.canRedo]).toEqual([undefined, 'Move sw', false, true])
  })

  it('drops the redo steps when a new edit is made', () => {
    history.dispatch({ type: 'set-field', list: 'nodes', id: 'sw', field: 'name', from: 'sw', to: 'a' })
    history.undo()
    history.dispatch({ type: 'set-field', list: 'nodes', id: 'sw', field: 'name', from: 'sw', to: 'b' })
    expect(history.canRedo).toBe(false)
    expect(history.redo()).toBe(false)
  })

  it('merges edits with one coalesce key within the window into one step, and not after it', () => {
    vi.useFakeTimers()
    try {
      const nudge = (x: number): Change => ({ type: 'move', moves: [{ id: 'sw', from: { x: x - 16, y: 300 }, to: { x, y: 300 } }] })
      history.dispatch(nudge(316), { coalesceKey: 'nudge' })
      history.dispatch(nudge(332), { coalesceKey: 'nudge' })
      history.dispatch(nudge(348), { coalesceKey: 'nudge' })
      expect(history.undoStack).toHaveLength(1)
      vi.advanceTimersByTime(COALESCE_MS + 1)
      history.dispatch(nudge(364), { coalesceKey: 'nudge' })
      expect(history.undoStack).toHaveLength(2)
      history.undo()
      history.undo()
      expect(node('sw')?.position).toEqual({ x: 300, y: 300 })
    } finally {
      vi.useRealTimers()
    }
  })

  it('never merges into the state that was saved, so undo can return to it', () => {
    const rename = (from: string, to: string): Change => ({ type: 'set-field', list: 'nodes', id: 'sw', field: 'name', from, to })
    history.dispatch({ type: 'set-path', path: 'name', from: 'sample', to: 'a' }, { coalesceKey: 'name' })
    project.markSaved('/tmp/x.iovlab.json', { mtimeMs: 1, size: 1, sha256: 'a'.repeat(64) })
    history.seal()
    history.dispatch({ type: 'set-path', path: 'name', from: 'a', to: 'ab' }, { coalesceKey: 'name' })
    expect(history.undoStack).toHaveLength(2)
    history.undo()
    expect(project.dirty).toBe(false)
    history.dispatch(rename('sw', 'x'))
    expect(project.dirty).toBe(true)
  })

  it('records nothing when a change does not fit the document', () => {
    expect(() => history.dispatch({ type: 'set-param', list: 'nodes', id: 'ghost', key: 'k', from: undefined, to: 1 })).toThrow()
    expect(history.canUndo).toBe(false)
    expect(project.dirty).toBe(false)
  })

  it('forgets everything for a new document', () => {
    history.dispatch({ type: 'set-field', list: 'nodes', id: 'sw', field: 'name', from: 'sw', to: 'a' })
    project.replace(sampleProject())
    history.clear()
    expect([history.canUndo, history.canRedo, project.dirty]).toEqual([false, false, false])
  })
})
