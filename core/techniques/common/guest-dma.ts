// The guest side of memory overcommit under device assignment (issue 12; VM dmaMemory other than
// "pinned"; core/models/host/io-page-fault.ts, docs/overcommit.md): a direct driver's DMA buffers.
//
// Transmit: the guest's stack has just written the frame into its buffer, so a buffer page the
// host had reclaimed faults on the guest's CPU (an EPT violation the hypervisor resolves: its
// fault handling ioPageFaultCycles and the page-in, on the guest's vCPU, exit reason
// `ept_violation`) before the doorbell, not in the device. Receive: the device writes a buffer the
// CPU has not touched, so with "io-page-faults" the NIC's DMA takes the I/O page fault
// (core/models/nic/nic-model.ts through the queue's DmaQueueGate).
//
// vIOMMU (Amit, Ben-Yehuda, Tsafrir, Schuster, "vIOMMU: efficient IOMMU emulation", USENIX ATC
// 2011): the guest's DMA API maps each buffer in an emulated IOMMU before the device uses it and
// unmaps it after. Each trapped operation (the emulated IOMMU's invalidation register, caching
// mode) is a VM exit (reason `viommu`) plus the hypervisor's emulation (viommuMapCycles: pin or
// unpin the page, program the physical IOMMU) on the guest's vCPU, then the exit's indirect cost.
// The hypervisor pins only mapped pages: the rest can be overcommitted and the device never
// faults, but mapping a buffer page the host had reclaimed waits for its page-in. A received
// buffer is unmapped before its frame goes up the stack, and its slot refilled (a new buffer
// mapped) after. The unmap policy (viommuMode): strict (a trap per map and per unmap, the page
// unpinned at once), deferred (a trap per map; unmaps collected and flushed by one trap per
// viommuBatch or when the oldest is viommuTeardown old, Linux's default — the pages stay pinned
// until then), optimistic (a mapping lives viommuTeardown after its unmap; a buffer mapped again
// within it costs nothing, expired ones are torn down one trap per viommuBatch).
import type { Domain } from '../../models/host/domain'
import type { HostModel } from '../../models/host/host-model'
import { dmaGateOf, dmaMemoryMode, dmaSpaceOf, type DmaGateContext, type DmaQueueGate, type DmaSpace } from '../../models/host/io-page-fault'
import { num, str } from '../../models/param-read'
import type { RunStats } from '../../models/run-stats'
import type { Simulator } from '../../sim'
import { exitCosts } from './exit-costs'

type Mode = 'strict' | 'deferred' | 'optimistic'

/** Keys of the driver's buffers in the guest's DmaSpace (apart from device-model addresses). */
const BUFFER_KEY_BASE = 1 << 30
/** Queue numbers of block drivers start here (apart from a NIC's queues in the same guest). */
const BLOCK_QUEUE_BASE = 1 << 10

export interface GuestDmaContext extends DmaGateContext {
  readonly sim: Simulator
  readonly domain: Domain
}

/** One guest queue's DMA buffers (a receive and a transmit ring) when its memory is not pinned. */
export class GuestDmaBuffers {
  private readonly sim: Simulator
  private readonly stats: RunStats
  private readonly domain: Domain
  private readonly space: DmaSpace
  private readonly viommu: boolean
  private readonly mode: Mode
  private readonly exitNs: number
  private readonly cpuFaultNs: number
  private readonly trapNs: number
  private readonly indirectNs: number
  private readonly batch: number
  private readonly teardownNs: number
  private readonly slots: number
  private readonly stage: number
  private readonly next = [0, 0]
  /** Buffer → when it was last unmapped (optimistic: its mapping lives on until then + teardown). */
  private readonly unmappedAt = new Map<number, number>()
  /** Deferred: unmapped buffers the hypervisor has not been told of (still pinned), and since when. */
  private readonly pending: number[] = []
  private pendingSince = 0
  /** Receive buffers the model has seen used (the rest were mapped when the ring was filled). */
  private readonly posted = new Set<number>()
  /** Optimistic: expired mappings waiting for their batched teardown. */
  private expired = 0
  /** Key offset of this queue's buffers. */
  private readonly base: number

  constructor(ctx: GuestDmaContext, slots: number, queueIndex: number) {
    const host: HostModel = ctx.host
    this.sim = ctx.sim
    this.stats = ctx.stats
    this.domain = ctx.domain
    this.space = dmaSpaceOf(ctx)!
    this.viommu = dmaMemoryMode(ctx.vm) === 'viommu'
    this.mode = str(ctx.vm, 'viommuMode') as Mode
    const exits = exitCosts(host)
    this.exitNs = exits.directNs
    this.cpuFaultNs = exits.directNs + host.hvCost('ioPageFaultCycles')
    this.trapNs = exits.directNs + host.hvCost('viommuMapCycles')
    this.indirectNs = exits.indirectNs
    this.batch = num(host.params, 'viommuBatch')
    this.teardownNs = num(host.params, 'viommuTeardown')
    this.slots = Math.max(1, slots)
    this.base = BUFFER_KEY_BASE + queueIndex * 2 * this.slots
    this.stage = ctx.stats.stages.id('viommu_map')
  }

  private buffer(rx: boolean): number {
    const d = rx ? 0 : 1
    return this.base + d * this.slots + (this.next[d]++ % this.slots)
  }

