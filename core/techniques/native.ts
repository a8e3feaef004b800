// `native`: the driver domain drives the device itself with its native driver — the
// NP-NIC in tunnel mode (004's "dom0" dotted line: the same host-side message send and
// receive as a VIF) or a commodity NIC's first queue; no bridge, backend or guest between.
// Under a hypervisor that domain runs a paravirtualized kernel, whose network path pays a
// tax per packet over native Linux (pvKernelTaxCycles: page-table updates through the
// hypervisor, extra TLB and cache misses); on a host without a hypervisor it is 0. The tax is
// paid on the vCPU that handles the packet's flow (receive-side scaling spreads flows).
import { nicOffload, rssVcpu } from './common/nic-driver'
import { ruleDevice } from './common/rule-assert'
import { tunnelOf, type Tunnel } from './common/tunnel'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'
import type { EndpointOffload } from '../models/net/endpoint'
import type { PacketPool } from '../models/packet'
import { num } from '../models/param-read'
import { assertBlockRole, TargetBlockPort } from './common/block-attach'

class NativeEndpoint extends BaseEndpoint implements Endpoint {
  private readonly tunnel: Tunnel
  private readonly taxNs: number
  private readonly pool: PacketPool
  readonly offload: EndpointOffload | undefined
  private readonly queues: number
  /** Per vCPU: the send continuing after the tax was paid there. */
  private readonly taxed: ((pkt: number) => void)[]

  constructor(ctx: AttachContext) {
    super(ctx)
    ruleDevice('native', ctx, ctx.device.kind)
    this.tunnel = tunnelOf(ctx)
    this.pool = ctx.pool
    // a commodity NIC's offloads and receive-side scaling serve the driver domain's own stack
    const dev = ctx.device
    this.offload = dev.kind === 'nic' ? nicOffload(dev.params) : undefined
    this.queues = dev.kind === 'nic' ? Math.min(num(dev.params, 'queues'), dev.nic.queues.length) : 1
    if (dev.kind === 'nic') dev.nic.coalesceFor(this.id)
    this.taxNs = ctx.host.hvCost('pvKernelTaxCycles')
    this.taxed = this.domain.vcpus.map((_, v) => (pkt: number) => this.tunnel.send(pkt, v))
    this.tunnel.local.set(this.id, this.taxNs > 0
      ? (pkt) => this.domain.run(this.vcpuOf(this.pool.flow[pkt]), this.taxNs, this.received, pkt)
      : this.received)
  }

  send(pkt: number, vcpu = 0): void {
    if (this.taxNs > 0) this.domain.run(vcpu, this.taxNs, this.taxed[vcpu], pkt)
    else this.tunnel.send(pkt, vcpu)
  }

  vcpuOf(flow: number): number {
    return rssVcpu(flow, this.queues, this.domain)
  }

  private readonly received = (pkt: number): void => {
    this.onReceive(pkt)
  }
}

export const native: Technique = {
  id: 'native',
  attach: (ctx) => new NativeEndpoint(ctx),
  // The driver domain's (bare metal's) own disk: its requests go straight into its back end,
  // whose bottom is its native driver of the device (common/block-driver.ts), no front end between.
  attachBlock: (ctx) => {
    assertBlockRole('native', ctx)
    return new TargetBlockPort(ctx, [ctx.backend()])
  }
}
