// Tests the status bar's problems: the count opens their list, and each problem selects and marks the
// element it concerns (a component, a link, an attachment) or puts its experiment in focus.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Project } from '../../core/project'
import StatusBar from '../../renderer/src/features/shell/StatusBar.vue'
import { problemTarget } from '../../renderer/src/model/problem-target'
import { useProjectStore } from '../../renderer/src/stores/project'
import { useRunStore } from '../../renderer/src/stores/run'
import { useUiStore } from '../../renderer/src/stores/ui'
import { sampleProject } from './sample-project'

function broken(): Project {
  const doc = sampleProject()
  doc.topology.nodes[3] = { ...doc.topology.nodes[3], params: { lineRate: 'fast' } } // np-1
  doc.topology.links[1] = { ...doc.topology.links[1], params: { bandwidth: 'lots' } } // l2
  return doc
}

describe('status bar problems', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('finds the element a problem path concerns', () => {
    const doc = sampleProject()
    expect(problemTarget(doc, ['topology', 'nodes', 3, 'params', 'x'])).toEqual({ list: 'nodes', id: 'np-1' })
    expect(problemTarget(doc, ['topology', 'attachments', 1])).toEqual({ list: 'attachments', id: 'a2' })
    expect(problemTarget(doc, ['experiments', 0, 'duration'])).toEqual({ experiment: 'e1' })
    expect(problemTarget(doc, ['name'])).toBeNull()
    expect(problemTarget(doc, ['topology', 'nodes', 99])).toBeNull()
  })

  it('lists the problems on a click, and a problem selects and marks its element', async () => {
    const project = useProjectStore()
    project.replace(broken())
    project.validateNow()
    expect(project.problems.length).toBeGreaterThanOrEqual(2)
    const bar = mount(StatusBar)
    await flushPromises()
    const count = bar.get('button.status-problems')
    expect(count.text()).toMatch(/^\d+ problems$/)
    await count.trigger('click')
    const items = bar.findAll('.status-problem')
    expect(items).toHaveLength(project.problems.length)
    const np = items.find((i) => i.text().includes('topology.nodes[3]'))!
    await np.trigger('click')
    expect(project.selection.nodes).toEqual(['np-1'])
    expect(useUiStore().marked?.id).toBe('np-1')
    expect(bar.find('.status-problem').exists()).toBe(false) // the list closed
    await count.trigger('click')
    await bar.findAll('.status-problem').find((i) => i.text().includes('topology.links[1]'))!.trigger('click')
    expect(project.selection).toMatchObject({ nodes: [], links: ['l2'] })
    expect(useUiStore().marked?.id).toBe('l2')
    expect(useRunStore().focus).toBeNull()
  })
})
