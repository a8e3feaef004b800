// An NVMe SSD at run time. The driver writes a command into a submission queue in host
// memory and rings the queue's doorbell (a posted write the driver charges); the device then
// fetches the 64-byte command over PCIe (a read round trip: the host's pciReadLatency), a
// controller core processes it, reads sense pages on the flash dies (flash.ts) and the data
// is DMA'd to host memory over the device's PCIe link and the host's PCI bus; writes are DMA'd
// in first and enter the power-loss-protected write buffer. The device posts a 16-byte
// completion entry and raises the queue's own MSI-X vector, optionally coalesced (aggregation
// threshold and time, NVMe Feature 08h). Queue pairs are independent (each with its own
// doorbells, depth and vector) but share the controller, the flash and the link; SR-IOV
// virtual functions are further queue pairs (vfQueue(i)) that a VF's owner binds.
import { Server } from '../../../sim'
import { BlockOp } from '../block'
import { BlockDeviceBase, DmaRegion, PciDir, type DeviceEnv } from '../device-base'
import { FlashArray } from '../flash'
import { num, type KindParams } from '../../param-read'
import type { NvmeParamKey } from './params'

/** Bytes of a submission queue entry and of a completion queue entry (NVMe 1.0 §4.2, §4.6). */
export const SQE_BYTES = 64
export const CQE_BYTES = 16

export class NvmeModel extends BlockDeviceBase {
  readonly kind = 'nvme' as const
  /** Queue pairs of the physical function (0 … pfQueues − 1); VF queue pairs follow. */
  readonly pfQueues: number
  readonly vfCount: number
  readonly controller: Server
  /** The device's PCIe link, one server per direction. */
  readonly linkIn: Server
  readonly linkOut: Server
  readonly flash: FlashArray
  /** Interrupts raised per queue (for tests and metrics). */
  readonly interrupts: Int32Array
  private readonly fetchNs: number
  private readonly ctrlNs: number
  private readonly linkBps: number
  private readonly coalesceCount: number
  private readonly coalesceTime: number
  private readonly pending: Int32Array
  private readonly timer: Float64Array
  private readonly ids: { fetched: number; inBus: number; outBus: number; timer: number }

  /** `pciReadLatency`: the host's PCI read round trip (the command fetch). */
  constructor(env: DeviceEnv, id: string, p: KindParams<NvmeParamKey>, pciReadLatency: number) {
    const pf = num(p, 'ioQueues'), vfs = num(p, 'vfCount')
    super(env, id, num(p, 'capacity'), pf + vfs, num(p, 'queueDepth'))
    this.commandTimeoutNs = num(p, 'commandTimeout')
    this.pfQueues = pf
    this.vfCount = vfs
    this.linkBps = num(p, 'linkBandwidth')
    this.fetchNs = Math.round(pciReadLatency + (SQE_BYTES * 8e9) / this.linkBps)
    this.ctrlNs = num(p, 'controllerTime')
    this.coalesceCount = num(p, 'irqCoalesceCount')
    this.coalesceTime = num(p, 'irqCoalesceTime')
    this.controller = new Server(this.sim, { name: `${id}/controller`, servers: num(p, 'controllerCores') })
    this.linkIn = new Server(this.sim, { name: `${id}/pcie-in` })
    this.linkOut = new Server(this.sim, { name: `${id}/pcie-out` })
    this.interrupts = new Int32Array(this.queueCount)
    this.pending = new Int32Array(this.queueCount)
    this.timer = new Float64Array(this.queueCount).fill(-1)
    this.flash = new FlashArray(this.sim, id, {
      channels: num(p, 'channels'), diesPerChannel: num(p, 'diesPerChannel'), pageBytes: num(p, 'pageSize'),
      readNs: num(p, 'flashReadTime'), programNs: num(p, 'flashProgramTime'), channelBps: num(p, 'channelRate'),
      bufferBytes: num(p, 'writeBuffer')
    }, {
      read: (req) => this.linkOut.submit(this.linkNs(this.blocks.bytes[req] + CQE_BYTES), this.outLink, req),
      written: (req) => this.post(req),
      flushed: (req) => this.post(req)
    })
    this.ids = {
      fetched: this.sim.register((req) => this.fetched(req), `${id}/fetch`),
      inBus: this.sim.register((req) => this.flash.write(req, this.blocks.offset[req], this.blocks.bytes[req]), `${id}/bus-in`),
      outBus: this.sim.register((req) => this.finish(req, true), `${id}/bus-out`),
      timer: this.sim.register((q) => this.timerFired(q), `${id}/irq-aggregation`)
    }
  }

