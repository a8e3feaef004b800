// The host side of a storage array: the initiator (an iSCSI initiator or an NFS client with
// its TCP/IP stack) as a BlockTarget that a driver domain's back end (or bare metal's block
// layer) puts at the bottom of a virtual disk's chain. Per command it charges the domain that
// runs it (domain.run on one of its vCPUs): initiatorSubmitCycles + the data's
// initiatorCyclesPerKiB for a write before the command leaves, and initiatorCompleteCycles
// + the data's per-KiB cost for a read when the response has arrived (the NIC interrupt and
// receive processing are part of it). It opens one session (a queue of the array) per
// initiator and keeps at most the session's depth outstanding; further commands wait in
// arrival order, as in the SCSI layer's queue.
import type { HostModel } from '../../host/host-model'
import type { Domain } from '../../host/domain'
import type { RunStats } from '../../run-stats'
import { BlockOp, type BlockDone, type BlockPool, type BlockTarget } from '../block'
import type { StorageArrayModel } from './array-model'

export interface InitiatorOptions {
  readonly blocks: BlockPool
  readonly stats: RunStats
  readonly host: HostModel
  /** The domain that runs the initiator (the driver domain, or the bare-metal OS). */
  readonly domain: Domain
  readonly array: StorageArrayModel
  /** vCPU of `domain` the initiator runs on (default 0). */
  readonly vcpu?: number
  /** Which of the host's paths to the array (default 0: the first NIC's), for dm-multipath. */
  readonly path?: number
}

export interface ArrayInitiator extends BlockTarget {
  /** The array queue (session) this initiator owns. */
  readonly session: number
  /** Commands waiting for a free slot of the session. */
  readonly backlog: number
  /** The path this session uses. */
  readonly path: number
  /** Commands that failed because they were lost on a link and their timer expired (since the start). */
  readonly timeouts: number
}

/** A BlockTarget that reaches `array` from `host`, charging the initiator's CPU on `domain`. */
export function arrayInitiator(o: InitiatorOptions): ArrayInitiator {
  const { blocks, host, domain, array } = o
  const vcpu = o.vcpu ?? 0
  const c = array.initiator
  const done: (BlockDone | undefined)[] = []
  const okOf: boolean[] = []
  const waiting: number[] = []
  let inFlight = 0
  const path = o.path ?? 0
  let timeouts = 0
  /** Commands in the array (the session's slots in use there); a lost command leaves at once, its timer later. */
  let inArray = 0
  const issuedAt: number[] = []
  const timeoutNs = array.commandTimeout
  const expire = host.sim.register((req) => {
    // the SCSI command timer of a command lost on a down link: it fails to the layer above (dm-multipath)
    timeouts++
    const d = done[req]!
    done[req] = undefined
    inFlight--
    pump()
    d(req, false)
  }, `${array.id}/initiator/timeout`)
  const stage = { send: o.stats.stages.id('array_initiator_send'), complete: o.stats.stages.id('array_initiator_complete') }
  const kib = (req: number, op: BlockOp): number => (blocks.op[req] === op ? (blocks.bytes[req] / 1024) * c.cyclesPerKiB : 0)

  const sent = (req: number): void => {
    o.stats.stages.record(stage.send, host.sim.now - blocks.stageAt[req])
    array.submit(session, req)
  }
  const completed = (req: number): void => {
    o.stats.stages.record(stage.complete, host.sim.now - blocks.stageAt[req])
    blocks.stageAt[req] = host.sim.now
    const d = done[req]!
    done[req] = undefined
    inFlight--
    pump()
    d(req, okOf[req])
  }
  const pump = (): void => {
    while (waiting.length > 0 && inFlight < array.queueDepth && inArray < array.queueDepth) issue(waiting.shift()!)
  }
  const issue = (req: number): void => {
    inFlight++
    inArray++
    issuedAt[req] = host.sim.now
    blocks.stageAt[req] = host.sim.now
    domain.run(vcpu, host.cyc(c.submitCycles + kib(req, BlockOp.Write)), sent, req)
  }
  const session = array.openSession(host.id, {
    complete(req, ok) {
      inArray--
      okOf[req] = ok
      domain.run(vcpu, host.cyc(c.completeCycles + kib(req, BlockOp.Read)), completed, req)
    },
    interrupt() { /* the NIC interrupt's cost is part of initiatorCompleteCycles */ },
    lost(req) {
      inArray--
      host.sim.schedule(Math.max(0, issuedAt[req] + timeoutNs - host.sim.now), expire, req)
    }
  }, path)
  return {
    session,
    path,
    capacityBytes: array.capacityBytes,
    get backlog() { return waiting.length },
    get timeouts() { return timeouts },
    submit(req: number, d: BlockDone): void {
      done[req] = d
      if (inFlight < array.queueDepth && inArray < array.queueDepth) issue(req)
      else waiting.push(req)
    }
  }
}
