// A domain's native driver for a commodity NIC: send = driver work and a doorbell (the NIC
// then DMAs the frame, or cuts a large TSO send into frames); receive = the queue's
// interrupt — on bare metal the kernel's own interrupt entry; under a hypervisor taken by
// it and forwarded to the driver domain as an event — whose handler schedules the NAPI poll
// (napi.ts, the same loop a device-assigned guest's driver runs: frames are already in host
// memory by DMA, no copy; GRO merges a flow's segments within a poll). With several
// queues (receive-side scaling) the driver serves every PF queue: each queue's MSI-X
// interrupt goes to its own CPU and its ring is drained on its own vCPU, so the flows the
// NIC hashes onto different queues are processed on different CPUs.
import type { Domain } from '../../models/host/domain'
import type { EndpointOffload } from '../../models/net/endpoint'
import { rssQueue, type NicModel, type NicQueue } from '../../models/nic/nic-model'
import type { NicParamKey } from '../../models/nic/params'
import { bool, num, type KindParams } from '../../models/param-read'
import type { AttachContext } from '../types'
import { EventChannel } from './event-channel'
import { NapiPoll } from './napi'

const noop = (): void => {}

/** The offloads a NIC with parameters `p` gives the stack of an endpoint that drives it with its own driver. */
export function nicOffload(p: KindParams<NicParamKey>): EndpointOffload {
  return { tsoBytes: bool(p, 'tsoEnabled') ? num(p, 'tsoMaxBytes') : 0, checksum: bool(p, 'checksumOffload') }
}

/** The vCPU of `domain` that processes flow `flow` on a NIC with `queues` RSS queues (queue i on vCPU i). */
export function rssVcpu(flow: number, queues: number, domain: Domain): number {
  return rssQueue(flow, queues) % domain.vcpus.length
}

export class NicDriver {
  readonly queue: NicQueue
  /** Queues this driver serves: 1, or every PF queue with receive-side scaling. */
  readonly rssQueues: number
  /** Set by the user: a received packet (merged by GRO or not) reaches the domain. */
  onPacket: (pkt: number) => void = () => {}
  private readonly ctx: AttachContext
  private readonly domain: Domain
  private readonly nic: NicModel
  private readonly txNs: number
  private readonly irqNs: number

  constructor(ctx: AttachContext, domain: Domain, nic: NicModel, queue: NicQueue) {
    const host = ctx.host
    this.ctx = ctx
    this.domain = domain
    this.nic = nic
    this.queue = queue
    this.txNs = host.cyc(Number(ctx.device.params.driverTxCycles))
    this.irqNs = host.cost('irqDeliveryCycles') + host.hvCost('eventSendCycles')
    const rxNs = host.cyc(Number(ctx.device.params.driverRxCycles))
    // Receive-side scaling: the PF driver (queue 0) serves every PF queue of the NIC.
    const n = queue.index === 0 ? Math.max(1, Math.min(Number(ctx.device.params.queues), nic.queues.length)) : 1
    this.rssQueues = n
    if (n > 1) nic.rssQueues = n
    const cpus = host.sched.cfg.cpus
    for (let i = 0; i < n; i++) {
      const q = n > 1 ? nic.queues[i] : queue
      const vcpu = i % domain.vcpus.length
      const cpu = (host.irqCpu + i) % cpus
      const napi = new NapiPoll(ctx, domain, vcpu, nic, q, rxNs)
      napi.onPacket = (pkt) => this.onPacket(pkt)
      // The interrupt preempts the domain: its entry (the event's upcall under a hypervisor) queues on the
      // vCPU, then the poll takes the ring at once (softirq ahead of the process copying data), as in a guest.
      const ch = new EventChannel(domain, vcpu, host.hvCost('virqUpcallCycles'), ctx.stats.counters, noop)
      const notify = (): void => {
        ch.notify()
        napi.kick()
      }
      const hv = host.sched.hv(cpu)
      q.onInterrupt = () => {
        ctx.stats.counters.irqsPhysical++
        if (host.virtualized) ctx.stats.counters.exit('external_interrupt') // bare metal has no hypervisor to exit to
        host.sched.submit(hv, this.irqNs, notify, 0, 0) // hypervisor work on the queue's CPU (queue 0: the interrupt CPU)
      }
    }
  }

  send(pkt: number, vcpu = 0): void {
    this.domain.run(vcpu, this.txNs, this.doorbell, pkt)
  }

  private readonly doorbell = (pkt: number): void => {
    this.ctx.stats.counters.pciWriteBytes += 4
    this.nic.transmit(pkt)
  }
}
