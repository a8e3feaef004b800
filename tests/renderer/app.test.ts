// Mounts the whole workbench with a fake host, as the Electron preload would provide it, and checks
// what a user sees: the regions and names of CONTRACTS.md, the engine version, the title.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import App from '../../renderer/src/App.vue'
import { fakeHost } from './fake-host'
import type { Host } from '../../renderer/src/host/types'

function mountWith(host: Host) {
  window.workbench = host
  return mount(App, { global: { plugins: [createPinia()] }, attachTo: document.body })
}

beforeEach(() => localStorage.clear())
afterEach(() => {
  delete window.workbench
  document.body.innerHTML = ''
})

describe('App', () => {
  it('shows the header, the palette, and the Topology and Inspector regions', () => {
    const wrapper = mountWith(fakeHost({ engineVersion: () => new Promise(() => {}) }))
    expect(wrapper.find('h1').text()).toBe('IOV Lab')
    expect(wrapper.find('[role="region"][aria-label="Topology"]').exists()).toBe(true)
    expect(wrapper.find('[role="region"][aria-label="Inspector"]').exists()).toBe(true)
    expect(wrapper.find('[role="status"]').text()).toBe('Connecting to the engine…')
    const buttons = wrapper.findAll('button').map((b) => b.text())
    for (const name of ['Host', 'VM', 'NIC', 'NP-NIC', 'DC', 'Switch', 'Host Gateway', 'Open', 'Save', 'Undo', 'Redo', 'Auto layout']) {
      expect(buttons, name).toContain(name)
    }
    wrapper.unmount()
  })

  it('shows the engine version from the host', async () => {
    const wrapper = mountWith(fakeHost())
    await flushPromises()
    expect(wrapper.find('[role="status"]').text()).toBe('Engine 9.9.9')
    wrapper.unmount()
  })

  it('says so, in words, when the host fails', async () => {
    const wrapper = mountWith(fakeHost({ engineVersion: () => ({ ok: false, errors: [{ code: 'x', message: 'no engine' }] }) }))
    await flushPromises()
    const status = wrapper.find('[role="status"]')
    expect(status.text()).toBe('Could not reach the engine: no engine')
    expect(status.attributes('data-status')).toBe('error')
    wrapper.unmount()
  })

  it('titles the window with the file name and a dirty mark', async () => {
    const wrapper = mountWith(fakeHost())
    await flushPromises()
    expect(document.title).toBe('IOV Lab')
    await wrapper.find('button[data-kind="host"]').trigger('click')
    await flushPromises()
    expect(document.title).toBe('• untitled — IOV Lab')
    wrapper.unmount()
  })
})
