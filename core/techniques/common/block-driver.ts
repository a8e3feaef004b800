// A kernel's native block driver over one hardware queue of a storage device (issue 11):
// the block layer and the driver build the command (blockLayerSubmitCycles on the domain's
// vCPU), then a doorbell write (a posted MMIO write across PCI, no exit: counted in
// pci_write_bytes) hands it to the device — at most the queue's depth outstanding, the rest
// wait in the driver's software queue and go out as completions free slots. The device posts
// completion entries and raises the queue's interrupt; the interrupt reaches the driver's
// domain by the path its user builds (`nativeInterrupt`: the hypervisor forwards it to the
// driver domain as an event, or bare metal's own entry; `directInterrupt`: routed and injected
// into a guest that owns the queue), and the handler (blockIrqCycles) drains every completion
// entry it finds (blockCompleteCycles each), looking again before it returns, so completions
// that land meanwhile share the interrupt — no NAPI-style polling or budget.
// Used by the driver domain's back end, by bare metal (native) and by the direct techniques
// (pass-through, SR-IOV), where the device's DMA is translated by the host's IOMMU.
import type { Simulator } from '../../sim'
import type { Domain } from '../../models/host/domain'
import type { HostModel } from '../../models/host/host-model'
import type { Iommu } from '../../models/host/iommu'
import type { DmaQueueGate } from '../../models/host/io-page-fault'
import type { GuestDmaBuffers } from './guest-dma'
import type { RunStats } from '../../models/run-stats'
import type { BlockDeviceModel, BlockDone, BlockPool, BlockQueueSink, BlockTarget } from '../../models/storage/block'
import { EventChannel } from './event-channel'
import { IrqLine, type IrqTarget } from './irq-line'
import { VirtualIrq } from './virtual-irq'

/** Bytes of a doorbell (submission queue tail) write. */
export const DOORBELL_BYTES = 4

export interface BlockDriverSpec {
  readonly sim: Simulator
  readonly blocks: BlockPool
  readonly stats: RunStats
  readonly host: HostModel
  /** The domain whose kernel runs the driver (a guest for the direct techniques, else the driver domain or bare metal's OS). */
  readonly domain: Domain
  /** Its vCPU that submits and takes the queue's interrupt. */
  readonly vcpu: number
  readonly device: BlockDeviceModel
  /** The hardware queue it owns (bound here). */
  readonly queue: number
  /** The host's IOMMU translates the device's DMA of each request's buffer (a guest owning the queue), in this translation context. */
  readonly iommu?: { readonly iommu: Iommu; readonly context: number }
  /** The guest's memory may be non-resident: the device's DMA to a reclaimed page faults (issue 12, io-page-fault.ts). */
  readonly dmaGate?: DmaQueueGate
  /** The guest maps each request's buffer through an emulated IOMMU (issue 12, guest-dma.ts). */
  readonly guestDma?: GuestDmaBuffers
}

/** Guest addresses of block buffers in the fault model, apart from a NIC's in the same guest. */
const FAULT_BUFFER_BASE = 1 << 28

export class BlockDriver implements BlockTarget, BlockQueueSink {
  readonly capacityBytes: number
  readonly domain: Domain
  readonly vcpu: number
  /** Called when the device raises the queue's interrupt; the user wires the delivery path (default: straight into the handler). */
  onInterrupt: () => void = () => this.isr()
  private readonly sim: Simulator
  private readonly blocks: BlockPool
  private readonly stats: RunStats
  private readonly device: BlockDeviceModel
  private readonly queue: number
  private readonly depth: number
  private readonly submitNs: number
  private readonly irqNs: number
  private readonly completeNs: number
  private readonly iommu: Iommu | undefined
  private readonly iommuContext: number
  private readonly stageSubmit: number
  /** Stage of the IOMMU's translation before the device starts (a guest owning the queue), or −1. */
  private readonly stageIommu: number
  private readonly stageComplete: number
  private readonly translatedId: number
  /** Completion callback of each request this driver holds, by request id. */
  private readonly dones: BlockDone[] = []
  /** Requests waiting for a queue slot (software queue above the hardware queue). */
  private readonly waiting: number[] = []
  private waitHead = 0
  /** Completion entries the device posted and the handler has not taken yet. */
  private readonly cqReq: number[] = []
  private readonly cqOk: boolean[] = []
  private cqHead = 0
  /** Entries the handler took and is completing. */
  private readonly batchReq: number[] = []
  private readonly batchOk: boolean[] = []
  private outstanding = 0
  private draining = false
  /** Buffer slots (for the IOMMU's page numbers): a request's buffer is its slot's. */
  private readonly freeSlots: number[] = []
  /** The buffer slot of each request in the device, by request id (the device may use the pool's scratch meanwhile). */
  private readonly slotOf: number[] = []
  private readonly pageBytes: number
  private readonly dmaGate: DmaQueueGate | undefined
  private readonly guestDma: GuestDmaBuffers | undefined

