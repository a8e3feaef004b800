// Virtual disks from attachments (issue 11): every attachment of a VM to a storage device
// (disk, ssd, nvme, storage-array; its model in World.blockDevices, built by build-storage.ts)
// gets, per VM copy, a BlockAttachContext — the device and its canonical parameters, the
// attachment's canonical virtual-disk parameters (VDISK_PARAMS), and `backend()`, the virtual
// disk's back end made once per copy on first use — and its technique's `attachBlock` builds
// the port a block workload drives (World.blockPorts, key `${vmId}#${copy}`).
import { CATALOG, type ComponentKind } from '../models/catalog'
import type { Domain } from '../models/host/domain'
import type { SharedKey } from '../models/shared-objects'
import type { BlockTarget } from '../models/storage/block'
import { VDISK_PARAMS } from '../models/storage/vdisk/params'
import { isStorageKind } from '../models/storage/storage-kinds'
import { defaultParams } from '../models/catalog'
import { canonicalParam } from '../project/param-values'
import { attachmentTechnique } from '../project/resolve'
import type { Attachment } from '../project/schema'
import { technique } from '../techniques/registry'
import { driverDomainBlockDriver } from '../techniques/common/block-attach'
import type { BlockAttachContext } from '../techniques/types'
import { ScenarioError } from './build-endpoints'
import { params as nodeParamsOf } from './build-hosts'
import type { World } from './world'

/**
 * The bottom of a virtual disk's back end: the driver domain's native driver of a local device
 * (core/techniques/common/block-driver.ts), shared by every back end on that device. A storage
 * array's bottom is its network initiator (core/models/storage/array/initiator.ts, built with the
 * array's model by build-storage.ts): until it is wired, the array's target is driven like a
 * local device through its BlockDeviceModel.
 */
export function bottomTarget(ctx: BlockAttachContext): BlockTarget {
  return driverDomainBlockDriver(ctx)
}

/**
 * The virtual disk's back end: the interposition, cache and RAID stages of its `params`
 * (core/models/storage/backend, buildBackendChain) over the bottom target. At merge this routes
 * through buildBackendChain; without the back-end stages it is the bottom target itself.
 */
export function backendFor(ctx: BlockAttachContext): BlockTarget {
  return bottomTarget(ctx)
}

/** The attachment's canonical virtual-disk parameters (written, else the default; variables substituted). */
export function vdiskParams(w: World, att: Attachment): Record<string, number | string | boolean> {
  const written = att.params ?? {}
  const out: Record<string, number | string | boolean> = {}
  for (const spec of VDISK_PARAMS) {
    const r = canonicalParam(spec, written[spec.key], w.project.variables)
    if (!r.ok) throw new ScenarioError(`attachment "${att.id}": "${spec.key}" ${r.message}`)
    out[spec.key] = r.value
  }
  return out
}

function attachDisk(w: World, att: Attachment, copy: number, dom: Domain): void {
  const nodes = w.project.topology.nodes
  const deviceNode = nodes.find((n) => n.id === att.device)
  const vmNode = nodes.find((n) => n.id === att.vm)
  const device = w.blockDevices.get(att.device)
  if (deviceNode === undefined || device === undefined) throw new ScenarioError(`attachment "${att.id}": the storage device "${att.device}" has no model in this run`)
  // A disk, SSD or NVMe device is inside its host; a storage array is reached from the VM's host.
  const hostId = deviceNode.kind === 'storage-array' ? vmNode?.host : deviceNode.host
  const host = hostId === undefined ? undefined : w.hosts.get(hostId)
  if (host === undefined) throw new ScenarioError(`attachment "${att.id}": VM "${att.vm}" reaches "${att.device}" from no host`)
  const tech = attachmentTechnique(att, w.project.variables)
  const t = technique(tech)
  if (t?.attachBlock === undefined) throw new ScenarioError(`attachment "${att.id}": the "${tech}" technique does not serve storage devices (validation should have refused it)`)
  let backend: BlockTarget | undefined
  const ctx: BlockAttachContext = {
    sim: w.sim, blocks: w.blocks, stats: w.stats, rng: w.rng, host, domain: dom,
    driverDomain: w.driverDomains.get(host.id)!, device,
    deviceParams: Object.hasOwn(CATALOG, deviceNode.kind) && CATALOG[deviceNode.kind as ComponentKind].params.length > 0 ? nodeParamsOf(w, deviceNode) : {},
    vdisk: vdiskParams(w, att),
    portId: w.blockPorts.size,
    vm: vmNode === undefined ? defaultParams('vm') : nodeParamsOf(w, vmNode),
    backend: () => (backend ??= backendFor(ctx)),
    shared: <T>(key: SharedKey<T>, id: string, make: () => T): T => w.shared.get(key, id, make)
  }
  try {
    w.blockPorts.set(`${att.vm}#${copy}`, t.attachBlock(ctx))
  } catch (e) {
    throw new ScenarioError(`VM "${att.vm}" on "${att.device}" with "${tech}": ${(e as Error).message}`)
  }
}

/** Builds the virtual disk of every VM copy attached to a storage device (after the storage models). */
export function buildBlockPorts(w: World): void {
  const kindOf = new Map(w.project.topology.nodes.map((n) => [n.id, n.kind]))
  for (const att of w.project.topology.attachments) {
    if (!isStorageKind(kindOf.get(att.device))) continue
    const doms = w.vmDomains.get(att.vm) ?? []
    doms.forEach((d, i) => attachDisk(w, att, i, d))
  }
}
