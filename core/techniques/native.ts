// `native`: the driver domain drives the device itself with its native driver — the
// NP-NIC in tunnel mode (004's "dom0" dotted line: the same host-side message send and
// receive as a VIF) or a commodity NIC's first queue; no bridge, backend or guest between.
import { ruleDevice } from './common/rule-assert'
import { tunnelOf, type Tunnel } from './common/tunnel'
import { BaseEndpoint, type AttachContext, type Endpoint, type Technique } from './types'

class NativeEndpoint extends BaseEndpoint implements Endpoint {
  private readonly tunnel: Tunnel

  constructor(ctx: AttachContext) {
    super(ctx)
    ruleDevice('native', ctx, ctx.device.kind)
    this.tunnel = tunnelOf(ctx)
    this.tunnel.local.set(this.id, (pkt) => this.onReceive(pkt))
  }

  send(pkt: number): void {
    this.tunnel.send(pkt, 0)
  }
}

export const native: Technique = {
  id: 'native',
  attach: (ctx) => new NativeEndpoint(ctx)
}
