// "Valid means it runs": validation refuses, with the JSON path, everything the models and
// the scenario would refuse at run time — including rules broken only at some sweep points —
// and workload parameters are checked against the catalog like component parameters.
import { describe, expect, it } from 'vitest'
import { checkCatalog } from '../../../core/project/check-catalog'
import { checkPoints, POINT_BUDGET } from '../../../core/project/check-points'
import { validateProject } from '../../../core/project/validate'
import { viewOf } from '../../../core/project/view'
import { baseDoc, codes, expectProblem, problemsOf, type Doc } from './helpers'

/** Two hosts with one NIC each behind a switch; a guest per host; a ping between them. */
function nicDoc(): Doc {
  const doc = baseDoc()
  doc.variables = { guests: 1, technique: 'paravirtual' }
  for (const n of doc.topology.nodes) {
    if (n.kind === 'np-nic') { n.kind = 'nic'; n.params = {} }
  }
  doc.experiments[0].sweep = []
  return doc
}

describe('technique rules (core/models/attach-rules.ts)', () => {
  it('the NIC fixture is valid', () => {
    expect(codes(problemsOf(nicDoc()))).toEqual([])
  })
  it('pass-through is not offered on an NP-NIC', () => {
    const doc = baseDoc()
    doc.topology.attachments[0].technique = 'passthrough'
    expectProblem(problemsOf(doc), 'technique-not-allowed', '$.topology.attachments[0].technique', /NP-NIC "np-a" with "passthrough"/)
  })
  it('pass-through and SR-IOV need the host IOMMU; SR-IOV needs enough MSI-X vectors', () => {
    const doc = nicDoc()
    doc.topology.attachments[0].technique = 'passthrough'
    expectProblem(problemsOf(doc), 'technique-not-allowed', '$.topology.attachments[0].technique', /needs the IOMMU of host "host-a".*"iommuEnabled"/)
    doc.topology.nodes[0].params.iommuEnabled = true
    expect(codes(problemsOf(doc))).toEqual([])
    doc.topology.attachments[0].technique = 'sriov'
    doc.topology.nodes[2].params = { sriovEnabled: true, msixVectors: 1, msixVectorsPerVf: 2 }
    expectProblem(problemsOf(doc), 'technique-not-allowed', '$.topology.attachments[0].technique', /1 MSI-X vectors, fewer than the 2 one virtual function needs/)
  })
  it('a driver domain cannot use VPIO; a guest cannot use native', () => {
    const doc = nicDoc()
    doc.topology.nodes[5].params = { role: 'driver-domain' }
    doc.topology.attachments[0].technique = 'vpio'
    expectProblem(problemsOf(doc), 'technique-not-allowed', '$.topology.attachments[0].technique', /driver domain of host "host-a" and cannot use "vpio"/)
    const doc2 = nicDoc()
    doc2.topology.attachments[0].technique = 'native'
    expectProblem(problemsOf(doc2), 'technique-not-allowed', '$.topology.attachments[0].technique', /is a guest and cannot use "native"/)
  })
  it('a native driver and pass-through cannot share one NIC', () => {
    const doc = nicDoc()
    doc.topology.nodes[0].params.iommuEnabled = true
    doc.topology.nodes.push({ id: 'dom0', kind: 'vm', name: 'dom0', host: 'host-a', position: { x: 0, y: 0 }, params: { role: 'driver-domain' } })
    doc.topology.attachments[0].technique = 'passthrough'
    doc.topology.attachments.push({ id: 'dom0-nic', vm: 'dom0', device: 'np-a', technique: 'native', params: {} })
    expectProblem(problemsOf(doc), 'technique-not-allowed', '$.topology.attachments[2].technique', /"native" and "passthrough" cannot share one NIC/)
  })
  it('a VM has one attachment per device', () => {
    const doc = nicDoc()
    doc.topology.attachments.push({ id: 'again', vm: 'clients', device: 'np-a', technique: 'paravirtual', params: {} })
    expectProblem(problemsOf(doc), 'invalid-value', '$.topology.attachments[2].vm', /already attached by "clients-np"/)
  })
  it('a device has one port', () => {
    const doc = nicDoc()
    doc.topology.links.push({ id: 'direct', kind: 'ethernet', from: 'np-a', to: 'np-b', params: {} })
    expectProblem(problemsOf(doc), 'link-not-allowed', '$.topology.links[2]', /already has an Ethernet link/)
  })
})

