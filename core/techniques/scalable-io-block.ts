// `scalable-io` for block I/O (000 §3–§3.4: a DC is also an "intelligent disk device
// controller"). How the DC reaches storage: it fronts the storage device the virtual disk is
// attached to — the DC's cores run that device's driver on a hardware queue of their own
// (claimQueue), so the device's own model (seek, flash, NCQ) serves the commands and no host
// CPU or driver domain is involved. The DC used is the one an interconnect link joins to a Host
// Gateway of the VM's host (the first such DC in project order).
// Per request: the guest's access library combines up to `commandsPerProgram` waiting requests
// of the same operation and size into one I/O program (a command per request: read/write of a
// block range) — it sends a program when k requests wait, or at once when none of its programs is
// in flight, so a lone request is never held back — builds it and rings the Host Gateway's doorbell from user space (no exit); the
// gateway seals the memory credentials and carries the program to the DC, which notices it
// (polling), checks the device credential (HMAC) and parses the program once, then dispatches
// each command on a core to the device; a read's data is written into the consumer's memory by
// PDMA through the gateway, a write's read from it first; one status message per program lands
// in the consumer's completion queue, which raises an interrupt (through vIC) or is polled.
import { DC_MAX_COMMANDS, DC_MODELS, type DcModel, type DcStorage } from '../models/dc/dc-model'
import { DataDir, ProgramKind, ProgramStatus } from '../models/dc/programs'
import { NotifyQueue } from '../models/notify-queue'
import { num, str } from '../models/param-read'
import { BlockOp, type BlockDeviceModel, type BlockQueueSink } from '../models/storage/block'
import { sharedKey } from '../models/shared-objects'
import { BlockFront, IntFifo, claimQueue, coalescerOf, frontParams, type CompletionCoalescer } from './common/block-front'
import { IrqLine } from './common/irq-line'
import { VirtualIrq } from './common/virtual-irq'
import type { BlockAttachContext } from './types'

const DOORBELL_BYTES = 8

/** One storage device a DC fronts: the hardware queue its cores own, and the commands waiting for room in it. */
class FrontedDevice implements BlockQueueSink {
  readonly device: BlockDeviceModel
  readonly queue: number
  private outstanding = 0
  private readonly backlog = new IntFifo()
  private argOf = new Int32Array(256)
  private readonly service: DcBlockService

  constructor(service: DcBlockService, device: BlockDeviceModel, dcId: string) {
    this.service = service
    this.device = device
    this.queue = claimQueue(device, this, `DC "${dcId}"`)
  }

  serve(req: number, arg: number): void {
    if (req >= this.argOf.length) {
      const a = new Int32Array(Math.max(req + 1, this.argOf.length * 2))
      a.set(this.argOf)
      this.argOf = a
    }
    this.argOf[req] = arg
    if (this.outstanding >= this.device.queueDepth) return this.backlog.push(req)
    this.outstanding++
    this.device.submit(this.queue, req)
  }

  complete(req: number, ok: boolean): void {
    this.outstanding--
    if (this.backlog.length > 0) {
      this.outstanding++
      this.device.submit(this.queue, this.backlog.shift())
    }
    this.service.served(this.argOf[req], ok)
  }

  /** The DC's cores poll their device queues (000 §3.5: polling mode): the completion is seen as it is posted. */
  interrupt(): void {}
}

/** The block service of one DC: the devices it fronts and the requests of each program in flight. */
export class DcBlockService implements DcStorage {
  readonly dc: DcModel
  private readonly devices = new Map<string, FrontedDevice>()
  private readonly list: FrontedDevice[] = []
  /** Per program slot: its device and its requests (slot × DC_MAX_COMMANDS + command). */
  private slotDevice: number[] = []
  private slotReqs = new Int32Array(16 * DC_MAX_COMMANDS)
  private readonly freeSlots: number[] = []
  private done: ((arg: number, ok: boolean) => void) | undefined

  constructor(dc: DcModel) {
    this.dc = dc
    dc.storage = this
  }

  /** The DC fronts `device` (binding one of its queues on first use); returns its index. */
  front(device: BlockDeviceModel): number {
    let d = this.devices.get(device.id)
    if (d === undefined) {
      d = new FrontedDevice(this, device, this.dc.id)
      this.devices.set(device.id, d)
      this.list.push(d)
    }
    return this.list.indexOf(d)
  }

  /** A slot holding the requests of one program on device `dev`. */
  slot(dev: number): number {
    const s = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slotDevice.length
    if ((s + 1) * DC_MAX_COMMANDS > this.slotReqs.length) {
      const a = new Int32Array(this.slotReqs.length * 2)
      a.set(this.slotReqs)
      this.slotReqs = a
    }
    this.slotDevice[s] = dev
    return s
  }

  setReq(slot: number, cmd: number, req: number): void {
    this.slotReqs[slot * DC_MAX_COMMANDS + cmd] = req
  }

  req(slot: number, cmd: number): number {
    return this.slotReqs[slot * DC_MAX_COMMANDS + cmd]
  }

  release(slot: number): void {
    this.freeSlots.push(slot)
  }

  serve(prog: number, cmd: number, arg: number, done: (arg: number, ok: boolean) => void): void {
    this.done = done
    const slot = this.dc.programs.tag[prog]
    this.list[this.slotDevice[slot]].serve(this.req(slot, cmd), arg)
  }

  served(arg: number, ok: boolean): void {
    this.done!(arg, ok)
  }
}

