// `native`: the driver domain drives the device itself with its native driver — the
// NP-NIC in tunnel mode (004's "dom0" dotted line: the same host-side message send and
// receive as a VIF) or a commodity NIC's first queue; no bridge, backend or guest between.
import { nicOffload, rssVcpu } from './common/nic-driver'
import { ruleDevice } from './common/rule-assert'
import { tunnelOf, type Tunnel } from './common/tunnel'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'
import type { EndpointOffload } from '../models/net/endpoint'
import { num } from '../models/param-read'

class NativeEndpoint extends BaseEndpoint implements Endpoint {
  private readonly tunnel: Tunnel
  readonly offload: EndpointOffload | undefined
  private readonly queues: number

  constructor(ctx: AttachContext) {
    super(ctx)
    ruleDevice('native', ctx, ctx.device.kind)
    this.tunnel = tunnelOf(ctx)
    this.tunnel.local.set(this.id, (pkt) => this.onReceive(pkt))
    // a commodity NIC's offloads and receive-side scaling serve the driver domain's own stack
    const dev = ctx.device
    this.offload = dev.kind === 'nic' ? nicOffload(dev.params) : undefined
    this.queues = dev.kind === 'nic' ? Math.min(num(dev.params, 'queues'), dev.nic.queues.length) : 1
    if (dev.kind === 'nic') dev.nic.coalesceFor(this.id)
  }

  send(pkt: number, vcpu = 0): void {
    this.tunnel.send(pkt, vcpu)
  }

  vcpuOf(flow: number): number {
    return rssVcpu(flow, this.queues, this.domain)
  }
}

export const native: Technique = {
  id: 'native',
  attach: (ctx) => new NativeEndpoint(ctx)
}
