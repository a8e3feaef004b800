// The inspector of a virtual disk (issue 11): an attachment to a storage device shows a "Virtual disk"
// section generated from the virtual-disk parameters (typed fields with units, choice lists, on/off,
// defaults, reset, variables), its RAID members as a multi-select of the host's storage devices, and
// problems of its parameters under their fields and as status-bar entries that select it.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { ParamSpec } from '../../core/models/catalog'
import { VDISK_PARAMS } from '../../core/models/storage/vdisk/params'
import type { Attachment } from '../../core/project'
import InspectorPanel from '../../renderer/src/features/inspector/InspectorPanel.vue'
import VirtualDiskSection from '../../renderer/src/features/inspector/VirtualDiskSection.vue'
import StatusBar from '../../renderer/src/features/shell/StatusBar.vue'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { storageProject } from './storage-project'

let project: ReturnType<typeof useProjectStore>
let history: ReturnType<typeof useHistoryStore>

beforeEach(() => {
  setActivePinia(createPinia())
  project = useProjectStore()
  history = useHistoryStore()
  project.replace(storageProject())
})

/** Specs of the project-file contract's shapes (the catalog's own list lives on the storage branches). */
const SPECS: readonly ParamSpec[] = [
  { key: 'paravirtDriver', label: 'Paravirtual disk driver', dimension: 'enum', options: ['blkfront', 'virtio-blk'], default: 'virtio-blk', group: 'Front end', doc: 'protocol', source: 'test', sourceKind: 'assumption' },
  { key: 'coalesceTimeout', label: 'Coalescing timeout', dimension: 'duration', default: 0, min: 0, integer: true, group: 'Front end', doc: 'vIC timeout', source: 'test', sourceKind: 'assumption' },
  { key: 'interpose', label: 'Interposition', dimension: 'enum', options: ['none', 'encryption', 'replication'], default: 'none', group: 'Interposition', doc: 'stage', source: 'test', sourceKind: 'assumption' },
  { key: 'aesInstructions', label: 'AES instructions', dimension: 'boolean', default: true, group: 'Interposition', doc: 'AES-NI', source: 'test', sourceKind: 'assumption' },
  { key: 'cacheBytes', label: 'Cache size', dimension: 'size', default: 256 * 1024 * 1024, min: 4096, group: 'Buffer cache', doc: 'size', source: 'test', sourceKind: 'assumption' }
]

function mountSection(attachment: Attachment, specs: readonly ParamSpec[] = SPECS) {
  const index = project.doc.topology.attachments.findIndex((a) => a.id === attachment.id)
  return mount(VirtualDiskSection, { props: { attachment, path: ['topology', 'attachments', index], specs } })
}

const disk = (id: string): Attachment => project.doc.topology.attachments.find((a) => a.id === id) as Attachment

