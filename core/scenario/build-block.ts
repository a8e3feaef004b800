// Virtual disks from attachments (issue 11): every attachment of a VM to a storage device
// (disk, ssd, nvme, storage-array; its model in World.blockDevices, built by build-storage.ts)
// gets, per VM copy, a BlockAttachContext — the device and its canonical parameters, the
// attachment's canonical virtual-disk parameters (VDISK_PARAMS), and `backend()`, the virtual
// disk's back end made once per copy on first use — and its technique's `attachBlock` builds
// the port a block workload drives (World.blockPorts, key `${vmId}#${copy}`).
import { CATALOG, type ComponentKind } from '../models/catalog'
import type { Domain } from '../models/host/domain'
import { sharedKey, type SharedKey } from '../models/shared-objects'
import { MClockScheduler } from '../models/storage/backend/mclock'
import { PardaHost } from '../models/storage/backend/parda'
import { VDISK_MCLOCK_PARAMS } from '../models/storage/backend/qos-params'
import type { BlockDeviceModel, BlockTarget } from '../models/storage/block'
import { VDISK_PARAMS } from '../models/storage/vdisk/params'
import { StorageArrayModel } from '../models/storage/array/array-model'
import { multipathInitiator } from '../models/storage/array/multipath'
import { backendRegistry, buildBackendChain } from '../models/storage/backend'
import { isStorageKind } from '../models/storage/storage-kinds'
import { defaultParams } from '../models/catalog'
import { canonicalParam } from '../project/param-values'
import { attachmentTechnique, durationNs } from '../project/resolve'
import type { Attachment, Experiment } from '../project/schema'
import { technique } from '../techniques/registry'
import { driverDomainBlockDriver } from '../techniques/common/block-attach'
import type { BlockAttachContext } from '../techniques/types'
import { ScenarioError } from './build-endpoints'
import { params as nodeParamsOf } from './build-hosts'
import type { World } from './world'
import { mirroredMembers, planStorageMigrations } from './storage-migration'

/**
 * The bottom of a virtual disk's back end on one member device: the driver domain's native driver
 * of a local device (core/techniques/common/block-driver.ts), shared by every back end on that
 * device; for a storage array, the driver domain's network initiator (iSCSI / NFS client,
 * core/models/storage/array/initiator.ts), one session per virtual disk copy.
 */
export function bottomTarget(ctx: BlockAttachContext, device: BlockDeviceModel): BlockTarget {
  if (device instanceof StorageArrayModel) {
    return multipathInitiator({ blocks: ctx.blocks, stats: ctx.stats, host: ctx.host, domain: ctx.driverDomain, array: device }, ctx.vdisk)
  }
  return driverDomainBlockDriver(ctx, device)
}

/** The bottom targets of a virtual disk's member devices, in order: `device`, then `devices` (RAID, replication). */
export function bottomTargets(w: World, att: Attachment, ctx: BlockAttachContext): BlockTarget[] {
  return [att.device, ...(att.devices ?? [])].map((id) => {
    const d = w.blockDevices.get(id)
    if (d === undefined) throw new ScenarioError(`virtual disk "${att.id}": the storage device "${id}" has no model in this run`)
    return bottomTarget(ctx, d)
  })
}

const MCLOCK = sharedKey<MClockScheduler>('storage-mclock')
const MCLOCK_PLAN = sharedKey<Map<string, number>>('storage-mclock-plan')
const SHARES_DEFAULT = VDISK_MCLOCK_PARAMS.find((p) => p.key === 'ioShares')!.default

/**
 * Storage QoS (issue 12): the devices (per host, key `${host}/${device}`) that get an mClock
 * scheduler, with its queue depth. A device does when a virtual disk on it, of a VM on that host,
 * sets a reservation, a limit or shares other than the default; every virtual disk of that host on
 * the device is then a client (equal default shares compete with the others' settings). The depth
 * is the largest `mclockQueueDepth` of those disks (one scheduler, one issue queue). Without any
 * setting no scheduler is built: the disks reach the device's driver in arrival order, as before.
 */
