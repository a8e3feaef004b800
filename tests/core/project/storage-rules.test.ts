// Validation of the storage kinds (issue 11): placement (local storage on a host, an array
// standing alone), the links that may join them, an array reached over Ethernet from the
// VM's host, and how guests may share a storage device.
import { describe, expect, it } from 'vitest'
import { baseDoc, codes, expectProblem, problemsOf, type Doc } from './helpers'

/** The two-host fixture with a NIC on host-a, an NVMe drive and an SSD on host-a, an array on the switch and a second guest on host-a using it. */
function storageDoc(): Doc {
  const doc = baseDoc()
  doc.topology.nodes.push(
    { id: 'nic-a', kind: 'nic', name: 'NIC A', position: { x: 0, y: 0 }, host: 'host-a', params: {} },
    { id: 'nvme-a', kind: 'nvme', name: 'NVMe A', position: { x: 0, y: 0 }, host: 'host-a', params: { vfCount: 2 } },
    { id: 'ssd-a', kind: 'ssd', name: 'SSD A', position: { x: 0, y: 0 }, host: 'host-a', params: {} },
    { id: 'san', kind: 'storage-array', name: 'SAN', position: { x: 0, y: 0 }, params: {} },
    // a VM has one virtual disk: the array's is another guest's on host-a
    { id: 'archive', kind: 'vm', name: 'Archive', position: { x: 0, y: 0 }, host: 'host-a', params: {} }
  )
  doc.topology.links.push(
    { id: 'nic-a-sw', kind: 'ethernet', from: 'nic-a', to: 'sw', params: {} },
    { id: 'san-sw', kind: 'ethernet', from: 'san', to: 'sw', params: {} }
  )
  doc.topology.attachments.push(
    { id: 'c-nvme', vm: 'clients', device: 'nvme-a', technique: 'paravirtual', params: {} },
    { id: 'c-san', vm: 'archive', device: 'san', technique: 'paravirtual', params: {} }
  )
  return doc
}

const storageProblems = (doc: Doc): string[] => codes(problemsOf(doc)).filter((c) => !c.includes('experiments'))

describe('storage kinds in a project', () => {
  it('a host with an NVMe drive, an SSD and a reachable storage array is valid, and network workloads ignore virtual disks', () => {
    expect(codes(problemsOf(storageDoc()))).toEqual([])
  })

  it('local storage must be placed on a host; an array must not be', () => {
    const doc = storageDoc()
    delete doc.topology.nodes.find((n: Doc) => n.id === 'ssd-a').host
    doc.topology.nodes.find((n: Doc) => n.id === 'san').host = 'host-a'
    const p = problemsOf(doc)
    expectProblem(p, 'not-placed', '$.topology.nodes[9].host', /SSD "ssd-a" is not placed on a host/)
    expectProblem(p, 'bad-placement', '$.topology.nodes[10].host', /Storage array "san" is not placed inside another component/)
  })

  it('a disk has no drawn links; an array takes one Ethernet link', () => {
    const doc = storageDoc()
    doc.topology.links.push({ id: 'ssd-sw', kind: 'ethernet', from: 'ssd-a', to: 'sw', params: {} })
    doc.topology.links.push({ id: 'san-nic', kind: 'ethernet', from: 'san', to: 'np-b', params: {} })
    const p = problemsOf(doc)
    expectProblem(p, 'link-not-allowed', '$.topology.links[4].kind', /cannot join SSD "ssd-a" and Switch "sw"/)
    expectProblem(p, 'link-not-allowed', '$.topology.links[5].kind', /cannot join Storage array "san" and NP-NIC "np-b"/)
    const twoPorts = storageDoc()
    twoPorts.topology.nodes.push({ id: 'nic-b', kind: 'nic', name: 'NIC B', position: { x: 0, y: 0 }, host: 'host-b', params: {} })
    twoPorts.topology.links.push({ id: 'san-nic-b', kind: 'ethernet', from: 'san', to: 'nic-b', params: {} })
    expectProblem(problemsOf(twoPorts), 'link-not-allowed', '$.topology.links[4]', /Storage array "san" already has an Ethernet link/)
  })

  it('a VM reaches an array only through an Ethernet path from a NIC on its host, and local storage only on its host', () => {
    const doc = storageDoc()
    doc.topology.links = doc.topology.links.filter((l: Doc) => l.id !== 'nic-a-sw')
    expectProblem(problemsOf(doc), 'no-path', '$.topology.attachments[3].device', /VM "archive" on host "host-a" cannot reach Storage array "san"; draw an Ethernet link from a NIC placed on "host-a"/)
    const other = storageDoc()
    other.topology.attachments.push({ id: 's-nvme', vm: 'servers', device: 'nvme-a', technique: 'paravirtual', params: {} })
    expectProblem(problemsOf(other), 'no-path', '$.topology.attachments[4].device', /VM "servers" on host "host-b" cannot reach NVMe SSD "nvme-a" on host "host-a"/)
  })

  it('offers each storage kind its techniques only', () => {
    const doc = storageDoc()
    doc.topology.attachments.push({ id: 'c-ssd', vm: 'clients', device: 'ssd-a', technique: 'sriov', params: {} })
    expectProblem(problemsOf(doc), 'technique-not-allowed', '$.topology.attachments[4].technique', /a SSD allows native, emulated, paravirtual, passthrough, vpio/)
    const san = storageDoc()
    san.topology.attachments[3].technique = 'passthrough'
    expectProblem(problemsOf(san), 'technique-not-allowed', '$.topology.attachments[3].technique', /Storage array allows native, emulated, paravirtual/)
  })

  it('pass-through gives a drive to one guest; VFs share an NVMe drive with the driver domain, up to its vfCount', () => {
    const doc = storageDoc()
    doc.topology.attachments[2].technique = 'passthrough'
    doc.variables.guests = 2
    expectProblem(problemsOf(doc), 'technique-not-allowed', '$.topology.attachments[2].technique', /needs the IOMMU of host "host-a"/)
    doc.topology.nodes[0].params.iommuEnabled = true
    expectProblem(problemsOf(doc), 'passthrough-shared', '$.topology.attachments[2]', /passed through to VM "clients", but 2 guests use it/)
    const vf = storageDoc()
    vf.topology.nodes[0].params.iommuEnabled = true
    vf.topology.attachments[2].technique = 'sriov'
    vf.variables.guests = 3
    expectProblem(problemsOf(vf), 'vf-limit', '$.topology.nodes[8]', /NVMe SSD "nvme-a" would need 3 SR-IOV virtual functions .* but has 2/)
    vf.variables.guests = 2
    expect(storageProblems(vf)).toEqual([])
    const none = storageDoc()
    none.topology.nodes[0].params.iommuEnabled = true
    none.topology.nodes[8].params.vfCount = 0
    none.topology.attachments[2].technique = 'sriov'
    expectProblem(problemsOf(none), 'vf-limit', '$.topology.nodes[8]', /has 0/)
  })

  it('VPIO hands a disk controller from guest to guest: it does not share with the driver domain\'s uses', () => {
    const doc = storageDoc()
    doc.topology.attachments.push(
      { id: 'c-ssd', vm: 'clients', device: 'ssd-a', technique: 'vpio', params: {} },
      { id: 's-ssd', vm: 'servers', device: 'ssd-a', technique: 'paravirtual', params: {} }
    )
    expectProblem(problemsOf(doc), 'technique-not-allowed', '$.topology.attachments[5].technique', /SSD "ssd-a" is already used with "vpio" by VM "clients"; "paravirtual" and "vpio" cannot share one SSD/)
  })
})
