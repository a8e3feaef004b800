// The experiment designer's timed schedules (issue 12) on examples/isolation-and-mobility.iovlab.json:
// live migrations and faults as rows — pickers from the topology, times with units — each edit an
// undoable change record, validation's problems beside the field at their JSON path, the per-technique
// notes of a migration (pass-through refused unless the guest fails over first), and the protection-off
// acknowledgement with the warning of what it lets through; the attack workload's parameters.
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { validateProject, type Project } from '../../core/project'
import ExperimentsPanel from '../../renderer/src/features/experiments/ExperimentsPanel.vue'
import { FAULTS, MIGRATIONS, migrationNotes, setRowField } from '../../renderer/src/features/experiments/schedules'
import { protectionsOff } from '../../renderer/src/features/experiments/protections'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { useRunStore } from '../../renderer/src/stores/run'

let project: ReturnType<typeof useProjectStore>
let history: ReturnType<typeof useHistoryStore>

const example = Object.values(import.meta.glob<unknown>('../../examples/isolation-and-mobility.iovlab.json', { eager: true, import: 'default' }))[0]

function loaded(): Project {
  const r = validateProject(structuredClone(example))
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'))
  return r.project
}

beforeEach(() => {
  setActivePinia(createPinia())
  project = useProjectStore()
  history = useHistoryStore()
  project.replace(loaded())
})

const exp = (id: string): Project['experiments'][number] => {
  const e = project.doc.experiments.find((x) => x.id === id)
  if (!e) throw new Error(`no experiment ${id}`)
  return e
}

function open(id: string): VueWrapper {
  useRunStore().focus = id
  return mount(ExperimentsPanel, { attachTo: document.body })
}

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

/** The example's Ethernet links in document order, and its hosts but the one holding `vm`: what the pickers must offer. */
const ethernetLinks = (): string[] => loaded().topology.links.filter((l) => l.kind === 'ethernet').map((l) => l.id)
const otherHosts = (vm: string): string[] => {
  const doc = loaded()
  const home = doc.topology.nodes.find((n) => n.id === vm)?.host
  return doc.topology.nodes.filter((n) => n.kind === 'host' && n.id !== home).map((n) => n.id)
}

const optionValues = (w: VueWrapper, selector: string): string[] => w.find(selector).findAll('option').map((o) => (o.element as HTMLOptionElement).value)

async function validate(): Promise<void> {
  project.validateNow()
  await flushPromises()
}

