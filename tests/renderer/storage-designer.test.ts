// The experiment designer for storage (issue 11): the block workload with typed fields from its
// catalog parameters (pattern as a choice list, sizes with units, counts), clients among the VMs
// that have a virtual disk, no servers or access pattern; turning a workload into a block one keeps
// what still applies; a new experiment on a storage-only topology starts with a block workload.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { BLOCK_PARAMS, COMMON_WORKLOAD_PARAMS } from '../../core/models/workload-kinds'
import type { Project } from '../../core/project'
import { validateProject } from '../../core/project'
import { changeWorkloadKind, newExperiment, vmsWithDisk } from '../../renderer/src/features/experiments/experiment-changes'
import ExperimentsPanel from '../../renderer/src/features/experiments/ExperimentsPanel.vue'
import { sweepPathOptions } from '../../renderer/src/features/experiments/param-paths'
import { VDISK_PARAMS } from '../../core/models/storage/vdisk/params'
import { applyChange } from '../../renderer/src/model/changes'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { sampleProject } from './sample-project'
import { storageProject } from './storage-project'

let project: ReturnType<typeof useProjectStore>
let history: ReturnType<typeof useHistoryStore>

/** The storage project with a third VM that has no virtual disk. */
function withDisklessVm(): Project {
  const p = storageProject()
  return { ...p, topology: { ...p.topology, nodes: [...p.topology.nodes, { id: 'vm-3', kind: 'vm', name: 'vm-3', host: 'host-a', position: { x: 400, y: 48 }, params: {} }] } } as Project
}

beforeEach(() => {
  setActivePinia(createPinia())
  project = useProjectStore()
  history = useHistoryStore()
  project.replace(withDisklessVm())
})

const workload = () => project.doc.experiments[0].workloads[0]

