// Tests the project store: the document and where it came from, the dirty flag, debounced validation
// with problems found by JSON path, and a selection that never names deleted elements.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore, VALIDATE_DELAY_MS } from '../../renderer/src/stores/project'
import { sampleProject } from './sample-project'

beforeEach(() => setActivePinia(createPinia()))

describe('useProjectStore', () => {
  it('starts with an empty, valid, clean, untitled project', () => {
    const project = useProjectStore()
    expect(project.doc.topology.nodes).toEqual([])
    expect([project.dirty, project.fileName, project.problems.length]).toEqual([false, 'untitled', 0])
  })

  it('takes a document with its origin; an upload or recovery can start dirty', () => {
    const project = useProjectStore()
    const epoch = project.epoch
    project.replace(sampleProject(), { path: '/home/me/lab/sample.iovlab.json' })
    expect([project.fileName, project.dirty, project.epoch]).toEqual(['sample.iovlab.json', false, epoch + 1])
    project.replace(sampleProject(), {}, { dirty: true })
    expect([project.fileName, project.dirty]).toEqual(['untitled', true])
    project.markSaved('/x/y.iovlab.json', { mtimeMs: 1, size: 1, sha256: 'b'.repeat(64) })
    expect([project.fileName, project.dirty]).toEqual(['y.iovlab.json', false])
  })

  it('validates after edits settle, and finds each problem by its JSON path', async () => {
    vi.useFakeTimers()
    try {
      const project = useProjectStore()
      const history = useHistoryStore()
      project.replace(sampleProject())
      history.dispatch({ type: 'set-param', list: 'nodes', id: 'host-a', key: 'clock', from: '2.8GHz', to: '2.8 parsecs' })
      history.dispatch({ type: 'set-field', list: 'nodes', id: 'vm-2', field: 'host', from: 'host-b', to: undefined })
      expect(project.problems).toHaveLength(0)
      await vi.advanceTimersByTimeAsync(VALIDATE_DELAY_MS + 1)
      expect(project.problemsByPath.get('$.topology.nodes[0].params.clock')?.[0].message).toMatch(/not a frequency/)
      expect(project.problemsByPath.get('$.topology.nodes[4].host')?.[0].code).toBe('not-placed')
      expect([...project.problemNodeIds].sort()).toEqual(['host-a', 'vm-2'])
      history.undo()
      history.undo()
      await vi.advanceTimersByTimeAsync(VALIDATE_DELAY_MS + 1)
      expect(project.problems).toHaveLength(0)
    } finally {
      vi.useRealTimers()
    }
  })

  it('drops deleted elements from the selection', () => {
    const project = useProjectStore()
    const history = useHistoryStore()
    project.replace(sampleProject())
    project.select({ nodes: ['sw', 'vm-1'], links: ['l1'] })
    history.dispatch({ type: 'remove-elements', elements: {
      nodes: [{ index: 6, item: project.doc.topology.nodes[6] }], links: [{ index: 0, item: project.doc.topology.links[0] }], attachments: []
    } })
    expect(project.selection).toEqual({ nodes: ['vm-1'], links: [], attachments: [] })
  })
})
