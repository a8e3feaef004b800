// Catalog, reference, domain and sweep rules: each broken in one place, each problem naming
// the ids involved at the right JSON path.
import { describe, expect, it } from 'vitest'
import { paramSpec } from '../../../core/models/catalog'
import { SHARING_KEYS } from '../../../core/project/check-sharing'
import { baseDoc, codes, expectProblem, problemsOf, readFixture, type Doc } from './helpers'

const node = (id: string, kind: string, extra: Doc = {}): Doc => ({ id, kind, name: id, position: { x: 0, y: 0 }, params: {}, ...extra })
const att = (id: string, vm: string, device: string, technique: unknown): Doc => ({ id, vm, device, technique, params: {} })

/** The DC fixture: host + host gateway + DC + guests, linked by InfiniBand. */
function dcDoc(): Doc {
  return JSON.parse(readFixture('v1/dc-consumers.iovlab.json')) as Doc
}

describe('catalog', () => {
  it('unknown kind names the known kinds', () => {
    const doc = baseDoc()
    doc.topology.nodes[4].kind = 'swtich'
    expectProblem(problemsOf(doc), 'unknown-kind', '$.topology.nodes[4].kind', /"swtich".*known kinds: host, vm, nic, np-nic, dc, host-gateway, switch/)
  })
  it('unknown parameter names the known ones', () => {
    const doc = baseDoc()
    doc.topology.nodes[5].params.cuont = 2
    expectProblem(problemsOf(doc), 'unknown-param', '$.topology.nodes[5].params.cuont', /node "clients" \(vm\) has no parameter "cuont"; known parameters: .*count/)
  })
  it('wrong dimension and out-of-bounds values say the bound and unit', () => {
    const doc = baseDoc()
    doc.topology.links[0].params.bandwidth = '10us'
    doc.topology.links[1].params.bandwidth = '20Tbps'
    doc.topology.nodes[6].params.count = 0
    const problems = problemsOf(doc)
    expectProblem(problems, 'bad-param', '$.topology.links[0].params.bandwidth', /"10us" is not a bandwidth/)
    expectProblem(problems, 'bad-param', '$.topology.links[1].params.bandwidth', /at most 10Tbps \(10000000000000 bit\/s\)/)
    expectProblem(problems, 'bad-param', '$.topology.nodes[6].params.count', /at least 1/)
  })
  it('a variable reference to an undefined variable', () => {
    const doc = baseDoc()
    doc.topology.nodes[5].params.count = { var: 'gusts' }
    doc.topology.attachments[0].technique = { var: 'nope' }
    const problems = problemsOf(doc)
    expectProblem(problems, 'undefined-variable', '$.topology.nodes[5].params.count', /"gusts"/)
    expectProblem(problems, 'undefined-variable', '$.topology.attachments[0].technique', /"nope"/)
  })
  it('a variable whose value does not fit where it is used', () => {
    const doc = baseDoc()
    doc.variables.guests = 2.5
    expectProblem(problemsOf(doc), 'bad-param', '$.topology.nodes[5].params.count', /through the variable "guests"/)
  })
  it('unknown link kinds and techniques; implicit PCI links', () => {
    const doc = baseDoc()
    doc.topology.links[0].kind = 'wifi'
    doc.topology.links[1].kind = 'pci'
    doc.topology.attachments[1].technique = 'telepathy'
    const problems = problemsOf(doc)
    expectProblem(problems, 'unknown-link-kind', '$.topology.links[0].kind', /"wifi"/)
    expectProblem(problems, 'unknown-link-kind', '$.topology.links[1].kind', /implicit/)
    expectProblem(problems, 'unknown-technique', '$.topology.attachments[1].technique', /"telepathy"/)
  })
})

