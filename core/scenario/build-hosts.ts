// Hosts, their devices and their domains from the project's nodes: one HostModel per
// host, an NP-NIC model (with the hypervisor's interrupt routing) per NP-NIC, a NIC model
// per NIC (behind the host's IOMMU when enabled), a DC model per DC, a driver
// domain per host (an explicit driver-domain VM, or the host's implicit one) and one
// guest domain per copy of each guest VM node.
import { HostModel } from '../models/host/host-model'
import { NpIrqVirt } from '../models/np-nic/irq-virt'
import { NpNicModel } from '../models/np-nic/np-nic-model'
import { NicModel } from '../models/nic/nic-model'
import { DC_MODELS, DcModel } from '../models/dc/dc-model'
import { IOMMU_KEY, Iommu } from '../models/host/iommu'
import { bool, num, str, type KindParams, type ParamRecord } from '../models/param-read'
import type { VmParamKey } from '../models/vm/params'
import { nodeParams } from '../project/resolve'
import { profileEnv, type ProfileEnv } from '../project/profiles'
import type { ProjectNode as Node } from '../project/schema'
import type { World } from './world'

const envs = new WeakMap<World, ProfileEnv>()

/** A node's effective parameters (written > hardware profile > catalog default). */
export function params(w: World, node: Node): ParamRecord {
  let env = envs.get(w)
  if (env === undefined) envs.set(w, (env = profileEnv(w.project.topology.nodes, w.project.variables)))
  return nodeParams(node, env)
}

export function buildHosts(w: World): void {
  const nodes = w.project.topology.nodes
  for (const n of nodes) if (n.kind === 'host') w.hosts.set(n.id, new HostModel(w.sim, n.id, params(w, n), w.stats))
  for (const n of nodes) {
    const host = n.host === undefined ? undefined : w.hosts.get(n.host)
    if (n.kind === 'np-nic' && host !== undefined) {
      const p = params(w, n)
      const np = new NpNicModel(w.sim, w.pool, w.stats, w.rng.stream(`${n.id}/poll`), n.id, p, {
        bridgeHopNs: num(host.params, 'bridgeHopLatency'), bus: host.pci
      })
      w.devices.set(n.id, { kind: 'np-nic', id: n.id, params: p, np, irq: new NpIrqVirt(host, np, p) })
    } else if (n.kind === 'nic' && host !== undefined) {
      const p = params(w, n)
      const nic = new NicModel(w.sim, w.pool, w.stats, n.id, p)
      nic.iommu = iommuOf(w, host)
      nic.bus = host.pci
      w.devices.set(n.id, { kind: 'nic', id: n.id, params: p, nic })
    } else if (n.kind === 'dc') {
      const p = params(w, n)
      const dc = new DcModel(w.sim, w.pool, w.stats, w.rng.stream(`${n.id}/dc`), n.id, p)
      w.devices.set(n.id, { kind: 'dc', id: n.id, params: p, dc })
      w.shared.get(DC_MODELS, '', () => new Map<string, DcModel>()).set(n.id, dc)
    }
  }
  buildDomains(w, nodes)
}

/** The host's IOMMU (one per host, shared by its devices), when it has one enabled. */
export function iommuOf(w: World, host: HostModel): Iommu | undefined {
  if (!bool(host.params, 'iommuEnabled')) return undefined
  return w.shared.get(IOMMU_KEY, host.id, () => new Iommu(host.params, w.stats.counters))
}

function placement(host: HostModel, p: KindParams<VmParamKey>, role: 'driver' | 'guest'): string {
  const v = str(p, 'placement')
  return v === 'host-default' ? host.defaultPlacement(role) : v
}

function buildDomains(w: World, nodes: readonly Node[]): void {
  for (const [hostId, host] of w.hosts) {
    const explicit = nodes.find((n) => n.kind === 'vm' && n.host === hostId && params(w, n).role === 'driver-domain')
    const hp = host.params
    const dom0 = explicit === undefined
      ? host.addDomain({
        name: `${hostId}/dom0`, role: 'driver', vcpus: num(hp, 'driverDomainVcpus'), weight: num(hp, 'driverDomainWeight'),
        cap: num(hp, 'driverDomainCap'), reservation: num(hp, 'driverDomainReservation'), placement: str(hp, 'driverDomainPlacement'), pinCpu: -1
      })
      : host.addDomain(vmSpec(host, `${hostId}/${explicit.id}`, params(w, explicit), 'driver'))
    w.driverDomains.set(hostId, dom0)
    if (explicit !== undefined) w.vmDomains.set(explicit.id, [dom0])
  }
  for (const n of nodes) {
    if (n.kind !== 'vm' || n.host === undefined || w.vmDomains.has(n.id)) continue
    const host = w.hosts.get(n.host)
    if (host === undefined) continue
    const p = params(w, n)
    const copies = num(p, 'count')
    const doms = []
    for (let i = 0; i < copies; i++) doms.push(host.addDomain(vmSpec(host, copies > 1 ? `${n.id}[${i}]` : n.id, p, 'guest')))
    w.vmDomains.set(n.id, doms)
  }
}

/** The domain a VM node's copy `name` gets on `host` (its vCPUs, weight, cap, reservation, placement there). */
export function vmSpec(host: HostModel, name: string, p: KindParams<VmParamKey>, role: 'driver' | 'guest') {
  return {
    name, role, vcpus: num(p, 'vcpus'), weight: num(p, 'weight'), cap: num(p, 'cap'), reservation: num(p, 'reservation'),
    placement: placement(host, p, role), pinCpu: num(p, 'pinCpu')
  }
}
