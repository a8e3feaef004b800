// `attack` — a misbehaving guest (issue 12). Each client VM copy is an attacker that starts
// `rate` attempts per second against its pair's server VM (its target). Every attempt is work on
// simulated resources: the attacker's vCPU builds it (attemptCycles), then the protection that
// applies to the attacker's technique checks it on its own resource — the IOMMU's page walk on
// the DMA, VPIO's validation in the hypervisor, the Host Gateway's PDMA validation on its engine,
// the DC's HMAC and replay checks on its cores, the hypervisor's fault on a read-only ring — and
// either stops it or lets it write `bytes` into the victim. Availability attacks (interrupt
// storm, doorbell flood) corrupt nothing: their effect is the CPU they take from others, read in
// the victim's own workload metrics (byWorkload.<victim>).
import { bool, num } from '../models/param-read'
import type { AttackSurface } from '../models/attack/surface'
import { ATTACK_KINDS, ATTACK_PARAMS, ATTACK_TECHNIQUES, type AttackKey } from '../models/workload-kinds'
import type { FlowPair, Workload, WorkloadContext, WorkloadKind, WorkloadMetrics, WorkloadParams } from './types'

type AttackKindId = (typeof ATTACK_KINDS)[number]

const AVAILABILITY = new Set<AttackKindId>(['interrupt-storm', 'doorbell-flood'])

/** Counts of one window (run totals and time-series windows use the same shape). */
class Counts {
  tried = 0
  stopped = 0
  succeeded = 0
  bytes = 0
  reset(): void { this.tried = 0; this.stopped = 0; this.succeeded = 0; this.bytes = 0 }
}

class Attack implements Workload {
  private readonly ctx: WorkloadContext
  private readonly surfaces: readonly AttackSurface[]
  private readonly kind: AttackKindId
  private readonly periodNs: number
  private readonly bytes: number
  private readonly attemptCycles: number
  private readonly perFlow: Counts[]
  private readonly winFlow: Counts[]
  private readonly nextId: number
  private readonly stage: number

  constructor(ctx: WorkloadContext, flows: readonly FlowPair[], surfaces: readonly AttackSurface[], p: WorkloadParams<AttackKey>) {
    this.ctx = ctx
    this.surfaces = surfaces
    this.kind = String(p.kind) as AttackKindId
    this.periodNs = Math.max(1, Math.round(1e9 / Number(p.rate)))
    this.bytes = Number(p.bytes)
    this.attemptCycles = Number(p.attemptCycles)
    this.perFlow = flows.map(() => new Counts())
    this.winFlow = flows.map(() => new Counts())
    for (const s of surfaces) {
      const ok: readonly string[] = ATTACK_TECHNIQUES[this.kind]
      if (!ok.includes(s.technique)) {
        throw new Error(`attack "${this.kind}" from VM "${s.vm}" needs one of the techniques ${ok.join(', ')}; its attachment uses "${s.technique}"`)
      }
    }
    this.nextId = ctx.sim.register((f) => this.attempt(f), `${ctx.id}/attempt`)
    this.stage = ctx.stats.stages.id(`attack_${this.kind}_check`)
  }

  start(): void {
    for (let f = 0; f < this.surfaces.length; f++) this.ctx.sim.schedule(Math.round(this.periodNs * (f + 1) / (this.surfaces.length + 1)), this.nextId, f)
  }

  receive(pkt: number): void {
    this.ctx.pool.release(pkt)
  }

  private attempt(f: number): void {
    const s = this.surfaces[f]
    this.perFlow[f].tried++
    this.winFlow[f].tried++
    s.domain.run(0, s.host.cyc(this.attemptCycles), this.built, f)
    this.ctx.sim.schedule(this.periodNs, this.nextId, f)
  }