  constructor(s: BlockDriverSpec) {
    this.sim = s.sim
    this.blocks = s.blocks
    this.stats = s.stats
    this.domain = s.domain
    this.vcpu = s.vcpu
    this.device = s.device
    this.queue = s.queue
    this.capacityBytes = s.device.capacityBytes
    this.depth = Math.max(1, s.device.queueDepth)
    this.submitNs = s.host.cost('blockLayerSubmitCycles')
    this.irqNs = s.host.cost('blockIrqCycles')
    this.completeNs = s.host.cost('blockCompleteCycles')
    this.iommu = s.iommu?.iommu
    this.iommuContext = s.iommu?.context ?? 0
    this.pageBytes = this.iommu?.pageBytes ?? 4096
    this.dmaGate = this.iommu === undefined ? undefined : s.dmaGate
    this.guestDma = s.guestDma
    for (let i = this.depth - 1; i >= 0; i--) this.freeSlots.push(i)
    this.stageSubmit = s.stats.stages.id('blk_submit')
    this.stageIommu = this.iommu === undefined ? -1 : s.stats.stages.id('blk_iommu')
    this.stageComplete = s.stats.stages.id('blk_complete')
    this.translatedId = s.sim.register((req) => this.toDevice(req), `${s.device.id}/q${s.queue}/iommu`)
    s.device.bindQueue(s.queue, this)
  }

  /** Requests the device holds (at most its queue depth) — for tests and the back end's accounting. */
  get inDevice(): number {
    return this.outstanding
  }

  /** Requests waiting in the software queue for a hardware slot. */
  get queued(): number {
    return this.waiting.length - this.waitHead
  }

  hasWork(): boolean {
    return this.cqReq.length > this.cqHead
  }

  submit(req: number, done: BlockDone): void {
    this.dones[req] = done
    this.blocks.stageAt[req] = this.sim.now
    this.guestDma?.request(this.vcpu) // dma_map of the request's buffer (and its unmap's share) before the command is built
    this.domain.run(this.vcpu, this.submitNs, this.built, req)
  }

  /** The command is built: into a hardware slot if one is free, else the software queue. */
  private readonly built = (req: number): void => {
    this.stats.stages.record(this.stageSubmit, this.sim.now - this.blocks.stageAt[req])
    if (this.outstanding < this.depth) this.dispatch(req)
    else this.waiting.push(req)
  }

  /** Doorbell: the device may fetch the command; its DMA through the IOMMU first translates the buffer's pages. */
  private dispatch(req: number): void {
    this.outstanding++
    this.stats.counters.pciWriteBytes += DOORBELL_BYTES
    this.blocks.stageAt[req] = this.sim.now
    if (this.iommu === undefined) return this.device.submit(this.queue, req)
    const slot = this.freeSlots.pop() ?? 0
    this.slotOf[req] = slot
    const pages = Math.max(1, Math.ceil(this.blocks.bytes[req] / this.pageBytes))
    let ns = Math.round(this.iommu.translateRange(this.iommuContext, slot * pages * this.pageBytes, this.blocks.bytes[req]))
    this.stats.stages.record(this.stageIommu, ns)
    if (this.dmaGate !== undefined) ns += this.dmaGate.wait(FAULT_BUFFER_BASE + slot * pages * this.pageBytes, this.blocks.bytes[req], this.sim.now, false)
    if (ns > 0) this.sim.schedule(ns, this.translatedId, req)
    else this.device.submit(this.queue, req)
  }

  private toDevice(req: number): void {
    this.device.submit(this.queue, req)
  }

  /**
   * The device posted a completion entry (data already in host memory for a read). The device
   * records its own time (stage `<kind>_device`, from its submit to this entry).
   */
  complete(req: number, ok: boolean): void {
    this.blocks.stageAt[req] = this.sim.now
    this.cqReq.push(req)
    this.cqOk.push(ok)
  }