describe('identity and references', () => {
  it('duplicate ids in each list', () => {
    const doc = baseDoc()
    doc.topology.nodes[1].id = 'host-a'
    doc.topology.links[1].id = 'a-sw'
    doc.topology.attachments[1].id = 'clients-np'
    doc.experiments.push({ ...doc.experiments[0] })
    doc.experiments[0].workloads.push({ ...doc.experiments[0].workloads[0] })
    const problems = problemsOf(doc)
    expectProblem(problems, 'duplicate-id', '$.topology.nodes[1].id', /"host-a" is used twice/)
    expectProblem(problems, 'duplicate-id', '$.topology.links[1].id')
    expectProblem(problems, 'duplicate-id', '$.topology.attachments[1].id')
    expectProblem(problems, 'duplicate-id', '$.experiments[1].id')
    expectProblem(problems, 'duplicate-id', '$.experiments[0].workloads[1].id')
  })
  it('a node and a link may share an id (ids are unique per list)', () => {
    const doc = baseDoc()
    doc.topology.links[0].id = 'sw'
    expect(codes(problemsOf(doc))).toEqual([])
  })
  it('dangling references', () => {
    const doc = baseDoc()
    doc.topology.links[0].to = 'sw-2'
    doc.topology.attachments[0].vm = 'ghost'
    doc.topology.attachments[1].device = 'np-c'
    doc.topology.nodes[2].host = 'host-z'
    doc.experiments[0].workloads[0].clients = ['clients', 'nobody']
    doc.experiments[0].workloads[0].servers = 'servres'
    const problems = problemsOf(doc)
    expectProblem(problems, 'dangling-reference', '$.topology.links[0].to', /link "a-sw" ends at "sw-2"/)
    expectProblem(problems, 'dangling-reference', '$.topology.attachments[0].vm', /"ghost"/)
    expectProblem(problems, 'dangling-reference', '$.topology.attachments[1].device', /"np-c"/)
    expectProblem(problems, 'dangling-reference', '$.topology.nodes[2].host', /"host-z"/)
    expectProblem(problems, 'dangling-reference', '$.experiments[0].workloads[0].clients[1]', /"nobody"/)
    expectProblem(problems, 'dangling-reference', '$.experiments[0].workloads[0].servers', /"servres"/)
  })
  it('a reference to a node that is itself broken is not called dangling', () => {
    const doc = baseDoc()
    doc.topology.nodes[4].position = 'middle'
    const problems = problemsOf(doc)
    expect(codes(problems)).toEqual(['invalid-type $.topology.nodes[4].position'])
  })
})

describe('domain rules', () => {
  it('link kinds allowed between the two node kinds', () => {
    const doc = baseDoc()
    doc.topology.links[0].kind = 'infiniband'
    doc.topology.links.push({ id: 'bad', kind: 'ethernet', from: 'host-a', to: 'sw', params: {} })
    const problems = problemsOf(doc)
    expectProblem(problems, 'link-not-allowed', '$.topology.links[0].kind', /InfiniBand link cannot join NP-NIC "np-a" and Switch "sw"; use ethernet/)
    expectProblem(problems, 'link-not-allowed', '$.topology.links[2].kind', /no link kind joins a Host to a Switch/)
  })
  it('placement: a VM not on a host, a VM on a switch, a switch on a host', () => {
    const doc = baseDoc()
    delete doc.topology.nodes[5].host
    doc.topology.nodes[6].host = 'sw'
    doc.topology.nodes[4].host = 'host-a'
    const problems = problemsOf(doc)
    expectProblem(problems, 'not-placed', '$.topology.nodes[5].host', /VM "clients" is not placed on a host/)
    expectProblem(problems, 'bad-placement', '$.topology.nodes[6].host', /VM "servers" is placed on Switch "sw"/)
    expectProblem(problems, 'bad-placement', '$.topology.nodes[4].host', /Switch "sw" is not placed inside/)
  })
  it('technique not allowed for the device kind, and attaching to a non-device or a non-VM', () => {
    const doc = baseDoc()
    doc.topology.attachments[0].technique = 'sriov'
    doc.topology.attachments[1].device = 'sw'
    doc.topology.attachments.push(att('odd', 'host-a', 'np-a', 'native'))
    const problems = problemsOf(doc)
    expectProblem(problems, 'technique-not-allowed', '$.topology.attachments[0].technique', /cannot reach NP-NIC "np-a" with "sriov"/)
    expectProblem(problems, 'technique-not-allowed', '$.topology.attachments[1].device', /Switch "sw" is not a device/)
    expectProblem(problems, 'bad-placement', '$.topology.attachments[2].vm', /"host-a" is a Host, not a VM/)
  })
  it('a pass-through device given to two VMs, or to a VM standing for two guests', () => {
    const doc = baseDoc()
    doc.variables.technique = 'passthrough'
    doc.topology.attachments.push(att('servers-too', 'servers', 'np-b', 'paravirtual'))
    const problems = problemsOf(doc)
    expectProblem(problems, 'passthrough-shared', '$.topology.attachments[1]', /device "np-b" is passed through to VM "servers", but 2 guests use it/)
    const doc2 = baseDoc()
    doc2.variables.technique = 'passthrough'
    doc2.variables.guests = 2
    expectProblem(problemsOf(doc2), 'passthrough-shared', '$.topology.attachments[0]', /"clients" ×2/)
  })
  it('a device on another host is out of reach', () => {
    const doc = baseDoc()
    doc.topology.attachments[0].device = 'np-b'
    expectProblem(problemsOf(doc), 'no-path', '$.topology.attachments[0].device', /VM "clients" on host "host-a" cannot reach NP-NIC "np-b" on host "host-b"/)
  })
  it('a DC consumer on a host without a Host Gateway', () => {
    const doc = dcDoc()
    expect(codes(problemsOf(doc))).toEqual([])
    doc.topology.nodes.splice(1, 1)
    doc.topology.links = []
    expectProblem(problemsOf(doc), 'no-host-gateway', '$.topology.attachments[0].device', /host "host" has no Host Gateway/)
  })
  it('a DC that no interconnect link joins to the Host Gateway (the DC registers consumers by that link)', () => {
    const doc = dcDoc()
    doc.topology.nodes.push(node('dc-2', 'dc'))
    doc.topology.attachments[0].device = 'dc-2'
    const msg = /no interconnect link \(shared-memory, InfiniBand or TCP\) joins the Host Gateway of host "host" \(hg\) to DC "dc-2"/
    expectProblem(problemsOf(doc), 'no-path', '$.topology.attachments[0].device', msg)
    // An Ethernet path through another DC is not how a consumer reaches a DC.
    doc.topology.links.push({ id: 'dc-dc', kind: 'ethernet', from: 'dc', to: 'dc-2', params: {} })
    expectProblem(problemsOf(doc), 'no-path', '$.topology.attachments[0].device', msg)
    doc.topology.links.push({ id: 'hg-dc-2', kind: 'infiniband', from: 'hg', to: 'dc-2', params: {} })
    expect(codes(problemsOf(doc))).toEqual([])
  })
})

