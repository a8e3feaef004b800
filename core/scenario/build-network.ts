// The wired network: every Ethernet link becomes two Wires (one per direction) between
// devices and switches; switches learn, for every endpoint, the port towards the device
// that serves it (breadth-first over the switch graph).
import { num, str, type KindParams } from '../models/param-read'
import type { SwitchParamKey } from '../models/switch/params'
import type { LinkParamKey } from '../models/link/params'
import { Wire } from '../models/link/wire'
import { SwitchModel } from '../models/switch/switch-model'
import { linkParams } from '../project/resolve'
import { params } from './build-hosts'
import { ScenarioError } from './build-endpoints'
import { isStorageLink, WIRES } from './build-storage'
import type { World } from './world'

interface Port { sw: string; port: number; peer: string }

function rateOf(w: World, id: string, linkBps: number): number {
  const dev = w.devices.get(id)
  if (dev !== undefined && typeof dev.params.lineRate === 'number') return Math.min(linkBps, dev.params.lineRate)
  const sw = w.project.topology.nodes.find((n) => n.id === id && n.kind === 'switch')
  return sw === undefined ? linkBps : Math.min(linkBps, num(params(w, sw), 'lineRate'))
}

/** MAC/PHY latency of a device end of a link (0 for switches, which have their own forwarding latency). */
function endLatency(w: World, id: string): number {
  const v = w.devices.get(id)?.params.pipelineLatency
  return typeof v === 'number' ? v : 0
}

/** Where frames a node sends enter: a device's receive path or a switch's input. */
function inputOf(w: World, id: string): (pkt: number) => void {
  const sw = w.switches.get(id)
  if (sw !== undefined) return sw.receive
  const dev = w.devices.get(id)
  if (dev?.kind === 'np-nic') return dev.np.receive
  if (dev?.kind === 'nic') return dev.nic.receive
  if (dev?.kind === 'dc') return dev.dc.receive
  throw new ScenarioError(`"${id}" cannot receive frames yet (NICs, NP-NICs, DCs and switches are wired so far)`)
}

function attachOutput(w: World, id: string, wire: Wire, ports: Port[], peer: string): void {
  const sw = w.switches.get(id)
  if (sw !== undefined) ports.push({ sw: id, port: sw.addPort(wire), peer })
  else {
    const dev = w.devices.get(id)
    if (dev?.kind === 'np-nic') dev.np.port = wire
    else if (dev?.kind === 'nic') dev.nic.port = wire
    else if (dev?.kind === 'dc') dev.dc.port = wire
  }
}

export function buildNetwork(w: World): void {
  for (const n of w.project.topology.nodes) {
    if (n.kind !== 'switch') continue
    const p: KindParams<SwitchParamKey> = params(w, n)
    w.switches.set(n.id, new SwitchModel(w.sim, w.pool, w.stats, n.id, num(p, 'forwardingLatency'), num(p, 'portBuffer'), str(p, 'mode') === 'cut-through'))
    const used = w.project.topology.links.filter((l) => l.kind === 'ethernet' && (l.from === n.id || l.to === n.id)).length
    if (used > num(p, 'ports')) throw new ScenarioError(`switch "${n.id}" has ${used} Ethernet links but only ${num(p, 'ports')} ports`)
  }
  const ports: Port[] = []
  for (const link of w.project.topology.links) {
    if (link.kind !== 'ethernet' || isStorageLink(w, link)) continue // storage arrays: build-storage.ts
    const lp: KindParams<LinkParamKey> = linkParams(link, w.project.variables)
    for (const [a, b] of [[link.from, link.to], [link.to, link.from]]) {
      const wire = new Wire(w.sim, w.pool, {
        name: `${link.id}/${a}`, rateBps: Math.min(rateOf(w, a, num(lp, 'bandwidth')), rateOf(w, b, num(lp, 'bandwidth'))),
        propagationNs: num(lp, 'propagationDelay') + num(lp, 'perMessageDelay') + endLatency(w, a) + endLatency(w, b), overheadBytes: num(lp, 'perMessageBytes'),
        mtu: Math.max(1, num(lp, 'mtu'))
      })
      w.shared.get(WIRES, `${link.id}/${a}`, () => wire) // storage messages share its transmitter (build-storage.ts)
      const sw = w.switches.get(b)
      wire.connect(sw !== undefined ? sw.inputFrom(wire) : inputOf(w, b))
      attachOutput(w, a, wire, ports, b)
    }
  }
  PORTS.set(w, ports)
  learnRoutes(w, ports)
}

/** Each world's switch ports (for routes learned after the build: routeTo). */
const PORTS = new WeakMap<World, Port[]>()

/** For switch `swId`: the output port on a shortest path to each node it reaches. */
function portsFrom(swId: string, ports: readonly Port[]): Map<string, number> {
  const first = new Map<string, number>()
  const queue: string[] = []
  for (const p of ports) if (p.sw === swId && !first.has(p.peer)) { first.set(p.peer, p.port); queue.push(p.peer) }
  while (queue.length > 0) {
    const cur = queue.shift()!
    for (const p of ports) {
      if (p.sw === cur && !first.has(p.peer) && p.peer !== swId) { first.set(p.peer, first.get(cur)!); queue.push(p.peer) }
    }
  }
  return first
}

/** For each switch and endpoint: the output port on a shortest path to the endpoint's device. */
function learnRoutes(w: World, ports: Port[]): void {
  for (const [swId, sw] of w.switches) {
    const first = portsFrom(swId, ports)
    for (const [ep, dev] of w.endpointDevice) {
      const port = first.get(dev)
      if (port !== undefined) sw.learn(ep, port)
    }
  }
}

/**
 * Every switch that reaches device `deviceId` now sends frames for endpoint `ep` towards it (a
 * migrated VM's gratuitous ARP at resume: rehome.ts); returns how many switches learned it.
 */
export function routeTo(w: World, ep: number, deviceId: string): number {
  const ports = PORTS.get(w) ?? []
  let n = 0
  for (const [swId, sw] of w.switches) {
    const port = portsFrom(swId, ports).get(deviceId)
    if (port === undefined) continue
    sw.learn(ep, port)
    n++
  }
  return n
}

/** Some switch reaches device `deviceId` (it is wired to the network). */
export function switchReaches(w: World, deviceId: string): boolean {
  const ports = PORTS.get(w) ?? []
  return [...w.switches.keys()].some((swId) => portsFrom(swId, ports).has(deviceId))
}
