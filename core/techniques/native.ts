// `native`: the driver domain drives the device itself with its native driver — the
// NP-NIC in tunnel mode (004's "dom0" dotted line: the same host-side message send and
// receive as a VIF) or a commodity NIC's first queue; no bridge, backend or guest between.
// Under a hypervisor that domain runs a paravirtualized kernel, whose network path pays a
// tax per packet over native Linux (pvKernelTaxCycles: page-table updates through the
// hypervisor, extra TLB and cache misses); on a host without a hypervisor it is 0.
import { ruleDevice } from './common/rule-assert'
import { tunnelOf, type Tunnel } from './common/tunnel'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'

class NativeEndpoint extends BaseEndpoint implements Endpoint {
  private readonly tunnel: Tunnel
  private readonly taxNs: number

  constructor(ctx: AttachContext) {
    super(ctx)
    ruleDevice('native', ctx, ctx.device.kind)
    this.tunnel = tunnelOf(ctx)
    this.taxNs = ctx.host.hvCost('pvKernelTaxCycles')
    this.tunnel.local.set(this.id, this.taxNs > 0 ? (pkt) => this.domain.run(0, this.taxNs, this.received, pkt) : this.received)
  }

  send(pkt: number): void {
    if (this.taxNs > 0) this.domain.run(0, this.taxNs, this.taxed, pkt)
    else this.tunnel.send(pkt, 0)
  }

  private readonly taxed = (pkt: number): void => {
    this.tunnel.send(pkt, 0)
  }

  private readonly received = (pkt: number): void => {
    this.onReceive(pkt)
  }
}

export const native: Technique = {
  id: 'native',
  attach: (ctx) => new NativeEndpoint(ctx)
}