describe('VIF and VF budgets', () => {
  it('more self-virtualized VIFs than the NP-NIC supports, counting VM multiplicity', () => {
    const doc = baseDoc()
    doc.topology.nodes[2].params.vifLimit = 8
    doc.experiments[0].sweep = [] // the fixture's sweep to 8 guests would break the budget at a point (runs-rules.test.ts)
    doc.variables.guests = 6
    doc.topology.nodes.push(node('more', 'vm', { host: 'host-a', params: { count: 3 } }))
    doc.topology.attachments.push(att('more-np', 'more', 'np-a', 'self-virtualized'))
    expectProblem(problemsOf(doc), 'vif-limit', '$.topology.nodes[2]', /NP-NIC "np-a" would need 9 self-virtualized VIFs \("clients" ×6, "more" ×3\) but has 8/)
    doc.topology.nodes[2].params.vifLimit = 9
    expect(codes(problemsOf(doc))).toEqual([])
  })
  it('paravirtual guests do not use VIFs', () => {
    const doc = baseDoc()
    doc.topology.nodes[2].params.vifLimit = 1
    doc.variables.guests = 4
    doc.variables.technique = 'paravirtual'
    doc.experiments[0].sweep = [] // its variant axis switches back to self-virtualized
    expect(codes(problemsOf(doc))).toEqual([])
  })
  it('more SR-IOV attachments than the NIC has virtual functions, or SR-IOV turned off', () => {
    const doc = baseDoc()
    doc.topology.nodes.push(node('nic', 'nic', { host: 'host-a', params: { sriovEnabled: true, vfCount: 2 } }))
    doc.topology.nodes.push(node('three', 'vm', { host: 'host-a', params: { count: 3 } }))
    doc.topology.attachments.push(att('three-nic', 'three', 'nic', 'sriov'))
    expectProblem(problemsOf(doc), 'vf-limit', '$.topology.nodes[7]', /NIC "nic" would need 3 SR-IOV virtual functions \("three" ×3\) but has 2/)
    doc.topology.nodes[7].params.sriovEnabled = false
    expectProblem(problemsOf(doc), 'technique-not-allowed', '$.topology.attachments[2].technique', /SR-IOV turned off/)
  })
  it('the rules read catalog keys that exist', () => {
    const specs = [paramSpec('vm', SHARING_KEYS.vmCount), paramSpec('np-nic', SHARING_KEYS.vifLimit),
      paramSpec('nic', SHARING_KEYS.vfCount), paramSpec('nic', SHARING_KEYS.sriovEnabled)]
    expect(specs.map((s) => s?.dimension)).toEqual(['count', 'count', 'count', 'boolean'])
  })
})