describe('workloads', () => {
  it('no network path between client and server', () => {
    const doc = nicDoc()
    doc.topology.links = []
    expectProblem(problemsOf(doc), 'no-path', '$.experiments[0].workloads[0].clients', /client "clients" cannot reach server "servers": NIC "np-a" has no Ethernet link/)
  })
  it('an unattached VM and a non-VM as endpoints', () => {
    const doc = nicDoc()
    doc.topology.attachments.pop()
    expectProblem(problemsOf(doc), 'no-path', '$.experiments[0].workloads[0].servers', /VM "servers" takes part in the workload but is not attached/)
    doc.experiments[0].workloads[0].servers = 'sw'
    expectProblem(problemsOf(doc), 'invalid-value', '$.experiments[0].workloads[0].servers', /Switch "sw" is not a VM/)
  })
  it('an access pattern the model does not run', () => {
    const doc = nicDoc()
    doc.experiments[0].workloads[0].pattern = 'n,n:2x1'
    expectProblem(problemsOf(doc), 'invalid-value', '$.experiments[0].workloads[0].pattern', /only one flow per client and server/)
  })
  it('workload parameters are checked against the catalog: unknown, mis-united, out of range', () => {
    const doc = nicDoc()
    doc.experiments[0].workloads[0].kind = 'stream'
    doc.experiments[0].workloads[0].params = { windw: '4MiB', window: '10 parsecs', mss: -5, minRto: 1e21 }
    const problems = problemsOf(doc)
    expectProblem(problems, 'unknown-param', '$.experiments[0].workloads[0].params.windw', /has no parameter "windw"; known parameters: window/)
    expectProblem(problems, 'bad-param', '$.experiments[0].workloads[0].params.window', /parsecs/)
    expectProblem(problems, 'bad-param', '$.experiments[0].workloads[0].params.mss', /cannot be negative/)
    expectProblem(problems, 'bad-param', '$.experiments[0].workloads[0].params.minRto', /too large/)
  })
})

describe('sweeps: values against the parameter they vary, rules at every point', () => {
  it('a duration left on a technique path', () => {
    const doc = nicDoc()
    doc.experiments[0].sweep = [{ 'topology.attachments.clients-np.technique': ['1s'] }]
    expectProblem(problemsOf(doc), 'bad-param', '$.experiments[0].sweep[0]["topology.attachments.clients-np.technique"][0]', /not a technique for a NIC/)
  })
  it('a technique swept together with its attachment\'s device is checked against the device of the same point', () => {
    const doc = baseDoc() // clients-np on the NP-NIC np-a; add a commodity NIC on the same host
    doc.topology.nodes.push({ id: 'nic-x', kind: 'nic', name: 'nic-x', host: 'host-a', position: { x: 0, y: 0 }, params: {} })
    doc.topology.links.push({ id: 'x-sw', kind: 'ethernet', from: 'nic-x', to: 'sw', params: {} })
    doc.experiments[0].sweep = [{ 'topology.attachments.clients-np.technique': ['self-virtualized', 'emulated'], 'topology.attachments.clients-np.device': ['np-a', 'nic-x'] }]
    expect(codes(problemsOf(doc)).filter((c) => c.startsWith('bad-param'))).toEqual([])
    doc.experiments[0].sweep = [{ 'topology.attachments.clients-np.technique': ['self-virtualized', 'self-virtualized'], 'topology.attachments.clients-np.device': ['np-a', 'nic-x'] }]
    expectProblem(problemsOf(doc), 'bad-param', '$.experiments[0].sweep[0]["topology.attachments.clients-np.technique"][1]', /not a technique for a NIC/)
  })
  it('a workload parameter swept out of range or unknown', () => {
    const doc = nicDoc()
    doc.experiments[0].sweep = [{ 'experiments.e1.workloads.ping.params.probeBytes': [64, 1e21] }]
    doc.experiments[0].id = 'e1'
    expectProblem(problemsOf(doc), 'bad-param', '$.experiments[0].sweep[0]["experiments.e1.workloads.ping.params.probeBytes"][1]', /too large/)
  })
  it('a rule broken only at one point of a sweep (SR-IOV: more guests than VFs)', () => {
    const doc = nicDoc()
    doc.topology.nodes[0].params.iommuEnabled = true
    doc.topology.nodes[2].params = { sriovEnabled: true, vfCount: 4 }
    doc.topology.attachments[0].technique = 'sriov'
    doc.experiments[0].sweep = [{ 'variables.guests': [1, 4, 8] }]
    const problems = problemsOf(doc)
    expectProblem(problems, 'vf-limit', '$.experiments[0].sweep[0]["variables.guests"][2]', /variables.guests = 8: NIC "np-a" would need 8 SR-IOV virtual functions/)
    expect(problems).toHaveLength(1)
  })
  it('a technique variable swept to one the device refuses, across two axes', () => {
    const doc = nicDoc()
    doc.experiments[0].sweep = [{ 'variables.guests': [1, 2] }, { 'variables.technique': ['paravirtual', 'passthrough'] }]
    doc.topology.nodes[0].params.iommuEnabled = true
    doc.topology.nodes[1].params.iommuEnabled = true
    const problems = problemsOf(doc)
    // Pass-through with two guests on one NIC is refused only at the point (guests 2, passthrough).
    expectProblem(problems, 'passthrough-shared', undefined, /variables.guests = 2; variables.technique = "passthrough"/)
    expect(problems.every((p) => !/guests = 1;/.test(p.message))).toBe(true)
  })
})

