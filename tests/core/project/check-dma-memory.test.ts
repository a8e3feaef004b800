// Validation of a VM's DMA memory mode (issue 12, core/project/check-dma-memory.ts): pinned memory
// cannot be overcommitted; I/O page faults and the vIOMMU need the host's IOMMU and a device that
// DMAs into the guest directly (pass-through, SR-IOV) — one problem per rule, at its JSON path.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validateDocument } from '../../../core/project/index'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a raw project document, edited freely by the tests
type Doc = Record<string, any>
const base = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../examples/technique-shootout.iovlab.json'), 'utf8')) as Doc

/** The shootout with nic-guests-a's parameters set, the NIC technique chosen, and one experiment (no technique sweep). */
function doc(params: Record<string, unknown>, technique = 'passthrough', edit: (d: Doc) => void = () => {}): Doc {
  const d = structuredClone(base)
  d.variables.nicTechnique = technique
  d.experiments = [{ id: 'x', name: 'x', duration: '10ms', workloads: [] }]
  const vm = d.topology.nodes.find((n: Doc) => n.id === 'nic-guests-a')
  vm.params = { ...vm.params, ...params }
  edit(d)
  return d
}

const vmIndex = (base.topology.nodes as Doc[]).findIndex((n) => n.id === 'nic-guests-a')

const problems = (d: unknown): { path: string; message: string }[] => {
  const r = validateDocument(d)
  return r.ok ? [] : r.problems.map((p) => ({ path: p.path.join('.'), message: p.message }))
}

describe('DMA memory validation', () => {
  it('accepts pinned memory that is all resident, and each mode on a pass-through or SR-IOV guest with the IOMMU', () => {
    expect(problems(doc({}))).toEqual([])
    for (const technique of ['passthrough', 'sriov']) {
      expect(problems(doc({ dmaMemory: 'io-page-faults', residentFraction: 0.5 }, technique))).toEqual([])
      expect(problems(doc({ dmaMemory: 'viommu', residentFraction: 0.25, viommuMode: 'strict' }, technique))).toEqual([])
    }
  })

  it('refuses pinned memory that is overcommitted, at the resident fraction', () => {
    const p = problems(doc({ residentFraction: 0.5 }))
    expect(p).toHaveLength(1)
    expect(p[0].path).toBe(`topology.nodes.${vmIndex}.params.residentFraction`)
    expect(p[0].message).toMatch(/pinned .* cannot overcommit it: a resident fraction of 0.5 does not fit/)
  })

  it('refuses a guest with none of its memory resident', () => {
    const p = problems(doc({ dmaMemory: 'io-page-faults', residentFraction: 0 }))
    expect(p).toEqual([{ path: `topology.nodes.${vmIndex}.params.residentFraction`, message: expect.stringMatching(/a resident fraction of 0 leaves none of its memory/) as unknown as string }])
  })

  it('refuses I/O page faults and the vIOMMU without the host\'s IOMMU, whatever the experiment acknowledges', () => {
    const p = problems(doc({ dmaMemory: 'io-page-faults', residentFraction: 0.5 }, 'passthrough', (d) => {
      d.topology.nodes[0].params.iommuEnabled = false
      for (const e of d.experiments) e.protectionOffAcknowledged = true
    }))
    const mine = p.filter((x) => x.path === `topology.nodes.${vmIndex}.params.dmaMemory`)
    expect(mine).toHaveLength(1)
    expect(mine[0].message).toMatch(/needs the IOMMU of host "host-a" \(its ATS translations and PRI page requests\); set the host's "iommuEnabled" to true/)
  })

  it('refuses a mode other than pinned on a guest whose device does not DMA into it directly', () => {
    for (const [technique, why] of [['paravirtual', /has none \("nic-guests-a-nic": paravirtual\)/], ['emulated', /has none/]] as const) {
      const p = problems(doc({ dmaMemory: 'viommu' }, technique))
      expect(p).toHaveLength(1)
      expect(p[0].path).toBe(`topology.nodes.${vmIndex}.params.dmaMemory`)
      expect(p[0].message).toMatch(why)
    }
    // a DC consumer: its Host Gateway has its own fault model
    const dcIndex = (base.topology.nodes as Doc[]).findIndex((n) => n.id === 'dc-guests-a')
    const d = structuredClone(base)
    d.topology.nodes[dcIndex].params = { ...d.topology.nodes[dcIndex].params, dmaMemory: 'io-page-faults' }
    const p = problems(d)
    expect(p.map((x) => x.path)).toContain(`topology.nodes.${dcIndex}.params.dmaMemory`)
    expect(p.map((x) => x.message).join('\n')).toMatch(/"scalable-io": a DC's DMA goes through its Host Gateway/)
  })

  it('checks each sweep point: a point that pins overcommitted memory is refused', () => {
    const d = doc({})
    d.experiments = [{
      id: 'x', name: 'x', duration: '10ms', workloads: [],
      sweep: [{ 'topology.nodes.nic-guests-a.params.dmaMemory': ['io-page-faults', 'pinned'], 'topology.nodes.nic-guests-a.params.residentFraction': [0.5, 0.5] }]
    }]
    const p = problems(d)
    expect(p.length).toBeGreaterThan(0)
    expect(p.map((x) => x.message).join('\n')).toMatch(/resident fraction of 0.5 does not fit/)
  })
})
