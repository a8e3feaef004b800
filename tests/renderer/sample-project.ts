// A small valid project for renderer tests: two hosts, a VM and an NP-NIC on the first, a VM and a
// NIC on the second, a switch, links, two attachments, one experiment sweeping a node parameter.
import type { Project } from '../../core/project'

export function sampleProject(): Project {
  return {
    format: 'iovlab-project', schemaVersion: 2, name: 'sample', description: '', seed: 7, variables: { guests: 1 },
    topology: {
      nodes: [
        { id: 'host-a', kind: 'host', name: 'host-a', position: { x: 0, y: 0 }, params: { clock: '2.8GHz' } },
        { id: 'host-b', kind: 'host', name: 'host-b', position: { x: 400, y: 0 }, params: {} },
        { id: 'vm-1', kind: 'vm', name: 'vm-1', host: 'host-a', position: { x: 0, y: 100 }, params: { count: { var: 'guests' } } },
        { id: 'np-1', kind: 'np-nic', name: 'np-1', host: 'host-a', position: { x: 200, y: 100 }, params: {} },
        { id: 'vm-2', kind: 'vm', name: 'vm-2', host: 'host-b', position: { x: 400, y: 100 }, params: {} },
        { id: 'nic-1', kind: 'nic', name: 'nic-1', host: 'host-b', position: { x: 600, y: 100 }, params: {} },
        { id: 'sw', kind: 'switch', name: 'sw', position: { x: 300, y: 300 }, params: {} }
      ],
      links: [
        { id: 'l1', kind: 'ethernet', from: 'np-1', to: 'sw', params: {} },
        { id: 'l2', kind: 'ethernet', from: 'nic-1', to: 'sw', params: { bandwidth: '1Gbps' } }
      ],
      attachments: [
        { id: 'a1', vm: 'vm-1', device: 'np-1', technique: 'self-virtualized' },
        { id: 'a2', vm: 'vm-2', device: 'nic-1', technique: 'paravirtual' }
      ]
    },
    experiments: [{
      id: 'e1', name: 'E1', duration: '1s', warmup: 0, replications: 1, stop: {},
      workloads: [{ id: 'w', kind: 'ping', clients: ['vm-1'], servers: 'vm-2', params: {} }],
      sweep: [{ 'topology.nodes.host-a.params.clock': ['2GHz', '3GHz'] }]
    }]
  } as Project
}
