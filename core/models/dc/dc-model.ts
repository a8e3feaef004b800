// A Device Controller at run time (000 §3–§3.5): I/O programs arrive from Host Gateways
// over their interconnects, are noticed by polling (or an interrupt), have their device
// credential checked (an HMAC) and their commands run one after another on the DC's own
// cores — a Server shared by every consumer, the DC's bottleneck — each command moving
// its data by protected DMA through the consumer's Host Gateway and using the attached
// device; a status message completes the program. Frames go through the DC's own TCP/IP
// stack and leave on its Ethernet port (or loop back to another consumer of the same DC).
// Block programs (000: a DC is also an "intelligent disk device controller") read or write block
// ranges on the storage device the DC fronts (`storage`, core/techniques/scalable-io-block.ts):
// the DC's cores dispatch the commands one after another while the device serves those already
// dispatched, each command's data moving by PDMA between the device's buffer in DC memory and
// the consumer's memory; the status message goes once all commands are done.
import { Server, type Handler, type HandlerId, type RandomStream, type Simulator } from '../../sim'
import type { HgModel } from '../host-gateway/hg-model'
import type { MessageLink } from '../link/message-link'
import type { Wire } from '../link/wire'
import type { PacketPool } from '../packet'
import { bool, num, str, transferNs, type KindParams } from '../param-read'
import type { DcParamKey } from './params'
import type { RunStats } from '../run-stats'
import { InOrder } from './in-order'
import { sharedKey } from '../shared-objects'
import { DataDir, ProgramKind, ProgramPool, ProgramStatus } from './programs'

const ETH_HEADER = 14

/** A Host Gateway this DC is linked to, with the interconnect in each direction. */
export interface DcGateway {
  readonly hostId: string
  readonly hg: HgModel
  /** Host Gateway → DC. */
  readonly up: MessageLink
  /** DC → Host Gateway. */
  readonly down: MessageLink
}

/** The storage a DC fronts: serves command `cmd` of block program `prog`, then `done(arg, ok)`. */
export interface DcStorage {
  serve(prog: number, cmd: number, arg: number, done: (arg: number, ok: boolean) => void): void
}

/** Commands of one block program (the (program, command) pair travels as one event argument). */
export const DC_MAX_COMMANDS = 64

interface Consumer {
  readonly endpoint: number
  readonly gw: DcGateway
  /** Called (in the Host Gateway's context) once a program's status is in the consumer's completion queue. */
  readonly complete: Handler
}

export class DcModel {
  readonly id: string
  readonly cores: Server
  readonly device: Server
  readonly programs = new ProgramPool()
  port: Wire | undefined
  /** The storage device this DC fronts for block programs (set by the scalable-io block front end). */
  storage: DcStorage | undefined = undefined
  private readonly sim: Simulator
  private readonly pool: PacketPool
  private readonly stats: RunStats
  private readonly rng: RandomStream
  private readonly gateways = new Map<string, DcGateway>()
  private readonly consumers: Consumer[] = []
  private readonly byEndpoint = new Map<number, number>()
  /** Consumer programs accepted and not yet completed, and those waiting for room. */
  private inFlight = 0
  private readonly backlog: number[] = []
  /** A consumer's frames leave, and arrive, in order (sequence numbers in the programs' tags). */
  private readonly txOrder = new InOrder((prog) => this.sendInOrder(prog))
  private readonly rxOrder = new InOrder((prog) => this.deliver(prog))
  private readonly ns: { program: number; command: number; detect: number; irq: number; device: number; send: number; recv: number }
  private readonly limits: { outstanding: number; forged: number }
  private readonly polling: boolean
  private protect = { hmac: true, replay: true, hmacNs: 0, replayNs: 0 }
  private readonly ids: Record<'arrive' | 'detected' | 'pdmaReq' | 'dataIn' | 'pdmaWrite' | 'status' | 'blkReq' | 'blkIn' | 'blkWrite', HandlerId>
  private readonly copyBps: number
  private readonly st: Record<'up' | 'detect' | 'program' | 'commands' | 'status', number>

