// A host's box size on the canvas (`size`): optional, canvas only, kept in its schema place on save,
// checked like any other field, and named among the fields results digests leave out.
import { describe, expect, it } from 'vitest'
import { CANVAS_ONLY_NODE_FIELDS, parseProject, serializeProject } from '../../../core/project/index'
import { baseDoc, codes, problemsOf } from './helpers'

type Node = { kind: string; size?: unknown; position: unknown }

function withHostSize(size: unknown) {
  const doc = baseDoc() as { topology: { nodes: Node[] } }
  const host = doc.topology.nodes.findIndex((n) => n.kind === 'host')
  doc.topology.nodes[host].size = size
  return { doc, host }
}

describe('node size', () => {
  it('is optional and accepted on a host, written right after the position', () => {
    const { doc, host } = withHostSize({ width: 640, height: 320 })
    expect(codes(problemsOf(doc as never))).toEqual([])
    const r = parseProject(JSON.stringify(doc), 't.iovlab.json')
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const node = r.project.topology.nodes[host]
    expect(node.size).toEqual({ width: 640, height: 320 })
    expect(Object.keys(node).indexOf('size')).toBe(Object.keys(node).indexOf('position') + 1)
    expect(serializeProject(r.project)).toContain('"size": {')
  })

  it('refuses a size that is not two positive numbers, naming the field', () => {
    const { doc, host } = withHostSize({ width: -1, height: 'tall' })
    const paths = problemsOf(doc as never).map((p) => p.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining([`topology.nodes.${host}.size.width`, `topology.nodes.${host}.size.height`]))
  })

  it('is listed with position as a canvas-only field', () => {
    expect(CANVAS_ONLY_NODE_FIELDS).toEqual(['position', 'size'])
  })
})