  interrupt(): void {
    this.onInterrupt()
  }

  /** The interrupt reached the driver's domain: the handler's entry, then it drains the completion queue. */
  isr(): void {
    this.domain.run(this.vcpu, this.irqNs, this.drainStart, 0)
  }

  private readonly drainStart = (): void => {
    if (this.draining) return // the running handler will see the new entries before it returns
    this.draining = true
    this.drain()
  }

  private drain(): void {
    const n = this.cqReq.length - this.cqHead
    if (n === 0) {
      this.draining = false
      this.cqReq.length = 0
      this.cqOk.length = 0
      this.cqHead = 0
      return
    }
    for (let i = 0; i < n; i++) {
      this.batchReq.push(this.cqReq[this.cqHead])
      this.batchOk.push(this.cqOk[this.cqHead])
      this.cqHead++
    }
    if (this.cqHead === this.cqReq.length) {
      this.cqReq.length = 0
      this.cqOk.length = 0
      this.cqHead = 0
    }
    this.domain.run(this.vcpu, n * this.completeNs, this.completed, n)
  }

  /** The handler completed `n` entries: their slots go to waiting requests, their callers learn of them. */
  private readonly completed = (n: number): void => {
    const now = this.sim.now
    for (let i = 0; i < n; i++) {
      const req = this.batchReq[i]
      this.stats.stages.record(this.stageComplete, now - this.blocks.stageAt[req])
      this.outstanding--
      if (this.iommu !== undefined) this.freeSlots.push(this.slotOf[req])
    }
    // Refill the hardware queue from the software queue (one doorbell each).
    while (this.outstanding < this.depth && this.waiting.length > this.waitHead) this.dispatch(this.waiting[this.waitHead++])
    if (this.waitHead === this.waiting.length) {
      this.waiting.length = 0
      this.waitHead = 0
    }
    for (let i = 0; i < n; i++) {
      const req = this.batchReq[i]
      const done = this.dones[req]
      this.dones[req] = noDone
      done(req, this.batchOk[i])
    }
    this.batchReq.length = 0
    this.batchOk.length = 0
    this.drain()
  }
}

const noDone: BlockDone = () => {}

/**
 * The queue's interrupt for a driver in the driver domain or on bare metal. Virtualized: the
 * hypervisor takes the physical interrupt (an external-interrupt exit of whatever guest runs on
 * the interrupt CPU) and forwards it as an event to the driver domain's vCPU (Xen binds physical
 * IRQs to event channels), as the driver domain's NIC driver is signalled. Bare metal: the
 * kernel's own interrupt entry (irqDeliveryCycles) on the interrupt CPU, then the handler.
 * Queue i's vector goes to CPU irqCpu + i (modulo the CPUs).
 */
export function nativeInterrupt(driver: BlockDriver, host: HostModel, stats: RunStats, queueIndex = 0): () => void {
  const irqNs = host.cost('irqDeliveryCycles') + host.hvCost('eventSendCycles')
  // each queue's MSI-X vector is steered to its own CPU (queue 0: the interrupt CPU), as the NIC driver's RSS queues
  const hv = host.sched.hv((host.irqCpu + queueIndex) % host.sched.cfg.cpus)
  const isr = (): void => driver.isr()
  const ch = host.virtualized
    ? new EventChannel(driver.domain, driver.vcpu, host.hvCost('virqUpcallCycles'), stats.counters, isr)
    : undefined
  const then = ch === undefined ? isr : (): void => ch.notify()
  return () => {
    stats.counters.irqsPhysical++
    if (host.virtualized) stats.counters.exit('external_interrupt')
    host.sched.submit(hv, irqNs, then, 0, 0)
  }
}

/**
 * The queue's interrupt for a guest that owns the queue (pass-through, an SR-IOV VF): its own
 * MSI-X vector, routed by the hypervisor and injected as a virtual interrupt whose EOI traps —
 * or, with exitless delivery (ELI, posted interrupts), taken by the guest itself — as the
 * network direct driver's interrupts are (irq-line.ts, virtual-irq.ts).
 */
export function directInterrupt(driver: BlockDriver, host: HostModel, stats: RunStats): () => void {
  const target: IrqTarget = {
    virq: new VirtualIrq(host, driver.domain, driver.vcpu, true, stats.counters, () => driver.isr(), true),
    hasWork: () => driver.hasWork()
  }
  const line = new IrqLine(host, stats)
  line.targets.push(target)
  return () => line.raise()
}
