// `scalable-io` (000 §3–§3.6): the consumer's I/O access library builds an I/O program
// (k commands; a frame to send is a one-command program) and submits it to the Host
// Gateway from user space — a doorbell, no system call, no VM exit. The Host Gateway
// seals memory credentials and carries the program over the interconnect to the DC,
// which checks the device credential and runs the commands on its own cores, reaching
// consumer memory by protected DMA (dc-model.ts). The status message lands in the
// consumer's completion queue and raises an interrupt (or is found by polling).
import { ruleDevice } from './common/rule-assert'
import type { DcModel } from '../models/dc/dc-model'
import { DataDir, ProgramKind, ProgramStatus } from '../models/dc/programs'
import { NotifyQueue } from '../models/notify-queue'
import { num, str } from '../models/param-read'
import { IrqLine } from './common/irq-line'
import { VirtualIrq } from './common/virtual-irq'
import type { ProgramPort } from '../models/net/endpoint'
import { ScalableIoBlockFront } from './scalable-io-block'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'

const ETH_HEADER = 14
const DOORBELL_BYTES = 8

class ScalableIoEndpoint extends BaseEndpoint implements Endpoint, ProgramPort {
  onProgramDone: (tag: number, ok: boolean) => void = () => {}
  private readonly ctx: AttachContext
  private readonly dc: DcModel
  private readonly consumer: number
  private readonly cq = new NotifyQueue(1 << 20)
  private readonly line: IrqLine | undefined
  private readonly ns: { build: number; submit: number; complete: number; pinPerPage: number }
  private readonly pageBytes: number
  private readonly st: { submit: number; completion: number }
  private draining = false

  constructor(ctx: AttachContext) {
    super(ctx)
    const d = ruleDevice('scalable-io', ctx, 'dc')
    this.ctx = ctx
    this.dc = d.dc
    this.consumer = d.dc.addConsumer(this.id, ctx.host.id, this.statusIn)
    const hg = d.dc.gateway(this.consumer).hg.p, host = ctx.host
    this.ns = {
      build: host.cyc(num(hg, 'buildCyclesPerCommand')), submit: host.cyc(num(hg, 'submitCycles')),
      complete: host.cyc(num(hg, 'completionCycles')),
      pinPerPage: str(hg, 'pinMode') === 'static' ? host.cyc(num(hg, 'pinCyclesPerPage')) : 0
    }
    this.pageBytes = num(hg, 'pdmaChunk')
    this.st = { submit: ctx.stats.stages.id('sio_submit'), completion: ctx.stats.stages.id('sio_completion') }
    if (str(hg, 'completionNotify') === 'interrupt') {
      const virq = new VirtualIrq(host, ctx.domain, 0, true, ctx.stats.counters, () => this.kick())
      this.line = new IrqLine(host, ctx.stats)
      this.line.targets.push({ virq, hasWork: () => this.cq.length > 0 })
    }
  }

  send(pkt: number): void {
    const pr = this.dc.programs
    const prog = pr.alloc(ProgramKind.NetSend, this.consumer, 1, this.ctx.pool.bytes[pkt] + ETH_HEADER, DataDir.ToDevice)
    pr.pkt[prog] = pkt
    this.submit(prog)
  }

  submitProgram(commands: number, bytes: number, toDevice: boolean, tag: number): void {
    const dir = bytes <= 0 ? DataDir.None : toDevice ? DataDir.ToDevice : DataDir.FromDevice
    const prog = this.dc.programs.alloc(ProgramKind.Io, this.consumer, commands, bytes, dir)
    this.dc.programs.tag[prog] = tag
    this.submit(prog)
  }

  /** The access library builds the program and rings the Host Gateway's doorbell (user space). */
  private submit(prog: number): void {
    const pr = this.dc.programs
    pr.stageAt[prog] = this.ctx.sim.now
    let ns = pr.commands[prog] * this.ns.build + this.ns.submit
    if (this.ns.pinPerPage > 0 && pr.dir[prog] !== DataDir.None) {
      ns += Math.ceil((pr.commands[prog] * pr.bytes[prog]) / this.pageBytes) * this.ns.pinPerPage
      this.ctx.stats.counters.exit('hypercall') // pinning needs privileged software
    }
    this.domain.run(0, ns, this.posted, prog)
  }

  private readonly posted = (prog: number): void => {
    const pr = this.dc.programs
    this.ctx.stats.stages.record(this.st.submit, this.ctx.sim.now - pr.stageAt[prog])
    pr.stageAt[prog] = this.ctx.sim.now
    this.ctx.stats.counters.pciWriteBytes += DOORBELL_BYTES
    this.dc.submit(prog)
  }

  /** The Host Gateway wrote the status into the completion queue. */
  private readonly statusIn = (prog: number): void => {
    if (this.cq.push(prog) !== 1) return
    if (this.line !== undefined) this.line.raise()
    else this.kick() // a polling consumer finds it at once
  }

  private kick(): void {
    if (this.draining) return
    this.draining = true
    this.next()
  }

  private next(): void {
    if (this.cq.length === 0) {
      this.cq.armed = true
      this.draining = false
      return
    }
    this.domain.run(0, this.ns.complete, this.completed, this.cq.shift())
  }

  private readonly completed = (prog: number): void => {
    const pr = this.dc.programs
    this.ctx.stats.stages.record(this.st.completion, this.ctx.sim.now - pr.stageAt[prog])
    const ok = pr.status[prog] === ProgramStatus.Ok
    const kind = pr.kind[prog], pkt = pr.pkt[prog], tag = pr.tag[prog]
    pr.release(prog)
    if (kind === ProgramKind.Io) this.onProgramDone(tag, ok)
    else if (!ok) {
      this.ctx.stats.counters.drops++
      this.ctx.pool.release(pkt)
    } else if (kind === ProgramKind.NetRecv) this.onReceive(pkt)
    this.next()
  }
}

export const scalableIo: Technique = {
  id: 'scalable-io',
  attach: (ctx) => new ScalableIoEndpoint(ctx),
  /** A virtual disk served by a DC fronting the storage device (scalable-io-block.ts). */
  attachBlock: (ctx) => new ScalableIoBlockFront(ctx)
}