describe('bounded work on hostile files', () => {
  it('100,000 attachments to a DC validate in seconds, not an hour', () => {
    const nodes: Doc[] = [
      { id: 'h', kind: 'host', name: 'h', position: { x: 0, y: 0 }, params: {} },
      { id: 'hg', kind: 'host-gateway', name: 'hg', host: 'h', position: { x: 0, y: 0 }, params: {} },
      { id: 'dc', kind: 'dc', name: 'dc', position: { x: 0, y: 0 }, params: {} }
    ]
    const attachments: Doc[] = []
    for (let i = 0; i < 19_000; i++) nodes.push({ id: `vm${i}`, kind: 'vm', name: 'v', host: 'h', position: { x: 0, y: 0 }, params: {} })
    for (let i = 0; i < 100_000; i++) attachments.push({ id: `a${i}`, vm: `vm${i % 19_000}`, device: 'dc', technique: 'scalable-io' })
    const links: Doc[] = [{ id: 'l', kind: 'infiniband', from: 'hg', to: 'dc', params: {} }]
    // A long chain of switches: a graph search per attachment would walk it 100,000 times.
    for (let i = 0; i < 900; i++) {
      nodes.push({ id: `sw${i}`, kind: 'switch', name: 's', position: { x: 0, y: 0 }, params: {} })
      if (i > 0) links.push({ id: `s${i}`, kind: 'ethernet', from: `sw${i - 1}`, to: `sw${i}`, params: {} })
    }
    const doc = { format: 'iovlab-project', schemaVersion: 1, name: 'big', seed: 1, topology: { nodes, links, attachments }, experiments: [] }
    const t0 = performance.now()
    const r = validateProject(doc)
    const ms = performance.now() - t0
    expect(r.ok).toBe(false) // each VM is attached more than once
    if (!r.ok) expect(r.problems[0].message).toMatch(/already attached/)
    expect(ms).toBeLessThan(60_000) // an hour before; seconds now (generous for a loaded CI machine)
  })
  it('at most 32 sweep axes: 99,000 one-value axes are refused by counting, not resolved', () => {
    const doc = nicDoc()
    doc.experiments[0].sweep = Array.from({ length: 99_000 }, () => ({ 'variables.guests': [1] }))
    const t0 = performance.now()
    const problems = problemsOf(doc)
    expect(performance.now() - t0).toBeLessThan(20_000)
    expectProblem(problems, 'too-many', '$.experiments[0].sweep', /99000 sweep axes is more than IOV Lab accepts \(at most 32\)/)
  })
})

describe('point checks are bounded (counted, never an unbounded expansion)', () => {
  const parsed = (doc: Doc) => {
    const r = validateProject(doc)
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'))
    return r.project
  }
  it('axes that only change spec-checked values are never expanded', () => {
    const doc = nicDoc()
    doc.experiments[0].sweep = [{ 'topology.nodes.host-a.params.clock': ['2GHz', '3GHz'] }, { 'experiments.latency-vs-guests.duration': ['1s', '2s'] }]
    let calls = 0
    const p = parsed(doc)
    checkPoints(viewOf(p), p, [], p.experiments[0], 0, () => { calls++; return [] })
    expect(calls).toBe(0)
  })
  it('structural axes: every combination when small, each value alone when large, never past the budget', () => {
    const doc = nicDoc()
    doc.experiments[0].sweep = [{ 'variables.technique': ['paravirtual', 'emulated'] }, { 'topology.nodes.clients.params.count': [1, 2, 3] }]
    let calls = 0
    const count = () => { calls++; return [] }
    const p = parsed(doc)
    checkPoints(viewOf(p), p, checkCatalog(viewOf(p)).uses, p.experiments[0], 0, count)
    expect(calls).toBe(1 + 2 * 3) // the written project, then the 6 combinations
    // A topology so large that even one value per check would pass the budget: the work stops at it.
    const big = nicDoc()
    for (let i = 0; i < 15_000; i++) big.topology.nodes.push({ id: `s${i}`, kind: 'switch', name: 's', position: { x: 0, y: 0 }, params: {} })
    big.experiments[0].sweep = [{ 'topology.nodes.clients.params.count': Array.from({ length: 500 }, (_, i) => (i % 64) + 1) }]
    const bp = parsed(big)
    const bv = viewOf(bp)
    calls = 0
    checkPoints(bv, bp, [], bp.experiments[0], 0, count)
    const size = bv.nodes.length + bv.links.length + bv.attachments.length + 2
    expect(calls).toBeLessThanOrEqual(1 + Math.ceil(POINT_BUDGET / size))
    expect(calls).toBeLessThan(500)
  })
})
