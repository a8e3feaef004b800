// `emulated` for block I/O (001 "Approaches", the running example): the guest's unmodified
// driver programs an emulated disk controller and every register access it makes is a VM exit
// plus controller-model work (common/trap-runner.ts, each trapped access its own kernel events).
// - IDE: per command the taskfile's 8-bit OUTs (sector number bytes, count, drive/head), the
//   command, and the bus-master DMA set-up and start (13 accesses, 18 with a 48-bit LBA);
//   one command at a time; per completion the interrupt handler's 5 accesses.
// - AHCI: the command is built in the command list in memory, then 2 MMIO writes (PxSACT and
//   the PxCI doorbell); NCQ keeps 32 in flight; the handler makes 5 accesses per interrupt.
// - SCSI (LSI Logic Fusion-MPT style): the message frame is built in memory, one FIFO write
//   issues it; the handler reads one reply per completion plus the empty FIFO.
// The controller model then reads the command from guest memory and hands the request to the
// virtual disk's back end (`ctx.backend()`) in the driver domain — signalling the driver domain
// per request when the model is in the hypervisor — with one copy of the data between guest
// memory and the back end's buffer when the emulation uses a bounce buffer. On completion the
// back end signals the model, which posts the status and raises the emulated controller's
// interrupt: a virtual IRQ (with its EOI exit) after vIC coalescing; the guest's handler reads
// the status through trapped accesses and ends the requests.
import { bool, num, str, type KindParams } from '../models/param-read'
import { BlockOp, type BlockTarget } from '../models/storage/block'
import type { VdiskFrontKey } from '../models/storage/vdisk/front-params'
import { BlockFront, IntFifo, coalescerOf, frontParams, type CompletionCoalescer } from './common/block-front'
import { TrapRunner, type ModelLocation } from './common/trap-runner'
import { VirtualIrq } from './common/virtual-irq'
import type { BlockAttachContext } from './types'

export type DiskController = 'ide' | 'ahci' | 'scsi'

const SECTOR = 512
/** 28-bit LBA: sectors 0 … 2^28 − 1; a command moves at most 256 sectors. */
const LBA28_SECTORS = 2 ** 28
const LBA28_COUNT = 256
/** AHCI command slots per port (NCQ). */
const AHCI_SLOTS = 32

/** The register accesses of a guest's driver of one emulated controller. */
export interface ControllerProgram {
  readonly controller: DiskController
  /** Commands the driver keeps in flight on the controller. */
  readonly depth: number
  /** Accesses per interrupt, whatever the completions it finds. */
  readonly perIrq: number
  /** Accesses per completion the handler ends. */
  readonly perCompletion: number
  /** Accesses to issue one command for `bytes` at `offset`. */
  issue(offset: number, bytes: number): number
}

/** The access program of `controller` from the attachment's front-end parameters. */
export function controllerProgram(controller: DiskController, f: KindParams<VdiskFrontKey>): ControllerProgram {
  if (controller === 'ide') {
    const base = num(f, 'ideIssueAccesses'), hob = num(f, 'ideLba48Accesses')
    return {
      controller, depth: 1, perIrq: num(f, 'ideIrqAccesses'), perCompletion: 0,
      issue: (offset, bytes) => {
        const sectors = Math.ceil(bytes / SECTOR)
        const end = Math.ceil((offset + bytes) / SECTOR)
        return end > LBA28_SECTORS || sectors > LBA28_COUNT ? base + hob : base
      }
    }
  }
  if (controller === 'ahci') {
    const k = num(f, 'ahciIssueAccesses')
    return { controller, depth: AHCI_SLOTS, perIrq: num(f, 'ahciIrqAccesses'), perCompletion: 0, issue: () => k }
  }
  const k = num(f, 'scsiIssueAccesses')
  return { controller, depth: num(f, 'scsiQueueDepth'), perIrq: num(f, 'scsiIrqAccesses'), perCompletion: num(f, 'scsiReplyAccesses'), issue: () => k }
}

export class EmulatedBlockFront extends BlockFront {
  readonly program: ControllerProgram
  private readonly backend: BlockTarget
  private readonly where: ModelLocation
  private readonly traps: TrapRunner
  private readonly virq: VirtualIrq
  private readonly vic: CompletionCoalescer
  /** Requests the guest's block layer holds while the controller is full. */
  private readonly waiting = new IntFifo()
  /** Completions the model has posted in the controller, not yet taken by the handler. */
  private readonly posted = new IntFifo()
  private readonly ns: { driver: number; modelReq: number; signal: number; upcall: number; raise: number }
  private readonly copy: boolean
  private readonly st: { issue: number; backend: number; complete: number }
  private inFlight = 0
  private inIsr = false
  private again = false
  /** Completions the running handler found when it read the controller. */
  private found = 0

