// Storage devices from the project's nodes (issue 11): a DiskModel, SsdModel or NvmeModel per
// disk / ssd / nvme placed on a host (their DMA crosses the host's PCI bus), and a
// StorageArrayModel per storage array, with the network path from every host that can reach
// it (a NIC of the host, Ethernet links and switches, breadth-first: the fewest hops). Parameters
// come through the same effective-value path as every kind (written > profile > default).
import { DiskModel } from '../models/storage/disk/disk-model'
import { SsdModel } from '../models/storage/ssd/ssd-model'
import { NvmeModel } from '../models/storage/nvme/nvme-model'
import { StorageArrayModel, makeHop, type ArrayHop } from '../models/storage/array/array-model'
import { num, type KindParams } from '../models/param-read'
import type { LinkParamKey } from '../models/link/params'
import { linkParams } from '../project/resolve'
import type { ProjectLink, ProjectNode as Node } from '../project/schema'
import { iommuOf, params } from './build-hosts'
import { ScenarioError } from './build-endpoints'
import type { World } from './world'
import { sharedKey } from '../models/shared-objects'
import type { Wire } from '../models/link/wire'

/** The network's wire of each Ethernet link direction, `${link.id}/${from}` (registered by build-network). */
export const WIRES = sharedKey<Wire>('wire')
/** Every storage-array hop of each link (both directions), by link id: the faults take them down (core/scenario/faults.ts). */
export const STORAGE_HOPS = sharedKey<ArrayHop[]>('storage-hops')

/** Builds World.blockDevices (call after buildHosts). */
export function buildStorage(w: World): void {
  for (const n of w.project.topology.nodes) {
    const env = { sim: w.sim, blocks: w.blocks, stats: w.stats }
    if (n.kind === 'storage-array') {
      w.blockDevices.set(n.id, new StorageArrayModel(env, n.id, params(w, n)))
      continue
    }
    if (n.kind !== 'disk' && n.kind !== 'ssd' && n.kind !== 'nvme') continue
    const host = n.host === undefined ? undefined : w.hosts.get(n.host)
    if (host === undefined) throw new ScenarioError(`${n.kind} "${n.id}" is not placed on a host`)
    const onHost = { ...env, bus: host.pci }
    const p = params(w, n)
    const dev = n.kind === 'disk' ? new DiskModel(onHost, n.id, p)
      : n.kind === 'ssd' ? new SsdModel(onHost, n.id, p)
        : new NvmeModel(onHost, n.id, p, num(host.params, 'pciReadLatency'))
    dev.iommu = iommuOf(w, host) // translates the DMA of queues a guest owns (setBlockDmaContext)
    w.blockDevices.set(n.id, dev)
  }
  for (const dev of w.blockDevices.values()) if (dev instanceof StorageArrayModel) routeArray(w, dev)
}

/** Ethernet links that join storage arrays (build-network leaves them to this module). */
export function isStorageLink(w: World, link: ProjectLink): boolean {
  const kind = (id: string): string | undefined => w.project.topology.nodes.find((n) => n.id === id)?.kind
  return kind(link.from) === 'storage-array' || kind(link.to) === 'storage-array'
}

/** For every host with a NIC that has an Ethernet path to `array`: the hops each way. */
function routeArray(w: World, array: StorageArrayModel): void {
  const nodes = new Map<string, Node>(w.project.topology.nodes.map((n) => [n.id, n]))
  const links = w.project.topology.links.filter((l) => l.kind === 'ethernet')
  // breadth-first from the array through switches to NICs
  const prev = new Map<string, { from: string; link: ProjectLink }>()
  const queue = [array.id]
  const seen = new Set([array.id])
  while (queue.length > 0) {
    const cur = queue.shift()!
    for (const l of links) {
      const other = l.from === cur ? l.to : l.to === cur ? l.from : undefined
      if (other === undefined || seen.has(other)) continue
      const kind = nodes.get(other)?.kind
      if (kind !== 'switch' && kind !== 'nic') continue
      seen.add(other)
      prev.set(other, { from: cur, link: l })
      if (kind === 'switch') queue.push(other)
    }
  }
  const hopCache = hopsOf(w)
  for (const n of w.project.topology.nodes) {
    if (n.kind !== 'nic' || n.host === undefined || !prev.has(n.id)) continue
    const host = w.hosts.get(n.host)
    const dev = w.devices.get(n.id)
    // every NIC with a path is a path of its own (dm-multipath, core/models/storage/array/multipath.ts), in the topology's order
    if (host === undefined || dev?.kind !== 'nic') continue
    // the path NIC → … → array, as (from, to, link) steps
    const steps: { from: string; to: string; link: ProjectLink }[] = []
    for (let at = n.id; at !== array.id;) {
      const p = prev.get(at)!
      steps.push({ from: at, to: p.from, link: p.link })
      at = p.from
    }
    array.addRoute({
      host: n.host, nicDma: dev.nic.dma, nicDmaBps: num(dev.params, 'dmaBandwidth'), nicDescNs: num(dev.params, 'dmaDescriptorOverhead'),
      bus: host.pci,
      toArray: steps.map((s) => hopCache(s.link, s.from, s.to)),
      toHost: [...steps].reverse().map((s) => hopCache(s.link, s.to, s.from))
    })
  }
}

/** One hop per link direction, shared by every session whose path crosses it. */
function hopsOf(w: World): (link: ProjectLink, from: string, to: string) => ArrayHop {
  const made = new Map<string, ArrayHop>()
  const nodeOf = (id: string): Node | undefined => w.project.topology.nodes.find((n) => n.id === id)
  const rate = (id: string): number => {
    const n = nodeOf(id)
    const v = n === undefined || n.kind === 'storage-array' ? undefined : params(w, n).lineRate
    return typeof v === 'number' ? v : Infinity
  }
  const endLatency = (id: string): number => {
    const n = nodeOf(id)
    if (n?.kind === 'nic') return num(params(w, n), 'pipelineLatency')
    return 0
  }
  const forwarding = (id: string): number => {
    const n = nodeOf(id)
    return n?.kind === 'switch' ? num(params(w, n), 'forwardingLatency') : 0
  }
  return (link, from, to) => {
    const key = `${link.id}/${from}`
    let h = made.get(key)
    if (h === undefined) {
      const lp: KindParams<LinkParamKey> = linkParams(link, w.project.variables)
      const bps = Math.min(num(lp, 'bandwidth'), rate(from), rate(to))
      const delay = num(lp, 'propagationDelay') + num(lp, 'perMessageDelay') + endLatency(from) + endLatency(to) + forwarding(to)
      h = makeHop(w.sim, `${link.id}/${from}/storage`, bps, num(lp, 'mtu'), num(lp, 'perMessageBytes'), delay, () => w.shared.find(WIRES, key)?.tx, link.id)
      made.set(key, h)
      w.shared.get(STORAGE_HOPS, link.id, () => []).push(h)
    }
    return h
  }
}