  constructor(sim: Simulator, pool: PacketPool, stats: RunStats, rng: RandomStream, id: string, p: KindParams<DcParamKey>) {
    this.sim = sim; this.pool = pool; this.stats = stats; this.rng = rng; this.id = id
    const cyc = (key: DcParamKey): number => (num(p, key) * 1e9) / num(p, 'clock')
    this.ns = {
      program: cyc('perProgramCycles') + this.checkNs(p, cyc), command: cyc('perCommandCycles'),
      detect: num(p, 'pollDetectLatency'), irq: cyc('interruptCycles'), device: num(p, 'deviceService'),
      send: cyc('tcpSendCycles'), recv: cyc('tcpRecvCycles')
    }
    this.polling = str(p, 'mode') === 'polling'
    this.copyBps = num(p, 'memCopyBandwidth')
    this.limits = { outstanding: num(p, 'maxOutstanding'), forged: bool(p, 'credentialChecks') ? num(p, 'forgedCredentialRate') : 0 }
    this.cores = new Server(sim, { name: `${id}/cores`, servers: num(p, 'cores') })
    this.device = new Server(sim, { name: `${id}/device`, servers: num(p, 'deviceQueueDepth') })
    const reg = (name: string, fn: (prog: number) => void): HandlerId => sim.register(fn, `${id}/${name}`)
    this.ids = {
      arrive: reg('arrive', this.arrive), detected: reg('detected', this.detected), pdmaReq: reg('pdma-req', this.pdmaReq),
      dataIn: reg('data-in', this.useDevice), pdmaWrite: reg('pdma-write', this.pdmaWrite), status: reg('status', this.statusAt),
      blkReq: reg('block-pdma-req', this.blockPdmaReq), blkIn: reg('block-data-in', this.blockDevice), blkWrite: reg('block-pdma-write', this.blockPdmaWrite)
    }
    const s = stats.stages
    this.st = { up: s.id('sio_to_dc'), detect: s.id('dc_detect'), program: s.id('dc_program'), commands: s.id('dc_commands'), status: s.id('sio_status') }
  }

  /** Links a Host Gateway (the first link from each host is the one used). */
  connect(gw: DcGateway): void {
    if (!this.gateways.has(gw.hostId)) this.gateways.set(gw.hostId, gw)
  }

  /** Registers a consumer on host `hostId`; returns its index (throws if no gateway of that host reaches the DC). A block consumer (`network` false) receives no frames. */
  addConsumer(endpoint: number, hostId: string, complete: Handler, network = true): number {
    const gw = this.gateways.get(hostId)
    if (gw === undefined) throw new Error(`DC "${this.id}" has no interconnect link to a Host Gateway of host "${hostId}"`)
    this.consumers.push({ endpoint, gw, complete })
    if (network) this.byEndpoint.set(endpoint, this.consumers.length - 1)
    return this.consumers.length - 1
  }

  /** A Host Gateway of host `hostId` is linked to this DC. */
  reaches(hostId: string): boolean {
    return this.gateways.has(hostId)
  }

  /** The gateway of host `hostId` (undefined: none linked). */
  gatewayOf(hostId: string): DcGateway | undefined {
    return this.gateways.get(hostId)
  }

  gateway(consumer: number): DcGateway {
    return this.consumers[consumer].gw
  }

  private mark(prog: number, stage: number): void {
    const now = this.sim.now
    this.stats.stages.record(stage, now - this.programs.stageAt[prog])
    this.programs.stageAt[prog] = now
  }

  /** Memory credentials a program carries: one per command that moves data. */
  private buffers(prog: number): number {
    const pr = this.programs
    return pr.bytes[prog] > 0 && pr.dir[prog] !== DataDir.None ? pr.commands[prog] : 0
  }

  /** Bytes of the program as the consumer wrote it: header and commands (data moves by PDMA). */
  private programBytes(prog: number): number {
    const hg = this.gateway(this.programs.consumer[prog]).hg.p
    return num(hg, 'programHeaderSize') + this.programs.commands[prog] * num(hg, 'commandSize')
  }