describe('the block workload in the designer', () => {
  it('shows typed fields from the catalog: the pattern as a choice list, sizes with units, counts', async () => {
    const w = mount(ExperimentsPanel)
    await flushPromises()
    const rows = w.findAll('.lab-param-row')
    expect(rows.map((r) => r.find('label').text())).toEqual([...BLOCK_PARAMS, ...COMMON_WORKLOAD_PARAMS].map((s) => s.label))
    const pattern = w.find('#wl-fio-block-pattern')
    expect(pattern.element.tagName).toBe('SELECT')
    expect(pattern.findAll('option').map((o) => o.text())).toEqual(['read', 'write', 'randread', 'randwrite', 'rw', 'randrw'])
    expect((pattern.element as HTMLSelectElement).value).toBe('randread')
    const bs = w.find('#wl-fio-block-blockSize')
    expect(bs.attributes('placeholder')).toBe('4KiB')
    expect(bs.element.closest('.lab-param-row')?.querySelector('.lab-unit')?.textContent).toBe('bytes')
    expect(w.find('#wl-fio-block-thinkTime').element.closest('.lab-param-row')?.querySelector('.lab-unit')?.textContent).toBe('time')
    expect((w.find('#wl-fio-block-queueDepth').element as HTMLInputElement).value).toBe('4')
    // typed values go into the workload's params, one undoable record each
    await bs.setValue('16KiB')
    await bs.trigger('change')
    expect(workload().params).toMatchObject({ blockSize: '16KiB' })
    await pattern.setValue('randrw')
    await pattern.trigger('change')
    expect(workload().params.pattern).toBe('randrw')
    history.undo()
    expect(workload().params.pattern).toBe('randread')
    // a value the parameter refuses says why, at once
    await bs.setValue('100B')
    await bs.trigger('change')
    expect(w.find('#wl-fio-block-blockSize').element.closest('.lab-param-row')?.querySelector('.lab-problem')?.textContent).toMatch(/Block size/)
  })

  it('picks clients among the VMs with a virtual disk, with no servers or access pattern', async () => {
    const w = mount(ExperimentsPanel)
    await flushPromises()
    const picker = w.findAll('fieldset.lab-picker')
    expect(picker).toHaveLength(1)
    expect(picker[0].find('legend').text()).toBe('Clients of block (VMs with a virtual disk)')
    expect(picker[0].findAll('label').map((l) => l.text())).toEqual(['vm-1 (virtual disk on nvme-1)', 'vm-2 (virtual disk on ssd-1)'])
    expect(w.find('#wl-fio-block-pattern').exists()).toBe(true) // the fio pattern parameter …
    expect(w.findAll('.lab-field label').map((l) => l.text())).not.toContain('Pattern') // … but no access pattern
    await picker[0].findAll('input')[1].setValue(false)
    expect(workload().clients).toBe('vm-1')
    expect(validateProject(project.doc).problems).toEqual([])
  })

  it('turns a ping into a block workload on the VMs with a virtual disk, and back', () => {
    const doc = withDisklessVm()
    const ping = { ...doc, experiments: [{ ...doc.experiments[0], workloads: [{ id: 'w', kind: 'ping', clients: ['vm-3', 'vm-2'], servers: 'vm-1', pattern: 'n,n:1x1', params: { probeBytes: 128, activeFlows: 1 } }] }] } as Project
    const change = changeWorkloadKind(ping, 'fio', 'w', 'block')
    expect(change).not.toBeNull()
    const next = applyChange(ping, change!)
    // vm-3 has no virtual disk; servers, the pattern and ping's parameters go; the common ones stay
    expect(next.experiments[0].workloads[0]).toEqual({ id: 'w', kind: 'block', clients: 'vm-2', params: { activeFlows: 1 } })
    expect(changeWorkloadKind(next, 'fio', 'w', 'block')).toBeNull()
    const none = { ...ping, experiments: [{ ...ping.experiments[0], workloads: [{ id: 'w', kind: 'ping', clients: 'vm-3', params: {} }] }] } as Project
    expect(applyChange(none, changeWorkloadKind(none, 'fio', 'w', 'block')!).experiments[0].workloads[0].clients).toEqual(['vm-1', 'vm-2'])
    const back = applyChange(next, changeWorkloadKind(next, 'fio', 'w', 'stream')!)
    expect(back.experiments[0].workloads[0]).toEqual({ id: 'w', kind: 'stream', clients: 'vm-2', params: { activeFlows: 1 } })
  })

  it('changes the kind from the select as one record', async () => {
    const doc = withDisklessVm()
    project.replace({ ...doc, experiments: [{ ...doc.experiments[0], workloads: [{ id: 'w', kind: 'ping', clients: 'vm-1', servers: 'vm-2', params: {} }] }] } as Project)
    const w = mount(ExperimentsPanel)
    await flushPromises()
    const kind = w.find('#wl-fio-w-kind')
    expect(kind.findAll('option').map((o) => o.text())).toContain('block — Block I/O (fio)')
    await kind.setValue('block')
    await flushPromises()
    expect(workload()).toEqual({ id: 'w', kind: 'block', clients: 'vm-1', params: {} })
    expect(w.find('#wl-fio-w-pattern').exists()).toBe(true)
    history.undo()
    expect(workload().kind).toBe('ping')
  })

  it('starts a new experiment on a storage-only topology with a block workload, else with a ping', () => {
    expect(vmsWithDisk(project.doc)).toEqual([{ vm: 'vm-1', device: 'nvme-1' }, { vm: 'vm-2', device: 'ssd-1' }])
    expect(newExperiment(project.doc).workloads).toEqual([{ id: 'block', kind: 'block', clients: ['vm-1', 'vm-2'], params: {} }])
    expect(newExperiment(sampleProject()).workloads[0].kind).toBe('ping')
  })

  it('says so when no VM has a virtual disk yet', async () => {
    const doc = withDisklessVm()
    project.replace({ ...doc, topology: { ...doc.topology, attachments: [] }, experiments: [{ ...doc.experiments[0], workloads: [{ id: 'b', kind: 'block', params: {} }] }] } as Project)
    const w = mount(ExperimentsPanel)
    await flushPromises()
    expect(w.find('fieldset.lab-picker .lab-note').text()).toBe('No VM has a virtual disk yet: connect a VM to a disk, SSD, NVMe device or storage array on the canvas.')
  })

  it('offers the block workload\'s parameters and the virtual disks\' for a sweep', () => {
    const options = sweepPathOptions(project.doc, 'fio')
    const byPath = new Map(options.map((o) => [o.path, o]))
    // every block parameter, set or not, with its hint and current value; no servers for a serverless workload
    expect(byPath.get('experiments.fio.workloads.block.params.queueDepth')).toMatchObject({ label: 'block · Queue depth (per job)', current: 4, hint: 'whole numbers, e.g. 1, 2, 4, 8' })
    expect(byPath.get('experiments.fio.workloads.block.params.blockSize')).toMatchObject({ current: 4096, hint: 'sizes such as 64B, 4KiB' })
    expect(byPath.get('experiments.fio.workloads.block.params.pattern')?.hint).toBe('one of read, write, randread, randwrite, rw, randrw')
    expect(byPath.has('experiments.fio.workloads.block.servers')).toBe(false)
    // a virtual disk's technique among its device's, and its parameters
    expect(byPath.get('topology.attachments.d1.technique')?.hint).toBe('techniques: native, emulated, paravirtual, passthrough, sriov, scalable-io')
    for (const p of VDISK_PARAMS) expect(byPath.get(`topology.attachments.d1.params.${p.key}`)?.group).toBe('Virtual disk d1')
    expect(options.filter((o) => o.path.startsWith('topology.attachments.d2.params.'))).toHaveLength(VDISK_PARAMS.length)
  })
})