  /**
   * The guest's stack wrote a frame into its next transmit buffer and the driver maps it for the
   * device (vIOMMU), before the doorbell: hypervisor work queued on vCPU `vcpu` ahead of the driver's.
   */
  transmit(vcpu: number): void {
    const buffer = this.buffer(false)
    const now = this.sim.now
    const timer = this.timer(now)
    const mapped = this.viommu && this.alive(buffer, now)
    const wait = mapped ? 0 : this.space.pin(buffer, now) // the CPU's write: a reclaimed page faults in the hypervisor
    if (wait > 0) {
      this.stats.counters.exit('ept_violation')
      this.domain.runHv(vcpu, this.cpuFaultNs + wait, undefined, 0)
      if (this.indirectNs > 0) this.domain.run(vcpu, this.indirectNs, undefined, 0)
    }
    if (!this.viommu) return this.space.unpin(buffer, now) // the write is done; the device reads it at once
    this.traps(vcpu, timer + (mapped ? 0 : this.fresh(buffer)) + this.unmap(buffer, now), 0)
  }

  /** A received frame's buffer is unmapped (vIOMMU) before the frame goes up the stack. */
  received(vcpu: number): void {
    const buffer = this.buffer(true)
    if (!this.viommu) return
    const now = this.sim.now
    if (!this.posted.has(buffer)) { // first use: mapped (and pinned) when the driver filled its ring
      this.posted.add(buffer)
      this.space.hold(buffer)
    }
    this.traps(vcpu, this.timer(now) + this.unmap(buffer, now), 0)
  }

  /** The driver refills the slot it took a frame from (the same buffer, recycled): maps it again (vIOMMU). */
  refilled(vcpu: number): void {
    if (!this.viommu) return
    const buffer = this.base + ((this.next[0] - 1) % this.slots)
    const now = this.sim.now
    if (this.alive(buffer, now)) return
    const wait = this.space.pin(buffer, now)
    this.traps(vcpu, this.fresh(buffer), wait)
  }

  /** A block request's buffer is mapped before its command is built, and unmapped after (vIOMMU). */
  request(vcpu: number): void {
    if (!this.viommu) return
    const buffer = this.buffer(true)
    const now = this.sim.now
    const timer = this.timer(now)
    if (this.alive(buffer, now)) return this.traps(vcpu, timer + this.unmap(buffer, now), 0)
    const wait = this.space.pin(buffer, now)
    this.traps(vcpu, timer + this.fresh(buffer) + this.unmap(buffer, now), wait)
  }

  /**
   * Is `buffer` still mapped at `now` (optimistic teardown: unmapped less than viommuTeardown ago)?
   * If its mapping expired, its pin was released then.
   */
  private alive(buffer: number, now: number): boolean {
    if (this.mode !== 'optimistic') return false
    const last = this.unmappedAt.get(buffer)
    if (last === undefined) return false
    if (now - last <= this.teardownNs) return true
    this.unmappedAt.delete(buffer)
    this.expired++
    this.space.unpin(buffer, last + this.teardownNs)
    return false
  }

  /** Traps of a fresh mapping: 1, plus (optimistic) a trapped teardown once viommuBatch expired mappings are due. */
  private fresh(_buffer: number): number {
    if (this.mode !== 'optimistic' || this.expired < this.batch) return 1
    this.expired -= this.batch
    return 2
  }

  /**
   * Traps of unmapping `buffer` at `now`. strict: 1, its pin released. deferred: the unmap is
   * collected, and the hypervisor learns of it (releasing the pin) at the trapped flush when
   * viommuBatch are collected (1), or at the flush timer. optimistic: none now, the mapping lives on.
   */
  private unmap(buffer: number, now: number): number {
    if (this.mode === 'optimistic') {
      this.unmappedAt.set(buffer, now)
      return 0
    }
    if (this.mode === 'strict') {
      this.space.unpin(buffer, now)
      return 1
    }
    if (this.pending.length === 0) this.pendingSince = now
    this.pending.push(buffer)
    if (this.pending.length < this.batch) return 0
    this.flush(now)
    return 1
  }

  /** Deferred: the flush timer (viommuTeardown after the oldest collected unmap) fired since: 1 trapped flush, else 0. */
  private timer(now: number): number {
    if (this.mode !== 'deferred' || this.pending.length === 0 || now - this.pendingSince < this.teardownNs) return 0
    this.flush(this.pendingSince + this.teardownNs)
    return 1
  }

  private flush(at: number): void {
    for (const b of this.pending) this.space.unpin(b, at)
    this.pending.length = 0
  }

  /** Runs `k` trapped vIOMMU operations (and a page-in of `wait` ns) on the guest's vCPU. */
  private traps(vcpu: number, k: number, wait: number): void {
    if (k === 0 && wait === 0) return
    this.stats.counters.exit('viommu', k)
    const hv = k * this.trapNs + wait
    this.stats.stages.record(this.stage, hv + k * this.indirectNs)
    this.domain.runHv(vcpu, hv, undefined, 0)
    if (k > 0 && this.indirectNs > 0) this.domain.run(vcpu, k * this.indirectNs, undefined, 0)
  }
}

/** The buffers of a guest's NIC queue when its memory is not pinned; undefined when it is. */
export function guestDmaOf(ctx: GuestDmaContext, slots: number, queueIndex: number): GuestDmaBuffers | undefined {
  return dmaMemoryMode(ctx.vm) === 'pinned' ? undefined : new GuestDmaBuffers(ctx, slots, queueIndex)
}

/**
 * What a direct technique's block driver of hardware queue `queue` needs of the guest's DMA memory
 * mode: a fault gate (io-page-faults) or the vIOMMU's mapping of its `depth` request buffers (viommu).
 */
export function blockDmaMemory(ctx: GuestDmaContext, queue: number, depth: number): { dmaGate?: DmaQueueGate; guestDma?: GuestDmaBuffers } {
  return { dmaGate: dmaGateOf(ctx), guestDma: dmaMemoryMode(ctx.vm) === 'viommu' ? new GuestDmaBuffers(ctx, depth, BLOCK_QUEUE_BASE + queue) : undefined }
}
