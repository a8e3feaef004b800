// A SATA SSD at run time (one AHCI/NCQ queue). Each command takes the controller (one
// command at a time, controllerTime), then: a read senses its pages on their dies and moves
// them over their channels (flash.ts), then crosses the SATA link and the host's PCI bus; a
// write's data first crosses the bus and the link, then enters the DRAM write buffer
// (completing at once while there is room) or waits for programs to drain it; a flush waits
// until everything buffered is programmed. IOPS grows with the queue depth until the
// controller, the channels × dies or the link saturate.
import { Server } from '../../../sim'
import { BlockOp } from '../block'
import { BlockDeviceBase, PciDir, type DeviceEnv } from '../device-base'
import { FlashArray } from '../flash'
import { num, type KindParams } from '../../param-read'
import type { SsdParamKey } from './params'

export class SsdModel extends BlockDeviceBase {
  readonly kind = 'ssd' as const
  readonly controller: Server
  readonly link: Server
  readonly flash: FlashArray
  private readonly ctrlNs: number
  private readonly linkBps: number
  private readonly ids: { inBus: number; outBus: number }

  constructor(env: DeviceEnv, id: string, p: KindParams<SsdParamKey>) {
    super(env, id, num(p, 'capacity'), 1, num(p, 'queueDepth'))
    this.commandTimeoutNs = num(p, 'commandTimeout')
    this.ctrlNs = num(p, 'controllerTime')
    this.linkBps = num(p, 'interfaceRate')
    this.controller = new Server(this.sim, { name: `${id}/controller` })
    this.link = new Server(this.sim, { name: `${id}/sata` })
    this.flash = new FlashArray(this.sim, id, {
      channels: num(p, 'channels'), diesPerChannel: num(p, 'diesPerChannel'), pageBytes: num(p, 'pageSize'),
      readNs: num(p, 'flashReadTime'), programNs: num(p, 'flashProgramTime'), channelBps: num(p, 'channelRate'),
      bufferBytes: num(p, 'writeBuffer')
    }, {
      read: (req) => this.link.submit(this.linkNs(req), this.outLink, req),
      written: (req) => this.finish(req, true),
      flushed: (req) => this.finish(req, true)
    })
    this.ids = {
      inBus: this.sim.register((req) => this.toFlash(req), `${id}/bus-in`),
      outBus: this.sim.register((req) => this.finish(req, true), `${id}/bus-out`)
    }
  }

  private linkNs(req: number): number {
    return (this.blocks.bytes[req] * 8e9) / this.linkBps
  }

  protected start(_q: number, req: number): void {
    this.controller.submit(this.ctrlNs, this.decoded, req)
  }

  private readonly decoded = (req: number): void => {
    const op = this.blocks.op[req]
    if (op === BlockOp.Read) this.flash.read(req, this.blocks.offset[req], this.blocks.bytes[req])
    else if (op === BlockOp.Write) this.link.submit(this.linkNs(req), this.inLink, req)
    else this.flash.flush(req)
  }

  private readonly inLink = (req: number): void => {
    const d = this.dma(PciDir.ToDevice, this.blocks.bytes[req], this.linkNs(req), req)
    if (d > 0) this.sim.schedule(d, this.ids.inBus, req)
    else this.toFlash(req)
  }

  private toFlash(req: number): void {
    this.flash.write(req, this.blocks.offset[req], this.blocks.bytes[req])
  }

  private readonly outLink = (req: number): void => {
    const d = this.dma(PciDir.ToHost, this.blocks.bytes[req], this.linkNs(req), req)
    if (d > 0) this.sim.schedule(d, this.ids.outBus, req)
    else this.finish(req, true)
  }
}