  constructor(ctx: BlockAttachContext) {
    const backend = ctx.backend()
    super(ctx, backend.capacityBytes)
    const f = frontParams(ctx), host = ctx.host
    this.program = controllerProgram(str(f, 'controller') as DiskController, f)
    this.backend = backend
    this.where = str(f, 'diskModelLocation') === 'driver-domain' ? 'driver-domain' : 'hypervisor'
    this.traps = new TrapRunner(ctx, ctx.domain, host.cyc(num(f, 'diskModelCycles')), this.where, true)
    this.copy = bool(f, 'emulDataCopy')
    this.ns = {
      driver: host.cyc(num(f, 'guestDriverCycles')), modelReq: host.cyc(num(f, 'diskModelRequestCycles')),
      signal: host.hvCost('eventSendCycles'), upcall: host.hvCost('virqUpcallCycles'),
      raise: host.hvCost('hypercallCycles') + host.hvCost('eventSendCycles')
    }
    this.virq = new VirtualIrq(host, ctx.domain, 0, true, ctx.stats.counters, () => this.isr())
    this.vic = coalescerOf(ctx, () => this.virq.notify())
    const s = ctx.stats.stages
    this.st = { issue: s.id('emul_blk_issue'), backend: s.id('emul_blk_backend'), complete: s.id('emul_blk_complete') }
  }

  override submit(req: number): void {
    this.ctx.blocks.stageAt[req] = this.ctx.sim.now
    if (this.inFlight < this.program.depth) this.issue(req)
    else this.waiting.push(req)
  }

  /** The guest's driver builds the command, then programs the controller (each access trapped). */
  private issue(req: number): void {
    this.inFlight++
    this.domain.run(0, this.ns.driver, this.program_, req)
  }

  private readonly program_ = (req: number): void => {
    const b = this.ctx.blocks
    const k = this.program.issue(b.offset[req], b.bytes[req])
    this.ctx.stats.counters.portIos += k
    this.traps.run(k, this.toModel, req)
  }

  /** The model has the command: read it from guest memory, (copy a write's data), hand it to the back end. */
  private readonly toModel = (req: number): void => {
    this.mark(this.st.issue, req)
    const ns = this.ns.modelReq + (this.ctx.blocks.op[req] === BlockOp.Write ? this.copyNs(req) : 0)
    if (this.where === 'driver-domain') return this.ctx.driverDomain.run(0, ns, this.toBackend, req)
    // in the hypervisor, on the trapping vCPU; then an event to the driver domain's back end
    this.domain.runHv(0, ns + this.ns.signal, this.wakeBackend, req)
  }

  private readonly wakeBackend = (req: number): void => {
    this.ctx.stats.counters.signals++
    this.ctx.stats.counters.irqsVirtual++
    this.ctx.driverDomain.runHv(0, this.ns.upcall, this.toBackend, req)
  }

  private readonly toBackend = (req: number): void => {
    this.backend.submit(req, this.backendDone)
  }

  private copyNs(req: number): number {
    if (!this.copy) return 0
    const bytes = this.ctx.blocks.bytes[req]
    this.ctx.stats.counters.bytesCopied += bytes
    return this.ctx.host.copyNs(bytes)
  }

  /** The back end finished (driver-domain context): it signals the model, which copies a read's data and posts the status. */
  private readonly backendDone = (req: number, ok: boolean): void => {
    this.mark(this.st.backend, req)
    this.ctx.blocks.scratch[req] = ok ? 1 : 0
    const copyNs = this.ctx.blocks.op[req] === BlockOp.Read ? this.copyNs(req) : 0
    if (this.where === 'driver-domain') return this.ctx.driverDomain.run(0, copyNs, this.raiseFromDom0, req)
    this.raiseFromDom0(req, copyNs)
  }

  /** The driver domain asks the hypervisor to raise the controller's interrupt (a hypercall and a signal). */
  private readonly raiseFromDom0 = (req: number, modelCopyNs = 0): void => {
    const c = this.ctx.stats.counters
    c.exit('hypercall')
    c.signals++
    if (modelCopyNs > 0) {
      // the model in the hypervisor copies the read data into guest memory first
      this.ctx.driverDomain.runHv(0, this.ns.raise, undefined, 0)
      this.ctx.host.hvRun(modelCopyNs, this.post, req)
      return
    }
    this.ctx.driverDomain.runHv(0, this.ns.raise, this.post, req)
  }

  private readonly post = (req: number): void => {
    this.posted.push(req)
    this.vic.posted()
  }

  /** The guest's interrupt handler: read the controller (trapped), then end what it found. */
  private isr(): void {
    if (this.inIsr) {
      this.again = true
      return
    }
    this.inIsr = true
    this.found = this.posted.length
    const k = this.program.perIrq + this.found * this.program.perCompletion
    this.ctx.stats.counters.portIos += k
    this.traps.run(k, this.endNext, 0)
  }

  private readonly endNext = (): void => {
    if (this.found === 0) {
      this.inIsr = false
      if (this.again) {
        // an interrupt came while the handler ran: the guest takes it now
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
    this.inFlight--
    if (this.waiting.length > 0) this.issue(this.waiting.shift())
    this.onComplete(req, this.ctx.blocks.scratch[req] === 1)
    this.endNext()
  }
}
