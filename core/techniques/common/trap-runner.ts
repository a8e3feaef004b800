// Trapped register accesses of a hardware-virtualized guest (001 emulation, 002 VPIO's
// hooked I/O): each is a VM exit plus device-model work. With the model in the hypervisor
// the accesses run back to back on the guest's own vCPU (charged to the hypervisor); with
// the model in a driver-domain process, every access is forwarded to the driver domain,
// which must be scheduled, and the guest waits for each answer. Every exit also has its
// indirect cost (`vmExitIndirectCycles`): guest work refilling TLB and caches, charged on the
// guest's vCPU once the accesses are done.
import type { Handler } from '../../sim'
import type { Domain } from '../../models/host/domain'
import type { AttachContext } from '../types'
import { exitCosts } from './exit-costs'

export type ModelLocation = 'hypervisor' | 'driver-domain'

/** What the runner needs of an attach context (network or block: AttachContext, BlockAttachContext). */
export type TrapContext = Pick<AttachContext, 'host' | 'stats' | 'driverDomain'>

export class TrapRunner {
  private readonly ctx: TrapContext
  private readonly guest: Domain
  private readonly where: ModelLocation
  private readonly exitNs: number
  private readonly indirectNs: number
  private readonly modelNs: number
  private readonly forwardNs: number
  private readonly answerNs: number
  /** Every trapped access is its own kernel event (block front ends: fidelity first), not one batch of k. */
  private readonly perAccess: boolean
  private left: number[] = []
  private total: number[] = []
  private done: (Handler | undefined)[] = []
  private arg: number[] = []
  private readonly free: number[] = []

  constructor(ctx: TrapContext, guest: Domain, modelNs: number, where: ModelLocation, perAccess = false) {
    const host = ctx.host
    this.ctx = ctx
    this.guest = guest
    this.where = where
    this.exitNs = host.cost('vmExitCycles')
    this.indirectNs = exitCosts(host).indirectNs
    this.modelNs = modelNs
    this.forwardNs = host.hvCost('eventSendCycles')
    this.answerNs = host.hvCost('hypercallCycles')
    this.perAccess = perAccess
  }

  /** Runs `k` trapped accesses (reason `io_instruction`), then `done(arg)` on the guest's vCPU or the driver domain's. */
  run(k: number, done: Handler, arg: number): void {
    this.ctx.stats.counters.exit('io_instruction', k)
    if (k === 0) return done(arg)
    if (this.where === 'hypervisor' && this.indirectNs === 0 && !this.perAccess) return this.guest.runHv(0, k * (this.exitNs + this.modelNs), done, arg)
    const s = this.free.length > 0 ? this.free.pop()! : this.left.length
    this.left[s] = k; this.total[s] = k; this.done[s] = done; this.arg[s] = arg
    if (this.where === 'hypervisor' && this.perAccess) return this.trapOne(s)
    if (this.where === 'hypervisor') return this.guest.runHv(0, k * (this.exitNs + this.modelNs), this.refill, s)
    this.access(s)
  }

  /** One access trapped into the model in the hypervisor, then the next. */
  private trapOne(s: number): void {
    this.guest.runHv(0, this.exitNs + this.modelNs, this.trapped, s)
  }

  private readonly trapped = (s: number): void => {
    if (--this.left[s] > 0) return this.trapOne(s)
    if (this.indirectNs > 0) return this.refill(s)
    this.finish(s)
  }

  private access(s: number): void {
    this.guest.runHv(0, this.exitNs + this.forwardNs, this.toModel, s)
  }

  private readonly toModel = (s: number): void => {
    this.ctx.stats.counters.exit('hypercall')
    this.ctx.driverDomain.run(0, this.modelNs + this.answerNs, this.answered, s)
  }

  private readonly answered = (s: number): void => {
    if (--this.left[s] > 0) return this.access(s)
    if (this.indirectNs > 0) return this.refill(s)
    this.finish(s)
  }

  /** The guest refills what its exits displaced (indirect cost), then continues. */
  private readonly refill = (s: number): void => {
    this.guest.run(0, this.total[s] * this.indirectNs, this.finished, s)
  }

  private readonly finished = (s: number): void => {
    this.finish(s)
  }

  private finish(s: number): void {
    const done = this.done[s]!, arg = this.arg[s]
    this.done[s] = undefined
    this.free.push(s)
    done(arg)
  }
}