  /** The attacker's vCPU has built attempt of flow f: now the device and the protection. */
  private readonly built = (f: number): void => {
    const s = this.surfaces[f]
    const c = this.ctx.stats.counters
    const sim = this.ctx.sim
    const t0 = sim.now
    const done = (stopped: boolean, corrupt: number): void => {
      this.ctx.stats.stages.record(this.stage, sim.now - t0)
      this.outcome(f, stopped, corrupt)
    }
    const after = (ns: number, fn: () => void): void => { sim.after(Math.round(ns), fn) }
    switch (this.kind) {
      case 'rogue-dma': {
        if (s.technique === 'passthrough' || s.technique === 'sriov') {
          // the device starts the DMA; the IOMMU walks the page table, finds no entry and blocks it (a remapping fault the hypervisor handles)
          const setup = num(s.device, 'dmaDescriptorOverhead')
          if (s.iommu !== undefined) {
            const walk = s.iommu.walkUnmapped()
            c.dmaChecks++
            c.dmaDenials++
            return after(setup + walk, () => s.host.hvRun(s.host.hvCost('irqDeliveryCycles'), () => done(true, 0), 0))
          }
          c.pciWriteBytes += this.bytes
          return after(setup + (this.bytes * 8e9) / num(s.device, 'dmaBandwidth'), () => done(false, this.bytes))
        }
        if (s.technique === 'vpio') {
          // the driver's DMA-programming access is hooked: a VM exit, then the model's validation
          const validate = bool(s.device, 'vpioDmaValidation')
          const ns = s.host.hvCost('vmExitCycles') + (validate ? s.host.cyc(num(s.device, 'vpioDmaValidateCycles')) : 0)
          c.exit('io_instruction')
          if (validate) c.dmaChecks++
          return s.domain.runHv(0, ns, () => {
            if (validate) {
              c.dmaDenials++
              return done(true, 0)
            }
            c.pciWriteBytes += this.bytes
            after((this.bytes * 8e9) / num(s.device, 'dmaBandwidth'), () => done(false, this.bytes))
          }, 0)
        }
        // scalable-io: the program asks a PDMA write into another consumer's memory; the HG validates the memory credential
        const hg = s.hg!
        const validate = bool(hg.p, 'pdmaValidation')
        if (validate) {
          c.dmaChecks++
          return hg.engine.submit(num(hg.p, 'pdmaValidate'), () => {
            c.dmaDenials++
            done(true, 0)
          }, 0)
        }
        return hg.engine.submit(Math.round((this.bytes * 8e9) / num(hg.p, 'pdmaBandwidth')), () => done(false, this.bytes), 0)
      }
      case 'ring-tamper': {
        if (bool(s.device, 'vifRingReadOnly')) {
          // the write to a read-only page faults into the hypervisor, which refuses it
          c.exit('page_fault')
          return s.domain.runHv(0, s.host.hvCost('vmExitCycles'), () => done(true, 0), 0)
        }
        // the rewritten descriptor points the NP at the victim's memory: its next frame lands there
        c.pciWriteBytes += this.bytes
        return after(num(s.device, 'npPciWriteLatency') + (this.bytes * 8e9) / num(s.device, 'npPciWriteBandwidth'), () => done(false, this.bytes))
      }
      case 'forged-credential':
      case 'replayed-credential':
        return s.dc!.attackProgram(this.kind === 'replayed-credential', (_a, stopped) => done(stopped, stopped ? 0 : this.bytes), 0)
      case 'interrupt-storm':
        // the attacker's device raises an interrupt: the hypervisor takes it on the interrupt CPU and injects it
        c.irqsPhysical++
        c.irqsVirtual++
        return s.host.hvRun(s.host.hvCost('irqDeliveryCycles') + s.host.hvCost('virqUpcallCycles'), () => done(false, 0), 0)
      case 'doorbell-flood': {
        if (s.technique === 'paravirtual' || s.technique === 'emulated' || s.technique === 'self-virtualized') {
          // a notification (event channel / trapped register write) wakes the back end, which finds nothing queued
          c.signals++
          const back = s.driverDomain ?? s.domain
          const hv = s.technique === 'emulated' ? s.host.hvCost('vmExitCycles') : s.host.hvCost('eventSendCycles')
          return s.host.hvRun(hv, () => back.run(0, s.host.cost('netbackRingCycles'), () => done(false, 0), 0), 0)
        }
        // a posted MMIO write to the attacker's own queue: the device reads an empty ring and drops it
        c.pciWriteBytes += 4
        return after(num(s.host.params, 'pciWriteLatency'), () => done(false, 0))
      }
      case 'device-state': {
        // at a handoff the attacker leaves the device mid-command; VPIO resets it before the next guest (one more context switch)
        c.deviceHandoffs++
        if (bool(s.device, 'vpioHandoffCheck')) return s.domain.runHv(0, num(s.device, 'vpioContextSwitch'), () => done(true, 0), 0)
        return after(num(s.device, 'vpioContextSwitch'), () => done(false, this.bytes))
      }
    }
  }

  private outcome(f: number, stopped: boolean, corrupt: number): void {
    for (const k of [this.perFlow[f], this.winFlow[f]]) {
      if (stopped) k.stopped++
      else k.succeeded++
      k.bytes += corrupt
    }
  }

  resetStats(): void {
    for (const k of this.perFlow) k.reset()
    for (const k of this.winFlow) k.reset()
  }

  metrics(): WorkloadMetrics {
    return this.view(this.perFlow)
  }

  metricsOf(flows: readonly number[]): WorkloadMetrics {
    return this.view(flows.map((f) => this.perFlow[f]))
  }

  windowMetrics(): WorkloadMetrics {
    const r = this.view(this.winFlow)
    for (const k of this.winFlow) k.reset()
    return r
  }

  private view(parts: readonly Counts[]): WorkloadMetrics {
    const sum = (g: (k: Counts) => number): number => parts.reduce((a, k) => a + g(k), 0)
    const tried = sum((k) => k.tried)
    const values: Record<string, number | null> = { attacks_tried: tried }
    const missing: Record<string, string> = {}
    if (AVAILABILITY.has(this.kind)) {
      const why = `"${this.kind}" is an availability attack: nothing stops or corrupts, its effect is the victims' latency and CPU (read their byWorkload metrics and cpu_util)`
      for (const k of ['attacks_stopped', 'attacks_succeeded', 'victim_bytes_corrupted']) { values[k] = null; missing[k] = why }
      return { values, missing }
    }
    const settled = sum((k) => k.stopped + k.succeeded)
    if (settled === 0) {
      const why = parts.length === 0 ? 'the workload has no attacker/target pair' : 'no attempt was settled in the measured period'
      for (const k of ['attacks_stopped', 'attacks_succeeded', 'victim_bytes_corrupted']) { values[k] = null; missing[k] = why }
      return { values, missing }
    }
    values.attacks_stopped = sum((k) => k.stopped)
    values.attacks_succeeded = sum((k) => k.succeeded)
    values.victim_bytes_corrupted = sum((k) => k.bytes)
    return { values, missing }
  }
}

export const attack: WorkloadKind = {
  kind: 'attack',
  params: ATTACK_PARAMS,
  create: () => {
    throw new Error('the attack workload is built on its attackers\' surfaces (createAttack)')
  },
  createAttack: (ctx, flows, surfaces, params) => new Attack(ctx, flows, surfaces, params)
}

