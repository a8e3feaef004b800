// Tests a component on the canvas: its kind badge, name, role and copy count, and that the node props Vue Flow
// passes beside ours (position, dragging, events, …) stay props: as attributes they would be rewritten
// on the node's element in every frame of a drag.
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import TopologyNode from '../../renderer/src/features/editor/TopologyNode.vue'

const vueFlowProps = { type: 'component', position: { x: 10, y: 20 }, dragging: true, events: {}, dimensions: { width: 168, height: 48 }, zIndex: 0 }

function mountNode() {
  return mount(TopologyNode, {
    props: { id: 'vm-1', data: { kind: 'vm', kindLabel: 'VM', name: 'guest-1', host: 'host-a', badges: ['driver domain', '×32'] }, selected: true },
    attrs: vueFlowProps,
    global: { stubs: { Handle: true } }
  })
}

describe('TopologyNode', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('shows the kind, the name, a VM\'s role and copy count, and marks the selection', () => {
    const root = mountNode().find('.component-node')
    expect(root.find('.kind').text()).toBe('VM')
    expect(root.find('.name').text()).toBe('guest-1')
    expect(root.find('.badges').text()).toBe('driver domain · ×32')
    expect(root.classes()).toEqual(expect.arrayContaining(['kind-vm', 'selected']))
  })

  it('puts none of the other node props on its element as attributes', () => {
    const root = mountNode().find('.component-node')
    for (const name of Object.keys(vueFlowProps)) expect(root.attributes(name.toLowerCase()), name).toBeUndefined()
  })
})
