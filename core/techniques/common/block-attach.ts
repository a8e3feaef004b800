// What the block techniques share (issue 11): who owns which hardware queue of a storage
// device, the driver domain's own driver of a device (the bottom of every served virtual
// disk's back end, and bare metal's disk), the host's IOMMU for a guest that drives a queue
// itself, and the virtual disk a workload sees (BlockPort) over a target per vCPU.
import { bool } from '../../models/param-read'
import { IOMMU_KEY, Iommu } from '../../models/host/iommu'
import type { Domain } from '../../models/host/domain'
import type { HostModel } from '../../models/host/host-model'
import { sharedKey } from '../../models/shared-objects'
import type { BlockDeviceModel, BlockDone, BlockPool, BlockPort, BlockTarget } from '../../models/storage/block'
import { ATTACH_RULES } from '../../models/attach-rules'
import type { TechniqueId } from '../../models/catalog'
import type { BlockAttachContext } from '../types'
import { BlockDriver, nativeInterrupt } from './block-driver'
import { RuleAssertionError } from './rule-assert'

/** A device with SR-IOV virtual functions (an NVMe drive): each VF is a queue pair after the PF's. */
export interface SriovBlockDevice extends BlockDeviceModel {
  readonly vfCount: number
  /** The queue pair of virtual function `vf` (0 … vfCount − 1). */
  vfQueue(vf: number): number
}

export function hasVfs(d: BlockDeviceModel): d is SriovBlockDevice {
  const x = d as Partial<SriovBlockDevice>
  return typeof x.vfCount === 'number' && typeof x.vfQueue === 'function'
}

/** The owners of a storage device's hardware queues (a driver domain, a pass-through guest, SR-IOV guests' VFs). */
export class BlockQueues {
  private readonly owners: (string | undefined)[]
  private readonly device: BlockDeviceModel
  /** Queues of the physical function (0 … pf − 1); a VF's queue pairs are vfQueue(i). */
  private readonly pf: number

  constructor(device: BlockDeviceModel) {
    this.device = device
    this.owners = new Array<string | undefined>(device.queueCount).fill(undefined)
    this.pf = hasVfs(device) ? device.queueCount - device.vfCount : device.queueCount
  }

  /** The first free queue of the physical function, now owned by `owner`; throws with a user-facing message when none is left. */
  take(owner: string): number {
    const q = this.owners.slice(0, this.pf).indexOf(undefined)
    if (q < 0) {
      throw new Error(`${this.device.kind} "${this.device.id}" has no free hardware queue for ${owner} (its ${this.pf} are owned by ${[...new Set(this.owners.slice(0, this.pf))].join(', ')})`)
    }
    this.owners[q] = owner
    return q
  }

  /** A queue of the physical function is still free. */
  hasFree(): boolean {
    return this.owners.slice(0, this.pf).includes(undefined)
  }

  /** The queue pair of the first free virtual function, now owned by `owner`. */
  takeVf(owner: string): number {
    const d = this.device
    if (!hasVfs(d) || d.vfCount === 0) throw new Error(`${d.kind} "${d.id}" exports no SR-IOV virtual function for ${owner} (raise its "vfCount")`)
    for (let vf = 0; vf < d.vfCount; vf++) {
      const q = d.vfQueue(vf)
      if (this.owners[q] === undefined) {
        this.owners[q] = owner
        return q
      }
    }
    throw new Error(`${d.kind} "${d.id}" has no free virtual function for ${owner} (its ${d.vfCount} are in use; raise its "vfCount")`)
  }

  /** Every queue of the physical function, for a guest that owns the whole device (pass-through); throws if any queue is owned. */
  takeAll(owner: string): number[] {
    const other = this.owners.find((o) => o !== undefined)
    if (other !== undefined) throw new Error(`${this.device.kind} "${this.device.id}" is passed through to ${owner} but is already used by ${other}; a passed-through device has one user`)
    this.owners.fill(owner)
    return this.owners.slice(0, this.pf).map((_, i) => i)
  }
}

const BLOCK_QUEUES = sharedKey<BlockQueues>('block-queues')
/** The driver domain's native driver of each storage device (id: the device). */
const DRIVER_DOMAIN_BLOCK = sharedKey<MultiQueueBlockDriver>('driver-domain-block-driver')

export function blockQueues(ctx: BlockAttachContext): BlockQueues {
  return ctx.shared(BLOCK_QUEUES, ctx.device.id, () => new BlockQueues(ctx.device))
}

