// Parameters of the Host Gateway component kind (skeleton; filled in below).
import type { KindSpec } from '../catalog-types'

export const HOST_GATEWAY: KindSpec = {
  kind: 'host-gateway',
  label: 'Host Gateway',
  description: 'Host Gateway',
  params: [
    { key: 'count', label: 'Count', dimension: 'count', default: 1, min: 1, max: 64, integer: true, doc: 'placeholder', source: 'assumption: placeholder', group: 'General' }
  ],
  connectsTo: ['dc'],
  placedOn: ['host'],

}
