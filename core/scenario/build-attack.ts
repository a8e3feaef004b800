// The surface an attacker VM copy reaches (issue 12, core/models/attack/surface.ts): from the
// client endpoint of an attack workload, its VM, attachment and technique, its host's IOMMU and
// driver domain, the device's parameters, and for a DC consumer its DC and Host Gateway.
import type { AttackSurface } from '../models/attack/surface'
import { attachmentTechnique } from '../project/resolve'
import type { Endpoint } from '../techniques/types'
import { ScenarioError } from './build-endpoints'
import { iommuOf } from './build-hosts'
import type { World } from './world'

export function attackSurface(w: World, ep: Endpoint): AttackSurface {
  let vm = ''
  for (const [id, doms] of w.vmDomains) if (doms.includes(ep.domain)) vm = id
  const atts = w.project.topology.attachments.filter((a) => a.vm === vm)
  const devId = w.endpointDevice.get(ep.id)
  const att = atts.find((a) => a.device === devId) ?? atts[0]
  if (att === undefined) throw new ScenarioError(`attacker VM "${vm}" is not attached to any device`)
  const dev = w.devices.get(att.device)
  if (dev === undefined) throw new ScenarioError(`attacker VM "${vm}": device "${att.device}" is not a network device or DC`)
  const technique = attachmentTechnique(att, w.project.variables)
  const hostId = [...w.hosts.values()].find((h) => h === ep.host)?.id ?? ''
  return {
    vm,
    technique,
    host: ep.host,
    domain: ep.domain,
    driverDomain: w.driverDomains.get(hostId),
    iommu: iommuOf(w, ep.host),
    device: dev.params,
    ...(dev.kind === 'dc' ? { dc: dev.dc, hg: dev.dc.gatewayOf(ep.host.id)?.hg } : {})
  }
}
