// `vpio` for block I/O (002 on a simple disk controller): the guest drives a commodity disk
// controller with AHCI-like registers itself — its own driver builds the command in memory and
// writes the registers, every access reaching the device (an MMIO round trip: posted writes
// pciWriteLatency, reads pciReadLatency) — and only hooked accesses exit and update the
// hypervisor's model of the controller. The command-issue doorbell is always hooked: the model
// must validate the command's DMA targets (one check per PRD segment, counters.dmaChecks)
// before the device may start, and denies a target outside the guest's memory (the request
// fails, counters.dmaDenials) — as 002's DMA validation. The other accesses exit in the VM's
// hooked fraction (vpioHookedFraction). The device's physical interrupt goes to the model
// (delivery + model update), which attributes the completions to their guests and injects each
// guest's virtual interrupt (through vIC); the guest's handler reads the port's status
// registers (hooked in the same fraction). Several guests share the controller: one holds it
// at a time, and it is handed over (a register context switch) when nothing of the holder is
// in flight — as the NE2K model (vpio-device.ts) does for a NIC.
import type { RandomStream } from '../sim'
import { num } from '../models/param-read'
import type { BlockDeviceModel, BlockQueueSink } from '../models/storage/block'
import { sharedKey } from '../models/shared-objects'
import { BlockFront, IntFifo, claimQueue, coalescerOf, frontParams, type CompletionCoalescer } from './common/block-front'
import { IrqLine } from './common/irq-line'
import { VirtualIrq } from './common/virtual-irq'
import type { BlockAttachContext } from './types'

const PAGE = 4096

/** VPIO's model of one disk controller shared by its guests (hypervisor state). */
export class VpioDiskModel implements BlockQueueSink {
  readonly device: BlockDeviceModel
  readonly queue: number
  owner: VpioBlockFront | undefined
  /** Commands in the device, and accesses being made by the holder. */
  inFlight = 0
  busy = 0
  turnUsed = false
  readonly waiters: VpioBlockFront[] = []
  private handing = false
  private loaded: VpioBlockFront | undefined
  private readonly ctx: BlockAttachContext
  private readonly guests: VpioBlockFront[] = []
  private issuer = new Int32Array(256)
  /** Completions the device posted, attributed at the next physical interrupt. */
  private readonly done = new IntFifo()
  private readonly line: IrqLine
  private readonly switchNs: number
  private readonly signalNs: number
  private readonly handoffStage: number
  private handoffAt = 0

  constructor(ctx: BlockAttachContext) {
    this.ctx = ctx
    this.device = ctx.device
    const f = frontParams(ctx)
    this.switchNs = num(f, 'vpioContextSwitch')
    this.signalNs = ctx.host.hvCost('eventSendCycles')
    this.handoffStage = ctx.stats.stages.id('vpio_handoff')
    this.line = new IrqLine(ctx.host, ctx.stats, ctx.host.cyc(num(f, 'vpioModelUpdateCycles')))
    this.line.dispatch = this.dispatch
    this.queue = claimQueue(ctx.device, this, 'VPIO')
  }

  join(g: VpioBlockFront): number {
    this.guests.push(g)
    return this.guests.length - 1
  }

  /** The device takes `req` of guest `g` (after its doorbell and the model's validation). */
  start(g: VpioBlockFront, req: number): void {
    if (req >= this.issuer.length) {
      const a = new Int32Array(Math.max(req + 1, this.issuer.length * 2))
      a.set(this.issuer)
      this.issuer = a
    }
    this.issuer[req] = g.index
    this.inFlight++
    this.device.submit(this.queue, req)
  }

  complete(req: number, ok: boolean): void {
    this.inFlight--
    this.ctx.blocks.scratch[req] = ok ? 1 : 0
    this.done.push(req)
  }

  interrupt(): void {
    this.line.raise()
  }

  /** After delivery and the model update: give each completion to its guest (a signal per guest touched). */
  private readonly dispatch = (): void => {
    while (this.done.length > 0) {
      const req = this.done.shift()
      const g = this.guests[this.issuer[req]]
      if (g.received === 0) {
        this.ctx.stats.counters.signals++
        this.ctx.host.hvRun(this.signalNs, undefined, 0)
      }
      g.received++
      g.post(req)
    }
    for (const g of this.guests) g.received = 0
    this.settle()
  }

