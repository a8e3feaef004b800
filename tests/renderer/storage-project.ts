// A small storage project for renderer tests (issue 11): a host with two VMs, an NVMe SSD with
// virtual functions, an SSD and a NIC; a storage array linked to the NIC; a virtual disk per VM
// (an SR-IOV VF of the NVMe device, and pass-through of the SSD) and a block experiment.
import type { Project } from '../../core/project'

export function storageProject(): Project {
  return {
    format: 'iovlab-project', schemaVersion: 2, name: 'storage', description: '', seed: 11, variables: {},
    topology: {
      nodes: [
        { id: 'host-a', kind: 'host', name: 'host-a', position: { x: 0, y: 0 }, params: { iommuEnabled: true } },
        { id: 'vm-1', kind: 'vm', name: 'vm-1', host: 'host-a', position: { x: 16, y: 48 }, params: {} },
        { id: 'vm-2', kind: 'vm', name: 'vm-2', host: 'host-a', position: { x: 208, y: 48 }, params: {} },
        { id: 'nvme-1', kind: 'nvme', name: 'nvme-1', host: 'host-a', position: { x: 16, y: 128 }, params: { vfCount: 4 } },
        { id: 'ssd-1', kind: 'ssd', name: 'ssd-1', host: 'host-a', position: { x: 208, y: 128 }, params: {} },
        { id: 'nic-1', kind: 'nic', name: 'nic-1', host: 'host-a', position: { x: 400, y: 128 }, params: {} },
        { id: 'array-1', kind: 'storage-array', name: 'array-1', position: { x: 700, y: 100 }, params: {} },
        { id: 'host-b', kind: 'host', name: 'host-b', position: { x: 0, y: 400 }, params: {} },
        { id: 'disk-b', kind: 'disk', name: 'disk-b', host: 'host-b', position: { x: 16, y: 448 }, params: {} }
      ],
      links: [{ id: 'l1', kind: 'ethernet', from: 'nic-1', to: 'array-1', params: {} }],
      attachments: [
        { id: 'd1', vm: 'vm-1', device: 'nvme-1', technique: 'sriov' },
        { id: 'd2', vm: 'vm-2', device: 'ssd-1', technique: 'passthrough' }
      ]
    },
    experiments: [{
      id: 'fio', name: 'Random reads', duration: '2ms', warmup: 0, replications: 1, stop: {},
      workloads: [{ id: 'block', kind: 'block', clients: ['vm-1', 'vm-2'], params: { pattern: 'randread', queueDepth: 4 } }],
      sweep: []
    }]
  } as Project
}