describe('the Virtual disk section', () => {
  it('is shown for an attachment to a storage device, and only there', async () => {
    const wrapper = mount(InspectorPanel)
    project.select({ attachments: ['d1'] })
    await flushPromises()
    expect(wrapper.find('h3.section-title').text()).toBe('Virtual disk')
    expect(wrapper.find('.element-header .description').text()).toContain('NVMe SSD nvme-1 as its virtual disk')
    // every catalog parameter of a virtual disk has its field (the front and back ends' lists, when merged)
    for (const spec of VDISK_PARAMS) expect(wrapper.find(`#vdisk-d1-${spec.key}`).exists(), spec.key).toBe(true)
    project.replace({ ...storageProject(), topology: { ...storageProject().topology, attachments: [] } })
    const doc = project.doc
    project.replace({ ...doc, topology: { ...doc.topology, nodes: [...doc.topology.nodes, { id: 'vm-3', kind: 'vm', name: 'vm-3', host: 'host-a', position: { x: 0, y: 0 }, params: {} }], attachments: [{ id: 'n1', vm: 'vm-3', device: 'nic-1', technique: 'paravirtual' }] } })
    project.select({ attachments: ['n1'] })
    await flushPromises()
    expect(wrapper.find('.virtual-disk').exists()).toBe(false)
  })

  it('offers the techniques of the device kind from the catalog\'s attach rules', async () => {
    const wrapper = mount(InspectorPanel)
    project.select({ attachments: ['d1'] })
    await flushPromises()
    const options = wrapper.findAll('#technique-d1 option').map((o) => o.attributes('value'))
    expect(options).toEqual(['native', 'emulated', 'paravirtual', 'passthrough', 'sriov', 'scalable-io'])
    project.select({ attachments: ['d2'] })
    await flushPromises()
    // an SSD has no virtual functions, but a simple controller VPIO can hand over
    expect(wrapper.findAll('#technique-d2 option').map((o) => o.attributes('value'))).toEqual(['native', 'emulated', 'paravirtual', 'passthrough', 'vpio', 'scalable-io'])
  })

  it('generates typed fields by group: choice lists, on/off, units and defaults as placeholders', () => {
    const wrapper = mountSection(disk('d1'))
    expect(wrapper.findAll('summary').map((s) => s.text())).toEqual(['Front end', 'Interposition', 'Buffer cache'])
    const interpose = wrapper.find('#vdisk-d1-interpose')
    expect(interpose.element.tagName).toBe('SELECT')
    expect(interpose.findAll('option').map((o) => o.text())).toEqual(['default (none)', 'none', 'encryption', 'replication'])
    expect(wrapper.find('#vdisk-d1-aesInstructions').findAll('option').map((o) => o.text())).toEqual(['default (yes)', 'yes', 'no'])
    expect(wrapper.find('#vdisk-d1-cacheBytes').attributes('placeholder')).toBe('256MiB')
    expect(wrapper.find('#vdisk-d1-cacheBytes').element.closest('.field')?.querySelector('.unit')?.textContent).toBe('bytes')
    expect(wrapper.find('#vdisk-d1-coalesceTimeout').element.closest('.field')?.getAttribute('title')).toContain('Source: test')
    // groups with a choice start open; cost-only groups stay closed until they have a value
    expect(wrapper.findAll('details').map((d) => (d.element as HTMLDetailsElement).open)).toEqual([true, true, false])
  })

  it('stores an edit in the attachment\'s params as one undoable record, with a reset to the default', async () => {
    const wrapper = mountSection(disk('d1'))
    await wrapper.find('#vdisk-d1-interpose').setValue('encryption')
    await wrapper.find('#vdisk-d1-interpose').trigger('change')
    expect(disk('d1').params).toEqual({ interpose: 'encryption' })
    expect(history.undoLabel).toBe('Set interpose of virtual disk d1')
    const typed = wrapper.find('#vdisk-d1-cacheBytes')
    await typed.setValue('64 MiB')
    await typed.trigger('change')
    expect(disk('d1').params).toEqual({ interpose: 'encryption', cacheBytes: '64MiB' })
    history.undo()
    expect(disk('d1').params).toEqual({ interpose: 'encryption' })
    await wrapper.setProps({ attachment: disk('d1') })
    const reset = wrapper.find('button[aria-label="Reset Interposition to its default"]')
    expect(reset.exists()).toBe(true)
    await reset.trigger('click')
    expect(disk('d1').params).toEqual({})
  })

  it('shows a variable as "$name" and says when the guest drives the device itself', async () => {
    project.replace({ ...storageProject(), variables: { stage: 'encryption' } })
    const doc = project.doc
    const att = { ...doc.topology.attachments[0], params: { interpose: { var: 'stage' } } } as Attachment
    project.replace({ ...doc, topology: { ...doc.topology, attachments: [att, doc.topology.attachments[1]] } })
    const wrapper = mountSection(disk('d1'))
    expect((wrapper.find('#vdisk-d1-interpose').element as HTMLSelectElement).value).toBe('$stage')
    expect(wrapper.find('.virtual-disk > .description').text()).toMatch(/sriov the guest drives the device itself/)
    expect(wrapper.findAll('details').map((d) => (d.element as HTMLDetailsElement).open)).toEqual([true, true, false])
    await wrapper.setProps({ attachment: { ...disk('d1'), params: { cacheBytes: '1GiB' } } })
    expect(wrapper.findAll('details').map((d) => (d.element as HTMLDetailsElement).open)).toEqual([true, true, true])
    expect(wrapper.find('details[data-group="Buffer cache"] summary').text()).toBe('Buffer cache · 1 set')
  })

  it('lists keys the catalog does not know with their problem, and removes them', async () => {
    const doc = project.doc
    project.replace({ ...doc, topology: { ...doc.topology, attachments: [{ ...doc.topology.attachments[0], params: { bogus: 3 } }, doc.topology.attachments[1]] } })
    project.validateNow()
    const wrapper = mountSection(disk('d1'))
    const row = wrapper.find('.virtual-disk > .field.invalid')
    expect(row.text()).toContain('bogus = 3')
    expect(row.find('.field-problem').text()).toBe(project.problemsByPath.get('$.topology.attachments[0].params.bogus')![0].message)
    await row.find('button').trigger('click')
    expect(disk('d1').params).toEqual({})
  })

  it('picks RAID members among the other storage devices of the VM\'s host and the storage arrays', async () => {
    const wrapper = mountSection(disk('d1'))
    const boxes = () => wrapper.findAll('.raid-members input[type="checkbox"]')
    // ssd-1 is on host-a with vm-1, array-1 is reached over the network; disk-b is on another host
    expect(boxes().map((b) => b.attributes('data-member'))).toEqual(['ssd-1', 'array-1'])
    await boxes()[1].setValue(true)
    expect(disk('d1').devices).toEqual(['array-1'])
    await wrapper.setProps({ attachment: disk('d1') })
    await boxes()[0].setValue(true)
    expect(disk('d1').devices).toEqual(['ssd-1', 'array-1'])
    await wrapper.setProps({ attachment: disk('d1') })
    project.validateNow()
    await flushPromises()
    // members without "raid" or replication are allowed (the disk lives on its first member): no line under the field
    const problems = [...project.problemsByPath].filter(([k]) => k.startsWith('$.topology.attachments[0].devices')).flatMap(([, l]) => l.map((p) => p.message))
    expect(problems).toEqual([])
    expect(wrapper.find('.raid-members .field-problem').exists()).toBe(false)
    await boxes()[0].setValue(false)
    await wrapper.setProps({ attachment: disk('d1') })
    await boxes()[1].setValue(false)
    expect(disk('d1')).not.toHaveProperty('devices')
    history.undo()
    expect(disk('d1').devices).toEqual(['array-1'])
  })
})

describe('problems of a virtual disk', () => {
  it('lead from the status bar to the attachment, which shows the problem under the field', async () => {
    const doc = project.doc
    project.replace({ ...doc, topology: { ...doc.topology, attachments: [doc.topology.attachments[0], { ...doc.topology.attachments[1], params: { bogus: 'x' } }] } })
    project.validateNow()
    await flushPromises()
    const bar = mount(StatusBar)
    const inspector = mount(InspectorPanel)
    await bar.find('button.status-problems').trigger('click')
    const entry = bar.findAll('button.status-problem').find((b) => b.text().includes('attachments[1].params.bogus'))
    expect(entry).toBeDefined()
    await entry!.trigger('click')
    await flushPromises()
    expect(project.selection.attachments).toEqual(['d2'])
    expect(inspector.find('h2').text()).toBe('Attachment d2')
    expect(inspector.find('.virtual-disk .field.invalid .field-problem').text()).toContain('bogus')
  })
})
