// The Scalable I/O fabric (000): a Host Gateway model per Host Gateway node, and for every
// interconnect link (shared memory, InfiniBand, TCP) between a Host Gateway and a DC a
// message link in each direction, registered with the DC for the gateway's host.
import { HgModel } from '../models/host-gateway/hg-model'
import { MessageLink } from '../models/link/message-link'
import { linkParams } from '../project/resolve'
import { params } from './build-hosts'
import { ScenarioError } from './build-endpoints'
import type { World } from './world'
import { sharedKey } from '../models/shared-objects'

const TRANSPORTS = new Set(['shared-memory', 'infiniband', 'tcp'])

export function buildGateways(w: World): void {
  const nodes = new Map(w.project.topology.nodes.map((n) => [n.id, n]))
  const gateways = w.shared.get(GATEWAYS, '', () => new Map<string, HgModel>())
  for (const n of nodes.values()) {
    if (n.kind !== 'host-gateway') continue
    gateways.set(n.id, new HgModel(w.sim, w.stats, w.rng.stream(`${n.id}/faults`), n.id, params(w, n)))
  }
  for (const link of w.project.topology.links) {
    if (!TRANSPORTS.has(link.kind)) continue
    const [hgId, dcId] = nodes.get(link.from)?.kind === 'host-gateway' ? [link.from, link.to] : [link.to, link.from]
    const hg = gateways.get(hgId)
    const dev = w.devices.get(dcId)
    const hostId = nodes.get(hgId)?.host
    if (hg === undefined || dev?.kind !== 'dc' || hostId === undefined) {
      throw new ScenarioError(`link "${link.id}" (${link.kind}) must join a Host Gateway placed on a host and a DC`)
    }
    const lp = linkParams(link, w.project.variables)
    dev.dc.connect({ hostId, hg, up: new MessageLink(w.sim, `${link.id}/up`, lp), down: new MessageLink(w.sim, `${link.id}/down`, lp) })
  }
}

/** Every Host Gateway model of the run (for statistics). */
const GATEWAYS = sharedKey<Map<string, HgModel>>('host-gateways')

export function gatewaysOf(w: World): HgModel[] {
  const g = w.shared.find(GATEWAYS, '')
  return g === undefined ? [] : [...g.values()]
}
