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
  /** The VM's parameters, canonical (e.g. its guest driver style for emulation and VPIO). */
  readonly vm: KindParams<VmParamKey>
  /** One object per run, typed key and id (a device, a host), made on first use (e.g. a driver domain's backend per device). */
  shared<T>(key: SharedKey<T>, id: string, make: () => T): T
}

export interface Technique {
  readonly id: TechniqueId
  /** Builds the endpoint; throws an Error with a user-facing message if the device cannot serve it. */
  attach(ctx: AttachContext): Endpoint
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
