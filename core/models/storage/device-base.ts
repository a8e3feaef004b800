// What every storage device model shares: its hardware queues (a driver binds each one with
// a sink and keeps at most queueDepth commands outstanding on it), per-request state kept in
// typed arrays indexed by the request id, the host PCI bus its DMA crosses (bytes counted in
// pciReadBytes / pciWriteBytes), the device stage time (stage_us `<kind>_device`) and
// posting a completion with the queue's interrupt. A queue a guest owns (pass-through, an
// SR-IOV VF: setBlockDmaContext) has its DMA translated by the host's IOMMU in the guest's
// context: the command, completion and data buffers of its ring slots go through the IOTLB,
// and a miss adds the page walk to the transfer. Models: disk/, ssd/, nvme/, array/.
import type { Simulator } from '../../sim'
import type { Iommu } from '../host/iommu'
import { PciDir, type PciBus } from '../host/pci-bus'
import type { RunStats } from '../run-stats'
import type { BlockDeviceModel, BlockPool, BlockQueueSink } from './block'

/** What a device model needs from the run. */
export interface DeviceEnv {
  readonly sim: Simulator
  readonly blocks: BlockPool
  readonly stats: RunStats
  /** The host's PCI bus (devices placed in a host); undefined for a device reached over a network. */
  readonly bus?: PciBus
  /** Stage name for the device time (default `<kind>_device`); a storage array names its internal disks `array_disk`. */
  readonly stage?: string
}

/** An Int32Array indexed by request id that grows with the pool. */
export class ReqInts {
  a = new Int32Array(256)
  set(r: number, v: number): void {
    if (r >= this.a.length) {
      let n = this.a.length * 2
      while (n <= r) n *= 2
      const b = new Int32Array(n)
      b.set(this.a)
      this.a = b
    }
    this.a[r] = v
  }
}

/** A Float64Array indexed by request id that grows with the pool. */
export class ReqFloats {
  a = new Float64Array(256)
  set(r: number, v: number): void {
    if (r >= this.a.length) {
      let n = this.a.length * 2
      while (n <= r) n *= 2
      const b = new Float64Array(n)
      b.set(this.a)
      this.a = b
    }
    this.a[r] = v
  }
}

/** Which buffer of a queue a DMA touches (for the IOTLB's pages). */
export const enum DmaRegion { Command = 0, Completion = 1, Data = 2 }
/** Bytes of I/O address space per queue: its submission ring, completion ring and data buffers. */
const QUEUE_REGION = 1 << 23
const SQ_BYTES_MAX = 1 << 18
const DATA_BASE = 1 << 20

/**
 * A guest owns queue `q` of `device` (pass-through, an SR-IOV VF): its DMA is translated by the
 * host's IOMMU in context `ctx` (the guest domain's account, as for a NIC queue). No effect on a
 * host without an enabled IOMMU or on a storage array (its DMA is the host NIC's).
 */
export function setBlockDmaContext(device: BlockDeviceModel, q: number, ctx: number): void {
  if (!(device instanceof BlockDeviceBase)) throw new Error(`${device.kind} "${device.id}" has no DMA contexts`)
  if (q < 0 || q >= device.queueCount) throw new Error(`${device.kind} "${device.id}" has no queue ${q}`)
  device.dmaContext[q] = ctx
}

