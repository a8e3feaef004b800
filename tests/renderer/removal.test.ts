// Tests what deleting a host that carries twelve components and is used by an experiment says (what
// goes, what breaks), that it asks in the app's dialog, and that it is one undoable step.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueFlowStore } from '@vue-flow/core'
import type { Project } from '../../core/project'
import { createEditorActions } from '../../renderer/src/features/editor/editor-actions'
import { describeRemoval } from '../../renderer/src/model/removal'
import { planRemove } from '../../renderer/src/model/topology-edit'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { useUiStore } from '../../renderer/src/stores/ui'
import { sampleProject } from './sample-project'

/** The sample with ten more guests on host-a: it carries twelve components. */
function loaded(): Project {
  const doc = sampleProject()
  for (let i = 0; i < 10; i++) {
    doc.topology.nodes.push({ id: `g-${i}`, kind: 'vm', name: `g-${i}`, host: 'host-a', position: { x: (i % 3) * 200, y: 200 + Math.floor(i / 3) * 72 }, params: {} })
  }
  return doc
}

describe('describeRemoval', () => {
  it('lists what goes with a host and which experiment breaks', () => {
    const doc = loaded()
    const selection = { nodes: ['host-a'], links: [], attachments: [] }
    const s = describeRemoval(doc, selection, planRemove(doc, selection)!)
    expect(s.ask).toBe(true)
    expect(s.title).toBe('Delete host-a and 14 more elements?')
    expect(s.goes).toEqual([
      'host-a (selected)',
      '12 components placed on host-a: vm-1, np-1, g-0, g-1, g-2, g-3 and 6 more',
      '1 link: l1',
      '1 attachment: a1'
    ])
    expect(s.breaks).toEqual(['experiment E1 (e1) uses vm-1 (workload w); host-a (sweep)'])
  })

  it('does not ask for a switch whose links go with it and that no experiment names', () => {
    const doc = sampleProject()
    const selection = { nodes: ['sw'], links: [], attachments: [] }
    const s = describeRemoval(doc, selection, planRemove(doc, selection)!)
    expect([s.ask, s.breaks]).toEqual([false, []])
  })
})

describe('deleting from the canvas', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('asks in the app\'s dialog, deletes as one step on yes, keeps everything on no, and one Undo brings all back', async () => {
    const project = useProjectStore()
    const history = useHistoryStore()
    const ui = useUiStore()
    project.replace(loaded())
    const nativeConfirm = vi.fn(() => true)
    window.confirm = nativeConfirm
    const flow = { nodes: { value: [] }, edges: { value: [] } } as unknown as VueFlowStore
    const actions = createEditorActions(flow)
    const before = project.doc
    project.select({ nodes: ['host-a'] })
    let deleting = actions.deleteSelection()
    await vi.waitFor(() => expect(ui.confirmation).not.toBeNull())
    expect(ui.confirmation?.details).toContain('Breaks: experiment E1 (e1) uses vm-1 (workload w); host-a (sweep)')
    ui.confirmation?.resolve(false)
    expect(await deleting).toBe(false)
    expect(project.doc).toBe(before)
    project.select({ nodes: ['host-a'] })
    deleting = actions.deleteSelection()
    await vi.waitFor(() => expect(ui.confirmation).not.toBeNull())
    ui.confirmation?.resolve(true)
    expect(await deleting).toBe(true)
    expect(project.doc.topology.nodes.map((n) => n.id)).toEqual(['host-b', 'vm-2', 'nic-1', 'sw'])
    expect(history.undoLabel).toBe('Delete host-a and 14 more elements')
    history.undo()
    expect(project.doc.topology).toEqual(before.topology)
    expect(nativeConfirm).not.toHaveBeenCalled()
  })
})
