// VPIO's device model in the hypervisor for one commodity NIC shared by several guests
// (002 "Core Idea", "Device Multiplexing"): it tracks who holds the device, the requests
// in progress and the frames waiting in the device for each guest, and says when the
// device is reusable — no transmit in flight, no request being issued, nothing left for
// the holder to read. Only then is the device handed (a register context switch) to the
// next guest waiting; until then that guest's requests are suspended. Physical interrupts
// go to the model first (exit-free hypervisor work plus a model update), which attributes
// the received frames and signals their guest or queues it for the device.
import type { Domain } from '../models/host/domain'
import type { NicModel, NicQueue } from '../models/nic/nic-model'
import { num } from '../models/param-read'
import { IrqLine } from './common/irq-line'
import type { AttachContext } from './types'
import { sharedKey } from '../models/shared-objects'

/** What the model needs of a VPIO guest. */
export interface VpioGuest {
  readonly name: string
  readonly domain: Domain
  /** Frames the model attributes to this guest, oldest first, still in the device. */
  readonly rxQ: number[]
  /** The guest now holds the device: go on with suspended requests. */
  resume(): void
  /** Injects the guest's virtual interrupt (hypervisor context). */
  readonly inject: () => void
}

export class VpioDevice {
  readonly nic: NicModel
  readonly queue: NicQueue
  owner: VpioGuest | undefined
  /** Requests of the holder being issued (on its vCPU) or read. */
  busy = 0
  txInFlight = 0
  /** The holder has issued a request since it got the device (it may then be asked to yield). */
  turnUsed = false
  readonly waiters: VpioGuest[] = []
  private handing = false
  /** Whose register context the device holds (it stays after the holder lets go). */
  private loaded: VpioGuest | undefined = undefined
  private handoffAt = 0
  private held = 0
  private readonly ctx: AttachContext
  private readonly guests: VpioGuest[] = []
  private readonly byEndpoint = new Map<number, VpioGuest>()
  private readonly switchNs: number
  private readonly signalNs: number
  private readonly capacity: number
  private readonly handoffStage: number

  constructor(ctx: AttachContext, nic: NicModel, pio: boolean) {
    this.ctx = ctx
    this.nic = nic
    this.queue = nic.queues[0]
    this.queue.pio = pio
    const p = ctx.device.params
    this.switchNs = num(p, 'vpioContextSwitch')
    this.signalNs = ctx.host.hvCost('eventSendCycles')
    this.capacity = num(p, 'ringSlots')
    this.handoffStage = ctx.stats.stages.id('vpio_handoff')
    this.queue.onTxDone = this.txDone
    const line = new IrqLine(ctx.host, ctx.stats, ctx.host.cyc(num(p, 'vpioModelUpdateCycles')))
    line.dispatch = this.interrupt
    this.queue.onInterrupt = () => line.raise()
  }

  join(g: VpioGuest, endpoint: number): void {
    this.nic.claim('vpio', g.name)
    this.guests.push(g)
    this.byEndpoint.set(endpoint, g)
  }

  /** `g` wants the device now: true if it holds it (taking it when nobody does), else it waits. */
  mayUse(g: VpioGuest): boolean {
    if (this.owner === g && !this.handing) return true
    if (this.owner === undefined && !this.handing && (this.loaded === undefined || this.loaded === g)) {
      this.owner = this.loaded = g
      return true
    }
    this.want(g)
    return false
  }

  want(g: VpioGuest): void {
    if (!this.waiters.includes(g)) this.waiters.push(g)
    this.settle()
  }

  reusable(): boolean {
    return this.txInFlight === 0 && this.busy === 0 && (this.owner === undefined || this.owner.rxQ.length === 0)
  }

  /** Hands the device to the next waiting guest once the model says it is reusable. */
  settle(): void {
    if (this.handing || this.waiters.length === 0 || !this.reusable()) return
    const next = this.waiters.shift()!
    if (next === this.owner) return next.resume()
    if (this.loaded === undefined || this.loaded === next) return this.take(next) // its context is already in the device
    this.handing = true
    this.owner = undefined
    this.ctx.stats.counters.deviceHandoffs++
    this.handoffAt = this.ctx.sim.now
    next.domain.runHv(0, this.switchNs, this.handedOver, this.guests.indexOf(next))
  }

  private readonly handedOver = (i: number): void => {
    this.ctx.stats.stages.record(this.handoffStage, this.ctx.sim.now - this.handoffAt)
    this.handing = false
    this.take(this.guests[i])
  }

  private take(g: VpioGuest): void {
    this.owner = g
    this.loaded = g
    this.turnUsed = false
    g.resume()
    this.settle()
  }

  /** Signals `g`'s virtual interrupt (it holds the device and has frames). */
  signal(g: VpioGuest): void {
    this.ctx.stats.counters.signals++
    this.ctx.host.hvRun(this.signalNs, g.inject, 0)
  }

  /** A frame of the holder has been read out of the device. */
  taken(): void {
    this.held--
  }

  private readonly txDone = (): void => {
    this.txInFlight--
    this.settle()
  }

  /** The physical interrupt, after delivery and the model update: attribute frames, signal or queue their guests. */
  private readonly interrupt = (): void => {
    const rx = this.queue.rx
    const touched: VpioGuest[] = []
    while (rx.length > 0) {
      const pkt = rx.shift()
      const g = this.byEndpoint.get(this.ctx.pool.dst[pkt])
      if (g === undefined || this.held >= this.capacity) {
        this.ctx.stats.counters.drops++
        this.ctx.pool.release(pkt)
        continue
      }
      g.rxQ.push(pkt)
      this.held++
      if (!touched.includes(g)) touched.push(g)
    }
    rx.armed = true
    for (const g of touched) {
      if (g === this.owner && !this.handing) this.signal(g)
      else this.want(g)
    }
  }
}

/** VPIO's device model of each NIC (id: the device). */
export const VPIO_DEVICE = sharedKey<VpioDevice>('vpio-device')