export abstract class BlockDeviceBase implements BlockDeviceModel {
  abstract readonly kind: BlockDeviceModel['kind']
  readonly id: string
  readonly capacityBytes: number
  readonly queueCount: number
  readonly queueDepth: number
  protected readonly sim: Simulator
  protected readonly blocks: BlockPool
  protected readonly stats: RunStats
  protected readonly bus: PciBus | undefined
  protected readonly sinks: (BlockQueueSink | undefined)[]
  /** Commands outstanding on each queue. */
  readonly outstanding: Int32Array
  /** Queue each request in the device came from. */
  protected readonly qOf = new ReqInts()
  /** The host's IOMMU (enabled), which translates the DMA of guest-owned queues. */
  iommu: Iommu | undefined
  /** IOMMU context of each queue's owner (−1: the driver domain's, not translated). */
  readonly dmaContext: Int32Array
  private readonly dmaSlot: Int32Array
  private stage = -1
  private readonly stageName: string | undefined
  /** Commands completed (ok or failed) since the start. */
  completed = 0
  /**
   * Device failure (issue 12, docs/faults.md "Storage devices"): while `failed` the device answers
   * nothing — commands in flight and new ones hang. The OS's command timer (commandTimeoutNs, the
   * SCSI layer's /sys/block/<dev>/device/timeout, NVMe's io_timeout) expires `commandTimeoutNs`
   * after the failure (or after the first command issued to an idle failed device); its error
   * handler (abort, device reset, bus reset, host reset) fails to revive it and sets the device
   * offline: every hung command fails (ok = false) and later ones fail at once. A repair before
   * the timer expires lets the error handler's reset succeed: the hung commands are retried then.
   * A repair after the device went offline returns it to service (`echo running > …/state`).
   * Simplified: a command still inside the device's mechanism when the device goes offline fails
   * when the mechanism is done with it (at most one service time later), not at the offline instant.
   */
  failed = false
  offline = false
  /** Commands this device failed (ok = false) since the start. */
  ioErrors = 0
  /** The OS's command timeout (ns); a kind reads its `commandTimeout` parameter into it. */
  protected commandTimeoutNs = 30e9
  private hung: number[] = []
  private timerArmed = false
  private failEvents: { timeout: number; reject: number } | undefined

  constructor(env: DeviceEnv, id: string, capacityBytes: number, queueCount: number, queueDepth: number) {
    this.sim = env.sim
    this.blocks = env.blocks
    this.stats = env.stats
    this.bus = env.bus
    this.stageName = env.stage
    this.id = id
    this.capacityBytes = capacityBytes
    this.queueCount = queueCount
    this.queueDepth = queueDepth
    this.sinks = new Array<BlockQueueSink | undefined>(queueCount).fill(undefined)
    this.outstanding = new Int32Array(queueCount)
    this.dmaContext = new Int32Array(queueCount).fill(-1)
    this.dmaSlot = new Int32Array(queueCount)
  }

  /** Is queue `q` bound to a driver? */
  isBound(q: number): boolean {
    return this.sinks[q] !== undefined
  }

  /** The lowest queue in [from, to) no driver has bound, or −1. */
  freeQueue(from = 0, to = this.queueCount): number {
    for (let q = from; q < to; q++) if (this.sinks[q] === undefined) return q
    return -1
  }

  bindQueue(q: number, sink: BlockQueueSink): void {
    if (!Number.isInteger(q) || q < 0 || q >= this.queueCount) {
      throw new Error(`${this.kind} "${this.id}" has ${this.queueCount} hardware queue${this.queueCount === 1 ? '' : 's'} (0…${this.queueCount - 1}); there is no queue ${q}`)
    }
    if (this.sinks[q] !== undefined) throw new Error(`${this.kind} "${this.id}": queue ${q} is already owned by another driver; a hardware queue has one owner`)
    this.sinks[q] = sink
  }

  submit(q: number, req: number): void {
    if (this.sinks[q] === undefined) throw new Error(`${this.kind} "${this.id}": request submitted on queue ${q}, which no driver has bound`)
    if (this.outstanding[q] >= this.queueDepth) throw new Error(`${this.kind} "${this.id}": queue ${q} already holds ${this.queueDepth} commands (its depth)`)
    this.outstanding[q]++
    this.qOf.set(req, q)
    this.blocks.stageAt[req] = this.sim.now
    if (this.failed) {
      if (this.offline) this.sim.schedule(0, this.events().reject, req)
      else {
        this.hung.push(req)
        this.armTimer()
      }
      return
    }
    this.start(q, req)
  }

  private events(): { timeout: number; reject: number } {
    return (this.failEvents ??= {
      timeout: this.sim.register(() => this.timedOut(), `${this.id}/command-timeout`),
      reject: this.sim.register((req) => this.failCommand(req), `${this.id}/offline`)
    })
  }

