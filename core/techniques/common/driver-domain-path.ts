// The per-packet work of the driver domain between a guest and the physical driver — the
// path every technique that goes through the driver domain pays (001 "Approaches": the
// emulated device's back end and the paravirtual split driver both forward through the
// driver domain's software bridge to the real driver). One place computes it, so a cost
// of that path cannot be charged to one technique and forgotten for another. It is the sum
// of netback's micro-operations (core/models/host/pv-params.ts), so an ACK pays ACK-sized
// costs and a full frame frame-sized ones:
// - per packet: ring work (netbackRingCycles), skb build/free (netbackSkbCycles), the
//   paravirtualized kernel's tax (pvKernelTaxCycles);
// - transmit: grant map + unmap (grantMap/UnmapCycles) and the header copy of cold lines
//   (pvHeaderCopyBytes × pvDataMissCyclesPerLine); with grant reuse a copy of the bytes
//   out of the persistently mapped buffer instead of the grant operations;
// - receive hand-off (hypervisor work): a page flip per 4 KiB page, or a grant copy per page
//   (grantCopyCycles + the bytes), or (copy mode, grant reuse) the driver domain's copy;
// - per batch of requests netback collects in one pass: the hypercall entries (transmit: a
//   map and an unmap; receive: a multicall and a grant transfer for flips, one grant copy)
//   and, after unmapping, a TLB flush (pvTlbFlushCycles);
// - the software bridge (bridgeCycles);
// - a packet filter, when configured (host-params "Packet filter": firewallCyclesPerPacket per
//   frame, dpiCyclesPerByte per byte), on every frame forwarded for a guest in either direction.
import type { PacketPool } from '../../models/packet'
import type { HostModel } from '../../models/host/host-model'
import { bool, num, str } from '../../models/param-read'
import { sharedKey } from '../../models/shared-objects'

const PAGE = 4096
const LINE = 64

export type PvRxMode = 'page-flip' | 'grant-copy' | 'copy'

export class DriverDomainPath {
  readonly bridgeNs: number
  /** Per-packet tax of a paravirtualized kernel's network path (0 without a hypervisor). */
  readonly kernelTaxNs: number
  /** How netback hands a frame to a guest. */
  readonly rxMode: PvRxMode
  /** Grants are mapped once and reused: no per-packet grant operations. */
  readonly grantReuse: boolean
  /** Per batch of transmitted frames: the map and unmap hypercalls and the TLB flush. */
  readonly txBatchNs: number
  /** Per batch of received frames: the hypercall(s) of the flip or grant copy. */
  readonly rxBatchNs: number
  /** Hypercalls per transmit batch (map, unmap) and per receive batch (flip: multicall + transfer; grant copy: one). */
  readonly txBatchHypercalls: number
  readonly rxBatchHypercalls: number
  private readonly fixedNs: number
  private readonly grantOpsNs: number
  private readonly missPerLineNs: number
  private readonly headerBytes: number
  private readonly flipNs: number
  private readonly grantCopyNs: number
  private readonly host: HostModel
  private readonly pool: PacketPool
  private readonly firewallNs: number
  private readonly dpiCyclesPerByte: number

  constructor(host: HostModel, pool: PacketPool) {
    this.host = host
    this.pool = pool
    const p = host.params
    this.bridgeNs = host.cost('bridgeCycles')
    this.kernelTaxNs = host.hvCost('pvKernelTaxCycles')
    this.rxMode = str(p, 'pvRxMode') as PvRxMode
    this.grantReuse = bool(p, 'pvGrantReuse')
    this.fixedNs = host.cost('netbackRingCycles') + host.cost('netbackSkbCycles') + this.kernelTaxNs
    this.grantOpsNs = host.hvCost('grantMapCycles') + host.hvCost('grantUnmapCycles')
    this.missPerLineNs = host.cost('pvDataMissCyclesPerLine')
    this.headerBytes = num(p, 'pvHeaderCopyBytes')
    this.flipNs = host.hvCost('pageFlipCycles')
    this.grantCopyNs = host.hvCost('grantCopyCycles')
    const hypercall = host.hvCost('hypercallCycles')
    this.txBatchHypercalls = this.grantReuse || hypercall === 0 ? 0 : 2
    this.rxBatchHypercalls = this.grantReuse || this.rxMode === 'copy' || hypercall === 0 ? 0 : this.rxMode === 'page-flip' ? 2 : 1
    this.txBatchNs = this.txBatchHypercalls === 0 ? 0 : this.txBatchHypercalls * hypercall + host.hvCost('pvTlbFlushCycles')
    this.rxBatchNs = this.rxBatchHypercalls * hypercall
    this.firewallNs = host.cost('firewallCyclesPerPacket')
    this.dpiCyclesPerByte = num(p, 'dpiCyclesPerByte')
  }