  /** The consumer rang the Host Gateway's doorbell for `prog`; past the DC's limit it waits at the gateway. */
  submit(prog: number): void {
    const pr = this.programs
    if (pr.kind[prog] === ProgramKind.NetSend) pr.tag[prog] = this.txOrder.issue(pr.consumer[prog])
    this.start(prog)
  }

  private start(prog: number): void {
    if (this.inFlight >= this.limits.outstanding) {
      this.backlog.push(prog)
      return
    }
    this.inFlight++
    this.gateway(this.programs.consumer[prog]).hg.fetch(this.programBytes(prog), this.buffers(prog), this.fetched, prog)
  }

  private readonly fetched = (prog: number): void => {
    const gw = this.gateway(this.programs.consumer[prog])
    this.programs.stageAt[prog] = this.sim.now
    gw.up.send(this.programBytes(prog) + this.buffers(prog) * num(gw.hg.p, 'credentialSize'), this.ids.arrive, prog)
  }

  private readonly arrive = (prog: number): void => {
    this.mark(prog, this.st.up)
    if (this.polling) this.sim.schedule(Math.round(2 * this.ns.detect * this.rng.uniform32()), this.ids.detected, prog)
    else this.cores.submit(this.ns.irq, this.detected, prog)
  }

  private readonly detected = (prog: number): void => {
    this.mark(prog, this.st.detect)
    if (this.protect.hmac) this.stats.counters.credentialChecks++
    this.cores.submit(this.ns.program, this.checked, prog)
  }

  /** DC core time of the checks every program pays: the HMAC, then the program-id replay check (issue 12). */
  private checkNs(p: KindParams<DcParamKey>, cyc: (key: DcParamKey) => number): number {
    this.protect = { hmac: bool(p, 'credentialChecks'), replay: bool(p, 'replayChecks'), hmacNs: cyc('credentialCheckCycles'), replayNs: cyc('replayCheckCycles') }
    return (this.protect.hmac ? this.protect.hmacNs : 0) + (this.protect.replay ? this.protect.replayNs : 0)
  }

  /**
   * A hostile consumer's program reached the DC (issue 12, core/workloads/attack.ts): a forged
   * credential (`replayed` false) or a replay of a validly signed program. It is checked on the DC's
   * cores like any program — HMAC, then program id — and `done(arg, stopped)` says whether a check
   * refused it (counted in credentialChecks / credentialDenials); a program no check refuses runs.
   */
  attackProgram(replayed: boolean, done: (arg: number, stopped: boolean) => void, arg: number): void {
    const { hmac, replay, hmacNs, replayNs } = this.protect
    const c = this.stats.counters
    if (hmac) c.credentialChecks++
    const stoppedBy = !replayed ? (hmac ? hmacNs : -1) : (replay ? (hmac ? hmacNs : 0) + replayNs : -1)
    const ns = stoppedBy >= 0 ? stoppedBy : (hmac ? hmacNs : 0) + (replay ? replayNs : 0)
    this.cores.submit(this.ns.program - (hmac ? hmacNs : 0) - (replay ? replayNs : 0) + ns, () => {
      if (stoppedBy >= 0) c.credentialDenials++
      done(arg, stoppedBy >= 0)
    }, arg)
  }

  private readonly checked = (prog: number): void => {
    this.mark(prog, this.st.program)
    if (this.limits.forged > 0 && this.rng.uniform32() < this.limits.forged) {
      this.stats.counters.credentialDenials++
      this.programs.status[prog] = ProgramStatus.Denied
      return this.finish(prog)
    }
    if (this.programs.kind[prog] === ProgramKind.Block) return this.blockDispatch(prog)
    this.command(prog)
  }

  /** A block program's next command on a DC core: interpret it and hand it to the storage's queue. */
  private blockDispatch(prog: number): void {
    this.cores.submit(this.ns.command, this.blockDispatched, prog)
  }

