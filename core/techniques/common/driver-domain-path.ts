// The per-packet work of the driver domain between a guest and the physical driver — the
// path every technique that goes through the driver domain pays (001 "Approaches": the
// emulated device's back end and the paravirtual split driver both forward through the
// driver domain's software bridge to the real driver). One place computes it, so a cost
// of that path cannot be charged to one technique and forgotten for another:
// - backend work per packet (netback's grant map, skb build, response; for an emulated
//   device the device-model process's foreign mapping of the guest frame, its tap write
//   and its answer), netbackTxCycles / netbackRxCycles;
// - cold data: the driver domain touches every 64-byte line of a frame another domain or
//   the device wrote (pvDataMissCyclesPerLine);
// - the software bridge (bridgeCycles).
import type { PacketPool } from '../../models/packet'
import type { HostModel } from '../../models/host/host-model'
import { sharedKey } from '../../models/shared-objects'

export class DriverDomainPath {
  readonly bridgeNs: number
  private readonly txNs: number
  private readonly rxNs: number
  private readonly missPerLineNs: number
  private readonly pool: PacketPool

  constructor(host: HostModel, pool: PacketPool) {
    this.pool = pool
    this.bridgeNs = host.cost('bridgeCycles')
    this.txNs = host.cost('netbackTxCycles')
    this.rxNs = host.cost('netbackRxCycles')
    this.missPerLineNs = host.cost('pvDataMissCyclesPerLine')
  }

  /** Cache and TLB misses on the frame's data, which another domain (or the device) wrote: per 64-byte line. */
  coldDataNs(pkt: number): number {
    return Math.ceil(this.pool.bytes[pkt] / 64) * this.missPerLineNs
  }

  /** Backend work for a frame a guest sends, cold data included (before the bridge). */
  backendTxNs(pkt: number): number {
    return this.txNs + this.coldDataNs(pkt)
  }

  /** Backend work for a frame to a guest, cold data included (after the bridge). */
  backendRxNs(pkt: number): number {
    return this.rxNs + this.coldDataNs(pkt)
  }
}

/** The driver-domain path of each host (id: the host). */
export const DRIVER_DOMAIN_PATH = sharedKey<DriverDomainPath>('driver-domain-path')