  /** The packet filter's work on one forwarded frame: rule matching plus payload inspection (0 without a filter). */
  filterNs(pkt: number): number {
    return this.dpiCyclesPerByte === 0 ? this.firewallNs : this.firewallNs + this.host.cyc(this.dpiCyclesPerByte * this.pool.bytes[pkt])
  }

  /** Cold misses on the header lines netback copies out of a frame another domain wrote. */
  coldDataNs(pkt: number): number {
    return Math.ceil(Math.min(this.pool.bytes[pkt], this.headerBytes) / LINE) * this.missPerLineNs
  }

  /**
   * netback's work in the driver domain for a frame a guest sends (before the bridge): ring,
   * skb, tax, and either the per-page grant map/unmap with the header copy or, with grant
   * reuse, a copy of the bytes out of the persistently mapped buffer. Per-batch costs apart
   * (txBatchNs, paid once per batch by the caller).
   */
  netbackTxNs(pkt: number): number {
    const bytes = this.pool.bytes[pkt]
    if (this.grantReuse) return this.fixedNs + this.host.copyNs(bytes) + this.filterNs(pkt)
    return this.fixedNs + Math.ceil(bytes / PAGE) * this.grantOpsNs + this.coldDataNs(pkt) + this.filterNs(pkt)
  }

  /**
   * netback's work in the driver domain for a frame to a guest (after the bridge): ring, skb,
   * tax, and the driver domain's own copy in copy mode or with grant reuse. The hypervisor's
   * part of the hand-off (flip or grant copy) is `rxHandoffNs`, its per-batch part `rxBatchNs`.
   */
  netbackRxNs(pkt: number): number {
    const selfCopy = this.grantReuse || this.rxMode === 'copy'
    return this.fixedNs + (selfCopy ? this.host.copyNs(this.pool.bytes[pkt]) : 0) + this.filterNs(pkt)
  }

  /**
   * Backend work for a frame a guest sends, for a back end that handles one request at a
   * time (an emulated device's back end: no batch to share the hypercalls and the flush
   * with): netback's transmit work plus a whole batch's costs.
   */
  backendTxNs(pkt: number): number {
    return this.netbackTxNs(pkt) + this.txBatchNs
  }

  /**
   * Backend work for a frame to a guest, one request at a time (an emulated device's back
   * end, which copies the frame itself): ring, skb, tax and the foreign mapping of the guest's
   * buffer (map, unmap, their hypercalls and the TLB flush), or with reuse nothing more.
   */
  backendRxNs(pkt: number): number {
    if (this.grantReuse) return this.fixedNs + this.filterNs(pkt)
    return this.fixedNs + Math.ceil(this.pool.bytes[pkt] / PAGE) * this.grantOpsNs + this.txBatchNs + this.filterNs(pkt)
  }

  /** Hypervisor work of handing a frame to a guest: a flip per page, or a grant copy of its bytes (0 when the driver domain copies). */
  rxHandoffNs(pkt: number): number {
    if (this.grantReuse || this.rxMode === 'copy') return 0
    const bytes = this.pool.bytes[pkt]
    if (this.rxMode === 'page-flip') return Math.ceil(bytes / PAGE) * this.flipNs
    return Math.ceil(bytes / PAGE) * this.grantCopyNs + this.host.copyNs(bytes) // one grant copy per page of a large (GRO) packet
  }
}

/** The driver-domain path of each host (id: the host). */
export const DRIVER_DOMAIN_PATH = sharedKey<DriverDomainPath>('driver-domain-path')