  private readonly blockDispatched = (prog: number): void => {
    const pr = this.programs
    const a = prog * DC_MAX_COMMANDS + pr.issued[prog]++
    if (pr.issued[prog] < pr.commands[prog]) this.blockDispatch(prog)
    if (pr.dir[prog] === DataDir.ToDevice && pr.bytes[prog] > 0) {
      const gw = this.gateway(pr.consumer[prog])
      return gw.down.send(num(gw.hg.p, 'commandSize'), this.ids.blkReq, a)
    }
    this.blockDevice(a)
  }

  /** At the Host Gateway: the PDMA read of a write command's data from consumer memory. */
  private readonly blockPdmaReq = (a: number): void => {
    const prog = Math.floor(a / DC_MAX_COMMANDS)
    this.gateway(this.programs.consumer[prog]).hg.access(this.programs.bytes[prog], false, this.blockPdmaRead, a)
  }

  private readonly blockPdmaRead = (a: number): void => {
    const prog = Math.floor(a / DC_MAX_COMMANDS)
    this.gateway(this.programs.consumer[prog]).up.send(this.programs.bytes[prog], this.ids.blkIn, a)
  }

  private readonly blockDevice = (a: number): void => {
    const prog = Math.floor(a / DC_MAX_COMMANDS)
    if (this.storage === undefined) throw new Error(`DC "${this.id}" got a block program but fronts no storage device`)
    this.storage.serve(prog, a - prog * DC_MAX_COMMANDS, a, this.blockServed)
  }

  private readonly blockServed = (a: number, ok: boolean): void => {
    const prog = Math.floor(a / DC_MAX_COMMANDS)
    const pr = this.programs
    if (!ok) pr.status[prog] = ProgramStatus.Failed
    if (ok && pr.dir[prog] === DataDir.FromDevice && pr.bytes[prog] > 0) {
      return this.gateway(pr.consumer[prog]).down.send(pr.bytes[prog], this.ids.blkWrite, a)
    }
    this.blockCommandDone(a)
  }

  /** At the Host Gateway: the PDMA write of a read command's data into consumer memory. */
  private readonly blockPdmaWrite = (a: number): void => {
    const prog = Math.floor(a / DC_MAX_COMMANDS)
    this.gateway(this.programs.consumer[prog]).hg.access(this.programs.bytes[prog], true, this.blockCommandDoneH, a)
  }

  private readonly blockCommandDoneH = (a: number): void => {
    this.blockCommandDone(a)
  }

  private blockCommandDone(a: number): void {
    const prog = Math.floor(a / DC_MAX_COMMANDS)
    if (++this.programs.done[prog] === this.programs.commands[prog]) this.finish(prog)
  }

  /** One command on a DC core; a frame also goes through the DC's own TCP/IP stack (000 §3.3). */
  private command(prog: number): void {
    const kind = this.programs.kind[prog]
    const stack = kind === ProgramKind.NetSend ? this.ns.send : kind === ProgramKind.NetRecv ? this.ns.recv : 0
    const copy = kind === ProgramKind.Io || kind === ProgramKind.Block ? 0 : transferNs(this.programs.bytes[prog], this.copyBps)
    this.cores.submit(this.ns.command + stack + copy, this.commandRan, prog)
  }

  private readonly commandRan = (prog: number): void => {
    const pr = this.programs
    if (pr.kind[prog] === ProgramKind.NetRecv) return this.writeOut(prog)
    if (pr.dir[prog] === DataDir.ToDevice && pr.bytes[prog] > 0) {
      return this.gateway(pr.consumer[prog]).down.send(num(this.gateway(pr.consumer[prog]).hg.p, 'commandSize'), this.ids.pdmaReq, prog)
    }
    this.useDevice(prog)
  }

  /** At the Host Gateway: the DC's PDMA read request for the command's data. */
  private readonly pdmaReq = (prog: number): void => {
    this.gateway(this.programs.consumer[prog]).hg.access(this.programs.bytes[prog], false, this.pdmaRead, prog)
  }

  private readonly pdmaRead = (prog: number): void => {
    this.gateway(this.programs.consumer[prog]).up.send(this.programs.bytes[prog], this.ids.dataIn, prog)
  }