/**
 * The driver domain's (or bare metal's) own native driver of a device with several hardware
 * queues, blk-mq style: one BlockDriver per queue, queue i served on the domain's vCPU i (its
 * interrupt there too), up to the domain's vCPUs and the device's PF queues. Linux maps the
 * submitting CPU to its queue; a block request carries no CPU, so a request goes to the queue of
 * its job (`flow` modulo the queues: job k runs on vCPU k modulo the vCPUs, so with as many queues
 * as vCPUs that is the job's own CPU); a back end's own requests (flow −1) to the last queue.
 */
export class MultiQueueBlockDriver implements BlockTarget {
  readonly capacityBytes: number
  readonly drivers: readonly BlockDriver[]
  private readonly blocks: BlockPool

  constructor(blocks: BlockPool, drivers: readonly BlockDriver[]) {
    this.blocks = blocks
    this.drivers = drivers
    this.capacityBytes = drivers[0].capacityBytes
  }

  submit(req: number, done: BlockDone): void {
    const n = this.drivers.length
    this.drivers[((this.blocks.flow[req] % n) + n) % n].submit(req, done)
  }
}

/**
 * The driver domain's (or bare metal's) own native driver of `device` (default: the attachment's),
 * its interrupts forwarded by the hypervisor as events (bare metal: taken directly). One per device
 * and run: every back end on the device and the driver domain's own disk share it.
 */
export function driverDomainBlockDriver(ctx: BlockAttachContext, device: BlockDeviceModel = ctx.device): MultiQueueBlockDriver {
  return ctx.shared(DRIVER_DOMAIN_BLOCK, device.id, () => {
    const queues = ctx.shared(BLOCK_QUEUES, device.id, () => new BlockQueues(device))
    const dom = ctx.driverDomain
    const owner = `the driver domain "${dom.name}"`
    const drivers: BlockDriver[] = []
    for (let v = 0; v < dom.vcpus.length; v++) {
      if (v > 0 && !queues.hasFree()) break
      const d = new BlockDriver({
        sim: ctx.sim, blocks: ctx.blocks, stats: ctx.stats, host: ctx.host, domain: dom, vcpu: v, device, queue: queues.take(owner)
      })
      d.onInterrupt = nativeInterrupt(d, ctx.host, ctx.stats, v)
      drivers.push(d)
    }
    return new MultiQueueBlockDriver(ctx.blocks, drivers)
  })
}

/** The host's IOMMU for a technique whose rule needs it (pass-through, SR-IOV): asserts validation enforced it. */
export function blockIommu(technique: TechniqueId, ctx: BlockAttachContext): Iommu {
  if (ATTACH_RULES[technique].needsIommu && !bool(ctx.host.params, 'iommuEnabled')) {
    throw new RuleAssertionError(`${technique} needs the IOMMU of host "${ctx.host.id}" (its "iommuEnabled")`)
  }
  return ctx.shared(IOMMU_KEY, ctx.host.id, () => new Iommu(ctx.host.params, ctx.stats.counters))
}

/** Asserts the technique's role rule for a virtual disk (validation refuses it first). */
export function assertBlockRole(technique: TechniqueId, ctx: BlockAttachContext): void {
  const rule = ATTACH_RULES[technique]
  const isDriver = ctx.domain === ctx.driverDomain
  if (rule.role === 'guest' && isDriver) throw new RuleAssertionError(rule.roleWhy ?? `${technique} is for guests`)
  if (rule.role === 'driver-domain' && !isDriver) throw new RuleAssertionError(rule.roleWhy ?? `${technique} is the driver domain's`)
}

/** A virtual disk as a workload sees it: requests from vCPU v go to target(v); completions to onComplete. */
export class TargetBlockPort implements BlockPort {
  readonly id: number
  readonly domain: Domain
  readonly host: HostModel
  readonly capacityBytes: number
  onComplete: BlockDone = () => {}
  private readonly targets: readonly BlockTarget[]

  constructor(ctx: BlockAttachContext, targets: readonly BlockTarget[]) {
    if (targets.length === 0) throw new RuleAssertionError(`no queue serves the virtual disk of "${ctx.domain.name}"`)
    this.id = ctx.portId
    this.domain = ctx.domain
    this.host = ctx.host
    this.targets = targets
    this.capacityBytes = Math.min(...targets.map((t) => t.capacityBytes))
  }

  submit(req: number, vcpu = 0): void {
    this.targets[vcpu % this.targets.length].submit(req, this.done)
  }

  private readonly done = (req: number, ok: boolean): void => {
    this.onComplete(req, ok)
  }
}
