// Parameters of the VM component kind (skeleton; filled in below).
import type { KindSpec } from '../catalog-types'

export const VM: KindSpec = {
  kind: 'vm',
  label: 'VM',
  description: 'VM',
  params: [
    { key: 'count', label: 'Count', dimension: 'count', default: 1, min: 1, max: 64, integer: true, doc: 'placeholder', source: 'assumption: placeholder', group: 'General' }
  ],
  connectsTo: [],
  placedOn: ['host'],

}
