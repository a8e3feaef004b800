// Parameters of the Host component kind (skeleton; filled in below).
import type { KindSpec } from '../catalog-types'

export const HOST: KindSpec = {
  kind: 'host',
  label: 'Host',
  description: 'Host',
  params: [
    { key: 'count', label: 'Count', dimension: 'count', default: 1, min: 1, max: 64, integer: true, doc: 'placeholder', source: 'assumption: placeholder', group: 'General' }
  ],
  connectsTo: [],


}
