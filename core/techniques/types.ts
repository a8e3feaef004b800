// What a technique is: given one VM (copy) attached to one device, it builds the VM's
// network endpoint — the send path and the receive path as stages on concrete resources
// (vCPUs through the scheduler, PCI directions, ME contexts, wires).
import type { RngStreams, Simulator } from '../sim'
import type { Domain } from '../models/host/domain'
import type { HostModel } from '../models/host/host-model'
import type { DeviceModel } from '../models/net/device'
import type { PacketPool } from '../models/packet'
import type { KindParams } from '../models/param-read'
import type { VmParamKey } from '../models/vm/params'
import type { RunStats } from '../models/run-stats'
import type { SharedKey } from '../models/shared-objects'
import type { TechniqueId } from '../models/catalog'
import type { Endpoint } from '../models/net/endpoint'
import type { BlockDeviceModel, BlockPool, BlockPort, BlockTarget } from '../models/storage/block'

/** One domain's network interface, as workloads see it (defined below both techniques and workloads). */
export type { Endpoint }

export interface AttachContext {
  readonly sim: Simulator
  readonly pool: PacketPool
  readonly stats: RunStats
  readonly rng: RngStreams
  readonly host: HostModel
  /** The VM copy using the attachment (for `native` on a driver domain: the driver domain). */
  readonly domain: Domain
  /** The host's driver domain (dom0). */
  readonly driverDomain: Domain
  readonly device: DeviceModel
  readonly endpointId: number
  /** The experiment acknowledges a protection turned off (issue 12): pass-through / SR-IOV may run without the IOMMU, their DMA unchecked. */
  readonly protectionOffAcknowledged?: boolean
  /** The VM's parameters, canonical (e.g. its guest driver style for emulation and VPIO). */
  readonly vm: KindParams<VmParamKey>
  /** One object per run, typed key and id (a device, a host), made on first use (e.g. a driver domain's backend per device). */
  shared<T>(key: SharedKey<T>, id: string, make: () => T): T
}

/** What a technique gets to build a VM's virtual disk on a storage device (issue 11; core/models/storage/block.ts). */
export interface BlockAttachContext {
  readonly sim: Simulator
  readonly blocks: BlockPool
  readonly stats: RunStats
  readonly rng: RngStreams
  readonly host: HostModel
  /** The VM copy using the virtual disk (for `native` on a driver domain or bare metal: that domain). */
  readonly domain: Domain
  /** The host's driver domain (dom0). */
  readonly driverDomain: Domain
  /** The physical storage device (for a storage-array: its target as seen behind the link). */
  readonly device: BlockDeviceModel
  /** The storage device's canonical parameters (its node's params with defaults, profile applied). */
  readonly deviceParams: KindParams<string>
  /** The attachment's canonical virtual-disk parameters (core/models/storage/vdisk/params.ts). */
  readonly vdisk: KindParams<string>
  readonly portId: number
  /** The VM's parameters, canonical. */
  readonly vm: KindParams<VmParamKey>
  /**
   * The virtual disk's back end, made once per attachment copy: the interposition and cache stages
   * (core/models/storage/backend) over the driver-domain driver of the device (or the network
   * initiator of a storage array, or a RAID over several devices). For front ends served by a back
   * end (emulated, paravirtual, VPIO's model-based path is not one); direct techniques drive `device`.
   */
  backend(): BlockTarget
  /** One object per run, typed key and id, made on first use. */
  shared<T>(key: SharedKey<T>, id: string, make: () => T): T
}

export interface Technique {
  readonly id: TechniqueId
  /** Builds the endpoint; throws an Error with a user-facing message if the device cannot serve it. */
  attach(ctx: AttachContext): Endpoint
  /** Builds a VM's virtual disk on a storage device (block I/O); absent: the technique serves network devices only. */
  attachBlock?(ctx: BlockAttachContext): BlockPort
}

/** Base for endpoints: the receive hook and identity. */
export class BaseEndpoint {
  readonly id: number
  readonly domain: Domain
  readonly host: HostModel
  onReceive: (pkt: number) => void = () => {}

  constructor(ctx: AttachContext, domain: Domain = ctx.domain) {
    this.id = ctx.endpointId
    this.domain = domain
    this.host = ctx.host
  }
}
