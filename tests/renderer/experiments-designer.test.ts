// The experiment designer: every edit a change record in the editor's history (so undo/redo covers
// it), durations with units, workloads with VM pickers, sweeps with zipped paths and cartesian axes,
// the number of runs shown live, and the path picker's catalog of parameters.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Project } from '../../core/project'
import {
  addExperiment, duplicateExperiment, newExperiment, readPath, removeExperiment, renameExperiment, renameWorkload, setPathChange
} from '../../renderer/src/features/experiments/experiment-changes'
import ExperimentsPanel from '../../renderer/src/features/experiments/ExperimentsPanel.vue'
import { parseValues, sweepPathOptions } from '../../renderer/src/features/experiments/param-paths'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { useRunStore } from '../../renderer/src/stores/run'
import { sampleProject } from './sample-project'

let project: ReturnType<typeof useProjectStore>
let history: ReturnType<typeof useHistoryStore>

beforeEach(() => {
  setActivePinia(createPinia())
  project = useProjectStore()
  history = useHistoryStore()
  project.replace(sampleProject())
})

const exp = (): Project['experiments'][number] => project.doc.experiments[0]

async function type(w: VueWrapper, selector: string, text: string): Promise<void> {
  const input = w.find(selector)
  if (!input.exists()) throw new Error(`nothing matches ${selector}`)
  await input.setValue(text)
  await input.trigger('change')
  await flushPromises()
}

const button = (w: VueWrapper, name: string) => {
  const b = w.findAll('button').find((x) => x.text() === name || x.attributes('aria-label') === name)
  if (!b) throw new Error(`no button named ${name}`)
  return b
}

describe('experiment change records', () => {
  it('read and set by id paths, and are null when nothing changes', () => {
    const doc = project.doc
    expect(readPath(doc, 'experiments.e1.workloads.w.servers')).toBe('vm-2')
    expect(setPathChange(doc, 'experiments.e1.duration', '1s')).toBeNull()
    expect(setPathChange(doc, 'experiments.e1.duration', '5s')).toEqual({ type: 'set-path', path: 'experiments.e1.duration', from: '1s', to: '5s' })
  })

  it('add, duplicate, rename and remove experiments; sweep paths that name them follow', () => {
    const doc = { ...project.doc, experiments: [{ ...project.doc.experiments[0], sweep: [{ 'experiments.e1.workloads.w.params.probeBytes': [64, 128] }] }] } as Project
    const added = newExperiment(doc)
    expect(added).toMatchObject({ id: 'experiment', duration: '1s', replications: 3, workloads: [{ kind: 'ping', clients: 'vm-1', servers: 'vm-2' }] })
    expect((addExperiment(doc, added) as { to: unknown[] }).to).toHaveLength(2)
    const dup = duplicateExperiment(doc, 'e1') as { to: Project['experiments'] }
    expect(dup.to[1].id).toBe('e1-copy')
    expect(Object.keys(dup.to[1].sweep[0])).toEqual(['experiments.e1-copy.workloads.w.params.probeBytes'])
    const renamed = renameExperiment(doc, 'e1', 'lat') as { to: Project['experiments'] }
    expect(Object.keys(renamed.to[0].sweep[0])).toEqual(['experiments.lat.workloads.w.params.probeBytes'])
    expect(renameExperiment(doc, 'e1', 'bad id')).toMatch(/letters, digits/)
    expect(renameExperiment({ ...doc, experiments: [...doc.experiments, added] } as Project, 'e1', 'experiment')).toBe('there is already an experiment "experiment"')
    const wl = renameWorkload(doc, 'e1', 'w', 'probe') as { to: Project['experiments'][number] }
    expect(Object.keys(wl.to.sweep[0])).toEqual(['experiments.e1.workloads.probe.params.probeBytes'])
    expect((removeExperiment(doc, 'e1') as { to: unknown[] }).to).toEqual([])
    expect(removeExperiment(doc, 'nope')).toBeNull()
  })

  it('parse value lists: numbers, booleans, texts with units', () => {
    expect(parseValues('1, 2,4 , 8')).toEqual([1, 2, 4, 8])
    expect(parseValues('10us, 1ms, true, self-virtualized, 1e3, ')).toEqual(['10us', '1ms', true, 'self-virtualized', 1000])
  })

  it('offer variables, the experiment, attachments and every catalog parameter as sweep paths', () => {
    const options = sweepPathOptions(project.doc, 'e1')
    const paths = options.map((o) => o.path)
    expect(paths).toContain('variables.guests')
    expect(paths).toContain('experiments.e1.duration')
    expect(paths).toContain('topology.attachments.a1.technique')
    expect(paths.filter((p) => p.startsWith('topology.nodes.host-a.params.')).length).toBeGreaterThan(5)
    expect(paths.some((p) => p.startsWith('topology.links.l2.params.'))).toBe(true)
    expect(options.find((o) => o.path === 'variables.guests')?.current).toBe(1)
  })
})