  /** `g` wants the controller: true if it holds it (taking it when nobody does), else it waits. */
  mayUse(g: VpioBlockFront): boolean {
    if (this.owner === g && !this.handing) return true
    if (this.owner === undefined && !this.handing && (this.loaded === undefined || this.loaded === g)) {
      this.owner = this.loaded = g
      return true
    }
    this.want(g)
    return false
  }

  want(g: VpioBlockFront): void {
    if (!this.waiters.includes(g)) this.waiters.push(g)
    this.settle()
  }

  /** Hands the controller to the next waiting guest once nothing of the holder is in flight. */
  settle(): void {
    if (this.handing || this.waiters.length === 0 || this.inFlight > 0 || this.busy > 0) return
    if (this.owner !== undefined && this.owner.unfinished > 0) return
    const next = this.waiters.shift()!
    if (next === this.owner || this.loaded === undefined || this.loaded === next) return this.take(next)
    this.handing = true
    this.owner = undefined
    this.ctx.stats.counters.deviceHandoffs++
    this.handoffAt = this.ctx.sim.now
    next.domain.runHv(0, this.switchNs, this.handedOver, next.index)
  }

  private readonly handedOver = (i: number): void => {
    this.ctx.stats.stages.record(this.handoffStage, this.ctx.sim.now - this.handoffAt)
    this.handing = false
    this.take(this.guests[i])
  }

  private take(g: VpioBlockFront): void {
    this.owner = this.loaded = g
    this.turnUsed = false
    g.resume()
    this.settle()
  }
}

export class VpioBlockFront extends BlockFront {
  readonly index: number
  /** Completions given to this guest at the current dispatch (model bookkeeping). */
  received = 0
  /** Requests issued to the device and not yet ended by the guest's handler. */
  unfinished = 0
  private readonly model: VpioDiskModel
  private readonly waiting = new IntFifo()
  private readonly posted = new IntFifo()
  private readonly virq: VirtualIrq
  private readonly vic: CompletionCoalescer
  private readonly hooked: number
  private readonly depth: number
  private readonly prog: { issue: number; irq: number }
  private readonly ns: { driver: number; write: number; read: number; hooked: number; validate: number }
  private readonly bad: { rate: number; rng: RandomStream }
  private readonly st: { wait: number; issue: number; device: number; complete: number }
  private hookAcc = 0
  private issuing = false
  private inIsr = false
  private again = false
  private found = 0

  constructor(ctx: BlockAttachContext) {
    super(ctx, ctx.device.capacityBytes)
    const f = frontParams(ctx), host = ctx.host
    this.model = ctx.shared(VPIO_DISK, ctx.device.id, () => new VpioDiskModel(ctx))
    this.index = this.model.join(this)
    this.hooked = num(ctx.vm, 'vpioHookedFraction')
    this.depth = Math.min(ctx.device.queueDepth, 32)
    this.prog = { issue: num(f, 'ahciIssueAccesses'), irq: num(f, 'ahciIrqAccesses') }
    this.ns = {
      driver: host.cyc(num(f, 'guestDriverCycles')),
      write: num(host.params, 'pciWriteLatency'), read: num(host.params, 'pciReadLatency'),
      hooked: host.cost('vmExitCycles') + host.cyc(num(f, 'vpioModelUpdateCycles')),
      validate: host.cyc(num(f, 'vpioDmaValidateCycles'))
    }
    this.bad = { rate: num(f, 'vpioBadDmaRate'), rng: ctx.rng.stream(`${ctx.domain.name}#${ctx.portId}/vpio-dma`) }
    this.virq = new VirtualIrq(host, ctx.domain, 0, true, ctx.stats.counters, () => this.isr())
    this.vic = coalescerOf(ctx, () => this.virq.notify())
    const s = ctx.stats.stages
    this.st = { wait: s.id('vpio_blk_wait'), issue: s.id('vpio_blk_issue'), device: s.id('vpio_blk_device'), complete: s.id('vpio_blk_complete') }
  }

