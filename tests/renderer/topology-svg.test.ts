// Tests the topology picture: every host a box around its components, every component, link and
// attachment drawn with its label (kind and rate, technique, role and copy count), text escaped.
import { describe, expect, it } from 'vitest'
import { topologySvg } from '../../renderer/src/features/editor/topology-svg'
import { sampleProject } from './sample-project'

describe('topologySvg', () => {
  it('draws hosts as boxes holding their components, with every link and attachment labelled', () => {
    const doc = sampleProject()
    doc.topology.nodes[2] = { ...doc.topology.nodes[2], name: 'guests <A&B>', params: { role: 'driver-domain', count: 32 } }
    const { svg, width, height } = topologySvg(doc)
    const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml')
    expect(parsed.querySelector('parsererror')).toBeNull()
    const ids = (cls: string) => [...parsed.querySelectorAll(`g.${cls}`)].map((g) => g.getAttribute('data-id'))
    expect(ids('host')).toEqual(['host-a', 'host-b'])
    expect(ids('component')).toEqual(['vm-1', 'np-1', 'vm-2', 'nic-1', 'sw'])
    expect(ids('link')).toEqual(['l1', 'l2'])
    expect(ids('attachment')).toEqual(['a1', 'a2'])
    expect(svg).toContain('guests &lt;A&amp;B&gt;')
    expect(svg).toContain('driver domain · ×32')
    expect(svg).toContain('Ethernet · 1Gbps')
    expect(svg).toContain('>self-virtualized<')
    // the host box is drawn around its cards: host-a's rectangle holds vm-1's
    const r = (sel: string) => {
      const e = parsed.querySelector(sel) as Element
      return ['x', 'y', 'width', 'height'].map((k) => Number(e.getAttribute(k)))
    }
    const [hx, hy, hw, hh] = r('g.host[data-id="host-a"] rect')
    const [vx, vy, vw, vh] = r('g.component[data-id="vm-1"] rect')
    expect(vx >= hx && vy >= hy && vx + vw <= hx + hw && vy + vh <= hy + hh).toBe(true)
    expect(width).toBeGreaterThan(hw)
    expect(height).toBeGreaterThan(0)
  })
})