describe('sweeps', () => {
  it('zipped lists of unequal length', () => {
    const doc = baseDoc()
    doc.experiments[0].sweep[1]['variables.technique'].push('native')
    expectProblem(problemsOf(doc), 'sweep-unequal-lengths', '$.experiments[0].sweep[1]', /variables\.variant: 2, variables\.technique: 3/)
  })
  it('paths that do not resolve or may not be swept', () => {
    const doc = baseDoc()
    doc.experiments[0].sweep = [
      { 'variables.gusts': [1] }, { 'experiments.nope.duration': ['1s'] }, { 'topology.nodes.sw.id': ['x'] }, {}
    ]
    const problems = problemsOf(doc)
    expectProblem(problems, 'bad-path', '$.experiments[0].sweep[0]["variables.gusts"]', /no variable "gusts" \(known: guests, variant, technique\)/)
    expectProblem(problems, 'bad-path', '$.experiments[0].sweep[1]["experiments.nope.duration"]', /no experiment "nope"/)
    expectProblem(problems, 'bad-path', '$.experiments[0].sweep[2]["topology.nodes.sw.id"]', /ids cannot be swept/)
    expectProblem(problems, 'invalid-value', '$.experiments[0].sweep[3]', /at least one path/)
  })
  it('a path swept by two axes', () => {
    const doc = baseDoc()
    doc.experiments[0].sweep.push({ 'variables.guests': [16] })
    expectProblem(problemsOf(doc), 'bad-path', '$.experiments[0].sweep[2]["variables.guests"]', /in axis 0 and again in axis 2/)
  })
  it('values that do not fit where they land, without expanding the sweep', () => {
    const doc = baseDoc()
    doc.experiments[0].sweep = [
      { 'variables.guests': [1, 0, 65] },
      { 'variables.technique': ['self-virtualized', 'sriov'] },
      { 'experiments.latency-vs-guests.duration': ['1s', 'fast'] },
      { 'topology.links.a-sw.params.bandwidth': ['100Mbps', '1GHz'] }
    ]
    const problems = problemsOf(doc)
    expectProblem(problems, 'bad-param', '$.experiments[0].sweep[0]["variables.guests"][1]', /sweeps "variables.guests" to the number 0, which is not allowed: must be at least 1/)
    expectProblem(problems, 'bad-param', '$.experiments[0].sweep[0]["variables.guests"][2]')
    expectProblem(problems, 'bad-param', '$.experiments[0].sweep[1]["variables.technique"][1]', /technique of an attachment to a NP-NIC/)
    expectProblem(problems, 'bad-param', '$.experiments[0].sweep[2]["experiments.latency-vs-guests.duration"][1]', /not a duration/)
    expectProblem(problems, 'bad-param', '$.experiments[0].sweep[3]["topology.links.a-sw.params.bandwidth"][1]', /not a bandwidth/)
    expect(problems.filter((p) => p.code === 'bad-param')).toHaveLength(5)
  })
})

describe('all problems at once', () => {
  it('syntax-safe problems of every layer in one report', () => {
    const doc = baseDoc()
    doc.seed = 'x'
    doc.topology.nodes[0].kind = 'hots'
    doc.topology.links[0].to = 'nowhere'
    doc.topology.attachments[0].technique = 'sriov'
    doc.experiments[0].sweep[0]['variables.guests'].push(0)
    const text = JSON.stringify(doc).replace('"params":{}', '"params":{"__proto__":{}}')
    const found = new Set(problemsOf(text).map((p) => p.code))
    for (const code of ['forbidden-key', 'invalid-type', 'unknown-kind', 'dangling-reference', 'technique-not-allowed', 'bad-param']) {
      expect(found, code).toContain(code)
    }
  })
})
