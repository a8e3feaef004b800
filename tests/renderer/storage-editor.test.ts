// Storage devices on the canvas (issue 11): the four kinds in the palette with their icons, their own
// outlines and colours on the canvas, the minimap and the SVG picture; disks, SSDs and NVMe devices
// placed in a host like a NIC, a storage array outside it on an Ethernet link; a VM connected to a
// storage device gets a virtual disk with a technique that serves it, and only one.
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { CATALOG, KINDS, techniquesFor, type ComponentKind } from '../../core/models/catalog'
import { BLOCK_TECHNIQUES, STORAGE_KIND_IDS } from '../../core/models/storage/storage-kinds'
import { validateProject, type Project } from '../../core/project'
import ComponentPalette from '../../renderer/src/features/editor/ComponentPalette.vue'
import TopologyNode from '../../renderer/src/features/editor/TopologyNode.vue'
import { KIND_COLOURS, KIND_ICONS, KIND_SHAPES } from '../../renderer/src/features/editor/kind-style'
import { drawMinimap } from '../../renderer/src/features/editor/minimap-draw'
import { topologySvg } from '../../renderer/src/features/editor/topology-svg'
import { KEYMAP } from '../../renderer/src/features/shell/keymap'
import { applyChange } from '../../renderer/src/model/changes'
import { decideConnection, defaultTechnique } from '../../renderer/src/model/connect-rules'
import { isPlaceable, planAddNode, planConnect } from '../../renderer/src/model/topology-edit'
import { storageProject } from './storage-project'

beforeEach(() => setActivePinia(createPinia()))

