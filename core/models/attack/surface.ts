// What a hostile guest can reach (issue 12): the scenario builds one surface per attacker VM
// copy from its attachment — the technique, its host and domain, the host's IOMMU, the device's
// protections, the DC and Host Gateway of a scalable-I/O consumer — and the attack workload
// (core/workloads/attack.ts) plays its attempts against it. It lives here, below both layers.
import type { Domain } from '../host/domain'
import type { HostModel } from '../host/host-model'
import type { Iommu } from '../host/iommu'
import type { DcModel } from '../dc/dc-model'
import type { HgModel } from '../host-gateway/hg-model'
import type { ParamRecord } from '../param-read'

export interface AttackSurface {
  /** The attacker's VM node id, for messages. */
  readonly vm: string
  /** The technique of the attacker's attachment. */
  readonly technique: string
  readonly host: HostModel
  readonly domain: Domain
  /** The driver domain of the attacker's host (software paths' back end). */
  readonly driverDomain: Domain | undefined
  /** The host's IOMMU when enabled (undefined: DMA is unchecked). */
  readonly iommu: Iommu | undefined
  /** The canonical parameters of the device the attacker is attached to. */
  readonly device: ParamRecord
  readonly dc?: DcModel
  readonly hg?: HgModel
}
