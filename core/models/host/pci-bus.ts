// The host's PCI bus: one per host and per direction (towards the devices, towards host
// memory), shared by every transfer that crosses it — a NIC's bus-master DMA, an NP-NIC's
// programmed-I/O writes into bounce buffers, a CPU's programmed-I/O writes into NP SDRAM.
// A transfer moves at its own engine's rate (the NIC's DMA engine, the NP's or the CPU's
// PCI writes) and needs the bus for bytes × 8 / pciBusBandwidth plus a burst overhead per
// pciBusBurst bytes. On an idle bus that time overlaps the engine's; when the bus is busy
// with other transfers, or slower than the engine, the transfer finishes late by the
// difference (a virtual-finish-time bus: deterministic and O(1) per transfer).
import { num, transferNs, type KindParams } from '../param-read'
import type { HostParamKey } from './params'

/** Direction of a transfer: host memory or CPU → device, or device → host memory. */
export const enum PciDir { ToDevice = 0, ToHost = 1 }

export class PciBus {
  private readonly bps: number
  private readonly burst: number
  private readonly burstNs: number
  private readonly freeAt = [0, 0]

  constructor(p: KindParams<HostParamKey>) {
    this.bps = num(p, 'pciBusBandwidth')
    this.burst = Math.max(1, num(p, 'pciBusBurst'))
    this.burstNs = num(p, 'pciBusBurstOverhead')
  }

  /** Time `bytes` hold the bus: data at the bus rate plus one overhead per burst. */
  busNs(bytes: number): number {
    return transferNs(bytes, this.bps) + Math.max(1, Math.ceil(bytes / this.burst)) * this.burstNs
  }

  /**
   * A transfer of `bytes` in direction `dir` whose engine took `engineNs` has just finished
   * at `now`: books its bus time and returns how much later it really completes (0 when
   * the bus was free and no slower than the engine).
   */
  delay(dir: PciDir, bytes: number, engineNs: number, now: number): number {
    const start = Math.max(now - engineNs, this.freeAt[dir])
    const end = start + this.busNs(bytes)
    this.freeAt[dir] = Math.max(now, end)
    return Math.max(0, Math.round(end - now))
  }
}