  private readonly useDevice = (prog: number): void => {
    this.device.submit(this.ns.device, this.deviceDone, prog)
  }

  private readonly deviceDone = (prog: number): void => {
    const pr = this.programs
    if (pr.kind[prog] === ProgramKind.NetSend) return this.txOrder.done(pr.consumer[prog], pr.tag[prog], prog)
    this.afterDevice(prog)
  }

  private sendInOrder(prog: number): void {
    this.emit(this.programs.pkt[prog])
    this.afterDevice(prog)
  }

  private afterDevice(prog: number): void {
    const pr = this.programs
    if (pr.dir[prog] === DataDir.FromDevice && pr.bytes[prog] > 0) return this.writeOut(prog)
    this.commandDone(prog)
  }

  private writeOut(prog: number): void {
    this.gateway(this.programs.consumer[prog]).down.send(this.programs.bytes[prog], this.ids.pdmaWrite, prog)
  }

  /** At the Host Gateway: the DC's PDMA write of the command's data into consumer memory. */
  private readonly pdmaWrite = (prog: number): void => {
    this.gateway(this.programs.consumer[prog]).hg.access(this.programs.bytes[prog], true, this.commandDone, prog)
  }

  private readonly commandDone = (prog: number): void => {
    const pr = this.programs
    if (++pr.done[prog] < pr.commands[prog]) return this.command(prog)
    this.finish(prog)
  }

  private finish(prog: number): void {
    this.mark(prog, this.st.commands)
    const gw = this.gateway(this.programs.consumer[prog])
    gw.down.send(num(gw.hg.p, 'statusSize'), this.ids.status, prog)
  }

  /** At the Host Gateway: the status message arrived. */
  private readonly statusAt = (prog: number): void => {
    const c = this.consumers[this.programs.consumer[prog]]
    c.gw.hg.complete(num(c.gw.hg.p, 'statusSize'), this.completed, prog)
  }

  private readonly completed = (prog: number): void => {
    this.mark(prog, this.st.status)
    if (this.programs.kind[prog] !== ProgramKind.NetRecv) {
      this.inFlight--
      if (this.backlog.length > 0) this.start(this.backlog.shift()!)
    }
    const pr = this.programs
    if (pr.kind[prog] === ProgramKind.NetRecv) this.rxOrder.done(pr.consumer[prog], pr.tag[prog], prog)
    else this.deliver(prog)
  }

  private deliver(prog: number): void {
    this.consumers[this.programs.consumer[prog]].complete(prog)
  }

  /** A frame the DC's stack hands to the device: to a local consumer (loopback) or out of the port. */
  private emit(pkt: number): void {
    if (this.byEndpoint.has(this.pool.dst[pkt])) return this.receive(pkt)
    if (this.port !== undefined) return this.port.send(pkt)
    this.stats.counters.drops++
    this.pool.release(pkt)
  }

  /** A frame arrived for one of the DC's consumers: a posted receive command delivers it by PDMA. */
  readonly receive = (pkt: number): void => {
    const c = this.byEndpoint.get(this.pool.dst[pkt])
    if (c === undefined) {
      this.stats.counters.drops++
      this.pool.release(pkt)
      return
    }
    const prog = this.programs.alloc(ProgramKind.NetRecv, c, 1, this.pool.bytes[pkt] + ETH_HEADER, DataDir.FromDevice)
    this.programs.pkt[prog] = pkt
    this.programs.tag[prog] = this.rxOrder.issue(c)
    this.programs.stageAt[prog] = this.sim.now
    this.command(prog)
  }

  /** Fraction of DC core time spent on programs since the last reset (polling spins are not work). */
  utilization(): number {
    return this.cores.utilization()
  }

  resetStats(): void {
    this.cores.resetStats()
    this.device.resetStats()
  }
}

/** Every DC of a run by id, in project order (shared key ''): a scalable-io virtual disk finds the DC linked to its host. */
export const DC_MODELS = sharedKey<Map<string, DcModel>>('dc-models')