function mclockPlan(w: World): Map<string, number> {
  return w.shared.get(MCLOCK_PLAN, 'plan', () => {
    const plan = new Map<string, number>()
    const nodes = new Map(w.project.topology.nodes.map((n) => [n.id, n]))
    const perDevice = new Map<string, { on: boolean; depth: number }>()
    for (const att of w.project.topology.attachments) {
      if (!isStorageKind(nodes.get(att.device)?.kind)) continue
      const host = nodes.get(att.vm)?.host
      if (host === undefined) continue
      const p = vdiskParams(w, att)
      const on = (p.iopsReservation as number) > 0 || (p.iopsLimit as number) > 0 || p.ioShares !== SHARES_DEFAULT
      for (const dev of [att.device, ...(att.devices ?? [])]) {
        const key = `${host}/${dev}`
        const e = perDevice.get(key) ?? { on: false, depth: 0 }
        e.on ||= on
        e.depth = Math.max(e.depth, p.mclockQueueDepth as number)
        perDevice.set(key, e)
      }
    }
    for (const [key, e] of perDevice) if (e.on) plan.set(key, e.depth)
    return plan
  })
}

/** The member paths of a virtual disk through its devices' mClock schedulers, where the plan has one. */
function withMclock(w: World, att: Attachment, ctx: BlockAttachContext, bottoms: BlockTarget[]): BlockTarget[] {
  const plan = mclockPlan(w)
  if (plan.size === 0) return bottoms
  const spec = { reservation: ctx.vdisk.iopsReservation as number, limit: ctx.vdisk.iopsLimit as number, shares: ctx.vdisk.ioShares as number }
  return [att.device, ...(att.devices ?? [])].map((dev, i) => {
    const key = `${ctx.host.id}/${dev}`
    const depth = plan.get(key)
    if (depth === undefined) return bottoms[i]
    const sched = w.shared.get(MCLOCK, key, () => new MClockScheduler(w.sim, w.blocks, bottoms[i], depth, `mclock:${key}`))
    return sched.client(spec, bottoms[i])
  })
}

const PARDA = sharedKey<PardaHost>('storage-parda')

/**
 * PARDA (issue 12; Gulati, Ahmad, Waldspurger, FAST 2009): on a storage array whose `parda` is on,
 * every host with virtual disks on it keeps one window of I/Os outstanding at the array (a
 * `PardaHost` per host and array, shared objects key `${host}/${array}`, its control period an
 * event on the kernel), over each disk's own initiator session. The host's β is the array's
 * `pardaBeta` × the sum of the ioShares of its virtual disk copies on the array ÷ 1000 (each copy
 * adds its part when its back end is built, before the first control period). Requests beyond the
 * window wait in the host; with mClock on that host and array they wait in mClock instead, whose
 * depth follows the window (`linkPardaMclock`). Arrays with PARDA off: the paths as they were.
 */
function withParda(w: World, att: Attachment, ctx: BlockAttachContext, bottoms: BlockTarget[]): BlockTarget[] {
  return [att.device, ...(att.devices ?? [])].map((dev, i) => {
    const node = w.blockDevices.get(dev) instanceof StorageArrayModel ? w.project.topology.nodes.find((n) => n.id === dev) : undefined
    if (node === undefined) return bottoms[i]
    const p = nodeParamsOf(w, node)
    if (p.parda !== true) return bottoms[i]
    const key = `${ctx.host.id}/${dev}`
    const host = w.shared.get(PARDA, key, () => {
      const spec = {
        latencyThresholdNs: p.pardaLatencyThreshold as number, gamma: p.pardaGamma as number, alpha: p.pardaAlpha as number,
        periodNs: p.pardaPeriod as number, beta: 0, windowMin: p.pardaWindowMin as number, windowMax: p.pardaWindowMax as number
      }
      if (spec.windowMin > spec.windowMax) throw new ScenarioError(`storage array "${dev}": pardaWindowMin ${spec.windowMin} is above pardaWindowMax ${spec.windowMax}`)
      const h = new PardaHost(w.sim, w.blocks, bottoms[i], spec, `parda:${key}`)
      backendRegistry(w.shared, w.sim).addParda(key, h)
      return h
    })
    host.beta += ((p.pardaBeta as number) * (ctx.vdisk.ioShares as number)) / 1000
    return host.client(bottoms[i])
  })
}

