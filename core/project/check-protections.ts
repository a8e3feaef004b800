// Issue 12: a protection turned off is never an accident. A host without its IOMMU under
// pass-through or SR-IOV (check-domain.ts), VPIO without DMA validation or its reusable-state
// handoff, a DC without credential or replay checks, a Host Gateway without PDMA validation, an
// NP-NIC with a writable VIF ring: each is refused unless the experiment that runs it sets
// `protectionOffAcknowledged: true` (for the project as written: every experiment, since all
// run it; at a sweep point: that point's experiment).
import { problem, type Problem } from './problems'
import type { TopologyIndex } from './topology-index'
import type { ProjectView } from './view'

export interface Acknowledgement {
  /** The experiment(s) that run this configuration acknowledge a protection off. */
  readonly ok: boolean
  /** Appended to a refusal: how to acknowledge. */
  readonly hint: string
}

export function acknowledgement(view: ProjectView, experiment?: number): Acknowledgement {
  const exps = experiment === undefined ? view.experiments : view.experiments.filter((e) => e.index === experiment)
  const missing = exps.filter((e) => e.item.protectionOffAcknowledged !== true).map((e) => `"${e.item.id}"`)
  return {
    ok: missing.length === 0,
    hint: missing.length === 0 ? '' : `, or, to study it switched off, set "protectionOffAcknowledged": true on experiment ${missing.join(', ')}`
  }
}

/** Node kind → the protection switches it has, with what turning each off lets a hostile guest do. */
const SWITCHES: Readonly<Record<string, readonly (readonly [string, string])[]>> = {
  nic: [
    ['vpioDmaValidation', 'VPIO\'s DMA validation is off: a guest\'s DMA into memory it does not own is performed'],
    ['vpioHandoffCheck', 'VPIO\'s reusable-state handoff is off: a guest can hand the device over mid-command']
  ],
  dc: [
    ['credentialChecks', 'the DC\'s credential (HMAC) checks are off: a program with a forged credential runs'],
    ['replayChecks', 'the DC\'s replay check is off: a replayed, validly signed program runs again']
  ],
  'host-gateway': [['pdmaValidation', 'PDMA validation is off: a DC\'s DMA into another consumer\'s memory is performed']],
  'np-nic': [['vifRingReadOnly', 'the VIF descriptor ring is writable: a guest can point the NP at memory it does not own']]
}

export function checkProtections(idx: TopologyIndex, ack: Acknowledgement): Problem[] {
  if (ack.ok) return []
  const out: Problem[] = []
  for (const { index, item: node } of idx.view.nodes) {
    for (const [key, what] of SWITCHES[node.kind] ?? []) {
      if (idx.param(node, key) !== false) continue
      out.push(problem('protection-off', ['topology', 'nodes', index, 'params', key], `node "${node.id}": ${what}; set "${key}" to true${ack.hint}`))
    }
  }
  return out
}
