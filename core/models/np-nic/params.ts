// Parameters of the NP-NIC component kind (skeleton; filled in below).
import type { KindSpec } from '../catalog-types'

export const NP_NIC: KindSpec = {
  kind: 'np-nic',
  label: 'NP-NIC',
  description: 'NP-NIC',
  params: [
    { key: 'count', label: 'Count', dimension: 'count', default: 1, min: 1, max: 64, integer: true, doc: 'placeholder', source: 'assumption: placeholder', group: 'General' }
  ],
  connectsTo: ['nic', 'np-nic', 'dc', 'switch'],
  placedOn: ['host'],
  techniques: ['native', 'paravirtual', 'self-virtualized', 'passthrough']
}