describe('Migrations editor', () => {
  it('shows the example\'s migration and edits it field by field, each an undoable step', async () => {
    const w = open('migration')
    const section = w.find('[data-schedule="migrations"]')
    expect(section.find('legend').text()).toBe('Migration 1: mover-vm → host-b at 1s')
    // VM picker: the topology's placed VMs; target picker: hosts other than the VM's
    expect(optionValues(w, '#migrations-migration-0-vm')).toContain('victim-vm')
    expect(optionValues(w, '#migrations-migration-0-to')).toEqual(otherHosts('mover-vm'))
    expect(optionValues(w, '#migrations-migration-0-to')).toContain('host-b')
    // link picker: the Ethernet links only, and the default (empty) first
    expect(optionValues(w, '#migrations-migration-0-link')).toEqual(['', ...ethernetLinks()])
    expect(optionValues(w, '#migrations-migration-0-link')).not.toContain('hg-a-dc') // InfiniBand

    await type(w, '#migrations-migration-0-at', '2s')
    expect(exp('migration').migrations).toEqual([{ vm: 'mover-vm', to: 'host-b', at: '2s' }])
    expect(w.find('#migrations-migration-0-at-note').text()).toBe('= 2s from the run\'s start')
    await type(w, '#migrations-migration-0-at', 'soon')
    expect(exp('migration').migrations?.[0].at).toBe('2s')
    expect(w.find('#migrations-migration-0-at-note').text()).not.toBe('')
    await w.find('#migrations-migration-0-link').setValue('nic-m-sw')
    expect(exp('migration').migrations?.[0].link).toBe('nic-m-sw')
    await w.find('#migrations-migration-0-link').setValue('')
    expect(exp('migration').migrations?.[0]).not.toHaveProperty('link')
    expect(history.undoLabel).toBe('Set link of migration 1 in migration')
    history.undo() // the link set and cleared: one step
    history.undo()
    expect(exp('migration').migrations?.[0].at).toBe('1s')
    history.redo()
    expect(exp('migration').migrations?.[0].at).toBe('2s')
    expect(project.dirty).toBe(true)
    w.unmount()
  })

  it('adds and removes rows; a VM moved to the target host is refused at its JSON path', async () => {
    const w = open('migration')
    await button(w, 'Add a migration').trigger('click')
    const rows = () => exp('migration').migrations ?? []
    expect(rows()).toHaveLength(2)
    // a new row: the first placed VM, a host it is not on, inside the measured period (warm-up + a tenth of the duration)
    expect(rows()[1]).toEqual({ vm: 'victim-vm', to: 'host-b', at: '1.1s' })
    // choosing a VM that lives on host-b moves the target to a host it is not on (one record)
    await w.find('#migrations-migration-1-vm').setValue('echo-b')
    expect(rows()[1]).toMatchObject({ vm: 'echo-b', to: 'host-a' })
    // an id the topology does not have shows as "not offered", with validation's sentence beside it
    history.dispatch(setRowField(project.doc, exp('migration'), MIGRATIONS, 1, 'to', 'host-z')!)
    await validate()
    expect(w.find('#migrations-migration-1-to').findAll('option')[0].text()).toBe('host-z (not offered)')
    expect(w.find('#migrations-migration-1-to-note').text()).toMatch(/"host-z" is not a host of the topology/)
    expect(w.find('#migrations-migration-1-to').attributes('aria-invalid')).toBe('true')
    await type(w, '#migrations-migration-1-at', '20s')
    await validate()
    expect(w.find('#migrations-migration-1-at-note').text()).toMatch(/at or after the run's end/)
    await button(w, 'Remove migration 2').trigger('click')
    expect(rows()).toHaveLength(1)
    await button(w, 'Remove migration 1').trigger('click')
    // the last row removed removes the field: the experiment pays nothing for it
    expect(exp('migration')).not.toHaveProperty('migrations')
    history.undo()
    expect(rows()).toHaveLength(1)
    w.unmount()
  })

  it('explains per technique: paravirtual migrates, pass-through needs a failover, and validation\'s refusal is shown with its fix', async () => {
    const doc = project.doc
    const row = { vm: 'mover-vm', to: 'host-b', at: '1s' }
    // the example sweeps the technique over paravirtual and pass-through, zipped with the failover
    const notes = migrationNotes(doc, exp('migration'), row).map((n) => n.text)
    expect(notes[0]).toMatch(/^mover-nic is paravirtual: the hypervisor mediates the device, so the VM migrates/)
    expect(notes[1]).toMatch(/^mover-nic is pass-through: .*with migrationFailover = bond-to-paravirtual \(at the points that set it: none, bond-to-paravirtual\) the guest's bond first fails over/)
    // without the zipped failover, pass-through is refused: the note offers the fix, validation says why
    const w = open('migration')
    const sweep = [{ 'variables.technique': ['paravirtual', 'passthrough'] }]
    history.dispatch({ type: 'set-path', path: 'experiments.migration.sweep', from: exp('migration').sweep, to: sweep })
    await validate()
    const section = w.find('[data-schedule="migrations"]')
    expect(section.text()).toMatch(/pass-through: its state lives in the device .* validation refuses this migration unless the guest first fails over/)
    expect(section.findAll('[role="alert"]').map((a) => a.text()).join('\n')).toMatch(/at the sweep point variables\.technique = "passthrough": .*attachment "mover-nic" is pass-through, whose state lives in the device.*"migrationFailover" to "bond-to-paravirtual"/)
    await button(w, 'Fail mover-vm over to paravirtual first').trigger('click')
    expect(project.doc.topology.nodes.find((n) => n.id === 'mover-vm')?.params.migrationFailover).toBe('bond-to-paravirtual')
    await validate()
    expect(w.find('[data-schedule="migrations"]').findAll('[role="alert"]')).toHaveLength(0)
    history.undo()
    expect(project.doc.topology.nodes.find((n) => n.id === 'mover-vm')?.params.migrationFailover).toBe('none')
    w.unmount()
  })
})

describe('Storage migrations editor', () => {
  it('shows the example\'s storage migration, reads sizes and rates with units, and each edit is an undoable step', async () => {
    const w = open('storage-migration')
    const rows = () => exp('storage-migration').storageMigrations ?? []
    const section = w.find('[data-schedule="storageMigrations"]')
    expect(section.find('legend').text()).toBe('Storage migration 1: store-vm → nvme-t at 20ms')
    // VM picker: only VMs with a virtual disk on a storage device; target: storage devices but the disk's own
    expect(optionValues(w, '#storageMigrations-storage-migration-0-vm')).toContain('store-vm')
    expect(optionValues(w, '#storageMigrations-storage-migration-0-vm')).not.toContain('mover-vm')
    const targets = optionValues(w, '#storageMigrations-storage-migration-0-to')
    expect(targets).toContain('nvme-t')
    expect(targets).not.toContain('nvme-s')
    expect(targets).not.toContain('nic-a')
    await type(w, '#storageMigrations-storage-migration-0-size', '32MiB')
    expect(rows()[0].size).toBe('32MiB')
    expect(w.find('#storageMigrations-storage-migration-0-size-note').text()).toMatch(/^= 32/)
    await type(w, '#storageMigrations-storage-migration-0-size', 'big')
    expect(rows()[0].size).toBe('32MiB')
    expect(w.find('#storageMigrations-storage-migration-0-size-note').text()).not.toBe('')
    await type(w, '#storageMigrations-storage-migration-0-rate', '')
    expect(rows()[0]).not.toHaveProperty('rate')
    history.undo()
    expect(rows()[0].rate).toBe('1Gbps')
    history.undo()
    expect(rows()[0].size).toBe('16MiB')
    await button(w, 'Add a storage migration').trigger('click')
    expect(rows()).toHaveLength(2)
    expect(rows()[1]).toMatchObject({ size: '64MiB' })
    await validate()
    w.unmount()
  })

  it('a migration of a VM whose disk is local is explained: refused unless a storage migration moves the disk to an array', () => {
    const doc = project.doc
    const e = exp('migration')
    const local = doc.topology.attachments.find((a) => a.vm === 'store-vm')
    expect(local).toBeDefined()
    const notes = migrationNotes(doc, e, { vm: 'store-vm', to: 'host-b', at: '1s' })
    expect(notes.some((n) => n.tone === 'warning' && /local to the source host — validation refuses the migration unless a storage migration/.test(n.text))).toBe(true)
  })
})

describe('Faults editor', () => {
  it('offers targets by kind, a loss rate only for packet loss, no until on a closing kind; undo takes each back', async () => {
    const w = open('faults')
    const rows = () => exp('faults').faults ?? []
    expect(w.find('[data-schedule="faults"]').findAll('legend').map((l) => l.text())).toEqual([
      'Fault 1: link-down of nic-a-sw at 52ms until 90ms', 'Fault 2: packet-loss of nic-b-sw at 0ms'
    ])
    expect(optionValues(w, '#faults-faults-0-target')).toEqual(ethernetLinks())
    expect(optionValues(w, '#faults-faults-0-target')).not.toContain('hg-a-dc')
    expect(w.find('#faults-faults-0-lossRate').exists()).toBe(false)
    expect((w.find('#faults-faults-1-lossRate').element as HTMLInputElement).value).toBe('0.001')
    await type(w, '#faults-faults-1-lossRate', '0.05')
    expect(rows()[1].lossRate).toBe(0.05)
    expect(w.find('#faults-faults-1-lossRate-note').text()).toBe('5 % of frames')
    await type(w, '#faults-faults-1-lossRate', '2')
    expect(rows()[1].lossRate).toBe(0.05)
    expect(w.find('#faults-faults-1-lossRate-note').text()).toBe('a number from 0 to 1')

    // a device failure: NICs and storage devices; the link target is replaced by the first NIC, the loss rate dropped
    await w.find('#faults-faults-1-kind').setValue('device-fail')
    expect(rows()[1]).toEqual({ at: '0ms', kind: 'device-fail', target: 'nic-a' })
    const failing = loaded().topology.nodes.filter((n) => ['nic', 'disk', 'ssd', 'nvme', 'storage-array'].includes(n.kind)).map((n) => n.id)
    expect(optionValues(w, '#faults-faults-1-target')).toEqual(failing)
    expect(failing).toEqual(expect.arrayContaining(['nic-a', 'nic-b', 'nvme-s', 'array']))
    await w.find('#faults-faults-1-kind').setValue('dc-fail')
    expect(rows()[1]).toEqual({ at: '0ms', kind: 'dc-fail', target: 'dc-a' })
    await type(w, '#faults-faults-1-until', '30ms')
    expect(rows()[1].until).toBe('30ms')
    await type(w, '#faults-faults-1-until', '')
    expect(rows()[1]).not.toHaveProperty('until')
    // a link-up ends the open link-down: it has no until
    await w.find('#faults-faults-0-kind').setValue('link-up')
    expect(rows()[0]).toEqual({ at: '52ms', kind: 'link-up', target: 'nic-a-sw' })
    expect(w.find('#faults-faults-0-until').exists()).toBe(false)
    await validate()
    expect(w.find('#faults-faults-0-kind-note').text()).toMatch(/there is no link-down of "nic-a-sw" without "until" before it to end/)
    history.undo()
    expect(rows()[0]).toEqual({ at: '52ms', kind: 'link-down', target: 'nic-a-sw', until: '90ms' })
    w.unmount()
  })

  it('adds a fault inside the run and shows an overlap at the row', async () => {
    const w = open('faults')
    await button(w, 'Add a fault').trigger('click')
    const rows = () => exp('faults').faults ?? []
    expect(rows()[2]).toEqual({ at: '30ms', kind: 'link-down', target: 'nic-a-sw' })
    await validate()
    // a link-down of nic-a-sw from 30 ms to the end: the one from 52 ms overlaps it (said at that row)
    const row = w.find('[data-schedule="faults"] [data-row="0"]')
    expect(row.findAll('[role="alert"]').map((a) => a.text()).join('\n')).toMatch(/overlaps fault 3, the same fault of the same target/)
    history.dispatch(setRowField(project.doc, exp('faults'), FAULTS, 2, 'target', 'sw')!)
    await validate()
    expect(w.find('#faults-faults-2-target-note').text()).toMatch(/there is no link "sw" \("sw" is a node; link-down needs an Ethernet link\)/)
    w.unmount()
  })
})

describe('Attacks and protections in the designer', () => {
  it('edits an attack workload: its kind, rate and bytes, attackers and victims', async () => {
    const w = open('rogue-dma')
    expect(w.find('#wl-rogue-dma-attack-kind').element).toHaveProperty('value', 'attack')
    expect(w.text()).toContain('Attackers of attack (clients)')
    expect(w.text()).toContain('Victims of attack (servers)')
    // the attack's own "kind" parameter has an id of its own (not the workload kind's)
    expect(w.findAll('#wl-rogue-dma-attack-kind')).toHaveLength(1)
    expect(optionValues(w, '#wl-rogue-dma-attack-param-kind')).toEqual(['rogue-dma', 'ring-tamper', 'forged-credential', 'replayed-credential', 'interrupt-storm', 'doorbell-flood', 'device-state'])
    const params = () => exp('rogue-dma').workloads.find((x) => x.id === 'attack')?.params
    await w.find('#wl-rogue-dma-attack-param-kind').setValue('device-state')
    expect(params()?.kind).toBe('device-state')
    await type(w, '#wl-rogue-dma-attack-rate', '5000')
    await type(w, '#wl-rogue-dma-attack-bytes', '64KiB')
    expect(params()).toMatchObject({ kind: 'device-state', rate: 5000, bytes: '64KiB' })
    history.undo()
    history.undo()
    expect(params()).toEqual({ kind: 'device-state', rate: 10000, bytes: '4KiB' })
    expect(w.find('label[for="wl-rogue-dma-attack-attemptCycles"]').text()).toBe('Attacker work per attempt')
    w.unmount()
  })

  it('adds an attack workload: a new workload made an attack has every attack parameter as a field', async () => {
    const w = open('migration')
    await button(w, 'Add a workload').trigger('click')
    const added = exp('migration').workloads.at(-1)!
    await w.find(`#wl-migration-${added.id}-kind`).setValue('attack')
    expect(exp('migration').workloads.at(-1)?.kind).toBe('attack')
    const labels = ['kind', 'rate', 'bytes', 'attemptCycles'].map((k) => w.find(`label[for="wl-migration-${added.id}-${k === 'kind' ? 'param-kind' : k}"]`).text())
    expect(labels).toEqual(['Attack', 'Attempts per second', 'Bytes per attempt', 'Attacker work per attempt'])
    expect(w.text()).toContain(`Victims of ${added.id} (servers)`)
    w.unmount()
  })

  it('warns of the protections an acknowledged experiment runs without, and refuses them without the acknowledgement', async () => {
    expect(protectionsOff(project.doc, 'rogue-dma')).toEqual([
      'experiment "rogue-dma" at the sweep point variables.iommu = "off", variables.iommuEnabled = false: attachment "rogue-nic": "passthrough" needs the IOMMU of host "host-a" to confine the guest\'s DMA; set the host\'s "iommuEnabled" to true'
    ])
    const w = open('rogue-dma')
    await validate()
    const box = w.find('[data-testid="protections"]')
    expect((box.find('#exp-rogue-dma-protection-off').element as HTMLInputElement).checked).toBe(true)
    expect(box.find('.lab-warning').text()).toMatch(/^Warning: .*"passthrough" needs the IOMMU of host "host-a"/)
    await box.find('#exp-rogue-dma-protection-off').setValue(false)
    expect(exp('rogue-dma')).not.toHaveProperty('protectionOffAcknowledged')
    await validate()
    const refused = w.find('[data-testid="protections"]').find('[role="alert"]')
    expect(refused.text()).toMatch(/needs the IOMMU of host "host-a" .* tick “Protection off on purpose” to study it\.$/)
    expect(refused.text()).not.toMatch(/protectionOffAcknowledged/)
    history.undo()
    expect(exp('rogue-dma').protectionOffAcknowledged).toBe(true)
    w.unmount()
  })
})

describe('A workload parameter from a variable', () => {
  it('shows the variable in a choice list and keeps it until another option is chosen', async () => {
    const w = open('forged-credential')
    const select = w.find('#wl-forged-credential-attack-param-kind')
    expect((select.element as HTMLSelectElement).value).toBe('$attackKind')
    expect(select.findAll('option')[0].text()).toBe('$attackKind (a variable)')
    await select.setValue('forged-credential')
    expect(exp('forged-credential').workloads.find((x) => x.id === 'attack')?.params?.kind).toBe('forged-credential')
    history.undo()
    expect(exp('forged-credential').workloads.find((x) => x.id === 'attack')?.params?.kind).toEqual({ var: 'attackKind' })
    w.unmount()
  })
})
