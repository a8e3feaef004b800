// The inspector and hardware profiles: a host shows a Profile select; with a profile, an empty
// field shows the profile's value, each field says whether its value is the profile's or set
// here, and "reset to profile" removes the override as one undoable record; a NIC follows its
// host's profile.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { paramSpec } from '../../core/models/catalog'
import { HOST_PROFILE_IDS } from '../../core/models/host/profiles'
import type { ProfiledValue } from '../../core/project'
import InspectorPanel from '../../renderer/src/features/inspector/InspectorPanel.vue'
import { effectivePlaceholder, fieldOrigin, originMarker, profileLookup, profileTitle, profiledText } from '../../renderer/src/features/inspector/profile-field'
import { useHistoryStore } from '../../renderer/src/stores/history'
import { useProjectStore } from '../../renderer/src/stores/project'
import { sampleProject } from './sample-project'

const clock = paramSpec('host', 'clock')!
const exit = paramSpec('host', 'vmExitCycles')!
const nehalemClock: ProfiledValue = { value: 2.93e9, profile: 'nehalem-2010', how: 'profile', source: 'Intel Xeon X5570 datasheet', sourceKind: 'measured' }

describe('profile field model', () => {
  it('says where a value comes from', () => {
    expect(fieldOrigin(undefined, undefined)).toBe('default')
    expect(fieldOrigin('3GHz', undefined)).toBe('set')
    expect(fieldOrigin(undefined, nehalemClock)).toBe('profile')
    expect(fieldOrigin('3GHz', nehalemClock)).toBe('set')
    expect(originMarker('default', undefined)).toBeUndefined()
    expect(originMarker('set', undefined)).toBeUndefined() // no profile involved: no marker
    expect(originMarker('profile', nehalemClock)?.text).toBe('profile')
    expect(originMarker('set', nehalemClock)).toEqual({ text: 'set', title: 'Set here, overriding the hardware profile nehalem-2010' })
  })

  it('shows the profile value in the field\'s unit, else the catalog default', () => {
    expect(profiledText(clock, nehalemClock)).toBe('2.93GHz')
    expect(effectivePlaceholder(clock, nehalemClock)).toBe('2.93GHz')
    expect(effectivePlaceholder(clock, undefined)).toBe('2.8GHz')
    expect(profileTitle(clock, nehalemClock)).toBe('Profile nehalem-2010: 2.93GHz (measured) — Intel Xeon X5570 datasheet')
  })

  it('looks values up through the core resolution (a NIC through its host)', () => {
    const p = sampleProject()
    const host = p.topology.nodes.find((n) => n.id === 'host-b')!
    host.params.profile = 'nehalem-2010'
    const nic = p.topology.nodes.find((n) => n.id === 'nic-1')!
    expect(profileLookup(host, p.topology.nodes, p.variables)(exit)?.value).toBe(600)
    expect(profileLookup(nic, p.topology.nodes, p.variables)(paramSpec('nic', 'vfCount')!)?.value).toBe(7)
    expect(profileLookup(nic, p.topology.nodes, p.variables)(paramSpec('nic', 'driverTxCycles')!)?.how).toBe('scaled')
  })
})

describe('inspector with a hardware profile', () => {
  let project: ReturnType<typeof useProjectStore>
  let history: ReturnType<typeof useHistoryStore>
  beforeEach(() => {
    setActivePinia(createPinia())
    project = useProjectStore()
    history = useHistoryStore()
    project.replace(sampleProject())
  })

  async function inspect(id: string) {
    const wrapper = mount(InspectorPanel)
    project.select({ nodes: [id] })
    await flushPromises()
    return wrapper
  }

  it('a host has a Profile select listing every profile, default first', async () => {
    const w = await inspect('host-a')
    const select = w.find('#param-nodes-host-a-profile')
    expect(select.element.tagName).toBe('SELECT')
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['', ...HOST_PROFILE_IDS])
    expect(select.find('option').text()).toBe('default (xeon-2006-ixp2400)')
    // the default profile gives no values: no markers
    expect(w.findAll('.origin-marker')).toHaveLength(0)
  })

  it('picking a profile fills empty fields with its values, marks them, and marks overrides "set" with a reset', async () => {
    const w = await inspect('host-a')
    const select = w.find('#param-nodes-host-a-profile')
    await select.setValue('nehalem-2010')
    await select.trigger('change')
    await flushPromises()
    expect(project.doc.topology.nodes[0].params.profile).toBe('nehalem-2010')
    const field = (key: string) => w.find(`#param-nodes-host-a-${key}`).element.closest('.field')!
    // logicalCpus: not written, the profile's 16
    expect(w.find('#param-nodes-host-a-logicalCpus').attributes('placeholder')).toBe('16')
    expect(field('logicalCpus').querySelector('.origin-marker')?.textContent).toBe('profile')
    expect(field('logicalCpus').getAttribute('title')).toContain('Profile nehalem-2010: 16 (measured)')
    // clock: written 2.8GHz on the sample host, so "set", with a reset
    expect(field('clock').querySelector('.origin-marker')?.textContent).toBe('set')
    const reset = w.find('#param-nodes-host-a-clock').element.closest('.field')!.querySelector('button.reset-profile') as HTMLButtonElement
    expect(reset.getAttribute('aria-label')).toBe('Reset Clock to the profile\'s value')
    reset.click()
    await flushPromises()
    expect(project.doc.topology.nodes[0].params.clock).toBeUndefined()
    expect(w.find('#param-nodes-host-a-clock').attributes('placeholder')).toBe('2.93GHz')
    expect(field('clock').querySelector('.origin-marker')?.textContent).toBe('profile')
    expect(field('clock').querySelector('button.reset-profile')).toBeNull()
    // one record each: the profile pick and the reset
    history.undo()
    await flushPromises()
    expect(project.doc.topology.nodes[0].params.clock).toBe('2.8GHz')
    // scheduler settings are no hardware values: no marker
    expect(field('schedulerTimeslice').querySelector('.origin-marker')).toBeNull()
  })

  it('a NIC shows its host\'s NIC profile values', async () => {
    project.doc.topology.nodes.find((n) => n.id === 'host-b')!.params.profile = 'sandybridge-2012'
    const w = await inspect('nic-1')
    expect(w.find('#param-nodes-nic-1-lineRate').attributes('placeholder')).toBe('10Gbps')
    expect(w.find('#param-nodes-nic-1-lineRate').element.closest('.field')!.querySelector('.origin-marker')?.textContent).toBe('profile')
    expect(w.find('#param-nodes-nic-1-profile').find('option').text()).toBe('default (host)')
  })
})
