// Tests the large-topology helpers: which part of the plane is drawn, culling that hides what is far
// from the view (never a selected node), and the minimap and overview drawing.
import { describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import type { VueFlowStore } from '@vue-flow/core'
import { boundsOf, drawMinimap, drawOverview, fitScale, toFlow } from '../../renderer/src/features/editor/minimap-draw'
import { drawnRect, inRect, useCulling } from '../../renderer/src/features/editor/useCulling'
import { sampleProject } from './sample-project'

describe('drawn part of the plane', () => {
  it('is the view plus a margin on each side, in flow coordinates', () => {
    expect(drawnRect({ x: -100, y: -50, zoom: 2 }, { width: 800, height: 600 }, 0)).toEqual({ x: 50, y: 25, width: 400, height: 300 })
    expect(drawnRect({ x: 0, y: 0, zoom: 1 }, { width: 100, height: 100 }, 0.5)).toEqual({ x: -50, y: -50, width: 200, height: 200 })
    expect(inRect({ x: 390, y: 10 }, { x: 0, y: 0, width: 400, height: 300 })).toBe(true)
    expect(inRect({ x: 401, y: 10 }, { x: 0, y: 0, width: 400, height: 300 })).toBe(false)
    expect(inRect({ x: -160, y: 10 }, { x: 0, y: 0, width: 400, height: 300 })).toBe(true) // its right part reaches in
  })
})

describe('useCulling', () => {
  type N = { id: string; position: { x: number; y: number }; hidden?: boolean; selected?: boolean; parentNode?: string; dimensions?: { width: number; height: number } }
  function flowWith(list: N[]) {
    const nodes = ref(list.map((n) => ({ dimensions: { width: 168, height: 48 }, ...n })))
    return {
      nodes, viewport: ref({ x: 0, y: 0, zoom: 1 }), dimensions: ref({ width: 400, height: 300 }),
      findNode: (id: string) => nodes.value.find((n) => n.id === id),
      onMove: vi.fn(), onMoveEnd: vi.fn()
    }
  }

  it('culls a component in a host\'s box by where it is on the plane, and a box by its whole size', () => {
    const raf = vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation((fn) => { fn(0); return 1 })
    const flow = flowWith([
      { id: 'host', position: { x: -2000, y: 0 }, dimensions: { width: 2100, height: 200 }, hidden: true },
      { id: 'in-view', parentNode: 'host', position: { x: 2010, y: 10 }, hidden: true },
      { id: 'far', parentNode: 'host', position: { x: 10, y: 10 } }
    ])
    useCulling(flow as unknown as VueFlowStore, () => true, () => false).update()
    expect(flow.nodes.value.map((n) => [n.id, Boolean(n.hidden)])).toEqual([['host', false], ['in-view', false], ['far', true]])
    raf.mockRestore()
  })

  it('hides what is far from the view at once, reveals what comes into view a batch per frame', () => {
    const raf = vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation((fn) => { fn(0); return 1 })
    const flow = flowWith([
      { id: 'near', position: { x: 10, y: 10 }, hidden: true },
      { id: 'far', position: { x: 5000, y: 10 } },
      { id: 'far-selected', position: { x: 5000, y: 400 }, selected: true, hidden: true }
    ])
    const c = useCulling(flow as unknown as VueFlowStore, () => true, () => false)
    c.update()
    expect(flow.nodes.value.map((n) => [n.id, Boolean(n.hidden)])).toEqual([['near', false], ['far', true], ['far-selected', false]])
    raf.mockRestore()
  })

  it('shows only selected components far out (the overview draws the rest), and everything when off', () => {
    const raf = vi.spyOn(globalThis, 'requestAnimationFrame').mockImplementation((fn) => { fn(0); return 1 })
    const flow = flowWith([{ id: 'a', position: { x: 10, y: 10 } }, { id: 'b', position: { x: 20, y: 10 }, selected: true }])
    useCulling(flow as unknown as VueFlowStore, () => true, () => true).update()
    expect(flow.nodes.value.map((n) => Boolean(n.hidden))).toEqual([true, false])
    useCulling(flow as unknown as VueFlowStore, () => false, () => true).update()
    expect(flow.nodes.value.map((n) => Boolean(n.hidden))).toEqual([false, false])
    raf.mockRestore()
  })
})

describe('minimap and overview', () => {
  const nodes = sampleProject().topology.nodes
  const fakeContext = () => ({ fillRect: vi.fn(), strokeRect: vi.fn(), clearRect: vi.fn(), beginPath: vi.fn(), moveTo: vi.fn(), lineTo: vi.fn(), stroke: vi.fn(), fillStyle: '', strokeStyle: '', lineWidth: 0 })

  it('fits the nodes and the view into the canvas, and maps a click back to the plane', () => {
    const view = { x: 0, y: 0, width: 100, height: 100 }
    const b = boundsOf(nodes, view)
    expect(b).toEqual({ x: 0, y: 0, width: 768, height: 348 })
    const s = fitScale(b, 200, 140)
    const back = toFlow(s, s.offsetX + 768 * s.scale / 2, s.offsetY)
    expect(back.x).toBeCloseTo(384)
    expect(back.y).toBeCloseTo(0)
  })

  it('draws one rectangle per component plus the background, and the view as a frame', () => {
    const ctx = fakeContext()
    drawMinimap(ctx as unknown as CanvasRenderingContext2D, nodes, { x: 0, y: 0, width: 100, height: 100 }, new Set(['sw']), { width: 200, height: 140 }, { background: '#fff', view: '#00f', selected: '#f00' })
    expect(ctx.fillRect).toHaveBeenCalledTimes(nodes.length + 1)
    expect(ctx.strokeRect).toHaveBeenCalledOnce()
  })

  it('draws the overview in view coordinates: links as lines, components in view as rectangles', () => {
    const ctx = fakeContext()
    const t = sampleProject().topology
    drawOverview(ctx as unknown as CanvasRenderingContext2D, t.nodes, t.links, { x: 0, y: 0, zoom: 0.1 }, { width: 50, height: 50 }, '#888')
    expect(ctx.lineTo).toHaveBeenCalledTimes(t.links.length)
    expect(ctx.fillRect.mock.calls.length).toBeGreaterThan(0)
    expect(ctx.fillRect.mock.calls.length).toBeLessThan(t.nodes.length) // nic-1, at 60 px, is out of the 50-px view
  })
})
