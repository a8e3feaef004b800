// One pass over a topology that answers every question the domain rules ask in O(1):
// nodes by host, each VM's attachment, each host's driver-domain VM, which Host Gateway
// of which host has an interconnect link to which DC, and which devices can exchange
// Ethernet frames (their own link, or switches joined by links). Built once per
// validation (and once per checked sweep point), so every rule stays linear in the file.
import { paramSpec } from '../models/catalog'
import type { ComponentKind } from '../models/catalog'
import { canonicalParam, type Canonical } from './param-values'
import { effectiveRaw, type ProfileEnv } from './profiles'
import type { Attachment, ProjectNode as Node, Scalar } from './schema'
import type { Indexed, ProjectView } from './view'

const TRANSPORTS = new Set(['shared-memory', 'infiniband', 'tcp'])
const FRAME_DEVICES = new Set(['nic', 'np-nic', 'dc'])

/** Union-find over switch ids: switches joined by Ethernet links forward to each other. */
class SwitchGroups {
  private readonly parent = new Map<string, string>()

  find(x: string): string {
    let root = x
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root) as string
    let cur = x
    while (cur !== root) {
      const next = this.parent.get(cur) as string
      this.parent.set(cur, root)
      cur = next
    }
    return root
  }

  union(a: string, b: string): void {
    const ra = this.find(a), rb = this.find(b)
    if (ra !== rb) this.parent.set(ra, rb)
  }
}

export interface TopologyIndex {
  readonly view: ProjectView
  /** A catalog parameter of a node, canonical (defaults filled in); undefined if unreadable. */
  param(node: Node, key: string): Canonical | undefined
  /** Every attachment of a VM, in file order (the model uses the first). */
  readonly attachmentsOf: ReadonlyMap<string, Indexed<Attachment>[]>
  /** Every attachment to a device, in file order. */
  readonly attachmentsTo: ReadonlyMap<string, Indexed<Attachment>[]>
  /** The host's driver domain VM (the first VM on it with role "driver-domain"). */
  readonly driverVm: ReadonlyMap<string, Node>
  /** The first NIC or NP-NIC placed on each host (a driver domain's device when it is not attached). */
  readonly firstNetDevice: ReadonlyMap<string, Node>
  /** Host Gateway ids placed on each host. */
  readonly gatewaysOn: ReadonlyMap<string, string[]>
  /** True if a Host Gateway placed on `hostId` has an interconnect link to DC `dcId`. */
  gatewayLinked(hostId: string, dcId: string): boolean
  /** Ethernet links at each device (NIC, NP-NIC, DC), in file order. */
  readonly portsOf: ReadonlyMap<string, string[]>
  /** True if frames `a` sends out of its port reach device `b` (b may be a itself, through a switch). */
  framesReach(a: string, b: string): boolean
  /** Some node failed to parse: path checks would report its absence, so they are skipped. */
  readonly incomplete: boolean
  /** Is `vm` its host's driver domain? */
  isDriverDomain(vm: Node): boolean
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

export function indexTopology(view: ProjectView): TopologyIndex {
  const vars: Readonly<Record<string, Scalar>> = view.variables
  const env: ProfileEnv = { variables: vars, nodeById: (id) => view.nodeById.get(id) }
  /** A node's effective parameter (written > hardware profile > catalog default). */
  const param = (node: Node, key: string): Canonical | undefined => {
    if (!Object.hasOwn(CATALOG_KINDS, node.kind)) return undefined
    const spec = paramSpec(node.kind as ComponentKind, key)
    if (!spec) return undefined
    const r = canonicalParam(spec, effectiveRaw(node, spec, env), vars)
    return r.ok ? r.value : undefined
  }
  const attachmentsOf = new Map<string, Indexed<Attachment>[]>()
  const attachmentsTo = new Map<string, Indexed<Attachment>[]>()
  for (const a of view.attachments) {
    push(attachmentsOf, a.item.vm, a)
    push(attachmentsTo, a.item.device, a)
  }
  const driverVm = new Map<string, Node>()
  const firstNetDevice = new Map<string, Node>()
  const gatewaysOn = new Map<string, string[]>()
  for (const { item: n } of view.nodes) {
    if (n.host === undefined || view.nodeById.get(n.id) !== n) continue
    if (n.kind === 'vm' && !driverVm.has(n.host) && param(n, 'role') === 'driver-domain') driverVm.set(n.host, n)
    if ((n.kind === 'nic' || n.kind === 'np-nic') && !firstNetDevice.has(n.host)) firstNetDevice.set(n.host, n)
    if (n.kind === 'host-gateway') push(gatewaysOn, n.host, n.id)
  }
  const linked = new Set<string>()
  const switches = new SwitchGroups()
  const portsOf = new Map<string, string[]>()
  const direct = new Set<string>()
  const groupsOf = new Map<string, Set<string>>()
  const ethernet: [string, string][] = []
  for (const { item: l } of view.links) {
    const a = view.nodeById.get(l.from), b = view.nodeById.get(l.to)
    if (!a || !b) continue
    if (TRANSPORTS.has(l.kind)) {
      const [hg, dc] = a.kind === 'host-gateway' ? [a, b] : [b, a]
      if (hg.kind === 'host-gateway' && dc.kind === 'dc' && hg.host !== undefined) linked.add(`${hg.host}\u0000${dc.id}`)
    } else if (l.kind === 'ethernet') {
      for (const [x, y] of [[a, b], [b, a]]) if (FRAME_DEVICES.has(x.kind)) push(portsOf, x.id, y.id)
      if (a.kind === 'switch' && b.kind === 'switch') switches.union(a.id, b.id)
      else ethernet.push([a.id, b.id])
    }
  }
  for (const [x, y] of ethernet) {
    const nx = view.nodeById.get(x) as Node, ny = view.nodeById.get(y) as Node
    if (nx.kind === 'switch' && FRAME_DEVICES.has(ny.kind)) addGroup(groupsOf, y, switches.find(x))
    else if (ny.kind === 'switch' && FRAME_DEVICES.has(nx.kind)) addGroup(groupsOf, x, switches.find(y))
    else if (FRAME_DEVICES.has(nx.kind) && FRAME_DEVICES.has(ny.kind)) {
      direct.add(`${x}\u0000${y}`)
      direct.add(`${y}\u0000${x}`)
    }
  }
  const framesReach = (a: string, b: string): boolean => {
    if (a !== b && direct.has(`${a}\u0000${b}`)) return true
    const ga = groupsOf.get(a), gb = groupsOf.get(b)
    if (!ga || !gb) return false
    const [small, large] = ga.size <= gb.size ? [ga, gb] : [gb, ga]
    for (const g of small) if (large.has(g)) return true
    return false
  }
  return {
    view, param, attachmentsOf, attachmentsTo, driverVm, firstNetDevice, gatewaysOn, portsOf, framesReach,
    incomplete: view.nodeIds.size !== view.nodeById.size,
    gatewayLinked: (hostId, dcId) => linked.has(`${hostId}\u0000${dcId}`),
    isDriverDomain: (vm) => vm.host !== undefined && driverVm.get(vm.host) === vm
  }
}

function addGroup(map: Map<string, Set<string>>, device: string, group: string): void {
  const set = map.get(device)
  if (set) set.add(group)
  else map.set(device, new Set([group]))
}

const CATALOG_KINDS: Readonly<Record<ComponentKind, true>> = {
  host: true, vm: true, nic: true, 'np-nic': true, dc: true, 'host-gateway': true, switch: true,
  disk: true, ssd: true, nvme: true, 'storage-array': true
}