export class ScalableIoBlockFront extends BlockFront {
  private readonly dc: DcModel
  private readonly service: DcBlockService
  private readonly dev: number
  private readonly consumer: number
  private readonly k: number
  private readonly waiting = new IntFifo()
  private readonly cq = new NotifyQueue(1 << 20)
  private readonly line: IrqLine | undefined
  private readonly vic: CompletionCoalescer | undefined
  private readonly ns: { build: number; submit: number; complete: number; pinPerPage: number }
  private readonly pageBytes: number
  private readonly st: { submit: number; completion: number }
  private building = false
  private draining = false
  /** Programs built and not yet completed. */
  private programs = 0

  constructor(ctx: BlockAttachContext) {
    super(ctx, ctx.device.capacityBytes)
    const dcs = ctx.shared(DC_MODELS, '', () => new Map<string, DcModel>())
    const dc = [...dcs.values()].find((d) => d.reaches(ctx.host.id))
    if (dc === undefined) throw new Error(`scalable-io needs a DC linked to a Host Gateway of host "${ctx.host.id}" to front "${ctx.device.id}"`)
    this.dc = dc
    this.service = ctx.shared(DC_BLOCK, dc.id, () => new DcBlockService(dc))
    this.dev = this.service.front(ctx.device)
    this.consumer = dc.addConsumer(this.id, ctx.host.id, this.statusIn, false)
    this.k = Math.min(num(frontParams(ctx), 'commandsPerProgram'), DC_MAX_COMMANDS)
    const hg = dc.gateway(this.consumer).hg.p, host = ctx.host
    this.ns = {
      build: host.cyc(num(hg, 'buildCyclesPerCommand')), submit: host.cyc(num(hg, 'submitCycles')),
      complete: host.cyc(num(hg, 'completionCycles')),
      pinPerPage: str(hg, 'pinMode') === 'static' ? host.cyc(num(hg, 'pinCyclesPerPage')) : 0
    }
    this.pageBytes = num(hg, 'pdmaChunk')
    this.st = { submit: ctx.stats.stages.id('sio_submit'), completion: ctx.stats.stages.id('sio_blk_service') }
    if (str(hg, 'completionNotify') === 'interrupt') {
      const virq = new VirtualIrq(host, ctx.domain, 0, true, ctx.stats.counters, () => this.kick())
      const line = new IrqLine(host, ctx.stats)
      line.targets.push({ virq, hasWork: () => this.cq.length > 0 })
      this.line = line
      this.vic = coalescerOf(ctx, () => line.raise())
    }
  }

  override submit(req: number): void {
    this.ctx.blocks.stageAt[req] = this.ctx.sim.now
    this.waiting.push(req)
    this.maybeBuild()
  }

  /**
   * The access library sends a program once k requests wait, or at once when none of its programs
   * is in flight (a lone request is not held back): under load programs fill up to k.
   */
  private maybeBuild(): void {
    if (this.building || this.waiting.length === 0) return
    if (this.waiting.length >= this.k || this.programs === 0) this.build()
  }

  /** The access library combines the waiting requests (same operation and size, at most k) into one program. */
  private build(): void {
    const b = this.ctx.blocks
    const first = this.waiting.shift()
    const op = b.op[first], bytes = b.bytes[first]
    const slot = this.service.slot(this.dev)
    this.service.setReq(slot, 0, first)
    // each command taken out of the queue as it is counted: at most k, and never more than wait
    let n = 1
    while (n < this.k && this.waiting.length > 0 && b.op[this.waiting.peek()] === op && b.bytes[this.waiting.peek()] === bytes) {
      this.service.setReq(slot, n++, this.waiting.shift())
    }
    const dir = op === BlockOp.Write ? DataDir.ToDevice : op === BlockOp.Read ? DataDir.FromDevice : DataDir.None
    const prog = this.dc.programs.alloc(ProgramKind.Block, this.consumer, n, op === BlockOp.Flush ? 0 : bytes, dir)
    this.dc.programs.tag[prog] = slot
    this.building = true
    this.programs++
    let ns = n * this.ns.build + this.ns.submit
    if (this.ns.pinPerPage > 0 && dir !== DataDir.None) {
      ns += Math.ceil((n * bytes) / this.pageBytes) * this.ns.pinPerPage
      this.ctx.stats.counters.exit('hypercall') // pinning needs privileged software
    }
    this.domain.run(0, ns, this.posted, prog)
  }

  private readonly posted = (prog: number): void => {
    const slot = this.dc.programs.tag[prog]
    for (let i = 0; i < this.dc.programs.commands[prog]; i++) this.mark(this.st.submit, this.service.req(slot, i))
    this.ctx.stats.counters.pciWriteBytes += DOORBELL_BYTES
    this.dc.submit(prog)
    this.building = false
    this.maybeBuild()
  }

  /** The Host Gateway wrote the program's status into the completion queue. */
  private readonly statusIn = (prog: number): void => {
    const r = this.cq.push(prog)
    if (this.vic === undefined) {
      if (r === 1) this.kick() // a polling consumer finds it at once
      return
    }
    if (r === 1 || this.vic.active) this.vic.posted()
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
    const ok = pr.status[prog] === ProgramStatus.Ok
    const slot = pr.tag[prog], n = pr.commands[prog]
    pr.release(prog)
    for (let i = 0; i < n; i++) {
      const req = this.service.req(slot, i)
      this.mark(this.st.completion, req)
      this.onComplete(req, ok)
    }
    this.service.release(slot)
    this.programs--
    this.maybeBuild()
    this.next()
  }
}

/** The block service of each DC (id: the DC). */
export const DC_BLOCK = sharedKey<DcBlockService>('dc-block')