  /** The device fails (a `device-fail` fault): it answers nothing from now on. */
  fail(): void {
    if (this.failed) return
    this.failed = true
    let busy = false
    for (let q = 0; q < this.queueCount; q++) if (this.outstanding[q] > 0) busy = true
    if (busy) this.armTimer()
  }

  /** The device is repaired (a `device-repair`): back in service; commands hung on it are retried when their timer expires. */
  repair(): void {
    if (!this.failed) return
    this.failed = false
    this.offline = false
  }

  private armTimer(): void {
    if (this.timerArmed) return
    this.timerArmed = true
    this.sim.schedule(this.commandTimeoutNs, this.events().timeout, 0)
  }

  /** The command timer expired: the error handler revives a repaired device (retry) or offlines a dead one (fail everything). */
  private timedOut(): void {
    this.timerArmed = false
    const hung = this.hung
    this.hung = []
    if (!this.failed) {
      for (const req of hung) {
        this.blocks.stageAt[req] = this.sim.now
        this.start(this.qOf.a[req], req)
      }
      return
    }
    this.offline = true
    for (const req of hung) this.failCommand(req)
  }

  private failCommand(req: number): void {
    this.ioErrors++
    this.postCompletion(req, false)
  }

  /** Serves request `req` of queue `q` (bound, within depth); ends with `finish`. */
  protected abstract start(q: number, req: number): void

  /**
   * Books a DMA of `bytes` that took `engineNs` on the device's engine and just finished:
   * counts the bytes and returns the extra ns the host's bus adds (0 on a free bus).
   */
  protected dma(dir: PciDir, bytes: number, engineNs: number, req = -1, region: DmaRegion = DmaRegion.Data): number {
    if (dir === PciDir.ToHost) this.stats.counters.pciWriteBytes += bytes
    else this.stats.counters.pciReadBytes += bytes
    const bus = this.bus === undefined ? 0 : this.bus.delay(dir, bytes, engineNs, this.sim.now)
    return req < 0 ? bus : bus + this.translate(this.qOf.a[req], bytes, region)
  }

  /** IOTLB time of a DMA of `bytes` in `region` of queue `q`'s ring slots (0 when the queue is not a guest's). */
  private translate(q: number, bytes: number, region: DmaRegion): number {
    const ctx = this.dmaContext[q]
    if (ctx < 0 || this.iommu === undefined) return 0
    const slot = region === DmaRegion.Data ? this.dmaSlot[q]++ % this.queueDepth : this.dmaSlot[q] % this.queueDepth
    const base = q * QUEUE_REGION
    const at = region === DmaRegion.Command ? base + slot * 64
      : region === DmaRegion.Completion ? base + SQ_BYTES_MAX + slot * 16
        : base + DATA_BASE + ((slot * Math.ceil(Math.max(1, bytes) / 4096) * 4096) % (QUEUE_REGION - DATA_BASE))
    return this.iommu.translateRange(ctx, at, bytes)
  }

  /** Posts the completion of `req` to its queue's sink (data already in host memory) and raises the queue's interrupt. */
  protected finish(req: number, ok: boolean): void {
    if (this.failed) {
      // the answer never leaves a failed device: the command hangs until the OS's timer
      if (this.offline) this.failCommand(req)
      else {
        this.hung.push(req)
        this.armTimer()
      }
      return
    }
    this.postCompletion(req, ok)
  }

  private postCompletion(req: number, ok: boolean): void {
    const q = this.qOf.a[req]
    this.outstanding[q]--
    this.completed++
    if (this.stage < 0) this.stage = this.stats.stages.id(this.stageName ?? `${this.kind === 'storage-array' ? 'array' : this.kind}_device`)
    this.stats.stages.record(this.stage, this.sim.now - this.blocks.stageAt[req])
    this.blocks.stageAt[req] = this.sim.now
    const sink = this.sinks[q]!
    sink.complete(req, ok)
    this.raise(q)
  }

  /** The queue's interrupt (a model with coalescing overrides it). */
  protected raise(q: number): void {
    this.sinks[q]!.interrupt()
  }
}

export { PciDir }
