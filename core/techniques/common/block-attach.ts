// What the block techniques share (issue 11): who owns which hardware queue of a storage
// device, the driver domain's own driver of a device (the bottom of every served virtual
// disk's back end, and bare metal's disk), the host's IOMMU for a guest that drives a queue
// itself, and the virtual disk a workload sees (BlockPort) over a target per vCPU.
import { bool } from '../../models/param-read'
import { IOMMU_KEY, Iommu } from '../../models/host/iommu'
import type { Domain } from '../../models/host/domain'
import type { HostModel } from '../../models/host/host-model'
import { sharedKey } from '../../models/shared-objects'
import type { BlockDeviceModel, BlockDone, BlockPort, BlockTarget } from '../../models/storage/block'
import { ATTACH_RULES } from '../../models/attach-rules'
import type { TechniqueId } from '../../models/catalog'
import type { BlockAttachContext } from '../types'
import { BlockDriver, nativeInterrupt } from './block-driver'
import { RuleAssertionError } from './rule-assert'

/** The owners of a storage device's hardware queues (a driver domain, a pass-through guest, SR-IOV guests). */
export class BlockQueues {
  private readonly owners: (string | undefined)[]
  private readonly device: BlockDeviceModel

  constructor(device: BlockDeviceModel) {
    this.device = device
    this.owners = new Array<string | undefined>(device.queueCount).fill(undefined)
  }

  /** The first free queue, now owned by `owner`; throws with a user-facing message when none is left. */
  take(owner: string): number {
    const q = this.owners.indexOf(undefined)
    if (q < 0) {
      throw new Error(`${this.device.kind} "${this.device.id}" has no free hardware queue for ${owner} (its ${this.device.queueCount} are owned by ${[...new Set(this.owners)].join(', ')})`)
    }
    this.owners[q] = owner
    return q
  }

  /** Every queue, for a guest that owns the whole device (pass-through); throws if any is owned. */
  takeAll(owner: string): number[] {
    const other = this.owners.find((o) => o !== undefined)
    if (other !== undefined) throw new Error(`${this.device.kind} "${this.device.id}" is passed through to ${owner} but is already used by ${other}; a passed-through device has one user`)
    this.owners.fill(owner)
    return this.owners.map((_, i) => i)
  }
}

const BLOCK_QUEUES = sharedKey<BlockQueues>('block-queues')
/** The driver domain's native driver of each storage device (id: the device). */
const DRIVER_DOMAIN_BLOCK = sharedKey<BlockDriver>('driver-domain-block-driver')

export function blockQueues(ctx: BlockAttachContext): BlockQueues {
  return ctx.shared(BLOCK_QUEUES, ctx.device.id, () => new BlockQueues(ctx.device))
}

/**
 * The driver domain's (or bare metal's) own native driver of the device: one hardware queue,
 * on its vCPU 0, its interrupt forwarded by the hypervisor as an event. One per device and run:
 * every back end on the device and the driver domain's own disk share it.
 */
export function driverDomainBlockDriver(ctx: BlockAttachContext): BlockDriver {
  return ctx.shared(DRIVER_DOMAIN_BLOCK, ctx.device.id, () => {
    const d = new BlockDriver({
      sim: ctx.sim, blocks: ctx.blocks, stats: ctx.stats, host: ctx.host, domain: ctx.driverDomain, vcpu: 0,
      device: ctx.device, queue: blockQueues(ctx).take(`the driver domain "${ctx.driverDomain.name}"`)
    })
    d.onInterrupt = nativeInterrupt(d, ctx.host, ctx.stats)
    return d
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