describe('the look of storage devices', () => {
  it('gives every catalog kind a colour and an outline, and each storage kind its own icon and colour', () => {
    for (const k of KINDS) {
      expect(KIND_COLOURS[k], k).toMatch(/^#[0-9a-f]{6}$/)
      expect(KIND_SHAPES[k], k).toBeDefined()
    }
    expect(STORAGE_KIND_IDS.map((k) => KIND_SHAPES[k])).toEqual(['cylinder', 'chip', 'chip', 'rack'])
    for (const k of STORAGE_KIND_IDS) expect(KIND_ICONS[k], k).toMatch(/^M/)
    expect(new Set(STORAGE_KIND_IDS.map((k) => KIND_ICONS[k])).size).toBe(4)
    expect(new Set(KINDS.map((k) => KIND_COLOURS[k])).size).toBe(KINDS.length)
  })

  it('puts the icons in the palette, and keeps digit shortcuts to the first nine kinds', () => {
    const wrapper = mount(ComponentPalette)
    for (const k of STORAGE_KIND_IDS) {
      const button = wrapper.find(`button[data-kind="${k}"]`)
      expect(button.text()).toBe(CATALOG[k].label)
      expect(button.find(`svg[data-icon="${k}"]`).exists()).toBe(true)
    }
    expect(wrapper.find('button[data-kind="disk"]').attributes('aria-keyshortcuts')).toBe('8')
    expect(wrapper.find('button[data-kind="storage-array"]').attributes('aria-keyshortcuts')).toBeUndefined()
    expect(wrapper.find('button[data-kind="nvme"]').attributes('title')).toMatch(/onto a host to place it there/)
    expect(wrapper.find('button[data-kind="storage-array"]').attributes('title')).not.toMatch(/onto a host/)
    const digits = KEYMAP.filter((s) => s.command.startsWith('add-')).map((s) => s.keys)
    expect(digits).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9'])
  })

  it('draws a storage device on the canvas with its outline and icon', () => {
    const node = mount(TopologyNode, {
      props: { id: 'd', data: { kind: 'disk', kindLabel: 'Disk', name: 'd' } },
      global: { stubs: { Handle: true } }
    }).find('.component-node')
    expect(node.classes()).toEqual(expect.arrayContaining(['kind-disk', 'shape-cylinder']))
    expect(node.find('svg[data-icon="disk"] path').attributes('d')).toBe(KIND_ICONS.disk)
  })

  it('draws the storage kinds in the SVG picture with their outlines, icons and colours', () => {
    const { svg } = topologySvg(storageProject())
    const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml')
    expect(parsed.querySelector('parsererror')).toBeNull()
    const g = (id: string) => parsed.querySelector(`g.component[data-id="${id}"]`) as Element
    expect(g('nvme-1').getAttribute('data-shape')).toBe('chip')
    expect(g('array-1').getAttribute('data-shape')).toBe('rack')
    expect(g('array-1').querySelectorAll('rect').length).toBe(4) // three shelves and the colour bar
    expect(g('disk-b').querySelector('path.kind-icon')?.getAttribute('stroke')).toBe(KIND_COLOURS.disk)
    expect(g('vm-1').querySelector('path.kind-icon')).toBeNull()
    // the array is outside every host box, linked over Ethernet
    expect([...parsed.querySelectorAll('g.link')].map((l) => l.getAttribute('data-id'))).toEqual(['l1'])
  })

  it('fills the minimap with each kind\'s colour', () => {
    const fills: string[] = []
    const ctx = { fillRect: () => {}, strokeRect: () => {}, set fillStyle(v: string) { fills.push(v) } } as unknown as CanvasRenderingContext2D
    const nodes = storageProject().topology.nodes
    drawMinimap(ctx, nodes, { x: 0, y: 0, width: 100, height: 100 }, new Set(), { width: 200, height: 150 }, { background: '#fff', view: '#000', selected: '#f00' })
    expect(fills.slice(1)).toEqual(nodes.map((n) => KIND_COLOURS[n.kind as ComponentKind]))
  })
})

describe('placing and connecting storage devices', () => {
  it('places disks, SSDs and NVMe devices on a host like a NIC; a storage array stays outside', () => {
    expect(['disk', 'ssd', 'nvme'].map(isPlaceable)).toEqual([true, true, true])
    expect(isPlaceable('storage-array')).toBe(false)
    expect(decideConnection({ id: 'h', kind: 'host' }, { id: 'n', kind: 'nvme' })).toEqual({ action: 'place', child: 'n', host: 'h' })
    const doc = storageProject()
    const add = planAddNode(doc, 'storage-array', { x: 0, y: 0 }, 'host-a')
    expect(add.type === 'add-node' && add.node.host).toBeUndefined()
    const refused = decideConnection({ id: 'h', kind: 'host' }, { id: 'a', kind: 'storage-array' })
    expect(refused).toEqual({ action: 'refuse', reason: 'Storage arrays are not placed on hosts: they are reached over Ethernet — place a NIC on the host and link it to the Storage array (directly or through a Switch).' })
    expect(decideConnection({ id: 'n', kind: 'nic' }, { id: 'a', kind: 'storage-array' })).toEqual({ action: 'link', kind: 'ethernet', from: 'n', to: 'a' })
    expect(decideConnection({ id: 's', kind: 'switch' }, { id: 'a', kind: 'storage-array' })).toMatchObject({ action: 'link', kind: 'ethernet' })
    expect(decideConnection({ id: 'n', kind: 'np-nic' }, { id: 'a', kind: 'storage-array' }).action).toBe('refuse')
    expect(decideConnection({ id: 'd', kind: 'disk' }, { id: 'n', kind: 'nic' }).action).toBe('refuse')
  })

  it('attaches a VM to a storage device as a virtual disk with a technique that serves it', () => {
    for (const k of STORAGE_KIND_IDS) {
      const d = decideConnection({ id: 'v', kind: 'vm' }, { id: 'x', kind: k })
      expect(d.action, k).toBe('attach')
      const technique = d.action === 'attach' ? d.technique : ''
      expect(techniquesFor(k), k).toContain(technique)
      // a technique validation accepts for a guest's virtual disk when there is one (native is the driver domain's)
      if (techniquesFor(k).some((t) => t !== 'native' && BLOCK_TECHNIQUES.includes(t))) expect(BLOCK_TECHNIQUES, k).toContain(technique)
      expect(technique, k).not.toBe('native')
    }
    if (BLOCK_TECHNIQUES.includes('paravirtual')) expect(defaultTechnique('nvme')).toBe('paravirtual')
    // the driver domain drives its own device natively
    expect(decideConnection({ id: 'v', kind: 'vm', role: 'driver-domain' }, { id: 'x', kind: 'nvme' })).toMatchObject({ technique: 'native' })
  })

  it('makes a drawn VM → NVMe connection an attachment that validates, and refuses a second virtual disk', () => {
    const base = storageProject()
    const doc = { ...base, topology: { ...base.topology, nodes: [...base.topology.nodes, { id: 'vm-3', kind: 'vm', name: 'vm-3', host: 'host-a', position: { x: 400, y: 48 }, params: {} }] } } as Project
    const r = planConnect(doc, 'vm-3', 'nvme-1')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.change).toMatchObject({ type: 'add-attachment', attachment: { id: 'vm-3-nvme-1', vm: 'vm-3', device: 'nvme-1' } })
    const next = applyChange(doc, r.change)
    const problems = validateProject(next).problems.filter((p) => p.path[1] === 'attachments' && p.path[2] === 2)
    // SR-IOV needs a free VF, pass-through an unshared device: whichever technique was chosen, the
    // only complaint may be that the device is shared (not that the technique cannot serve a disk)
    expect(problems.filter((p) => p.code === 'technique-not-allowed' && /does not serve storage/.test(p.message))).toEqual([])
    const again = planConnect(next, 'vm-3', 'ssd-1')
    expect(again).toEqual({ ok: false, reason: 'vm-3 already has the virtual disk vm-3-nvme-1 (to nvme-1); a VM has one virtual disk — add ssd-1 to its RAID members in the inspector instead.' })
    // a VM with a virtual disk still reaches a NIC
    expect(planConnect(next, 'vm-3', 'nic-1').ok).toBe(true)
  })
})
