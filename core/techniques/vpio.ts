// `vpio` (002): the guest drives a commodity NIC directly with its own driver (NE2K,
// IDE- or SCSI-style access programs). Every access reaches the device (a port I/O round
// trip); the hooked fraction of them (the VM's vpioHookedFraction, 002's table) also
// exits to the hypervisor and updates the device model (~100 cycles). DMA targets are
// validated by the model for devices that do bus-master DMA (denied ones are dropped; an
// NE2K moves its data through a port and has none). Several guests share the device: a
// guest's requests wait until the model hands the device over (vpio-device.ts).
import { ruleDevice } from './common/rule-assert'
import type { RandomStream } from '../sim'
import { bool, num, str } from '../models/param-read'
import { accessBytes, accessCount, accessProgram, type AccessProgram } from './common/driver-program'
import { VirtualIrq } from './common/virtual-irq'
import { VPIO_DEVICE, VpioDevice, type VpioGuest } from './vpio-device'
import { VpioBlockFront } from './vpio-block'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'

const ETH_HEADER = 14

class VpioEndpoint extends BaseEndpoint implements Endpoint, VpioGuest {
  readonly name: string
  readonly rxQ: number[] = []
  private readonly ctx: AttachContext
  private readonly dev: VpioDevice
  private readonly prog: AccessProgram
  private readonly virq: VirtualIrq
  private readonly sendQ: number[] = []
  private readonly hooked: number
  private readonly ns: { pio: number; hooked: number; validate: number; tx: number; rx: number }
  private readonly st: { wait: number; tx: number; rx: number }
  private readonly bad: { rate: number; mce: boolean; rng: RandomStream }
  private hookAcc = 0
  private sending = false
  private reading = false

  constructor(ctx: AttachContext) {
    super(ctx)
    const d = ruleDevice('vpio', ctx, 'nic')
    const p = d.params, host = ctx.host
    this.ctx = ctx
    this.name = ctx.domain.name
    this.prog = accessProgram(ctx.vm, p)
    this.dev = ctx.shared(VPIO_DEVICE, d.id, () => new VpioDevice(ctx, d.nic, this.prog.bytesPerData > 0))
    if (this.dev.queue.pio !== this.prog.bytesPerData > 0) throw new Error(`all VPIO guests of NIC "${d.id}" must drive it the same way (driver style)`)
    this.dev.join(this, this.id)
    this.hooked = num(ctx.vm, 'vpioHookedFraction')
    this.ns = {
      pio: num(p, 'pioAccessLatency'), hooked: host.cost('vmExitCycles') + host.cyc(num(p, 'vpioModelUpdateCycles')),
      validate: this.prog.bytesPerData > 0 || !bool(p, 'vpioDmaValidation') ? 0 : host.cyc(num(p, 'vpioDmaValidateCycles')),
      tx: host.cyc(num(p, 'driverTxCycles')), rx: host.cyc(num(p, 'driverRxCycles'))
    }
    this.bad = { rate: num(p, 'vpioBadDmaRate'), mce: str(p, 'vpioDeniedDma') === 'machine-check', rng: ctx.rng.stream(`${this.name}/vpio-dma`) }
    const s = ctx.stats.stages
    this.st = { wait: s.id('vpio_wait'), tx: s.id('vpio_tx'), rx: s.id('vpio_rx') }
    this.virq = new VirtualIrq(host, ctx.domain, 0, true, ctx.stats.counters, () => this.readAll())
  }

  readonly inject = (): void => {
    this.virq.notify()
  }

  send(pkt: number): void {
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.sendQ.push(pkt)
    this.pump()
  }

  resume(): void {
    this.pump()
    if (this.rxQ.length > 0) this.dev.signal(this)
  }

  private pump(): void {
    if (this.sending || this.sendQ.length === 0) return
    // Once it has had its turn, the holder lets waiting guests have theirs.
    if (this.dev.owner === this && this.dev.turnUsed && this.dev.waiters.length > 0) return this.dev.want(this)
    if (!this.dev.mayUse(this)) return
    this.dev.turnUsed = true
    this.sending = true
    this.dev.busy++
    const pkt = this.sendQ.shift()!
    this.mark(this.st.wait, pkt)
    this.issue(pkt, false, this.issued)
  }

  /** The driver's accesses for one request: all reach the device, the hooked ones exit first. */
  private issue(pkt: number, rx: boolean, then: (pkt: number) => void): void {
    const c = this.ctx.stats.counters
    const frame = this.ctx.pool.bytes[pkt] + ETH_HEADER
    const k = accessCount(this.prog, frame)
    this.hookAcc += k * this.hooked
    const n = Math.floor(this.hookAcc)
    this.hookAcc -= n
    c.portIos += k
    c.exit('io_instruction', n)
    if (rx) c.pciReadBytes += accessBytes(this.prog, frame)
    else c.pciWriteBytes += accessBytes(this.prog, frame)
    if (this.ns.validate > 0) c.dmaChecks++
    const trapped = n * this.ns.hooked + this.ns.validate
    if (trapped > 0) this.domain.runHv(0, trapped, undefined, 0)
    this.domain.run(0, k * this.ns.pio + (rx ? this.ns.rx : this.ns.tx), then, pkt)
  }

  /** The model denies a DMA whose target is outside the guest's memory. */
  private denied(pkt: number): boolean {
    if (this.ns.validate === 0 || this.bad.rate <= 0 || this.bad.rng.uniform32() >= this.bad.rate) return false
    const c = this.ctx.stats.counters
    c.dmaDenials++
    c.drops++
    if (this.bad.mce) c.exit('machine_check')
    this.ctx.pool.release(pkt)
    return true
  }

  private readonly issued = (pkt: number): void => {
    this.dev.busy--
    this.sending = false
    this.mark(this.st.tx, pkt)
    if (!this.denied(pkt)) {
      this.dev.txInFlight++
      this.dev.nic.transmit(pkt, this.dev.queue)
    }
    if (this.sendQ.length > 0) this.pump()
    else this.dev.settle()
  }

  /** The guest's interrupt handler: read its frames out of the device while it holds it. */
  private readAll(): void {
    if (this.reading) return
    this.reading = true
    this.nextRx()
  }

  private nextRx(): void {
    if (this.rxQ.length === 0 || this.dev.owner !== this) {
      this.reading = false
      this.dev.settle()
      return
    }
    const pkt = this.rxQ.shift()!
    this.dev.busy++
    this.ctx.pool.stageAt[pkt] = this.ctx.sim.now
    this.issue(pkt, true, this.read)
  }

  private readonly read = (pkt: number): void => {
    this.dev.busy--
    this.dev.taken()
    this.mark(this.st.rx, pkt)
    if (!this.denied(pkt)) this.onReceive(pkt)
    this.nextRx()
  }

  private mark(stage: number, pkt: number): void {
    const now = this.ctx.sim.now
    this.ctx.stats.stages.record(stage, now - this.ctx.pool.stageAt[pkt])
    this.ctx.pool.stageAt[pkt] = now
  }
}

export const vpio: Technique = {
  id: 'vpio',
  attach: (ctx) => new VpioEndpoint(ctx),
  /** A virtual disk on a simple disk controller the guest drives itself (vpio-block.ts). */
  attachBlock: (ctx) => new VpioBlockFront(ctx)
}
