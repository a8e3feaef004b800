// The Host Gateway at run time (000 §3, §3.6): one DMA engine per host through which
// consumers' programs are fetched and sealed with memory credentials, and through which
// DCs reach consumer memory by protected DMA — each chunk validated, a non-present page
// raising an I/O page fault that privileged software services (a bounded number at once,
// so a burst of faults slows the DC down), status messages written back.
import { Server, type Handler, type RandomStream, type Simulator } from '../../sim'
import { bool, num, str, transferNs, type KindParams } from '../param-read'
import type { HgParamKey } from './params'
import type { RunStats } from '../run-stats'

export class HgModel {
  readonly id: string
  readonly engine: Server
  readonly faults: Server
  readonly p: KindParams<HgParamKey>
  private readonly stats: RunStats
  private readonly rng: RandomStream
  private readonly dynamic: boolean
  private readonly c: { bps: number; insert: number; chunk: number; faultRate: number; fault: number; validate: number }
  private then: (Handler | undefined)[] = []
  private arg: number[] = []
  private bytes: number[] = []
  private write: boolean[] = []
  private readonly free: number[] = []

  constructor(sim: Simulator, stats: RunStats, rng: RandomStream, id: string, p: KindParams<HgParamKey>) {
    this.stats = stats
    this.rng = rng
    this.id = id
    this.p = p
    this.dynamic = str(p, 'pinMode') === 'dynamic'
    this.c = {
      bps: num(p, 'pdmaBandwidth'), insert: num(p, 'credentialInsert'), chunk: num(p, 'pdmaChunk'),
      faultRate: this.dynamic ? num(p, 'ioPageFaultRate') : 0, fault: num(p, 'ioPageFault'), validate: bool(p, 'pdmaValidation') ? num(p, 'pdmaValidate') : 0
    }
    this.engine = new Server(sim, { name: `${id}/engine` })
    this.faults = new Server(sim, { name: `${id}/faults`, servers: num(p, 'maxConcurrentFaults') })
  }

  private dmaNs(bytes: number): number {
    return transferNs(bytes, this.c.bps)
  }

  private slot(then: Handler, arg: number, bytes: number, write: boolean): number {
    const s = this.free.length > 0 ? this.free.pop()! : this.then.length
    this.then[s] = then; this.arg[s] = arg; this.bytes[s] = bytes; this.write[s] = write
    return s
  }

  private readonly finished = (s: number): void => {
    const then = this.then[s]!, arg = this.arg[s]
    this.then[s] = undefined
    this.free.push(s)
    then(arg)
  }

  /** A consumer rang the doorbell: fetch its program of `bytes` and seal a memory credential per buffer. */
  fetch(bytes: number, buffers: number, then: Handler, arg: number): void {
    this.stats.counters.pciReadBytes += bytes
    const ns = this.dmaNs(bytes) + (buffers + 1) * this.c.insert
    this.engine.submit(ns, then, arg)
  }

  /** A DC's protected DMA of `bytes` into (`write`) or out of consumer memory: validate, fault, move. */
  access(bytes: number, write: boolean, then: Handler, arg: number): void {
    const chunks = Math.max(1, Math.ceil(bytes / this.c.chunk))
    const s = this.slot(then, arg, bytes, write)
    const rate = this.c.faultRate
    let faults = 0
    if (rate > 0) for (let c = 0; c < chunks; c++) if (this.rng.uniform32() < rate) faults++
    if (faults === 0) return this.move(s)
    this.stats.counters.ioPageFaults += faults
    this.faults.submit(faults * this.c.fault, this.move, s)
  }

  private readonly move = (s: number): void => {
    const bytes = this.bytes[s]
    const chunks = Math.max(1, Math.ceil(bytes / this.c.chunk))
    if (this.write[s]) this.stats.counters.pciWriteBytes += bytes
    else this.stats.counters.pciReadBytes += bytes
    this.engine.submit(chunks * this.c.validate + this.dmaNs(bytes), this.finished, s)
  }

  /** A status message arrived: write it into the consumer's completion queue (its credentials die with it). */
  complete(bytes: number, then: Handler, arg: number): void {
    this.stats.counters.pciWriteBytes += bytes
    this.engine.submit(this.dmaNs(bytes), then, arg)
  }

  resetStats(): void {
    this.engine.resetStats()
    this.faults.resetStats()
  }
}
