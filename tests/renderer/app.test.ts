// Mounts the shell with a fake host, as the Electron preload would provide it, and checks what a user sees.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia } from 'pinia'
import { afterEach, describe, expect, it } from 'vitest'
import App from '../../renderer/src/App.vue'
import type { Host } from '../../renderer/src/host/types'

function mountWith(host: Host) {
  window.workbench = host
  return mount(App, { global: { plugins: [createPinia()] } })
}

afterEach(() => {
  delete window.workbench
})

describe('App shell', () => {
  it('shows the header and the Topology and Inspector regions', () => {
    const wrapper = mountWith({ engineVersion: () => new Promise<string>(() => {}) })
    expect(wrapper.find('h1').text()).toBe('IOV Lab')
    const topology = wrapper.find('[role="region"][aria-label="Topology"]')
    expect(topology.exists()).toBe(true)
    expect(topology.text()).toContain('The topology editor arrives with the desktop issue')
    expect(wrapper.find('[role="region"][aria-label="Inspector"]').exists()).toBe(true)
    expect(wrapper.find('[role="status"]').text()).toBe('Connecting to the engine…')
  })

  it('shows the engine version from the host', async () => {
    const wrapper = mountWith({ engineVersion: async () => '9.8.7' })
    await flushPromises()
    expect(wrapper.find('[role="status"]').text()).toBe('Engine 9.8.7')
  })

  it('says so, in words, when the host fails', async () => {
    const wrapper = mountWith({ engineVersion: async () => { throw new Error('no engine') } })
    await flushPromises()
    const status = wrapper.find('[role="status"]')
    expect(status.text()).toBe('Could not reach the engine: no engine')
    expect(status.attributes('data-status')).toBe('error')
  })
})
