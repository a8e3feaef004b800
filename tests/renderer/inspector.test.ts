// Mounts the Inspector on a selection and edits through it: typed fields with units, defaults as
// placeholders, sources as tooltips, problems of the one validation under the field they concern,
// id checks, placement and techniques — each edit one undoable record.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { paramSpec } from '../../core/models/catalog'
import InspectorPanel from '../../renderer/src/features/inspector/InspectorPanel.vue'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { sampleProject } from './sample-project'

let project: ReturnType<typeof useProjectStore>
let history: ReturnType<typeof useHistoryStore>

beforeEach(() => {
  const pinia = createPinia()
  setActivePinia(pinia)
  project = useProjectStore()
  history = useHistoryStore()
  project.replace(sampleProject())
})

async function inspect(selection: Parameters<typeof project.select>[0]) {
  const wrapper = mount(InspectorPanel)
  project.select(selection)
  await flushPromises()
  return wrapper
}

async function type(wrapper: Awaited<ReturnType<typeof inspect>>, selector: string, text: string) {
  const input = wrapper.find(selector)
  await input.setValue(text)
  await input.trigger('change')
  await flushPromises()
}

describe('Inspector', () => {
  it('is the region named Inspector and shows the project when nothing is selected', async () => {
    const wrapper = await inspect({})
    expect(wrapper.find('[role="region"]').attributes('aria-label')).toBe('Inspector')
    expect(wrapper.find('h2').text()).toBe('Project sample')
  })

  it('shows a component\'s parameters by group, defaults as placeholders, sources as tooltips', async () => {
    const wrapper = await inspect({ nodes: ['host-a'] })
    expect(wrapper.find('h2').text()).toBe('Host host-a')
    expect(wrapper.findAll('summary').map((s) => s.text())).toContain('CPU scheduler')
    const clock = wrapper.find('#param-nodes-host-a-clock')
    expect((clock.element as HTMLInputElement).value).toBe('2.8GHz')
    const slice = wrapper.find('#param-nodes-host-a-schedulerTimeslice')
    expect(slice.attributes('placeholder')).toBe('30ms')
    expect(slice.element.closest('.field')?.getAttribute('title')).toContain(`Source: ${paramSpec('host', 'schedulerTimeslice')!.source}`)
  })

  it('stores a value typed with a unit canonically, as one undoable record', async () => {
    const wrapper = await inspect({ nodes: ['host-a'] })
    await type(wrapper, '#param-nodes-host-a-schedulerTimeslice', '10000 us')
    expect(project.doc.topology.nodes[0].params.schedulerTimeslice).toBe('10ms')
    expect((wrapper.find('#param-nodes-host-a-schedulerTimeslice').element as HTMLInputElement).value).toBe('10ms')
    expect(history.undoLabel).toBe('Set schedulerTimeslice of host-a')
    history.undo()
    await flushPromises()
    expect(project.doc.topology.nodes[0].params).not.toHaveProperty('schedulerTimeslice')
    expect((wrapper.find('#param-nodes-host-a-schedulerTimeslice').element as HTMLInputElement).value).toBe('')
  })

  it('shows the validation\'s message under the field it is about', async () => {
    const wrapper = await inspect({ nodes: ['host-a'] })
    const field = wrapper.find('#param-nodes-host-a-clock')
    ;(field.element as HTMLInputElement).value = 'fast' // typing, not yet committed
    await field.trigger('input')
    expect(wrapper.find('#param-nodes-host-a-clock-msg').text()).toMatch(/not a frequency/) // while typing
    await field.trigger('change')
    project.validateNow()
    await flushPromises()
    const message = wrapper.find('#param-nodes-host-a-clock-msg')
    expect(message.text()).toBe(project.problemsByPath.get('$.topology.nodes[0].params.clock')![0].message)
    expect(field.attributes('aria-invalid')).toBe('true')
  })

  it('checks a new id as it is typed and renames every reference when it is committed', async () => {
    const wrapper = await inspect({ nodes: ['vm-1'] })
    const id = wrapper.find('#id-nodes-vm-1')
    ;(id.element as HTMLInputElement).value = 'vm-2'
    await id.trigger('input')
    expect(wrapper.find('#id-nodes-vm-1-msg').text()).toBe('the id "vm-2" is already used by another component')
    await id.trigger('change')
    expect(project.doc.topology.nodes[2].id).toBe('vm-1')
    await type(wrapper, '#id-nodes-vm-1', 'guest')
    expect(project.doc.topology.attachments[0].vm).toBe('guest')
    expect(project.selection.nodes).toEqual(['guest'])
  })

  it('places a component on a host chosen from a list', async () => {
    const wrapper = await inspect({ nodes: ['vm-1'] })
    const select = wrapper.find('#host-vm-1')
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['', 'host-a', 'host-b'])
    await select.setValue('host-b')
    expect(project.doc.topology.nodes[2].host).toBe('host-b')
  })

  it('offers an attachment only the techniques its device allows', async () => {
    const wrapper = await inspect({ attachments: ['a1'] })
    const select = wrapper.find('#technique-a1')
    // An NP-NIC: pass-through is modelled for commodity NICs only (core/models/attach-rules.ts).
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['native', 'paravirtual', 'self-virtualized'])
    await select.setValue('paravirtual')
    expect(project.doc.topology.attachments[0].technique).toBe('paravirtual')
    expect(history.undoLabel).toBe('Set technique of a1')
  })

  it('offers a link only the kinds allowed between its ends', async () => {
    const wrapper = await inspect({ links: ['l1'] })
    expect(wrapper.find('#link-kind-l1').findAll('option').map((o) => o.attributes('value'))).toEqual(['ethernet'])
    await type(wrapper, '#param-links-l1-bandwidth', '100Mbps')
    expect(project.doc.topology.links[0].params.bandwidth).toBe('100Mbps')
  })

  it('connects without a mouse: the components this one may join, with what each would make', async () => {
    const wrapper = await inspect({ nodes: ['vm-1'] })
    const select = wrapper.find('#connect-vm-1')
    const options = select.findAll('option').map((o) => [o.attributes('value'), o.text()])
    // np-1 is attached already, another VM cannot be joined, the host it is on places nothing new
    expect(options).toEqual([['', '— choose a component —'], ['host-b', 'host-b — place on host'], ['nic-1', 'nic-1 — attach (paravirtual)']])
    await select.setValue('nic-1')
    await wrapper.find('.connect-field button').trigger('click')
    expect(project.doc.topology.attachments.map((a) => [a.vm, a.device, a.technique])).toContainEqual(['vm-1', 'nic-1', 'paravirtual'])
    history.undo()
    expect(project.doc.topology.attachments).toHaveLength(2)
    const np = await inspect({ nodes: ['np-1'] })
    expect(np.find('#connect-np-1').findAll('option').map((o) => o.text()).slice(1)).toEqual(['host-b — place on host', 'vm-2 — attach (self-virtualized)', 'nic-1 — Ethernet link'])
  })

  it('lists a VM\'s attachments, each selecting it', async () => {
    const wrapper = await inspect({ nodes: ['vm-1'] })
    const button = wrapper.find('.attachment-list button')
    expect(button.text()).toBe('np-1 (self-virtualized)')
    await button.trigger('click')
    expect(project.selection).toMatchObject({ nodes: [], attachments: ['a1'] })
  })

  it('summarises a multiple selection', async () => {
    const wrapper = await inspect({ nodes: ['vm-1', 'vm-2'], links: ['l1'] })
    expect(wrapper.find('h2').text()).toBe('3 elements selected')
  })
})