  /** The queue pair of virtual function `vf` (0 … vfCount − 1). */
  vfQueue(vf: number): number {
    if (!Number.isInteger(vf) || vf < 0 || vf >= this.vfCount) {
      throw new Error(`NVMe "${this.id}" exports ${this.vfCount} virtual function${this.vfCount === 1 ? '' : 's'}; there is no VF ${vf} (raise its "vfCount")`)
    }
    return this.pfQueues + vf
  }

  private linkNs(bytes: number): number {
    return (bytes * 8e9) / this.linkBps
  }

  /** The doorbell was rung for `req`: the device fetches the command from host memory. */
  protected start(_q: number, req: number): void {
    this.sim.schedule(this.fetchNs, this.ids.fetched, req)
  }

  private fetched(req: number): void {
    // the 64-byte command crossed the bus towards the device
    const d = this.dma(PciDir.ToDevice, SQE_BYTES, this.fetchNs, req, DmaRegion.Command)
    this.controller.submit(this.ctrlNs + d, this.decoded, req)
  }

  private readonly decoded = (req: number): void => {
    const op = this.blocks.op[req]
    if (op === BlockOp.Read) this.flash.read(req, this.blocks.offset[req], this.blocks.bytes[req])
    else if (op === BlockOp.Write) this.linkIn.submit(this.linkNs(this.blocks.bytes[req]), this.inLink, req)
    else this.flash.flush(req)
  }

  private readonly inLink = (req: number): void => {
    const bytes = this.blocks.bytes[req]
    const d = this.dma(PciDir.ToDevice, bytes, this.linkNs(bytes), req)
    if (d > 0) this.sim.schedule(d, this.ids.inBus, req)
    else this.flash.write(req, this.blocks.offset[req], bytes)
  }

  /** Read data and the completion entry were written to host memory over the link. */
  private readonly outLink = (req: number): void => {
    const bytes = this.blocks.bytes[req] + CQE_BYTES
    const d = this.dma(PciDir.ToHost, bytes, this.linkNs(bytes), req)
    if (d > 0) this.sim.schedule(d, this.ids.outBus, req)
    else this.finish(req, true)
  }

  /** A write or flush completes: only the 16-byte completion entry crosses to the host. */
  private post(req: number): void {
    this.linkOut.submit(this.linkNs(CQE_BYTES), this.postLink, req)
  }

  private readonly postLink = (req: number): void => {
    const d = this.dma(PciDir.ToHost, CQE_BYTES, this.linkNs(CQE_BYTES), req, DmaRegion.Completion)
    if (d > 0) this.sim.schedule(d, this.ids.outBus, req)
    else this.finish(req, true)
  }

  /** Interrupt coalescing: fire at the threshold, or when the aggregation time expires (0: at once). */
  protected override raise(q: number): void {
    this.pending[q]++
    if (this.coalesceTime === 0 || this.pending[q] >= this.coalesceCount) this.fire(q)
    else if (this.timer[q] < 0) this.timer[q] = this.sim.schedule(this.coalesceTime, this.ids.timer, q)
  }

  private timerFired(q: number): void {
    this.timer[q] = -1
    if (this.pending[q] > 0) this.fire(q)
  }

  private fire(q: number): void {
    if (this.timer[q] >= 0) {
      this.sim.cancel(this.timer[q])
      this.timer[q] = -1
    }
    this.pending[q] = 0
    this.interrupts[q]++
    this.sinks[q]!.interrupt()
  }
}
