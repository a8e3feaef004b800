// `emulated` (001 "Approaches", 003 §II emulation model, 002 NE2K): the guest's
// unmodified driver programs an emulated device; every register access it makes — K per
// request, by driver style: IDE-style many 8-bit OUTs, SCSI-style few, NE2K control plus
// data through a port, e1000 one tail doorbell — is a VM exit and device-model work
// (emulated-backend.ts forwards the request to the real NIC through the driver domain's
// driver). Receive: the device model raises the emulated device's interrupt; the guest's
// ISR again makes K accesses per frame — or, for the e1000's DMA rings (frames already in
// guest memory by the model's copy), a few accesses per interrupt and none per frame.
import { ruleDevice } from './common/rule-assert'
import { NotifyQueue } from '../models/notify-queue'
import { num } from '../models/param-read'
import { accessCount, accessProgram, type AccessProgram } from './common/driver-program'
import { TrapRunner } from './common/trap-runner'
import { VirtualIrq } from './common/virtual-irq'
import { EMUL_BACKEND, EmulBackend, type EmulFront } from './emulated-backend'
import { EmulatedBlockFront } from './emulated-block'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'

const ETH_HEADER = 14

class EmulatedEndpoint extends BaseEndpoint implements Endpoint, EmulFront {
  private readonly ctx: AttachContext
  private readonly backend: EmulBackend
  private readonly prog: AccessProgram
  private readonly traps: TrapRunner
  private readonly rxBuf: NotifyQueue
  private readonly virq: VirtualIrq
  private readonly ns: { tx: number; rx: number }
  private readonly st: { driverTx: number; trapsTx: number; trapsRx: number }
  private draining = false

  constructor(ctx: AttachContext) {
    super(ctx)
    const dev = ruleDevice('emulated', ctx, 'nic')
    this.ctx = ctx
    const p = dev.params
    this.backend = ctx.shared(EMUL_BACKEND, dev.id, () => new EmulBackend(ctx))
    this.prog = accessProgram(ctx.vm, p)
    this.traps = new TrapRunner(ctx, ctx.domain, ctx.host.cyc(num(p, 'emulModelCycles')), this.backend.where)
    this.rxBuf = new NotifyQueue(num(p, 'ringSlots'))
    this.virq = new VirtualIrq(ctx.host, ctx.domain, 0, true, ctx.stats.counters, () => this.kick())
    this.ns = { tx: ctx.host.cyc(num(p, 'driverTxCycles')), rx: ctx.host.cyc(num(p, 'driverRxCycles')) }
    const s = ctx.stats.stages
    this.st = { driverTx: s.id('driver_tx'), trapsTx: s.id('emul_traps_tx'), trapsRx: s.id('emul_traps_rx') }
    this.backend.addFront(this)
  }

  send(pkt: number): void {
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.domain.run(0, this.ns.tx, this.trapTx, pkt)
  }

  private readonly trapTx = (pkt: number): void => {
    this.mark(this.st.driverTx, pkt)
    this.trap(pkt, this.forward)
  }

  private trap(pkt: number, then: (pkt: number) => void, rx = false): void {
    const k = rx && this.prog.perInterrupt > 0 ? 0 : accessCount(this.prog, this.ctx.pool.bytes[pkt] + ETH_HEADER)
    this.ctx.stats.counters.portIos += k
    this.traps.run(k, then, pkt)
  }

  private readonly forward = (pkt: number): void => {
    this.mark(this.st.trapsTx, pkt)
    this.backend.transmit(this, pkt)
  }

  deliver(pkt: number): void {
    const r = this.rxBuf.push(pkt)
    if (r < 0) {
      this.ctx.stats.counters.drops++
      this.ctx.pool.release(pkt)
    } else if (r === 1) this.backend.raise(this.inject)
  }

  private readonly inject = (): void => {
    this.virq.notify()
  }

  /** The back end delivers frames for `id` here too (a bond's address moved to this interface). */
  alias(id: number): void {
    this.backend.addAlias(id, this)
  }

  /** The guest's interrupt handler: read each frame out of the emulated device. */
  private kick(): void {
    if (this.draining) return
    this.draining = true
    const k = this.prog.perInterrupt
    if (k === 0) return this.next()
    // DMA rings: read and acknowledge the cause, mask, and (folded in here) unmask and return the buffers
    this.ctx.stats.counters.portIos += k
    this.traps.run(k, this.isrDone, 0)
  }

  private readonly isrDone = (): void => {
    this.next()
  }

  private next(): void {
    if (this.rxBuf.length === 0) {
      this.rxBuf.armed = true
      this.draining = false
      return
    }
    const pkt = this.rxBuf.shift()
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.trap(pkt, this.read, true)
  }

  private readonly read = (pkt: number): void => {
    this.domain.run(0, this.ns.rx, this.got, pkt)
  }

  private readonly got = (pkt: number): void => {
    this.mark(this.st.trapsRx, pkt)
    this.onReceive(pkt)
    this.next()
  }

  private mark(stage: number, pkt: number): void {
    const now = this.ctx.sim.now
    this.ctx.stats.stages.record(stage, now - this.ctx.pool.stageAt[pkt])
    this.ctx.pool.stageAt[pkt] = now
  }
}

export const emulated: Technique = {
  id: 'emulated',
  attach: (ctx) => new EmulatedEndpoint(ctx),
  /** A virtual disk on an emulated IDE, AHCI or SCSI controller (emulated-block.ts). */
  attachBlock: (ctx) => new EmulatedBlockFront(ctx)
}