  override submit(req: number): void {
    this.ctx.blocks.stageAt[req] = this.ctx.sim.now
    this.waiting.push(req)
    this.pump()
  }

  /** The controller is this guest's now: go on with the requests it held back. */
  resume(): void {
    this.pump()
  }

  private pump(): void {
    if (this.issuing || this.waiting.length === 0 || this.unfinished >= this.depth) return
    const m = this.model
    // once it has had its turn, the holder lets waiting guests have theirs
    if (m.owner === this && m.turnUsed && m.waiters.length > 0) return m.want(this)
    if (!m.mayUse(this)) return
    this.issuing = true
    m.busy++
    this.unfinished++
    const req = this.waiting.shift()
    this.mark(this.st.wait, req)
    // the doorbell is always hooked (the model validates the command's DMA targets); the rest in the hooked fraction
    const k = this.prog.issue
    const n = 1 + this.hook(k - 1)
    const segs = Math.max(1, Math.ceil(this.ctx.blocks.bytes[req] / PAGE))
    const c = this.ctx.stats.counters
    c.portIos += k
    c.pciWriteBytes += 4 * k
    c.dmaChecks += segs
    this.domain.runHv(0, n * this.ns.hooked + segs * this.ns.validate, undefined, 0)
    this.domain.run(0, this.ns.driver + k * this.ns.write, this.issued, req)
  }

  /** Of `k` accesses, how many the hooked fraction traps (a running remainder keeps the mean exact). */
  private hook(k: number): number {
    this.hookAcc += k * this.hooked
    const n = Math.floor(this.hookAcc)
    this.hookAcc -= n
    if (n > 0) this.ctx.stats.counters.exit('io_instruction', n)
    return n
  }

  private readonly issued = (req: number): void => {
    this.ctx.stats.counters.exit('io_instruction') // the doorbell
    this.mark(this.st.issue, req)
    this.issuing = false
    this.model.busy--
    // a turn: the holder issues what it has waiting (up to its queue depth), then lets waiting guests have theirs
    if (this.waiting.length === 0 || this.unfinished >= this.depth) this.model.turnUsed = true
    if (this.bad.rate > 0 && this.bad.rng.uniform32() < this.bad.rate) {
      // a target outside the guest's memory: the model denies the command, which fails at once
      this.ctx.stats.counters.dmaDenials++
      this.ctx.blocks.scratch[req] = 0
      this.ctx.host.hvRun(this.ns.hooked, this.denied, req)
    } else this.model.start(this, req)
    this.pump()
    this.model.settle()
  }

  private readonly denied = (req: number): void => {
    this.post(req)
  }

  /** The model gives this guest a completion (hypervisor context). */
  post(req: number): void {
    this.mark(this.st.device, req)
    this.posted.push(req)
    this.vic.posted()
  }

  /** The guest's handler: read and acknowledge the port's status (accesses reach the device, some hooked), then end what it found. */
  private isr(): void {
    if (this.inIsr) {
      this.again = true
      return
    }
    this.inIsr = true
    this.found = this.posted.length
    const k = this.prog.irq
    const n = this.hook(k)
    this.ctx.stats.counters.portIos += k
    if (n > 0) this.domain.runHv(0, n * this.ns.hooked, undefined, 0)
    this.domain.run(0, k * this.ns.read, this.endNext, 0)
  }

  private readonly endNext = (): void => {
    if (this.found === 0) {
      this.inIsr = false
      if (this.again) {
        this.again = false
        this.isr()
      }
      return
    }
    this.found--
    this.domain.run(0, this.ns.driver, this.ended, this.posted.shift())
  }

  private readonly ended = (req: number): void => {
    this.mark(this.st.complete, req)
    this.unfinished--
    this.onComplete(req, this.ctx.blocks.scratch[req] === 1)
    this.pump()
    this.model.settle()
    this.endNext()
  }
}

/** VPIO's model of each disk controller (id: the storage device). */
export const VPIO_DISK = sharedKey<VpioDiskModel>('vpio-disk')
