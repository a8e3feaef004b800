// Interrupt virtualization in the hypervisor for a self-virtualizing NP-NIC (004 §3.1):
// the master interrupt is taken on the interrupt CPU, the identifier register is read
// across PCI (the CPU stalls), and every VIF on a set bit is signalled in turn — the
// ones sharing a bit with the real target redundantly (004 §3, §5.1). With MSI-X vectors
// (msiVectors > 0, 004 §5.1's proposal) the vector names the VIF: no identifier read, and
// no redundant signals while there are as many vectors as VIFs. A send bit (send-
// completion signals) signals its VIF's domain, which finds no message to receive.
import type { HostModel } from '../host/host-model'
import { num, str, type KindParams } from '../param-read'
import type { NpNicParamKey } from './params'
import type { NpNicModel } from './np-nic-model'
import type { Vif } from './vif'

/** Bytes of the identifier register read (16 bits, read as one 32-bit PCI transaction). */
const ID_READ_BYTES = 4

export class NpIrqVirt {
  private readonly host: HostModel
  private readonly np: NpNicModel
  private readonly byBit: Vif[][] = []
  private readonly bits: number[] = []
  private readonly targets: Vif[] = []
  private readonly sendTarget: boolean[] = []
  private next = 0
  private startedAt = 0
  private rotate = 0
  private readonly rotating: boolean
  private readonly stage: number
  private readonly costs: { delivery: number; idRead: number; dispatch: number; signal: number; remoteLines: number }
  /** Core of each logical CPU of the host (hyperthread siblings share caches). */
  private readonly coreOf: Int32Array

  constructor(host: HostModel, np: NpNicModel, npParams: KindParams<NpNicParamKey>) {
    this.host = host
    this.np = np
    const hp = host.params
    const hops = num(npParams, 'bridgeHops')
    this.costs = {
      delivery: host.cost('irqDeliveryCycles'),
      idRead: np.msi ? 0 : num(hp, 'pciReadLatency') + 2 * hops * num(hp, 'bridgeHopLatency'),
      dispatch: host.hvCost('irqVirtDispatchCycles'),
      signal: host.hvCost('eventSendCycles'),
      remoteLines: host.virtualized ? host.cyc(num(hp, 'signalDomainLines') * num(hp, 'cacheLineTransferCycles')) : 0
    }
    const cpus = host.sched.cfg.cpus, cores = cpus / host.sched.cfg.threadsPerCore
    this.coreOf = new Int32Array(cpus)
    for (let p = 0; p < cpus; p++) this.coreOf[p] = host.sched.cfg.threadsPerCore > 1 ? p % cores : p
    this.rotating = str(npParams, 'signalOrder') === 'rotating'
    this.stage = host.stats.stages.id('irq_virt')
    np.idReg.onAssert = () => this.interrupt()
  }

  /** After the NP-NIC's VIFs exist: which VIFs hang on each bit, in list order. */
  finalize(): void {
    const reg = this.np.idReg
    this.byBit.length = 0
    for (let b = 0; b < reg.width; b++) this.byBit.push([])
    for (const v of this.np.vifs) {
      this.byBit[v.bit].push(v)
      if (reg.width > reg.bits) this.byBit[reg.bits + v.bit].push(v)
    }
  }

  private interrupt(): void {
    const c = this.host.stats.counters
    c.irqsPhysical++
    c.exit('external_interrupt')
    this.host.hvRun(0, this.entered, 0)
  }

  /** The interrupt has reached the CPU (after its delivery latency): routing starts. */
  private readonly entered = (): void => {
    this.startedAt = this.host.sim.now
    this.host.hvRun(this.costs.delivery, this.readIdentifier, 0)
  }

  private readonly readIdentifier = (): void => {
    if (!this.np.msi) this.host.stats.counters.pciReadBytes += ID_READ_BYTES
    this.host.hvRun(this.costs.idRead, this.dispatch, 0)
  }

  private readonly dispatch = (): void => {
    this.np.idReg.readAndClear(this.bits)
    this.targets.length = 0
    this.sendTarget.length = 0
    for (const b of this.bits) {
      const list = this.byBit[b]
      const first = this.rotating ? this.rotate++ % list.length : 0
      for (let i = 0; i < list.length; i++) {
        this.targets.push(list[(first + i) % list.length])
        this.sendTarget.push(b >= this.np.idReg.bits)
      }
    }
    this.next = 0
    this.host.hvRun(this.costs.dispatch, this.signalNext, 0)
  }

  private readonly signalNext = (): void => {
    if (this.next > 0) this.deliver(this.targets[this.next - 1], this.sendTarget[this.next - 1])
    if (this.next < this.targets.length) {
      this.host.hvRun(this.signalCost(this.targets[this.next]), this.signalNext, 0)
      this.next++
      return
    }
    const spent = this.host.sim.now - this.startedAt
    this.host.stats.counters.irqVirt.record(spent)
    this.host.stats.stages.record(this.stage, spent)
    this.np.idReg.eoi()
  }

  /** One signal: the event send, plus the domain's structures pulled over when it last ran on another core. */
  private signalCost(v: Vif): number {
    const lp = v.owner?.lastPcpu ?? -1
    const remote = lp >= 0 && this.coreOf[lp] !== this.coreOf[this.host.irqCpu]
    return remote ? this.costs.signal + this.costs.remoteLines : this.costs.signal
  }

  private deliver(v: Vif, send: boolean): void {
    const c = this.host.stats.counters
    const wanted = send ? v.sendDone : this.np.msi ? v.wantsSignal || v.sendDone : v.wantsSignal
    const redundant = !wanted
    if (send || this.np.msi) v.sendDone = false
    if (!send) v.wantsSignal = false
    c.signals++
    if (redundant) c.signalsRedundant++
    v.onSignal(redundant)
  }
}
