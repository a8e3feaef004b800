// Everything one run builds from a project, in one place: the kernel, the shared packet
// pool and statistics, hosts, devices, domains and endpoints by id.
import { RngStreams, Simulator } from '../sim'
import type { Domain } from '../models/host/domain'
import type { HostModel } from '../models/host/host-model'
import type { DeviceModel } from '../models/net/device'
import { PacketPool } from '../models/packet'
import { SharedObjects } from '../models/shared-objects'
import { makeRunStats, type RunStats } from '../models/run-stats'
import type { Endpoint } from '../techniques/types'
import type { SwitchModel } from '../models/switch/switch-model'
import type { Project } from '../project/schema'
import { BlockPool, type BlockDeviceModel, type BlockPort } from '../models/storage/block'

export interface World {
  readonly project: Project
  readonly sim: Simulator
  readonly pool: PacketPool
  /** Block requests in flight (issue 11). */
  readonly blocks: BlockPool
  readonly stats: RunStats
  readonly rng: RngStreams
  readonly hosts: Map<string, HostModel>
  readonly devices: Map<string, DeviceModel>
  readonly switches: Map<string, SwitchModel>
  /** Driver domain of each host. */
  readonly driverDomains: Map<string, Domain>
  /** Domains of each VM node, in copy order (the driver-domain VM maps to its host's driver domain). */
  readonly vmDomains: Map<string, Domain[]>
  /** Storage devices (disk, ssd, nvme, storage-array) by node id. */
  readonly blockDevices: Map<string, BlockDeviceModel>
  /** Virtual disk of each VM copy attached to a storage device: key `${vmId}#${copy}`. */
  readonly blockPorts: Map<string, BlockPort>
  /** Endpoint of each VM copy: key `${vmId}#${copy}`. */
  readonly endpoints: Map<string, Endpoint>
  /** Device each endpoint is reached through. */
  readonly endpointDevice: Map<number, string>
  /** Objects shared per run (IOMMUs, Host Gateways, technique back ends), by typed key. */
  readonly shared: SharedObjects
  nextEndpoint: number
  /** The experiment sets protectionOffAcknowledged (issue 12): a technique may run without the protection its rule assumes (pass-through without an IOMMU). */
  protectionOffAcknowledged: boolean
}

export function emptyWorld(project: Project, seed: number): World {
  return {
    project,
    sim: new Simulator(),
    pool: new PacketPool(),
    blocks: new BlockPool(),
    stats: makeRunStats(),
    rng: new RngStreams(seed >>> 0),
    hosts: new Map(),
    devices: new Map(),
    blockDevices: new Map(),
    blockPorts: new Map(),
    switches: new Map(),
    driverDomains: new Map(),
    vmDomains: new Map(),
    endpoints: new Map(),
    endpointDevice: new Map(),
    shared: new SharedObjects(),
    nextEndpoint: 0,
    protectionOffAcknowledged: false
  }
}
