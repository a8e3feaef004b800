// Parameters of the Switch component kind (skeleton; filled in below).
import type { KindSpec } from '../catalog-types'

export const SWITCH: KindSpec = {
  kind: 'switch',
  label: 'Switch',
  description: 'Switch',
  params: [
    { key: 'count', label: 'Count', dimension: 'count', default: 1, min: 1, max: 64, integer: true, doc: 'placeholder', source: 'assumption: placeholder', group: 'General' }
  ],
  connectsTo: ['nic', 'np-nic', 'dc', 'switch'],


}
