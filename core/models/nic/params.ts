// Parameters of the NIC component kind (skeleton; filled in below).
import type { KindSpec } from '../catalog-types'

export const NIC: KindSpec = {
  kind: 'nic',
  label: 'NIC',
  description: 'NIC',
  params: [
    { key: 'count', label: 'Count', dimension: 'count', default: 1, min: 1, max: 64, integer: true, doc: 'placeholder', source: 'assumption: placeholder', group: 'General' }
  ],
  connectsTo: ['nic', 'np-nic', 'dc', 'switch'],
  placedOn: ['host'],
  techniques: ['native', 'emulated', 'paravirtual', 'passthrough', 'sriov', 'vpio']
}
