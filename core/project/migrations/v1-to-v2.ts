// v1 → v2: attachments lose their `params`. No technique ever read them (each technique reads
// its device's and its VM's parameters), so a value written there changed nothing while
// looking like a setting; v2 refuses the key instead of ignoring it.
import type { JsonObject, Migration } from './types'

const isObj = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v)

const dropAttachmentParams: Migration = {
  id: 'v1-to-v2-drop-attachment-params',
  from: 1,
  to: 2,
  up: (doc) => {
    const topo = doc.topology
    if (isObj(topo) && Array.isArray(topo.attachments)) {
      for (const a of topo.attachments) if (isObj(a)) delete a.params
    }
    return doc
  }
}

export const V1_TO_V2: readonly Migration[] = [dropAttachmentParams]