describe('Experiment designer', () => {
  it('lists experiments with their runs and adds one as an undoable step', async () => {
    const w = mount(ExperimentsPanel, { attachTo: document.body })
    expect(w.find('nav[aria-label="Experiments"]').text()).toContain('2 runs')
    await button(w, 'Add experiment').trigger('click')
    expect(project.doc.experiments.map((e) => e.id)).toEqual(['e1', 'experiment'])
    expect(useRunStore().focus).toBe('experiment')
    expect(history.undoLabel).toBe('Add experiment experiment')
    history.undo()
    await flushPromises()
    expect(project.doc.experiments.map((e) => e.id)).toEqual(['e1'])
    w.unmount()
  })

  it('edits duration and warm-up with units, refuses what it cannot read, and undo takes it back', async () => {
    const w = mount(ExperimentsPanel, { attachTo: document.body })
    await type(w, '#exp-e1-duration', '500ms')
    expect(exp().duration).toBe('500ms')
    expect(w.find('#exp-e1-duration-note').text()).toBe('= 500ms')
    await type(w, '#exp-e1-warmup', '2 parsecs')
    expect(exp().warmup).toBe(0)
    expect(w.find('#exp-e1-warmup-note').text()).not.toBe('')
    await type(w, '#exp-e1-replications', '5')
    expect(exp().replications).toBe(5)
    expect(w.find('[data-testid="run-count"]').text()).toBe('2 points × 5 replications = 10 runs')
    await type(w, '#exp-e1-max-wall', '30')
    expect(exp().stop.maxWallSeconds).toBe(30)
    await type(w, '#exp-e1-max-wall', '')
    expect(exp().stop.maxWallSeconds).toBeUndefined()
    // setting and clearing the wall-clock limit merged into one step that changed nothing
    history.undo()
    history.undo()
    expect([exp().replications, exp().duration]).toEqual([1, '500ms'])
    history.redo()
    expect(exp().replications).toBe(5)
    history.undo()
    history.undo()
    expect(exp().duration).toBe('1s')
    w.unmount()
  })

  it('edits a workload: kind, pattern, client and server VMs, parameters', async () => {
    const w = mount(ExperimentsPanel, { attachTo: document.body })
    await w.find('#wl-e1-w-kind').setValue('stream')
    expect(exp().workloads[0].kind).toBe('stream')
    await type(w, '#wl-e1-w-pattern', '2,2:1x1')
    expect(exp().workloads[0].pattern).toBe('2,2:1x1')
    const clients = w.findAll('fieldset').find((f) => f.find('legend').text() === 'Clients of w')
    const boxes = clients?.findAll('input[type="checkbox"]') ?? []
    expect(boxes.map((b) => (b.element as HTMLInputElement).checked)).toEqual([true, false])
    await boxes[1].setValue(true)
    expect(exp().workloads[0].clients).toEqual(['vm-1', 'vm-2'])
    await boxes[0].setValue(false)
    expect(exp().workloads[0].clients).toBe('vm-2')
    // Typed fields from the workload catalog: a stream shows its TCP window with a unit and its default.
    const window = w.find('#wl-e1-w-window')
    expect(window.attributes('placeholder')).toBe('65535B')
    expect(w.find('label[for="wl-e1-w-window"]').text()).toBe('TCP window')
    await window.setValue('10 parsecs')
    await window.trigger('change')
    expect(exp().workloads[0].params).toEqual({ window: '10 parsecs' })
    expect(w.text()).toMatch(/TCP window: "10 parsecs" is not a size/)
    await window.setValue('4MiB')
    await window.trigger('change')
    expect(exp().workloads[0].params).toEqual({ window: '4MiB' })
    await window.setValue('')
    await window.trigger('change')
    expect(exp().workloads[0].params).toEqual({})
    await button(w, 'Add a workload').trigger('click')
    expect(exp().workloads.map((x) => x.id)).toEqual(['w', 'ping'])
    await button(w, 'Remove workload ping').trigger('click')
    expect(exp().workloads).toHaveLength(1)
    w.unmount()
  })

  it('builds a sweep: zipped paths in an axis, axes multiplied, runs counted live', async () => {
    const w = mount(ExperimentsPanel, { attachTo: document.body })
    const count = () => w.find('[data-testid="run-count"]').text()
    expect(count()).toBe('2 points × 1 replication = 2 runs')
    await type(w, '#sweep-e1-0-0-values', '2GHz, 2.4GHz, 2.8GHz, 3GHz')
    expect(exp().sweep).toEqual([{ 'topology.nodes.host-a.params.clock': ['2GHz', '2.4GHz', '2.8GHz', '3GHz'] }])
    expect(count()).toBe('4 points × 1 replication = 4 runs')
    await button(w, 'Add a sweep axis').trigger('click')
    expect(Object.keys(exp().sweep[1])).toEqual(['variables.guests'])
    await type(w, '#sweep-e1-1-0-values', '1, 2, 4')
    expect(count()).toBe('12 points × 1 replication = 12 runs')
    await button(w, 'Add a zipped path').trigger('click')
    const zipped = Object.keys(exp().sweep[0])
    expect(zipped).toHaveLength(2)
    expect(exp().sweep[0][zipped[1]]).toHaveLength(4)
    await w.find('#sweep-e1-1-0-path').setValue('topology.attachments.a1.technique')
    expect(Object.keys(exp().sweep[1])).toEqual(['topology.attachments.a1.technique'])
    await button(w, 'Remove sweep axis 2').trigger('click')
    expect(exp().sweep).toHaveLength(1)
    expect(count()).toBe('4 points × 1 replication = 4 runs')
    w.unmount()
  })

  it('checks a sweep value against the parameter it now varies: a duration left on a technique path', async () => {
    const w = mount(ExperimentsPanel, { attachTo: document.body })
    await type(w, '#sweep-e1-0-0-values', '1s')
    await w.find('#sweep-e1-0-0-path').setValue('topology.attachments.a1.technique')
    expect(exp().sweep).toEqual([{ 'topology.attachments.a1.technique': ['1s'] }])
    project.validateNow()
    await flushPromises()
    expect(w.find('.lab-axis').text()).toMatch(/"1s".*not a technique for/)
    w.unmount()
  })

  it('shows the schema’s problems beside the sweep axis they concern', async () => {
    const w = mount(ExperimentsPanel, { attachTo: document.body })
    await type(w, '#sweep-e1-0-0-values', '2GHz, fast')
    project.validateNow()
    await flushPromises()
    expect(w.find('.lab-axis').text()).toMatch(/fast/)
    w.unmount()
  })
})