/** Where a host has both PARDA and mClock towards a device: mClock's issue-queue depth follows the window (at most its own depth). */
function linkPardaMclock(w: World, att: Attachment, ctx: BlockAttachContext): void {
  for (const dev of [att.device, ...(att.devices ?? [])]) {
    const key = `${ctx.host.id}/${dev}`
    const parda = w.shared.find(PARDA, key)
    const sched = w.shared.find(MCLOCK, key)
    const depth = mclockPlan(w).get(key)
    if (parda !== undefined && sched !== undefined && depth !== undefined) parda.onWindow((win) => sched.setDepth(Math.min(depth, win)))
  }
}

/**
 * The virtual disk's back end: the cache, interposition, RAID / replication and image stages of its
 * `params` (core/models/storage/backend, in that order) over the member devices' bottom targets
 * (through the device's mClock scheduler when storage QoS is set: `withMclock`, and the host's
 * PARDA window towards an array with `parda` on: `withParda`),
 * running where `backendWhere` says; the durability metrics and the experiment's crash go to the
 * run's back-end registry.
 */
export function backendFor(w: World, att: Attachment, ctx: BlockAttachContext, crashAtNs: number | undefined): BlockTarget {
  // the device I/O of every stage above (replica writes, copy-on-write copies, image metadata) is scheduled by mClock
  // a storage migration of this disk mirrors its member to the target device (core/scenario/storage-migration.ts)
  const bottoms = mirroredMembers(w, att, ctx, withMclock(w, att, ctx, withParda(w, att, ctx, bottomTargets(w, att, ctx))), (d) => bottomTarget(ctx, d))
  linkPardaMclock(w, att, ctx)
  try {
    return buildBackendChain({
      sim: w.sim, blocks: w.blocks, stats: w.stats, host: ctx.host, driverDomain: ctx.driverDomain,
      vdisk: ctx.vdisk, bottoms, registry: backendRegistry(w.shared, w.sim), crashAtNs
    })
  } catch (e) {
    throw new ScenarioError(`virtual disk "${att.id}": ${(e as Error).message}`)
  }
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

function attachDisk(w: World, att: Attachment, copy: number, dom: Domain, crashAtNs: number | undefined): void {
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
    backend: () => (backend ??= backendFor(w, att, ctx, crashAtNs)),
    shared: <T>(key: SharedKey<T>, id: string, make: () => T): T => w.shared.get(key, id, make)
  }
  try {
    w.blockPorts.set(`${att.vm}#${copy}`, t.attachBlock(ctx))
  } catch (e) {
    throw new ScenarioError(`VM "${att.vm}" on "${att.device}" with "${tech}": ${(e as Error).message}`)
  }
}

/** Builds the virtual disk of every VM copy attached to a storage device (after the storage models). */
export function buildBlockPorts(w: World, exp?: Experiment): void {
  const crashAtNs = exp?.crashAt === undefined ? undefined : durationNs(exp.crashAt)
  planStorageMigrations(w, exp)
  const kindOf = new Map(w.project.topology.nodes.map((n) => [n.id, n.kind]))
  for (const att of w.project.topology.attachments) {
    if (!isStorageKind(kindOf.get(att.device))) continue
    const doms = w.vmDomains.get(att.vm) ?? []
    doms.forEach((d, i) => attachDisk(w, att, i, d, crashAtNs))
  }
}
