// Tests the palette: one button per catalog kind named by its label, a click runs the add command,
// and a drag carries the kind for the canvas.
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { CATALOG, KINDS } from '../../core/models/catalog'
import ComponentPalette from '../../renderer/src/features/editor/ComponentPalette.vue'
import { PALETTE_MIME } from '../../renderer/src/features/editor/palette-drag'
import { registerCommands } from '../../renderer/src/features/shell/commands'

describe('ComponentPalette', () => {
  it('has a button for every catalog kind, named exactly by its label, in catalog order', () => {
    const wrapper = mount(ComponentPalette)
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['Host', 'VM', 'NIC', 'NP-NIC', 'DC', 'Host Gateway', 'Switch', 'Disk', 'SSD', 'NVMe SSD', 'Storage array'])
    expect(KINDS.map((k) => CATALOG[k].label)).toEqual(wrapper.findAll('button').map((b) => b.text()))
    for (const b of wrapper.findAll('button')) {
      expect(b.attributes('draggable')).toBe('true')
      expect(b.attributes('title')).toMatch(/click to add one at the centre/)
    }
  })

  it('adds a component at the centre on click (through the command table)', async () => {
    const add = vi.fn()
    const stop = registerCommands({ 'add-np-nic': add })
    await mount(ComponentPalette).find('button[data-kind="np-nic"]').trigger('click')
    stop()
    expect(add).toHaveBeenCalledOnce()
  })

  it('puts the kind on the drag for the canvas to read', async () => {
    const data: Record<string, string> = {}
    const dataTransfer = { setData: (type: string, value: string) => { data[type] = value }, effectAllowed: '' }
    await mount(ComponentPalette).find('button[data-kind="dc"]').trigger('dragstart', { dataTransfer })
    expect(data[PALETTE_MIME]).toBe('dc')
    expect(dataTransfer.effectAllowed).toBe('copy')
  })
})
