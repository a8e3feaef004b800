// Link kinds (interconnects) and their parameters (skeleton).
import type { LinkKind, LinkKindSpec } from '../catalog-types'

const bw = { key: 'bandwidth', label: 'Bandwidth', dimension: 'bandwidth', default: 1e9, min: 1e3, max: 1e12, doc: 'placeholder', source: 'assumption: placeholder' } as const

export const LINK_KIND_ORDER: readonly LinkKind[] = ['ethernet', 'pci', 'infiniband', 'shared-memory', 'tcp']

export const LINK_KINDS: Readonly<Record<LinkKind, LinkKindSpec>> = {
  ethernet: { kind: 'ethernet', label: 'Ethernet', description: 'Ethernet', params: [bw], implicit: false,
    joins: [['nic', 'nic'], ['nic', 'np-nic'], ['nic', 'dc'], ['nic', 'switch'], ['np-nic', 'np-nic'], ['np-nic', 'dc'], ['np-nic', 'switch'], ['dc', 'dc'], ['dc', 'switch'], ['switch', 'switch']] },
  pci: { kind: 'pci', label: 'PCI', description: 'PCI', params: [bw], implicit: true, joins: [['host', 'nic'], ['host', 'np-nic'], ['host', 'host-gateway']] },
  infiniband: { kind: 'infiniband', label: 'InfiniBand', description: 'IB', params: [bw], implicit: false, joins: [['host-gateway', 'dc']] },
  'shared-memory': { kind: 'shared-memory', label: 'Shared memory', description: 'shm', params: [bw], implicit: false, joins: [['host-gateway', 'dc']] },
  tcp: { kind: 'tcp', label: 'TCP', description: 'tcp', params: [bw], implicit: false, joins: [['host-gateway', 'dc']] }
}
